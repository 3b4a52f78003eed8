"""Benchmarks: `python -m bench.run` for the whole suite.

They measure the newsdesk users install: run from the checkout (``python -m bench.…``
puts it first on ``sys.path``), they would otherwise import its sources, pure Python,
instead of an installed build whose fact extraction is compiled (``pip install .``).
So when newsdesk is installed, not editable, the checkout moves after the installed
packages (``installed_first``); an editable install or none keeps the checkout's sources.
"""

from __future__ import annotations

import json
import os
import sys
from importlib import metadata
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def installed_build() -> bool:
    """True when a regular (not editable) install of newsdesk is in this environment."""
    try:
        dist = metadata.distribution("newsdesk")
    except metadata.PackageNotFoundError:
        return False
    direct = dist.read_text("direct_url.json")
    if direct:
        try:
            if json.loads(direct).get("dir_info", {}).get("editable"):
                return False
        except ValueError:
            pass
    return True


def installed_first() -> None:
    """Move the checkout after the installed packages on ``sys.path`` when newsdesk is
    installed (regular install) and not imported yet."""
    if "newsdesk" in sys.modules or not installed_build():
        return
    root = str(_ROOT)
    here = [p for p in sys.path if os.path.abspath(p or ".") == root]
    if here:
        sys.path[:] = [p for p in sys.path if p not in here] + here


def child_prelude() -> str:
    """Code to run first in a benchmark's child process started from the checkout with
    the checkout on ``PYTHONPATH``: when newsdesk is installed (regular install), it puts
    the checkout after the installed packages, as :func:`installed_first` does here."""
    if not installed_build():
        return ""
    root = str(_ROOT)
    kept = f"[p for p in sys.path if p not in ('', {root!r})]"
    return f"import sys; sys.path[:] = {kept} + [{root!r}]\n"


installed_first()
