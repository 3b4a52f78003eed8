"""numpy views of the gathered cuts' ``array.array`` columns, and concatenated ranges:
what the local index build and the server's passage writer both work with."""

from __future__ import annotations

from array import array
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["I32", "I64", "ranges", "view"]

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]

_DTYPES: dict[str, type[np.generic]] = {"b": np.int8, "i": np.int32, "q": np.int64}


def view(values: array[int]) -> npt.NDArray[Any]:
    """The numpy view of ``values`` (no copy; the array must not grow while it is used)."""
    source = _DTYPES[values.typecode]
    if not len(values):
        return np.zeros(0, source)
    return np.frombuffer(values, dtype=source)


def ranges(starts: I64, lengths: I64) -> I64:
    """The indexes ``start .. start + length`` of every range, concatenated."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, np.int64)
    firsts = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=firsts[1:])
    positions = np.repeat(starts - firsts, lengths)
    positions += np.arange(total, dtype=np.int64)
    return positions
