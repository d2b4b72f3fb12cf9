"""Score a graph against a vocabulary-free gold file (the development corpus).

The development corpus (``tests/data/dev-corpus/``: 30 articles, one gold file ``NAME.yaml``
per ``NAME.txt``, format in that folder's README) comes with a reference scorer,
``tests/data/dev-corpus/kgscore.py``, which the maintainers also run on held-out articles.
This module is a typed port of its rule, kept exact (``tests/test_gold.py`` and
``tests/test_dev_corpus_zh.py`` run both and compare):

- An entity is found by the literals of every property whose local name contains a label
  hint (:data:`LABEL_HINTS`), compared after :func:`normalise`. When no label equals one of
  the entity's names, a label that contains a name and is at most 20 characters longer
  counts (the loose match).
- The graph is read as undirected (a literal is a dead end), without the edges of
  :data:`SKIP_PREFIXES` (``rdf:type``, provenance, annotation, links) and without any edge
  that touches a class (a subject of ``rdf:type owl:Class`` or ``rdfs:Class``).
- A fact holds when a path of at most ``hops`` edges (default 2) leads from a node of its
  subject to a node of its object entity that is not itself a subject node, or to a value:
  a literal whose lexical form starts with the ``date`` or ``year``, equals the ``int`` or
  contains the ``text`` (case-folded), or, for a ``text``, a node with a label containing it.
- Recall counts the facts not marked ``optional``; a ``bilingual`` entity needs a label
  tagged exactly ``en`` and one whose tag starts with ``zh``.

:func:`load_gold` is stricter than the reference: gold the reference would crash on or
silently never match (an unknown entity key, an unquoted date, a misspelt key such as
``optinal``) raises :class:`~cica_kg.errors.InputError`.

>>> score = score_gold(load_gold(Path("en01.yaml")), graph)  # doctest: +SKIP
>>> f"{score.found}/{score.total}", score.missed             # doctest: +SKIP
('9/34', ('AD01', ...))
"""

from __future__ import annotations

import unicodedata
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from cica_kg.errors import InputError, ResourceError

REPO = Path(__file__).resolve().parents[3]  # the source checkout: src/cica_kg/bench/ → top
DEV_CORPUS = REPO / "tests" / "data" / "dev-corpus"
"""The development corpus of a source checkout: ``en/`` and ``zh/`` with NAME.txt + NAME.yaml."""
DEV_THRESHOLDS = DEV_CORPUS / "thresholds.json"
"""Minimum recall (percent) per development article, written by ``tools/dev_thresholds.py``."""

SKIP_PREFIXES = (
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/ns/oa#",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#isDefinedBy",
    "http://www.w3.org/2002/07/owl#sameAs",
    "http://www.w3.org/2004/02/skos/core#exactMatch",
    "http://www.w3.org/2004/02/skos/core#closeMatch",
    "http://purl.org/dc/terms/source",
    "http://www.w3.org/2004/02/skos/core#inScheme",
    "http://www.w3.org/2004/02/skos/core#topConceptOf",
    "http://www.w3.org/2004/02/skos/core#hasTopConcept",
)
"""Predicates whose IRI starts with one of these are no path (compared as prefixes)."""

LABEL_HINTS = ("label", "name", "title", "notation", "abbreviation", "acronym")
"""A predicate whose lower-cased local name contains one of these gives labels."""

DEFAULT_HOPS = 2
LOOSE_SLACK = 20  # a loose match: a label at most this many characters longer than the name
_VALUE_KEYS = ("date", "year", "int", "text")
_FACT_KEYS = frozenset({"id", "s", "o", "hops", "what", "optional"})


@dataclass(frozen=True)
class GoldValue:
    """A fact's object that is a value; for a literal the first key given decides."""

    date: str | None = None  # a prefix of the lexical form: "2022-10"
    year: str | None = None  # the same, a year: "2014"
    integer: int | None = None  # the lexical form read as an integer
    text: str | None = None  # a case-folded substring of the literal or of a node's label


