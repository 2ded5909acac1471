"""Which encoding a CSV's bytes are in, before a parser sees them: a BOM says so; text in UTF-16 or UTF-32 without a
BOM (half its bytes NUL) is told by charset-normalizer; bytes that are not text at all are refused.

UTF-8 itself is not checked here (the parser checks it anyway, and a file that fails falls back to Windows-1252 in
`data.reading`), so the common case costs a scan of one sample.
"""
from __future__ import annotations

import charset_normalizer
import numpy as np

from data import problems as P

UTF8_BOM = b"\xef\xbb\xbf"
UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SAMPLE = 1 << 16
_WIDE = 0.1  # share of NUL bytes above which text is in a two- or four-byte encoding
_CONTROL = 0.01  # share of control bytes (not tab, CR, LF) above which bytes are not text


def as_utf8(raw: bytes, name: str) -> tuple[bytes, str]:
    """The bytes as UTF-8 (still to be checked by the parser) and the encoding they came in."""
    if raw.startswith(UTF8_BOM):
        return raw[len(UTF8_BOM):], "utf-8-sig"
    for boms, encoding in ((UTF32_BOMS, "utf-32"), (UTF16_BOMS, "utf-16")):
        if raw.startswith(boms):
            return _decoded(raw, encoding, name), encoding
    sample = np.frombuffer(raw[:SAMPLE], dtype=np.uint8)
    if np.count_nonzero(sample == 0) > _WIDE * len(sample):
        match = charset_normalizer.from_bytes(raw[:SAMPLE]).best()
        if match is None or not match.encoding.startswith(("utf_16", "utf_32")):
            raise P.ExtractError([P.Problem(name, None, None, None, P.NOT_TEXT)])
        return _decoded(raw, match.encoding, name), match.encoding
    control = (sample < 0x20) & ~np.isin(sample, (0x09, 0x0A, 0x0D))
    if np.count_nonzero(control) > _CONTROL * len(sample):
        raise P.ExtractError([P.Problem(name, None, None, None, P.NOT_TEXT)])
    return raw, "utf-8"


def _decoded(raw: bytes, encoding: str, name: str) -> bytes:
    try:
        return raw.decode(encoding).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise P.ExtractError([P.Problem(name, None, None, None, P.NOT_TEXT)]) from exc
