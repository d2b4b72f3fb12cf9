"""The query layer: shipped competency queries, safety checks, engines, timeouts, rendering.

>>> from cica_kg.query import resolve, run_query, render
>>> result = run_query(resolve("cq02"), store_dir=Path("build/store"))  # doctest: +SKIP
>>> print(render(result, "table"))  # doctest: +SKIP

Nothing here imports rdflib, pyshacl or spaCy unless the rdflib engine is asked for, or, in
the query's worker process, an Oxigraph query spells SERVICE or FROM (rdflib's parser then
gives a second opinion, docs/decisions/0083). Each name below is imported from its module on
first use, so ``cica-kg query`` loads only the modules it runs (decision 0136); ``render``
is imported at once, since a lazy name would lose to the submodule of the same name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cica_kg.lazy import lazy_names
from cica_kg.query.render import FORMATS, render

if TYPE_CHECKING:
    from cica_kg.query.catalog import QueryFile, UnknownQueryError, parse_query, resolve, shipped
    from cica_kg.query.params import Param, ParameterError
    from cica_kg.query.results import QueryResult, Term
    from cica_kg.query.runner import DEFAULT_TIMEOUT, ENGINES, QueryTimeoutError, run_query
    from cica_kg.query.safety import QuerySyntaxError, UnsafeQueryError, check_safe

_HOMES = {
    "QueryFile": "catalog",
    "UnknownQueryError": "catalog",
    "parse_query": "catalog",
    "resolve": "catalog",
    "shipped": "catalog",
    "Param": "params",
    "ParameterError": "params",
    "QueryResult": "results",
    "Term": "results",
    "DEFAULT_TIMEOUT": "runner",
    "ENGINES": "runner",
    "QueryTimeoutError": "runner",
    "run_query": "runner",
    "QuerySyntaxError": "safety",
    "UnsafeQueryError": "safety",
    "check_safe": "safety",
}
"""Each public name → the module of this package that defines it."""

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


__getattr__, __dir__ = lazy_names(__name__, _HOMES, __all__)