@dataclass(frozen=True)
class GoldFact:
    """One gold fact: its subject entity key, and an entity key or a value as object."""

    id: str
    subject: str
    obj: str | GoldValue
    hops: int = DEFAULT_HOPS
    what: str = ""
    optional: bool = False  # reported when missed, not counted in recall


@dataclass(frozen=True)
class Gold:
    """A gold file: entity key → its names (English, then Chinese), facts, bilingual keys."""

    entities: Mapping[str, tuple[str, ...]]
    facts: tuple[GoldFact, ...]
    bilingual: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldScore:
    """What a graph holds of a gold file; ``found``/``total`` count the required facts."""

    found: int
    total: int
    missed: tuple[str, ...]  # ids of the required facts that do not hold, in gold order
    missed_optional: tuple[str, ...]
    bilingual: int
    bilingual_total: int
    not_bilingual: tuple[str, ...]  # bilingual keys without both an en and a zh label
    triples: int

    @property
    def recall(self) -> float:
        """``found / total`` (1.0 for a gold file without required facts)."""
        return self.found / self.total if self.total else 1.0

    @property
    def percent(self) -> float:
        """The recall in percent."""
        return 100 * self.recall


@dataclass(frozen=True)
class GoldCase:
    """One article of a gold corpus: its text and its gold file."""

    stem: str
    article: Path
    gold_file: Path


def gold_cases(directory: Path) -> list[GoldCase]:
    """Every ``NAME.yaml`` of ``directory`` with its ``NAME.txt``, sorted by name.

    Raises:
        InputError: a gold file has no article beside it.
    """
    found = []
    for gold_file in sorted(directory.glob("*.yaml")):
        article = gold_file.with_suffix(".txt")
        if not article.is_file():
            raise InputError(f"{gold_file}: no article {article.name} beside it; add it")
        found.append(GoldCase(gold_file.stem, article, gold_file))
    return found


def normalise(text: str) -> str:
    """A name as compared: NFKC, case-folded, spaces collapsed, a leading "the " dropped.

    >>> normalise("  The  CICA Secretariat ")
    'cica secretariat'
    """
    text = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return text.removeprefix("the ")


def load_gold(path: Path) -> Gold:
    """Read a gold file (YAML: ``entities``, ``facts``, ``bilingual``).

    Raises:
        InputError: the file is missing, not YAML, or not in the gold format.
        ResourceError: PyYAML is not installed.
    """
    try:
        import yaml
    except ImportError as exc:
        raise ResourceError(
            "reading a gold file needs PyYAML; run `pip install -e '.[test]'` (or `pip "
            "install pyyaml`)"
        ) from exc
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}); give a gold file") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a YAML gold file: {exc}") from exc
    try:
        return _gold(data)
    except ValueError as exc:
        raise InputError(f"{path}: {exc}; see {DEV_CORPUS / 'README.md'}") from exc


def score_gold(gold: Gold, graph: Graph) -> GoldScore:
    """Score the triples of ``graph`` against ``gold`` (the rule of the module docstring).

    For a Dataset, pass a Graph of the triples of all its graphs (the reference scorer
    reads a TriG or N-Quads file that way).
    """
    index = _Index(graph, gold)
    held = {fact.id: index.holds(fact) for fact in gold.facts}
    required = [fact for fact in gold.facts if not fact.optional]
    not_bilingual = tuple(key for key in gold.bilingual if not index.bilingual(key))
    return GoldScore(
        found=sum(1 for fact in required if held[fact.id]),
        total=len(required),
        missed=tuple(fact.id for fact in required if not held[fact.id]),
        missed_optional=tuple(f.id for f in gold.facts if f.optional and not held[f.id]),
        bilingual=len(gold.bilingual) - len(not_bilingual),
        bilingual_total=len(gold.bilingual),
        not_bilingual=not_bilingual,
        triples=len(graph),
    )


