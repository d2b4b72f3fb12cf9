"""Extraction: documents in, statements (each with its evidence) out.

The face of the ``extract`` stage. :mod:`~cica_kg.extract.extractor` runs the relation
families of :mod:`cica_kg.extract.relations` (one module per family) over the parse of
:mod:`~cica_kg.extract.nlp`, with the lexicon of :mod:`~cica_kg.extract.lexicon`.

>>> from cica_kg.ingest import load_documents              # doctest: +SKIP
>>> statements = extract(load_documents([Path("corpus")]))  # doctest: +SKIP
"""

from __future__ import annotations

from cica_kg.extract.extractor import RELATIONS, extract, extract_document

__all__ = ["RELATIONS", "extract", "extract_document"]
