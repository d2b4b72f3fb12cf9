"""Engine-neutral query results: RDF terms and result sets every engine converts to.

Oxigraph, rdflib and an HTTP endpoint each return their own term objects; converting them
all to :class:`Term` makes results comparable across engines, picklable (they cross the
worker-process boundary) and renderable by one module (:mod:`cica_kg.query.render`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term: ``kind`` is ``"uri"``, ``"bnode"`` or ``"literal"`` (SPARQL JSON names).

    A plain literal has neither ``datatype`` nor ``lang`` (``xsd:string`` is normalised away);
    language tags are lower-cased, so terms from different engines compare equal.
    """

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def literal(cls, value: str, *, datatype: str | None = None, lang: str | None = None) -> Term:
        """A literal, normalised (``xsd:string`` dropped, language tag lower-cased)."""
        if lang:
            return cls("literal", value, None, lang.lower())
        if datatype in (XSD_STRING, RDF_LANGSTRING):
            datatype = None
        return cls("literal", value, datatype, None)

    def n3(self) -> str:
        """The term in N-Triples / SPARQL syntax, escaped (safe to place in query text)."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = '"' + _escape(self.value) + '"'
        if self.lang:
            return f"{text}@{self.lang}"
        if self.datatype:
            return f"{text}^^<{self.datatype}>"
        return text


def _escape(value: str) -> str:
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    return out.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


Row = tuple[Term | None, ...]
Triple = tuple[Term, Term, Term]


@dataclass
class QueryResult:
    """The answer of one query: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE).

    ``truncated`` is true when the row cap cut the answer short; ``labels`` maps IRIs that
    occur in the answer to their labels by language (``{"en": ..., "zh": ...}``) when asked for.
    """

    form: str
    variables: tuple[str, ...] = ()
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)
    truncated: bool = False
    limit: int | None = None
    seconds: float = 0.0
    engine: str = ""
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def iris(self) -> set[str]:
        """Every IRI in the answer (for label look-up)."""
        terms: list[Term | None] = [t for row in self.rows for t in row]
        terms += [t for triple in self.triples for t in triple]
        return {t.value for t in terms if t is not None and t.kind == "uri"}

    def records(self) -> list[dict[str, str]]:
        """Rows as ``{variable: lexical value}`` dicts (unbound variables left out)."""
        return [
            {v: t.value for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]


# --- conversion from each engine's terms -------------------------------------------------


def from_oxigraph(term: Any) -> Term | None:
    """Convert a pyoxigraph term (NamedNode, BlankNode, Literal) or None."""
    if term is None:
        return None
    name = type(term).__name__
    if name == "NamedNode":
        return Term("uri", term.value)
    if name == "BlankNode":
        return Term("bnode", term.value)
    if name == "Literal":
        return Term.literal(term.value, datatype=term.datatype.value, lang=term.language)
    raise TypeError(f"unsupported RDF term from oxigraph: {term!r}")


def to_oxigraph(term: Term) -> Any:
    """Convert a :class:`Term` to a pyoxigraph term."""
    import pyoxigraph as ox

    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    if term.datatype:
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term.value)


def from_rdflib(term: Any) -> Term | None:
    """Convert an rdflib term (URIRef, BNode, Literal) or None."""
    if term is None:
        return None
    name = type(term).__name__
    if name == "URIRef":
        return Term("uri", str(term))
    if name == "BNode":
        return Term("bnode", str(term))
    if name == "Literal":
        datatype = str(term.datatype) if term.datatype is not None else None
        return Term.literal(str(term), datatype=datatype, lang=term.language)
    raise TypeError(f"unsupported RDF term from rdflib: {term!r}")


def to_rdflib(term: Term) -> Any:
    """Convert a :class:`Term` to an rdflib term."""
    from rdflib import BNode, Literal, URIRef

    if term.kind == "uri":
        return URIRef(term.value)
    if term.kind == "bnode":
        return BNode(term.value)
    if term.lang:
        return Literal(term.value, lang=term.lang)
    if term.datatype:
        return Literal(term.value, datatype=URIRef(term.datatype))
    return Literal(term.value)


def from_sparql_json(cell: dict[str, str] | None) -> Term | None:
    """Convert one binding of the SPARQL 1.1 JSON results format."""
    if cell is None:
        return None
    kind = cell.get("type")
    if kind == "uri":
        return Term("uri", cell["value"])
    if kind == "bnode":
        return Term("bnode", cell["value"])
    if kind in ("literal", "typed-literal"):
        return Term.literal(cell["value"], datatype=cell.get("datatype"), lang=cell.get("xml:lang"))
    raise ValueError(f"unknown term type {kind!r} in SPARQL JSON results")


def cap(items: Iterator[Any], limit: int | None) -> tuple[list[Any], bool]:
    """At most ``limit`` items (all for None), and whether some were left out."""
    taken: list[Any] = []
    for item in items:
        if limit is not None and len(taken) >= limit:
            return taken, True
        taken.append(item)
    return taken, False
