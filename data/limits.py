"""How large an extract may be, checked before it is parsed, so a hostile file is refused in seconds and bounded memory.

The largest real extract is a national police.uk archive of a few hundred MB; a force's HR, casework or survey file
is a few MB. A gzip or XLSX that inflates far beyond that, or a hundred times more than text compresses, is a bomb;
a header of thousands of columns or a field of thousands of characters is not an extract. Each cap is refused with
the file named and the figure found, never parsed first.
"""
from __future__ import annotations

import gzip
import io
import zipfile

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from data import problems as P

MAX_BYTES = 1 << 30  # 1 GiB of text once decompressed
MAX_RATIO = 100  # CSV text compresses 5 to 20 times; a bomb thousands of times
MAX_COLUMNS = 1_000  # the widest real extract, a staff survey, has a few hundred items
MAX_FIELD = 1_000  # characters in one cell: the longest real label (a power used) is under 100
_CHUNK = 1 << 20


def gunzip(content: bytes, name: str) -> bytes:
    """The gzip stream's text, read a megabyte at a time and refused as soon as it passes a cap."""
    limit = _limit(len(content))
    out, size = [], 0
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(content)) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise P.ExtractError([_too_big(name, len(content), size)])
                out.append(chunk)
    except (OSError, EOFError) as exc:
        raise P.ExtractError([P.Problem(name, None, None, None, P.UNREADABLE.format(detail=exc))]) from exc
    return b"".join(out)


def check_zip(content: bytes, name: str) -> None:
    """An XLSX is a zip: refuse it before opening when its parts would inflate past a cap. The sizes are the ones its
    directory declares, which Python's zip reader then enforces (a part longer than declared fails its check)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            size = sum(info.file_size for info in book.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise P.ExtractError([P.Problem(name, None, None, None, P.UNREADABLE.format(detail=exc))]) from exc
    if size > _limit(len(content)):
        raise P.ExtractError([_too_big(name, len(content), size)])


def check_width(header: list[str], name: str) -> None:
    if len(header) > MAX_COLUMNS:
        raise P.ExtractError([P.Problem(name, 1, None, None, P.TOO_MANY_COLUMNS.format(
            found=len(header), limit=MAX_COLUMNS))])


def check_fields(table: pa.Table, rows: np.ndarray, name: str) -> None:
    """Refuse the file if any cell is longer than the cap, naming the first such cells (row, column, their start)."""
    found = []
    for column_name, column in zip(table.column_names, table.columns):
        lengths = pc.utf8_length(column)
        if len(column) == 0 or pc.max(lengths).as_py() <= MAX_FIELD:
            continue
        for at in np.flatnonzero(lengths.to_numpy(zero_copy_only=False) > MAX_FIELD)[:5]:
            value = column[int(at)].as_py()
            found.append(P.Problem(name, int(rows[at]), column_name, shown(value),
                                   P.FIELD_TOO_LONG.format(found=len(value), limit=MAX_FIELD)))
    if found:
        raise P.ExtractError(found)


def shown(value: str, width: int = 40) -> str:
    """A long value as a report shows it: its start and its length, never a megabyte of it."""
    return value if len(value) <= width else f"{value[:width]}... ({len(value):,} characters)"


def _limit(compressed: int) -> int:
    return min(MAX_BYTES, max(MAX_RATIO * compressed, 16 * _CHUNK))


def _too_big(name: str, compressed: int, size: int) -> P.Problem:
    return P.Problem(name, None, None, None, P.TOO_BIG.format(
        compressed=compressed, size=size, limit=_limit(compressed), ratio=MAX_RATIO, most=MAX_BYTES))
