"""The query layer: shipped competency queries, safety checks, engines, timeouts, rendering.

>>> from cica_kg.query import resolve, run_query, render
>>> result = run_query(resolve("cq02"), store_dir=Path("build/store"))  # doctest: +SKIP
>>> print(render(result, "table"))  # doctest: +SKIP

Nothing here imports rdflib, pyshacl or spaCy unless the rdflib engine is asked for, or, in
the query's worker process, an Oxigraph query spells SERVICE or FROM (rdflib's parser then
gives a second opinion, docs/decisions/0083).
"""

from __future__ import annotations

from cica_kg.query.catalog import QueryFile, UnknownQueryError, parse_query, resolve, shipped
from cica_kg.query.params import Param, ParameterError
from cica_kg.query.render import FORMATS, render
from cica_kg.query.results import QueryResult, Term
from cica_kg.query.runner import DEFAULT_TIMEOUT, ENGINES, QueryTimeoutError, run_query
from cica_kg.query.safety import QuerySyntaxError, UnsafeQueryError, check_safe

__all__ = [
    "DEFAULT_TIMEOUT",
    "ENGINES",
    "FORMATS",
    "Param",
    "ParameterError",
    "QueryFile",
    "QueryResult",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "Term",
    "UnknownQueryError",
    "UnsafeQueryError",
    "check_safe",
    "parse_query",
    "render",
    "resolve",
    "run_query",
    "shipped",
]
