"""A reified fact's evidence triples as N-Triples lines, made from strings (decision 0139).

:func:`reification_lines` gives the lines of :func:`cica_kg.build.dataset.reification_triples`
(the same terms, in the same order) without making an rdflib term per node: the streamed
build writes tens of millions of them, twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from cica_kg import iris
from cica_kg.build.dataset import (
    Triple,
    _annotation_names,
    _nt_term,
    ntriples_line,
)
from cica_kg.model import Evidence
from cica_kg.namespace import CICA, OA

_P = {name: f"<{term}>" for name, term in {
    "type": RDF.type, "subject": RDF.subject, "predicate": RDF.predicate, "object": RDF.object,
    "derived": PROV.wasDerivedFrom, "evidence": CICA.evidence, "motivated": OA.motivatedBy,
    "body": OA.hasBody, "target": OA.hasTarget, "language": DCTERMS.language,
    "attributed": PROV.wasAttributedTo, "confidence": CICA.confidence, "source": OA.hasSource,
    "selector": OA.hasSelector, "exact": OA.exact, "start": OA.start, "end": OA.end,
}.items()}  # fmt: skip
_C = {name: f"<{term}>" for name, term in {
    "Statement": RDF.Statement, "Annotation": OA.Annotation, "describing": OA.describing,
    "SpecificResource": OA.SpecificResource, "TextQuoteSelector": OA.TextQuoteSelector,
    "TextPositionSelector": OA.TextPositionSelector,
}.items()}  # fmt: skip
_INTEGER = f"^^<{XSD.integer}>"


def reification_lines(triple: Triple, evidence: Iterable[Evidence]) -> list[str]:
    """The N-Triples lines (each with its newline) of ``triple``'s reification."""
    fact, head, evidence = _fact_head(triple, evidence)
    out = [f"{fact} {_P['type']} {_C['Statement']} .\n", *head]
    for local, ev in _annotation_names(evidence):
        out += _annotation_lines(fact, f"{fact[:-1]}/{local}", ev)
    return out


def _annotation_lines(fact: str, base: str, ev: Evidence) -> list[str]:
    """The lines of one annotation; ``base`` is its IRI without the closing ``>``."""
    p, c = _P, _C
    note, target, quote, position = (f"{base}>", f"{base}/target>", f"{base}/quote>",
                                     f"{base}/position>")  # fmt: skip
    lang = _lang(ev.lang)
    return [
        f"{fact} {p['evidence']} {note} .\n",
        f"{note} {p['type']} {c['Annotation']} .\n",
        f"{note} {p['motivated']} {c['describing']} .\n",
        f"{note} {p['body']} {fact} .\n",
        f"{note} {p['target']} {target} .\n",
        f"{note} {p['language']} {_plain(ev.lang)} .\n",
        f"{note} {p['attributed']} {_extractor(ev.extractor)} .\n",
        f"{note} {p['confidence']} {_confidence(ev.confidence)} .\n",
        f"{target} {p['type']} {c['SpecificResource']} .\n",
        f"{target} {p['source']} {_source(ev.doc_id)} .\n",
        f"{target} {p['selector']} {quote} .\n",
        f"{target} {p['selector']} {position} .\n",
        f"{quote} {p['type']} {c['TextQuoteSelector']} .\n",
        f"{quote} {p['exact']} {_escaped(ev.quote)}@{lang} .\n",
        f"{position} {p['type']} {c['TextPositionSelector']} .\n",
        f'{position} {p["start"]} "{ev.start}"{_INTEGER} .\n',
        f'{position} {p["end"]} "{ev.end}"{_INTEGER} .\n',
    ]


def _escaped(text: str) -> str:
    """``text`` as an N-Triples string (quoted, as :func:`.dataset._nt_term` escapes it)."""
    return _nt_term(Literal(text))


@lru_cache(maxsize=4096)
def _source(doc_id: str) -> str:
    return f"<{iris.source_iri(doc_id)}>"


@lru_cache(maxsize=1024)
def _extractor(name: str) -> str:
    return f"<{iris.extractor_iri(name)}>"


@lru_cache(maxsize=1024)
def _confidence(value: float) -> str:
    return _nt_term(Literal(Decimal(str(value)), datatype=XSD.decimal))


@lru_cache(maxsize=64)
def _plain(text: str) -> str:
    return _nt_term(Literal(text))


@lru_cache(maxsize=64)
def _lang(lang: str) -> str:
    return str(Literal("", lang=lang).language)


def join_lines(triple: Triple, evidence: Iterable[Evidence]) -> list[str]:
    """The lines of ``triple``'s reification that a SPARQL constraint joins a fact on (decision
    0140): its subject, predicate and object, its sources, and for the first annotation with
    a non-empty quote the path from the fact to that quote."""
    fact, out, evidence = _fact_head(triple, evidence)
    p = _P
    quoted = [(local, ev) for local, ev in _annotation_names(evidence) if ev.quote]
    if quoted:
        local, ev = quoted[0]
        note, base = f"{fact[:-1]}/{local}>", f"{fact[:-1]}/{local}"
        out += [
            f"{fact} {p['evidence']} {note} .\n",
            f"{note} {p['target']} {base}/target> .\n",
            f"{base}/target> {p['selector']} {base}/quote> .\n",
            f"{base}/quote> {p['exact']} {_escaped(ev.quote)}@{_lang(ev.lang)} .\n",
        ]
    return out


def _fact_head(
    triple: Triple, evidence: Iterable[Evidence]
) -> tuple[str, list[str], set[Evidence]]:
    """A reified fact's node (as written in N-Triples), the lines naming its subject,
    predicate, object and sources, and its evidence as a set."""
    fact = f"<{iris.fact_iri(ntriples_line(triple))}>"
    subject, predicate, obj = (_nt_term(term) for term in triple)
    lines = [
        f"{fact} {_P['subject']} {subject} .\n",
        f"{fact} {_P['predicate']} {predicate} .\n",
        f"{fact} {_P['object']} {obj} .\n",
    ]
    unique = set(evidence)
    lines += [f"{fact} {_P['derived']} {_source(doc_id)} .\n"
              for doc_id in sorted({ev.doc_id for ev in unique})]  # fmt: skip
    return fact, lines, unique