def is_label_property(predicate: Node) -> bool:
    """Whether ``predicate``'s local name (after the last ``#``, then ``/``) has a label hint."""
    local = str(predicate).rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower()
    return any(hint in local for hint in LABEL_HINTS)


class _Index:
    """The labels and the undirected adjacency of a graph, and the entities found in it."""

    def __init__(self, graph: Graph, gold: Gold) -> None:
        self.gold = gold
        classes = {*graph.subjects(RDF.type, OWL.Class), *graph.subjects(RDF.type, RDFS.Class)}
        self.labels: dict[Node, list[Literal]] = {}
        self.adjacent: dict[Node, set[Node]] = {}
        for subject, predicate, obj in graph:
            if isinstance(obj, Literal) and is_label_property(predicate):
                self.labels.setdefault(subject, []).append(obj)
            if str(predicate).startswith(SKIP_PREFIXES) or {subject, obj} & classes:
                continue
            self.adjacent.setdefault(subject, set()).add(obj)
            if not isinstance(obj, Literal):
                self.adjacent.setdefault(obj, set()).add(subject)
        self.normalised = {n: [normalise(str(lit)) for lit in ls] for n, ls in self.labels.items()}
        self._found: dict[str, frozenset[Node]] = {}

    def entity(self, key: str) -> frozenset[Node]:
        """The nodes with a label equal to one of the names of ``key``, else the loose ones."""
        if key not in self._found:
            names = {normalise(name) for name in self.gold.entities[key]}
            exact = {n for n, ls in self.normalised.items() if any(t in names for t in ls)}
            self._found[key] = frozenset(exact or self._loose(names))
        return self._found[key]

    def _loose(self, names: set[str]) -> set[Node]:
        return {
            node
            for node, labels in self.normalised.items()
            if any(n in t and len(t) <= len(n) + LOOSE_SLACK for t in labels for n in names)
        }

    def holds(self, fact: GoldFact) -> bool:
        """Whether a path of at most ``fact.hops`` edges joins the fact's subject and object."""
        starts = self.entity(fact.subject)
        ends = self.entity(fact.obj) if isinstance(fact.obj, str) else None
        seen = dict.fromkeys(starts, 0)
        queue = deque(starts)
        while queue:
            node = queue.popleft()
            depth = seen[node]
            if ends is not None and node in ends and node not in starts:
                return True
            if isinstance(fact.obj, GoldValue) and depth > 0 and self.matches(node, fact.obj):
                return True
            if depth == fact.hops:
                continue
            for neighbour in self.adjacent.get(node, ()):
                if neighbour not in seen:
                    seen[neighbour] = depth + 1
                    queue.append(neighbour)
        return False

    def matches(self, node: Node, value: GoldValue) -> bool:
        """Whether ``node`` is the value: a literal by its lexical form, a node by its labels."""
        if not isinstance(node, Literal):
            # a node may carry the value through its label (e.g. a concept)
            labels = self.labels.get(node, [])
            return value.text is not None and any(_contains(str(lit), value.text) for lit in labels)
        lexical = str(node)
        if value.date is not None:
            return lexical.startswith(value.date)
        if value.year is not None:
            return lexical.startswith(value.year)
        if value.integer is not None:
            try:
                return int(lexical) == value.integer
            except ValueError:
                return False
        return value.text is not None and _contains(lexical, value.text)

    def bilingual(self, key: str) -> bool:
        """Whether the nodes of ``key`` have a label tagged ``en`` and one tagged ``zh…``."""
        langs = {lit.language for node in self.entity(key) for lit in self.labels.get(node, [])}
        return "en" in langs and "zh" in {(lang or "")[:2] for lang in langs}


def _contains(text: str, part: str) -> bool:
    return part.casefold() in text.casefold()


# --- reading the YAML structure (ValueError with what is wrong; load_gold adds the file) ---


