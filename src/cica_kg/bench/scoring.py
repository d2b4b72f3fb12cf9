"""Score a built graph against the facts an article states (decision 0040).

Used by the fixture tests (``tests/test_scenarios.py``) and ``tools/score_fixtures.py``; it
works from a source checkout, where ``tests/fixtures/articles/`` lies.

An expected fact is a dict (see ``tests/fixtures/articles/*.expected.json``)::

    {"subject": "Nursultan Nazarbayev", "predicate": "org:holds",
     "object": "President of Kazakhstan", "object_kind": "entity", "lang": ["en", "zh"]}

- ``subject`` / ``object``: a name, a list of alternative names, or an *event descriptor*
  ``{"kind": "cica:Summit", "date": "2002-06", "location": "Almaty", "<curie>": "<value>"}``
  matched by type, date prefix (``schema:startDate``), location label and any further
  property values, never by name.
- ``object_kind``: ``entity`` (a node matched by label), ``literal`` (lexical form; ``match:
  "contains"`` for free text, dates compared by prefix), or ``class`` (an ``rdf:type`` CURIE).
- ``predicate``: a CURIE or a list of acceptable CURIEs; ORG inverses count both ways.
- optional keys: ``literal_lang``, ``note``, ``optional: true`` (reported, not counted),
  ``vocab: "proposed"`` (a predicate outside decision 0001, counted apart) and
  ``expect: "absent"`` (a fact the article does *not* state: finding it is an error).

Names match ``rdfs:label`` / ``skos:prefLabel`` / ``skos:altLabel`` (any language, case- and
punctuation-insensitive, a leading "the" ignored) in the graph or in extra label graphs
(``ontology/concepts.ttl``), or the slug of an entity IRI minted by :mod:`cica_kg.iris`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from cica_kg import prefixes

Fact = dict[str, Any]

PREFIXES = prefixes.PREFIXES
INVERSES = {"org:holds": "org:heldBy", "org:hasUnit": "org:unitOf", "org:hasMember": "org:memberOf"}
INVERSES.update({v: k for k, v in INVERSES.items()})
ID_BASE = "https://w3id.org/cica-kg/id/"
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_DASHES = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
    }
)
REPO = Path(__file__).resolve().parents[3]  # the source checkout: src/cica_kg/bench/ → top
ARTICLES = REPO / "tests" / "fixtures" / "articles"
SEED_ARTICLE = REPO / "corpus" / "cica-china-org-cn-2019-04-17.txt"


def expand(curie: str) -> URIRef:
    """``"org:holds"`` → the full IRI (a full IRI passes through)."""
    prefix, _, local = curie.partition(":")
    if prefix in PREFIXES:
        return URIRef(PREFIXES[prefix] + local)
    return URIRef(curie)


def normalise(text: str) -> str:
    """Lower case, NFKC, one kind of dash and quote, no leading "the", single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).lower().strip(" .,;:")
    text = re.sub(r"\s+", " ", text)
    return text[4:] if text.startswith("the ") else text


