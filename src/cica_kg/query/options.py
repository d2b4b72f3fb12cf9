"""How an engine runs one query: :class:`EngineOptions`, shared by the three engines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cica_kg.query.results import Term


@dataclass(frozen=True)
class EngineOptions:
    """The options of :func:`cica_kg.query.engines.run_oxigraph`, ``run_rdflib`` and
    ``run_endpoint``; each engine ignores what does not concern it.

    >>> EngineOptions(form="SELECT", limit=10).lookup().limit is None
    True
    """

    form: str  # "SELECT", "ASK", "CONSTRUCT" or "DESCRIBE" (from the safety check)
    bindings: Mapping[str, Term] = field(default_factory=dict)  # parameters, as RDF terms
    limit: int | None = None  # row cap; more rows mark the result ``truncated``
    where: str = "query"  # the source named in error messages
    with_labels: bool = False  # also fetch display labels of the IRIs in the result
    entity_param: str | None = None  # the ``entity`` parameter, resolved to ?entity first
    timeout: float | None = None  # endpoint only: HTTP connect and read timeout (seconds)
    services: frozenset[str] = frozenset()  # rdflib only: endpoints a SERVICE may call
    max_bytes: int = 64 << 20  # endpoint only: the largest answer read (bytes)

    def lookup(self) -> EngineOptions:
        """The options of the entity look-up run before the query (same engine, same
        timeout; nothing else carried over)."""
        where = f"{self.where} (entity look-up)"
        return EngineOptions(form="SELECT", where=where, timeout=self.timeout)
