"""Filling an option list a slice at a time, so that keys are answered between slices.

An :class:`~textual.widgets.OptionList` measures every option as it is added:
ten thousand at once held the interface for seconds on a large archive, and
even two hundred search hits cost a tenth of a second before the first showed.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import TypeVar, cast

from rich.console import RenderableType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

__all__ = ["fill_in_slices"]

T = TypeVar("T")

#: option list → the fill now running in it (a newer fill stops an older one)
_RUNNING: weakref.WeakKeyDictionary[OptionList, object] = weakref.WeakKeyDictionary()


def fill_in_slices(
    option_list: OptionList,
    items: Sequence[T],
    prompt: Callable[[T], RenderableType] | None = None,
    *,
    first: int = 250,
    size: int = 250,
    highlight: bool = True,
) -> None:
    """Replace the options of ``option_list`` with a ``prompt`` for each of ``items``
    (the items themselves when there is no ``prompt``: built elsewhere, a worker).

    ``first`` options are added (and the first highlighted) at once; the rest
    ``size`` at a time, each slice after the app has handled what was waiting.
    The first option is highlighted unless ``highlight`` is false.
    """
    option_list.clear_options()
    fill = object()
    _RUNNING[option_list] = fill

    def add(start: int, count: int) -> None:
        if _RUNNING.get(option_list) is not fill:
            return
        chunk = items[start : start + count]
        option_list.add_options(
            Option(prompt(i) if prompt else cast(RenderableType, i)) for i in chunk
        )
        if start == 0 and items and highlight:
            option_list.highlighted = 0
        if start + count < len(items):
            option_list.call_later(add, start + count, size)

    add(0, first)
