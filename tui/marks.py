"""The symbols and colours that mark things on screen, shared by every pane.

Every mark has a symbol as well as a colour, so it reads without colour too
(NO_COLOR, monochrome terminals).
"""

from __future__ import annotations

__all__ = ["FACT_MARKS"]

#: fact kind → (symbol shown before the evidence, colour).
FACT_MARKS: dict[str, tuple[str, str]] = {
    "ranking": ("#", "magenta"),
    "money": ("$", "green"),
    "percent": ("%", "cyan"),
    "count": ("+", "blue"),
    "date": ("@", "yellow"),
    "person": ("•", "bright_blue"),
    "organization": ("&", "bright_magenta"),
    "quote": ("❝", "bright_green"),
}