def slug(text: str) -> str:
    """The slug :func:`cica_kg.iris.slug` mints (copied so scoring does not import it)."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return "-".join(re.findall(r"[\w]+", ascii_text)) or "unnamed"


def _alternatives(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


class Matcher:
    """Find the nodes of a graph that a name, descriptor or literal of a fact denotes."""

    def __init__(self, graph: Graph, labels: Iterable[Graph] = ()) -> None:
        self.graph = graph
        self._by_label: dict[str, set[Node]] = {}
        self._by_slug: dict[str, set[Node]] = {}
        for source in (graph, *labels):
            for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
                for node, label in source.subject_objects(prop):
                    self._by_label.setdefault(normalise(str(label)), set()).add(node)
        for node in set(graph.subjects()) | set(graph.objects()):
            if isinstance(node, URIRef) and str(node).startswith(ID_BASE):
                self._by_slug.setdefault(str(node).rsplit("/", 1)[-1], set()).add(node)

    def nodes(self, ref: Any) -> set[Node]:
        """The nodes a name, a list of names or an event descriptor denotes."""
        if isinstance(ref, dict):
            return self._events(ref)
        found: set[Node] = set()
        for name in _alternatives(ref):
            found |= self._by_label.get(normalise(name), set())
            found |= self._by_slug.get(slug(name), set())
        return found

    def _events(self, desc: dict[str, Any]) -> set[Node]:
        kinds = [expand(k) for k in _alternatives(desc["kind"])]
        candidates = {s for k in kinds for s in self.graph.subjects(RDF.type, k)}
        for key, value in desc.items():
            if key == "kind":
                continue
            if key == "date":
                preds = [expand("schema:startDate"), expand("dcterms:date")]
                candidates = {n for n in candidates if self._has_literal(n, preds, value)}
            elif key == "location":
                places = self.nodes(value)
                loc = expand("schema:location")
                candidates = {n for n in candidates if set(self.graph.objects(n, loc)) & places}
            else:
                candidates = {n for n in candidates if self._has_value(n, expand(key), value)}
        return candidates

    def _has_literal(self, node: Node, preds: Sequence[URIRef], value: Any) -> bool:
        return any(literal_matches(o, value) for p in preds for o in self.graph.objects(node, p))

    def _has_value(self, node: Node, pred: URIRef, value: Any) -> bool:
        targets = self.nodes(value)
        return any(
            o in targets or literal_matches(o, value) for o in self.graph.objects(node, pred)
        )


def literal_matches(
    term: Node, expected: Any, *, how: str = "equal", lang: str | None = None
) -> bool:
    """Whether an RDF term has the expected lexical form (any of a list of alternatives).

    Dates match when one is a prefix of the other (``2002-06`` ~ ``2002-06-04``); integers
    by value; ``how="contains"`` looks for the expected text inside the literal.
    """
    if not isinstance(term, Literal):
        return False
    if lang is not None and term.language != lang:
        return False
    got = normalise(str(term))
    for want in (normalise(alt) for alt in _alternatives(expected)):
        if how == "contains" and want in got:
            return True
        dates = _DATE.match(want) and _DATE.match(got)
        if dates and (got.startswith(want) or want.startswith(got)):
            return True
        if want == got or (want.isdigit() and got.isdigit() and int(want) == int(got)):
            return True
    return False


def fact_found(fact: Fact, matcher: Matcher) -> bool:
    """Whether the graph states ``fact``."""
    graph = matcher.graph
    subjects = matcher.nodes(fact["subject"])
    if not subjects:
        return False
    kind = fact.get("object_kind", "entity")
    for curie in _alternatives(fact["predicate"]):
        pred = expand(curie)
        if kind == "class":
            if any((s, RDF.type, expand(str(fact["object"]))) in graph for s in subjects):
                return True
        elif kind == "literal":
            how, lang = fact.get("match", "equal"), fact.get("literal_lang")
            if any(
                literal_matches(o, fact["object"], how=how, lang=lang)
                for s in subjects
                for o in graph.objects(s, pred)
            ):
                return True
        elif _entity_found(graph, subjects, curie, matcher.nodes(fact["object"])):
            return True
    return False


def _entity_found(graph: Graph, subjects: set[Node], curie: str, objects: set[Node]) -> bool:
    pred = expand(curie)
    if any(o in objects for s in subjects for o in graph.objects(s, pred)):
        return True
    inverse = INVERSES.get(curie)
    return inverse is not None and any(
        s in subjects for o in objects for s in graph.objects(o, expand(inverse))
    )


@dataclass
class Score:
    """How many of an article's stated facts a graph holds."""

    stated: int = 0
    found: int = 0
    missing: list[Fact] = field(default_factory=list)
    by_predicate: dict[str, list[int]] = field(default_factory=dict)  # curie -> [found, stated]
    proposed_stated: int = 0  # facts whose predicate decision 0001 lacks (not in recall)
    proposed_found: int = 0
    optional_found: int = 0
    wrong: list[Fact] = field(default_factory=list)  # "expect": "absent" facts present

    @property
    def recall(self) -> float:
        """found / stated (1.0 for an article that states nothing)."""
        return self.found / self.stated if self.stated else 1.0


def score(expected: list[Fact], graph: Graph, *, labels: Iterable[Graph] = ()) -> Score:
    """Score ``graph`` (a Dataset is read through its facts graph) against ``expected``."""
    if isinstance(graph, Dataset):
        graph = graph.graph(URIRef("https://w3id.org/cica-kg/graph/facts"))
    matcher = Matcher(graph, labels)
    result = Score()
    for fact in expected:
        hit = fact_found(fact, matcher)
        if fact.get("expect") == "absent":
            if hit:
                result.wrong.append(fact)
        elif fact.get("optional"):
            result.optional_found += hit
        elif fact.get("vocab") == "proposed":
            result.proposed_stated += 1
            result.proposed_found += hit
        else:
            result.stated += 1
            result.found += hit
            key = _alternatives(fact["predicate"])[0]
            counts = result.by_predicate.setdefault(key, [0, 0])
            counts[0] += hit
            counts[1] += 1
            if not hit:
                result.missing.append(fact)
    return result


def describe(fact: Fact) -> str:
    """A one-line readable form of a fact: ``Summit(2002-06, Almaty) schema:location Almaty``."""
    return f"{_describe_ref(fact['subject'])} {_alternatives(fact['predicate'])[0]} " + (
        _describe_ref(fact["object"])
    )


def _describe_ref(ref: Any) -> str:
    if isinstance(ref, dict):
        kind = _alternatives(ref["kind"])[0].split(":")[-1]
        return f"{kind}({', '.join(str(v) for k, v in ref.items() if k != 'kind')})"
    return _alternatives(ref)[0]


@dataclass(frozen=True)
class Case:
    """One fixture: the article file and the file of facts it states."""

    stem: str
    article: Path
    expected_file: Path

    def expected(self) -> list[Fact]:
        """The expected facts (a JSON list)."""
        data = json.loads(self.expected_file.read_text(encoding="utf-8"))
        assert isinstance(data, list), f"{self.expected_file}: expected a JSON list"
        return data


def cases(directory: Path = ARTICLES) -> list[Case]:
    """Every fixture article with its expected facts; ``seed`` is the bundled corpus article."""
    found = [Case("seed", SEED_ARTICLE, directory / "seed.expected.json")]
    for expected_file in sorted(directory.glob("*.expected.json")):
        stem = expected_file.name.removesuffix(".expected.json")
        if stem != "seed":
            found.append(Case(stem, directory / f"{stem}.txt", expected_file))
    return found


def label_graphs(ontology_dir: Path = REPO / "ontology") -> list[Graph]:
    """The ontology's Turtle files (concept and class labels), those that exist."""
    graphs = []
    for path in sorted(ontology_dir.glob("*.ttl")):
        graph = Graph()
        graph.parse(path, format="turtle")
        graphs.append(graph)
    return graphs
