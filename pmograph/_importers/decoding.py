"""Decoding spreadsheet exports: UTF-8 (a byte-order mark allowed), else windows-1252.

These are the two encodings UK organograms are published in.  The whole file is checked in
blocks before any row is read, so a file that decodes with neither is refused with the first
bad byte of each encoding tried, and nothing is imported from it.
"""

from __future__ import annotations

import codecs
import io
from typing import IO

from pmograph._errors import ImportDataError

#: Encodings tried, in order, when a spreadsheet is read.
ENCODINGS = ("utf-8-sig", "windows-1252")
#: Bytes read at a time while the encoding is checked.
_BLOCK = 1 << 20


def check_encoding(handle: IO[bytes], *, source: str) -> str:
    """The encoding ``handle``'s bytes decode with: UTF-8, else windows-1252.

    The whole file is decoded in blocks, none kept; an error names the first bad byte of each
    encoding tried (its offset in the file).
    """
    tried = ", ".join(e.removesuffix("-sig") for e in ENCODINGS)
    head = handle.read(4096)
    if b"\x00" in head:  # UTF-8 and windows-1252 would both "succeed" on UTF-16
        raise ImportDataError(f"{source}: the file contains NUL bytes (at offset "
                              f"{head.index(0)}), so it is probably UTF-16 or not text at all; "
                              f"encodings tried: {tried}; re-save it as UTF-8 CSV")
    problems = []
    for encoding in ENCODINGS:
        handle.seek(0)
        problem = _first_bad_byte(handle, encoding)
        if problem is None:
            return encoding.removesuffix("-sig")
        problems.append(f"{encoding.removesuffix('-sig')}: {problem}")
    raise ImportDataError(f"{source}: cannot decode the file with any of the encodings tried "
                          f"({tried}): {'; '.join(problems)}; re-save it as UTF-8")


def _first_bad_byte(handle: IO[bytes], encoding: str) -> str | None:
    """``byte 0xNN at offset K`` where ``handle`` stops decoding as ``encoding``, else None."""
    decoder = codecs.getincrementaldecoder(encoding.removesuffix("-sig"))()
    offset = 0  # of the first byte of the block in the file
    while True:
        block = handle.read(_BLOCK)
        if offset == 0 and encoding == "utf-8-sig" and block.startswith(codecs.BOM_UTF8):
            block, offset = block[len(codecs.BOM_UTF8):], len(codecs.BOM_UTF8)
        pending = len(decoder.getstate()[0])  # bytes of a character cut by the last block
        try:
            decoder.decode(block, final=not block)
        except UnicodeDecodeError as err:
            return f"byte 0x{err.object[err.start]:02x} at offset {offset - pending + err.start}"
        if not block:
            return None
        offset += len(block)


def decode(data: bytes, *, source: str) -> tuple[str, str]:
    """Decode ``data`` as UTF-8, else windows-1252; return the text and the encoding used.

    Examples
    --------
    >>> decode("Pay (£)".encode("cp1252"), source="x.csv")
    ('Pay (£)', 'windows-1252')
    >>> decode(b"\\xff\\x81", source="x.csv")
    Traceback (most recent call last):
    ...
    pmograph._errors.ImportDataError: x.csv: cannot decode ... tried (utf-8, windows-1252): ...
    """
    encoding = check_encoding(io.BytesIO(data), source=source)
    return data.decode(text_encoding(encoding)), encoding


def text_encoding(encoding: str) -> str:
    """The codec that reads a file of ``encoding`` (UTF-8 may start with a byte-order mark)."""
    return "utf-8-sig" if encoding == "utf-8" else encoding
