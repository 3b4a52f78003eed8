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


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of BOM-less UTF-16 (ASCII-heavy text has NUL in every other byte)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    half = len(sample) // 2
    encoding = "utf-16-le" if odd > 0.4 * half and even < 0.05 * half else None
    if encoding is None and even > 0.4 * half and odd < 0.05 * half:
        encoding = "utf-16-be"
    if encoding is None:
        return None
    try:
        return data[: len(data) // 2 * 2].decode(encoding)
    except UnicodeDecodeError:
        return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes: the text with those bytes shown as U+FFFD.

    Decoding such a file as cp1252 would garble every accented letter to fix a
    few bad bytes, so when valid multi-byte sequences outnumber the bad bytes
    the file is taken as UTF-8.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ch > "\x7f" and ch != "\ufffd")
    return text if good > 2 * bad else None


# Bytes that never occur in text: C0 controls other than tab, newlines, form feed, CR.
_CONTROL_BYTES = bytes(b for b in range(32) if not 9 <= b <= 13)


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if not sample:
        return False
    nul = sample.count(0)
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
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
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            text, encoding = utf16, "utf-16"
        elif _looks_binary(data):
            raise SkipFile("binary file, not text")
        else:
            text, encoding = _decode_8bit(data)
    if not text.strip("\ufeff \t\r\n\x0b\x0c\x00"):
        raise SkipFile("blank file: only white space")
    return text.lstrip("\ufeff"), encoding


def _decode_8bit(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly, "utf-8 (invalid bytes replaced)"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"
