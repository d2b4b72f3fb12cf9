"""Ingest: text files in, :class:`~cica_kg.model.Document` records out.

:mod:`~cica_kg.ingest.files` reads and checks the files (at most 1 MiB each),
:mod:`~cica_kg.ingest.sidecar` their ``.meta.json`` sidecars,
:mod:`~cica_kg.ingest.furniture` recognises page furniture (menus, bylines, footers),
:mod:`~cica_kg.ingest.segment` splits passages into sentences with their offsets.
"""

from __future__ import annotations

from cica_kg.ingest.files import collect_sources, decode, ingest, load_documents
from cica_kg.ingest.sidecar import SIDECAR_SUFFIX

__all__ = ["SIDECAR_SUFFIX", "collect_sources", "decode", "ingest", "load_documents"]
