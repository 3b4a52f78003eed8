"""A file's bytes: their text (UTF-8 first, then the fallbacks, or a reason to skip) and digest."""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Callable

from newsdesk.store.errors import SkipFile

__all__ = ["MAX_FILE_BYTES", "decode_bytes", "file_sha256"]

#: Files larger than this are skipped with a reason (memory and time stay bounded).
MAX_FILE_BYTES = 8 * 1024 * 1024


def file_sha256(data: bytes) -> str:
    """The hex SHA-256 of a file's bytes: an article's ``sha256``, which tells a changed
    file from an unchanged one."""
    return hashlib.sha256(data).hexdigest()


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


#: Openings of common binary formats (images, archives, documents, media,
#: executables). Each holds bytes that no text file starts with.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"8BPS", "Photoshop image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or a document made of one: docx, odt, epub)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document (doc, xls)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"(\xb5/\xfd", "zstd archive"),
    (b"7z\xbc\xaf'\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"\xca\xfe\xba\xbe", "executable or Java class"),
    (b"\xcf\xfa\xed\xfe", "executable"),
    (b"\x00asm", "WebAssembly module"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"ID3", "MP3 audio"),
    (b"\x1aE\xdf\xa3", "Matroska video"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)
#: Signatures made of letters need more than their opening to tell them from text.
_NEEDS_MORE: dict[bytes, Callable[[bytes], bool]] = {
    b"BZh": lambda d: d[3:4].isdigit() and d[4:10] == b"1AY&SY",
    b"MZ": lambda d: len(d) >= 64 and b"\x00" in d[2:64],
    b"ID3": lambda d: d[3:4] in (b"\x02", b"\x03", b"\x04") and d[4:5] == b"\x00",
    b"8BPS": lambda d: d[4:6] == b"\x00\x01",
    b"OggS": lambda d: d[4:5] == b"\x00",
    b"fLaC": lambda d: d[4:5] in (b"\x00", b"\x80"),
    b"wOFF": lambda d: b"\x00" in d[4:12],
    b"wOF2": lambda d: b"\x00" in d[4:12],
}


def _binary_format(data: bytes) -> str | None:
    """The name of the binary format ``data`` starts with, if it is a known one."""
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            more = _NEEDS_MORE.get(signature)
            if more is None or more(data):
                return name
    if data[4:8] == b"ftyp":
        return "MP4 or QuickTime media"
    if data.startswith(b"RIFF") and data[8:12] in (b"WAVE", b"AVI ", b"WEBP"):
        return "RIFF media (WAV, AVI or WebP)"
    if data[257:262] == b"ustar":
        return "tar archive"
    return None


#: Characters that text hardly ever holds: C0 and C1 controls (not tab, newlines,
#: form feed) and U+FFFD, which stands for bytes that did not decode.
_JUNK = frozenset(
    [chr(c) for c in range(32) if not 9 <= c <= 13] + [chr(c) for c in range(0x7F, 0xA0)]
) | {"\ufffd"}
#: Share of junk among the non-blank characters above which decoded "text" is
#: taken for binary data (random bytes decode to about a quarter of junk).
_JUNK_SHARE = 0.15


def _mostly_junk(text: str) -> bool:
    sample = "".join(text[:65536].split())
    if not sample:
        return False
    if sample.isprintable() and "\ufffd" not in sample:
        return False  # no control character (white space is gone): no junk, found at C speed
    junk = sum(1 for ch in sample if ch in _JUNK)
    return junk > _JUNK_SHARE * len(sample)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    Raises :class:`SkipFile` for empty, blank, binary (a known binary format,
    or text mostly made of control or undecodable characters) and oversized input.
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
        binary = _binary_format(data)
        if binary is not None:
            raise SkipFile(f"binary file ({binary}), not text")
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            text, encoding = utf16, "utf-16"
        elif _looks_binary(data):
            raise SkipFile("binary file, not text")
        else:
            text, encoding = _decode_8bit(data)
    if not text.strip("\ufeff \t\r\n\x0b\x0c\x00"):
        raise SkipFile("blank file: only white space")
    if _mostly_junk(text):
        raise SkipFile("binary file, not text (mostly control or undecodable characters)")
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
