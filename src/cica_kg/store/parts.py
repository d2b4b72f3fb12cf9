"""Bulk-load a streamed ``cica.trig`` in parts, so the loader's memory does not grow with it.

Oxigraph's bulk loader holds about 250 bytes a quad for the whole of one call (1.8 GB for
the 5.8·10⁶ quads of 10³ synthetic articles, 0.5 GB for 10²). A streamed build's TriG
(decision 0139) ends with the reified facts as N-Triples lines in one block, after the line
:data:`~cica_kg.build.stream.EVIDENCE_MARK`: the part before it is loaded as TriG, the block
:data:`PART_LINES` lines a call (1.3 GB at the peak, whatever the corpus; decision 0141).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

from cica_kg.build.stream import EVIDENCE_MARK
from cica_kg.errors import InputError

PART_LINES = 1_000_000
"""N-Triples lines per bulk-load call."""
_BLOCK = re.compile(rb"<([^>]+)> \{\n")


def load_in_parts(store: Any, path: Path) -> bool:
    """Load the streamed TriG file ``path`` into ``store`` in parts; False (nothing loaded)
    if ``path`` is not one (no :data:`EVIDENCE_MARK` line).

    Raises:
        InputError: the file is not valid TriG or N-Triples where it should be.
    """
    offset = mark_offset(path)
    if offset is None:
        return False
    import pyoxigraph as ox

    with path.open("rb") as data:
        _load(store, data.read(offset), ox.RdfFormat.TRIG, path, to_graph=None)
        data.readline()  # the mark
        block = _BLOCK.fullmatch(data.readline())
        if block is None:
            raise InputError(f"{path}: no graph block after the evidence mark; rebuild it")
        graph = ox.NamedNode(block.group(1).decode("utf-8"))
        while part := list(itertools.islice(data, PART_LINES)):
            closed = part[-1] == b"}\n"
            _load(store, b"".join(part[:-1] if closed else part), ox.RdfFormat.N_TRIPLES,
                  path, to_graph=graph)  # fmt: skip
            if closed:
                break
        _load(store, data.read(), ox.RdfFormat.TRIG, path, to_graph=None)
    return True


def mark_offset(path: Path) -> int | None:
    """The byte offset of the line :data:`EVIDENCE_MARK` in ``path``, if there is one."""
    mark = EVIDENCE_MARK.encode("utf-8")
    offset = 0
    with path.open("rb") as data:
        for line in data:
            if line == mark:
                return offset
            offset += len(line)
    return None


def _load(store: Any, data: bytes, fmt: Any, path: Path, *, to_graph: Any) -> None:
    if not data.strip():
        return
    try:
        store.bulk_load(data, fmt, to_graph=to_graph)
    except SyntaxError as exc:
        raise InputError(f"{path}: not valid {fmt} ({str(exc).splitlines()[0]})") from exc
