"""Plain-text tables for a terminal: columns padded by display width (a Han character is two)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def display_width(text: str) -> int:
    """The number of terminal cells ``text`` takes: wide and full-width characters take two.

    >>> display_width("CICA"), display_width("亚信会议")
    (4, 8)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` cells, on the right (or the left: ``right``)."""
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def table_lines(
    rows: Sequence[Sequence[str]],
    *,
    header: Sequence[str] | None = None,
    right: Sequence[int] = (),
    min_widths: Sequence[int] = (),
    sep: str = "  ",
) -> list[str]:
    """The lines of a table, trailing spaces stripped: the ``header`` (if any) and a rule of
    dashes, then ``rows``. Columns listed in ``right`` are right-aligned; a column is at
    least as wide as its ``min_widths`` entry.

    >>> table_lines([("Almaty", "1"), ("亚信", "22")], header=("city", "n"), right=(1,))
    ['city     n', '------  --', 'Almaty   1', '亚信    22']
    """
    every = [*([header] if header is not None else []), *rows]
    if not every:
        return []
    columns = len(every[0])
    widths = [
        max([*(display_width(row[i]) for row in every), *min_widths[i : i + 1]])
        for i in range(columns)
    ]
    lines = [_line(header, widths, right, sep)] if header is not None else []
    if header is not None:
        lines.append(sep.join("-" * width for width in widths))
    lines += [_line(row, widths, right, sep) for row in rows]
    return lines


def _line(cells: Sequence[str], widths: Sequence[int], right: Sequence[int], sep: str) -> str:
    return sep.join(
        pad(cell, width, right=i in right)
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
    ).rstrip()
