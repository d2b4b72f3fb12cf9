"""A seeded generator of synthetic articles and the statements they make (decision 0061).

Each *world* is one article about one international organisation: who proposed it and
where, its summits with dates and places, its principles, bodies, member states and
member count, the posts people hold, a security concept and a presidency term. Every
statement carries evidence pointing at the sentence that states it (decision 0002), in
English and, for the core facts, in Chinese. The same ``seed`` always gives the same
corpus; :func:`generate` adds worlds until the built graph reaches about ``triples``.

>>> corpus = generate(triples=10_000, seed=1)     # doctest: +SKIP
>>> dataset = build_dataset(corpus.statements, corpus.documents)  # doctest: +SKIP
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from cica_kg.bench import names
from cica_kg.files import write_atomic
from cica_kg.model import Document, Entity, Evidence, Passage, Sentence, Statement, Value

EXTRACTOR = "bench:synthetic"

_UNGA = Entity("cica:Body", "UN General Assembly", "UN General Assembly", "联合国大会")
_UN = Entity("cica:InternationalOrganization", "United Nations", "United Nations", "联合国")
_CHARTER = Entity(
    "cica:Charter", "Charter of the United Nations", "Charter of the United Nations", "联合国宪章"
)
_PRESIDENT = Entity("org:Role", "President", "President", "总统")
PUBLISHER = Entity("org:FormalOrganization", "Synthetic News", "Synthetic News", "合成新闻")


@dataclass(frozen=True)
class SyntheticCorpus:
    """Synthetic articles and the statements extracted from them, ready for ``build``."""

    documents: tuple[Document, ...]
    statements: tuple[Statement, ...]


@dataclass
class _Article:
    """An article under construction: sentences appended with their offsets."""

    doc_id: str
    text: str = ""
    sentences: dict[str, list[Sentence]] = field(default_factory=lambda: {"en": [], "zh": []})

    def say(self, lang: str, sentence: str) -> Evidence:
        """Append ``sentence`` to the text and return the evidence pointing at it."""
        if self.text and not self.text.endswith("\n"):
            self.text += " " if lang == "en" else ""
        start = len(self.text)
        self.text += sentence
        self.sentences[lang].append(Sentence(lang, start, len(self.text), sentence))
        return Evidence(self.doc_id, lang, start, len(self.text), sentence, EXTRACTOR, 1.0)

    def line(self, text: str) -> Evidence:
        """A line of its own (title, byline), followed by a blank line."""
        evidence = Evidence(
            self.doc_id, "en", len(self.text), len(self.text) + len(text), text, EXTRACTOR, 1.0
        )
        self.text += text + "\n\n"
        return evidence

    def paragraph(self) -> None:
        self.text += "\n\n"

    def document(self, title: str, date: str) -> Document:
        passages = tuple(
            Passage(lang, ss[0].start, ss[-1].end, tuple(ss))
            for lang, ss in self.sentences.items()
            if ss
        )
        return Document(
            self.doc_id, f"{self.doc_id}.txt", self.text, title, PUBLISHER.label_en, date,
            None, passages,
        )  # fmt: skip


def generate(*, triples: int, seed: int = 0) -> SyntheticCorpus:
    """About ``triples`` triples' worth of synthetic articles and statements (deterministic)."""
    worlds = 1
    while abs(estimate(worlds + 1) - triples) < abs(estimate(worlds) - triples):
        worlds += 1
    return generate_worlds(worlds, seed=seed)


def estimate(worlds: int) -> float:
    """Triples of the built dataset (facts + evidence) for ``worlds`` worlds.

    Fitted on 2, 20 and 100 worlds: each world adds about 4,400 triples; entities shared by
    worlds (states, cities, concepts) add about 11,200 more, saturating after a few worlds.
    """
    return 4_400 * worlds + 11_200 * (1 - math.exp(-worlds / 5))


def generate_worlds(count: int, *, seed: int = 0) -> SyntheticCorpus:
    """Exactly ``count`` synthetic articles (worlds) and their statements."""
    rng = random.Random(seed)
    documents: list[Document] = []
    statements: list[Statement] = []
    for index in range(count):
        document, made = _world(rng, index, seed)
        documents.append(document)
        statements.extend(made)
    return SyntheticCorpus(tuple(documents), tuple(statements))


def articles(count: int, *, seed: int = 0) -> list[str]:
    """The texts of ``count`` synthetic articles (input for extraction throughput)."""
    return [document.text for document in generate_worlds(count, seed=seed).documents]


