"""Turn a file's bytes into text: UTF-8 first, then the fallbacks, or a reason to skip."""

from __future__ import annotations

import codecs

from store.errors import SkipFile

__all__ = ["MAX_FILE_BYTES", "decode_bytes"]

#: Files larger than this are skipped with a reason (memory and time stay bounded).
MAX_FILE_BYTES = 8 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if not sample:
        return False
    nul = sample.count(0)
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return nul / len(sample) > 0.01 or controls / len(sample) > 0.1


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    Raises :class:`SkipFile` for empty, blank, binary and oversized input.
    Non-UTF-8 text falls back to cp1252, then Latin-1 (which never fails).
    """
    if len(data) > MAX_FILE_BYTES:
        raise SkipFile(
            f"file is {len(data) / 1_048_576:.1f} MB, over the "
            f"{MAX_FILE_BYTES // 1_048_576} MB limit for one article"
        )
    if not data:
        raise SkipFile("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise SkipFile(f"invalid {encoding} text: {exc.reason}") from None
            break
    else:
        if _looks_binary(data):
            raise SkipFile("binary file, not text")
        for encoding in ("utf-8", "cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if not text.strip():
        raise SkipFile("blank file: only white space")
    return text.lstrip("\ufeff"), encoding
