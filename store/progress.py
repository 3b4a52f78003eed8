"""How a long store operation (an ingest) tells its caller what it is doing.

The callback gets ``(done, total, step)``: ``step`` names the work under way
in a few words ("reading files", "pairing translations"); ``done`` of
``total`` counts its files, and ``total`` is 0 for a step that is not
counted. Steps come in the order the work runs; an ingest that finds nothing
new or changed stops after reading its files.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["ProgressCallback", "report_step"]

ProgressCallback = Callable[[int, int, str], None]


def report_step(progress: ProgressCallback | None, step: str) -> None:
    """Tell ``progress`` (if any) that the uncounted step ``step`` begins."""
    if progress is not None:
        progress(0, 0, step)