def write_corpus(directory: Path, count: int, *, seed: int = 0) -> list[Path]:
    """Write ``count`` synthetic articles as ``<doc_id>.txt`` files into ``directory`` (input
    for whole builds at scale, decision 0113); the paths, in order.

    Raises:
        OutputError: ``directory`` cannot be written.
    """
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for document in generate_worlds(count, seed=seed).documents:
        path = directory / f"{document.doc_id}.txt"
        write_atomic(path, document.text.encode("utf-8"))
        paths.append(path)
    return paths


def _person(rng: random.Random) -> Entity:
    parts = [rng.choice(names.SYLLABLES) for _ in range(rng.randint(4, 6))]
    cut = rng.randint(2, len(parts) - 2)
    given, family = parts[:cut], parts[cut:]
    en = " ".join("".join(p[0] for p in part).capitalize() for part in (given, family))
    zh = "·".join("".join(p[1] for p in part) for part in (given, family))
    return Entity("foaf:Person", en, en, zh)


def _state(rng: random.Random) -> tuple[Entity, Entity]:
    state_en, state_zh, city_en, city_zh = rng.choice(names.STATES)
    return (
        Entity("cica:State", state_en, state_en, state_zh),
        Entity("schema:City", f"{city_en}, {state_en}", city_en, city_zh),
    )