def _gold(data: Any) -> Gold:
    mapping = _mapping(data, "the file", required={"entities", "facts"}, allowed={"bilingual"})
    raw = _mapping(mapping["entities"], "entities")
    entities = {str(key): _names(spec, f"entity {key!r}") for key, spec in raw.items()}
    facts = _list(mapping["facts"], "facts")
    bilingual = _list(mapping.get("bilingual") or [], "bilingual")
    gold = Gold(entities, tuple(_fact(item, entities) for item in facts),
                tuple(_key(key, entities, "bilingual") for key in bilingual))  # fmt: skip
    ids = [fact.id for fact in gold.facts]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"fact ids occur twice: {', '.join(duplicates)}")
    return gold


def _names(spec: Any, where: str) -> tuple[str, ...]:
    names = _mapping(spec, where, allowed={"en", "zh"})
    found: list[str] = []
    for lang in ("en", "zh"):
        values = _list(names.get(lang, []), f"{where} {lang}")
        if not all(isinstance(value, str) for value in values):
            raise ValueError(f"{where}: {lang} must be a list of strings")
        found.extend(values)
    return tuple(found)


def _fact(item: Any, entities: Mapping[str, tuple[str, ...]]) -> GoldFact:
    spec = _mapping(item, "a fact", required={"id", "s", "o"}, allowed=_FACT_KEYS)
    where = f"fact {spec['id']!r}"
    hops, optional = spec.get("hops", DEFAULT_HOPS), spec.get("optional", False)
    if not isinstance(hops, int) or isinstance(hops, bool) or hops < 0:
        raise ValueError(f"{where}: hops must be a whole number >= 0, not {hops!r}")
    if not isinstance(optional, bool):
        raise ValueError(f"{where}: optional must be true or false, not {optional!r}")
    obj = spec["o"]
    return GoldFact(
        id=str(spec["id"]),
        subject=_key(spec["s"], entities, where),
        obj=_key(obj, entities, where) if isinstance(obj, str) else _value(obj, where),
        hops=hops,
        what=str(spec.get("what", "")),
        optional=optional,
    )


def _value(spec: Any, where: str) -> GoldValue:
    value = _mapping(spec, f"{where}: o", allowed=set(_VALUE_KEYS))
    if not value:
        raise ValueError(f"{where}: o is an entity key or one of {', '.join(_VALUE_KEYS)}")
    for key in ("date", "year", "text"):
        if key in value and not isinstance(value[key], str):
            wrong = value[key]
            raise ValueError(f'{where}: {key} must be a quoted string ("2022-10"), not {wrong!r}')
    number = value.get("int")
    if "int" in value and (not isinstance(number, int) or isinstance(number, bool)):
        raise ValueError(f"{where}: int must be a whole number, not {number!r}")
    return GoldValue(value.get("date"), value.get("year"), number, value.get("text"))


def _key(key: Any, entities: Mapping[str, tuple[str, ...]], where: str) -> str:
    if not isinstance(key, str) or key not in entities:
        raise ValueError(f"{where}: {key!r} is not a key of entities")
    return key


def _mapping(
    data: Any,
    where: str,
    *,
    required: set[str] | frozenset[str] = frozenset(),
    allowed: set[str] | frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """``data`` as a mapping with the ``required`` keys and (if ``allowed`` is given) no
    key outside ``required | allowed``."""
    if not isinstance(data, dict):
        raise ValueError(f"{where} must be a mapping, not {type(data).__name__}")
    missing = sorted(required - set(data))
    unknown = sorted(str(k) for k in set(data) - required - allowed) if allowed else []
    if missing or unknown:
        problems = [f"lacks {', '.join(missing)}"] * bool(missing)
        problems += [f"has unknown key(s) {', '.join(unknown)}"] * bool(unknown)
        raise ValueError(f"{where} {' and '.join(problems)}")
    return data


def _list(data: Any, where: str) -> list[Any]:
    if not isinstance(data, list):
        raise ValueError(f"{where} must be a list, not {type(data).__name__}")
    return data