def _organization(index: int, seed: int) -> tuple[Entity, str]:
    region_en, region_zh = names.REGIONS[index % len(names.REGIONS)]
    topic_en, topic_zh, initials = names.TOPICS[(index // len(names.REGIONS)) % len(names.TOPICS)]
    number = index // (len(names.REGIONS) * len(names.TOPICS)) + 1
    name = f"Conference on {topic_en} in {region_en} {number}"
    abbr = f"{initials}{region_en.removeprefix('the ')[0]}-{seed}-{number}"
    zh = f"{region_zh}{topic_zh}会议{number}"
    return Entity("cica:InternationalOrganization", name, name, zh), abbr


def _s(subject: Entity, predicate: str, obj: Entity | Value, *ev: Evidence) -> Statement:
    return Statement(subject, predicate, obj, tuple(ev))


def _world(rng: random.Random, index: int, seed: int) -> tuple[Document, list[Statement]]:
    """One article and its statements (the organisation of world ``index``)."""
    org, abbr = _organization(index, seed)
    article = _Article(f"synthetic-{seed}-{index:06d}")
    year = rng.randint(1960, 2015)
    date = f"{year + 20:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    out = _source(article, org.label_en, date)
    summits = _proposal_and_summits(rng, article, org, abbr, year, out)
    _commitments(rng, article, org, abbr, out)
    _structure(rng, article, org, abbr, summits[-1], year, out)
    _presidency(rng, article, org, abbr, summits[-1], year, out)
    statements = _chinese(article, out)
    return article.document(org.label_en, date), statements


def _source(article: _Article, title: str, date: str) -> list[Statement]:
    """Title and byline lines, and the facts about the article they state (as ingest reads)."""
    source = Entity("cica:SourceArticle", article.doc_id, title)
    ev_title = article.line(title)
    ev_byline = article.line(f"Updated:{date} | By:{PUBLISHER.label_en}")
    return [
        _s(source, "dcterms:title", Value(title, lang="en"), ev_title),
        _s(source, "dcterms:publisher", PUBLISHER, ev_byline),
        _s(source, "dcterms:modified", Value(date, "xsd:date"), ev_byline),
    ]


def _post(person: Entity, state: Entity, ev: Evidence, out: list[Statement]) -> None:
    post = Entity(
        "org:Post", f"President of {state.key}", f"President of {state.label_en}",
        f"{state.label_zh}总统",
    )  # fmt: skip
    out += [
        _s(person, "org:holds", post, ev),
        _s(post, "org:postIn", state, ev),
        _s(post, "org:role", _PRESIDENT, ev),
    ]


def _summit(
    rng: random.Random, article: _Article, org: Entity, abbr: str, number: int, year: int
) -> tuple[Entity, Evidence, list[Statement]]:
    """A numbered summit in a city, with its date: one sentence, seven facts."""
    state, city = _state(rng)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    key = f"{org.key} summit {year} {city.label_en}"
    summit = Entity("cica:Summit", key, f"{names.ordinal(number)} {abbr} Summit ({year})",
                    f"{org.label_zh}第{number}次峰会({year}年)")  # fmt: skip
    ev = article.say(
        "en",
        f"The {names.ordinal(number)} summit of the {org.label_en} ({abbr}) was held in "
        f"{city.label_en} ({state.label_en}) on {day} {names.MONTHS[month - 1]} {year}.",
    )
    made = [
        _s(summit, "schema:organizer", org, ev),
        _s(summit, "cica:ordinal", Value(str(number), "xsd:positiveInteger"), ev),
        _s(summit, "schema:startDate", Value(f"{year:04d}-{month:02d}-{day:02d}", "xsd:date"), ev),
        _s(summit, "schema:location", city, ev),
        _s(city, "schema:containedInPlace", state, ev),
    ]
    return summit, ev, made


def _proposal_and_summits(
    rng: random.Random, article: _Article, org: Entity, abbr: str, year: int,
    out: list[Statement],
) -> list[Entity]:  # fmt: skip
    """The proposal (who, when, at which UNGA session) and two to five summits."""
    founder, (state, _) = _person(rng), _state(rng)
    month, session_no = rng.randint(1, 12), year - 1945
    ev = article.say(
        "en",
        f"The idea of establishing the {org.label_en} was first proposed by President "
        f"{founder.label_en} of {state.label_en} in {names.MONTHS[month - 1]} {year} at the "
        f"{names.ordinal(session_no)} Session of the UN General Assembly.",
    )
    proposal = Entity("cica:Proposal", f"proposal of {org.key}", f"Proposal of {abbr}",
                      f"{org.label_zh}倡议")  # fmt: skip
    session = Entity("cica:Session", f"UN General Assembly session {session_no}",
                     f"{names.ordinal(session_no)} Session of the UN General Assembly",
                     f"第{session_no}届联合国大会")  # fmt: skip
    out += [
        _s(proposal, "cica:proposer", founder, ev),
        _s(proposal, "cica:proposed", org, ev),
        _s(proposal, "schema:startDate", Value(f"{year:04d}-{month:02d}", "xsd:gYearMonth"), ev),
        _s(proposal, "schema:superEvent", session, ev),
        _s(session, "schema:organizer", _UNGA, ev),
        _s(session, "cica:ordinal", Value(str(session_no), "xsd:positiveInteger"), ev),
        _s(_UN, "org:hasUnit", _UNGA, ev),
    ]
    _post(founder, state, ev, out)
    summits = []
    summit_year = year + rng.randint(2, 10)
    for number in range(1, rng.randint(2, 5) + 1):
        summit, _, made = _summit(rng, article, org, abbr, number, summit_year)
        summits.append(summit)
        out += made
        summit_year += rng.randint(2, 4)
    article.paragraph()
    return summits


def _commitments(
    rng: random.Random, article: _Article, org: Entity, abbr: str, out: list[Statement]
) -> None:
    """Principles (from the UN Charter), cooperation areas and CBM areas."""
    chosen = sorted(rng.sample(names.PRINCIPLES, rng.randint(2, len(names.PRINCIPLES))))
    ev = article.say(
        "en",
        f"The {abbr} is committed to the purposes and principles of the Charter of the United "
        f"Nations, including {', '.join(p[0] for p in chosen)}.",
    )
    out.append(_s(org, "cica:committedTo", _CHARTER, ev))
    for en, zh in chosen:
        principle = Entity("cica:Principle", en, en, zh)
        out += [_s(org, "cica:committedTo", principle, ev),
                _s(principle, "dcterms:source", _CHARTER, ev)]  # fmt: skip
    areas = sorted(rng.sample(names.COOPERATION_AREAS, rng.randint(1, 4)))
    cbms = sorted(rng.sample(names.CBM_AREAS, rng.randint(1, 5)))
    ev = article.say(
        "en",
        f"It encourages cooperation among member states on {', '.join(a[0] for a in areas)} "
        f"issues, through confidence-building measures in these areas: "
        f"{', '.join(c[0] for c in cbms)}.",
    )
    out += [_s(org, "cica:encouragesCooperationOn",
               Entity("cica:CooperationArea", en, en, zh), ev) for en, zh in areas]  # fmt: skip
    out += [_s(org, "cica:appliesCbmIn", Entity("cica:CbmArea", en, en, zh), ev)
            for en, zh in cbms]  # fmt: skip


def _structure(
    rng: random.Random, article: _Article, org: Entity, abbr: str, summit: Entity, year: int,
    out: list[Statement],
) -> None:  # fmt: skip
    """Bodies, member states and the member count as of the last summit."""
    bodies = names.BODIES[: rng.randint(2, len(names.BODIES))]
    ev = article.say(
        "en",
        f"{abbr} deliberation and decision-making mechanisms include: "
        f"{', '.join(b[0] for b in bodies)}.",
    )
    for en, zh in bodies:
        body = Entity("cica:Body", f"{org.key} {en}", f"{abbr} {en}", f"{org.label_zh}{zh}")
        out.append(_s(org, "org:hasUnit", body, ev))
    members = sorted({_state(rng)[0] for _ in range(rng.randint(5, 16))}, key=lambda e: e.key)
    ev = article.say("en", f"Its member states include {', '.join(m.label_en for m in members)}.")
    out += [_s(org, "org:hasMember", member, ev) for member in members]
    count = Entity("cica:MemberCount", f"{org.key} members {year}",
                   f"{abbr} member count", f"{org.label_zh}成员国数量")  # fmt: skip
    ev = article.say(
        "en", f"The number of {abbr} member states increased to {len(members)} at the "
        f"{summit.label_en}.",
    )  # fmt: skip
    out += [
        _s(count, "cica:countOf", org, ev),
        _s(count, "cica:memberCount", Value(str(len(members)), "xsd:nonNegativeInteger"), ev),
        _s(count, "cica:asOfEvent", summit, ev),
    ]


def _presidency(
    rng: random.Random, article: _Article, org: Entity, abbr: str, summit: Entity, year: int,
    out: list[Statement],
) -> None:  # fmt: skip
    """A security concept introduced at the last summit, and a renewed presidency."""
    leader, (state, _) = _person(rng), _state(rng)
    components = sorted(rng.sample(names.COMPONENTS, rng.randint(2, 4)))
    concept = Entity("cica:SecurityConcept", f"{org.key} security concept",
                     f"{abbr} security concept", f"{org.label_zh}安全观")  # fmt: skip
    ev = article.say(
        "en",
        f"At that summit, President {leader.label_en} of {state.label_en} introduced a "
        f"security concept that emphasizes {', '.join(c[0] for c in components)} security.",
    )
    out += [_s(concept, "cica:introducedBy", leader, ev),
            _s(concept, "cica:introducedAt", summit, ev)]  # fmt: skip
    out += [_s(concept, "cica:hasComponent", Entity("cica:ConceptComponent", en, en, zh), ev)
            for en, zh in components]  # fmt: skip
    _post(leader, state, ev, out)
    start = year + rng.randint(10, 25)
    month = rng.randint(1, 12)
    first = Entity("cica:PresidencyTerm", f"{org.key} presidency {state.key} {start}",
                   f"{state.label_en} {abbr} presidency {start}",
                   f"{state.label_zh}{org.label_zh}主席国任期{start}")  # fmt: skip
    second = Entity("cica:PresidencyTerm", f"{org.key} presidency {state.key} {start + 2}",
                    f"{state.label_en} {abbr} presidency {start + 2}",
                    f"{state.label_zh}{org.label_zh}主席国任期{start + 2}")  # fmt: skip
    ev = article.say(
        "en",
        f"{state.label_en} assumed the {abbr} presidency in {names.MONTHS[month - 1]} {start} "
        f"and renewed its term in {start + 2}.",
    )
    for term in (first, second):
        out += [_s(term, "cica:presidingState", state, ev), _s(term, "cica:presidencyOf", org, ev)]
    out += [
        _s(first, "schema:startDate", Value(f"{start:04d}-{month:02d}", "xsd:gYearMonth"), ev),
        _s(second, "schema:startDate", Value(f"{start + 2:04d}", "xsd:gYear"), ev),
        _s(second, "cica:renews", first, ev),
    ]
    article.paragraph()


def _chinese(article: _Article, out: list[Statement]) -> list[Statement]:
    """A Chinese paragraph: per English sentence, one naming its entities in Chinese.

    Each statement of that sentence gains the Chinese sentence as second evidence, so
    every Chinese label has Chinese evidence (as the shapes ask).
    """
    by_sentence: dict[Evidence, list[Statement]] = {}
    for statement in out:
        by_sentence.setdefault(statement.evidence[0], []).append(statement)
    result: list[Statement] = []
    for evidence, group in by_sentence.items():
        names_zh = [e.label_zh for s in group for e in (s.subject, s.obj)
                    if isinstance(e, Entity) and e.label_zh]  # fmt: skip
        if evidence.lang != "en" or not names_zh:
            result += group
            continue
        ev_zh = article.say("zh", "、".join(dict.fromkeys(names_zh)) + "。")
        result += [Statement(s.subject, s.predicate, s.obj, (*s.evidence, ev_zh)) for s in group]
    return result
