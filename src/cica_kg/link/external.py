"""External enrichment: CICA members and summits from the bundled reference CSVs.

The rows go into their own named graph :data:`EXTERNAL_GRAPH`, never into the facts graph,
with provenance (``prov:wasDerivedFrom`` the CSV file, ``dcterms:source`` its line). They
use the text's IRIs (:func:`cica_kg.iris.entity_iri`), so a state or summit the article
names is the same resource in both graphs; a summit is matched to the text's summit by
city and start year, else minted with the extractor's key pattern. Decision 0072.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from rdflib import DCTERMS, ORG, PROV, RDF, RDFS, SDO, TIME, XSD, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from cica_kg import iris
from cica_kg.errors import InputError
from cica_kg.iris import EXTERNAL_GRAPH
from cica_kg.kinds import Kind
from cica_kg.link.reference import REFERENCE_DATE, reference_file

CICA_NAME = "Conference on Interaction and Confidence-Building Measures in Asia"
CICA_IRI = iris.entity_iri(Kind.INTERNATIONAL_ORGANIZATION, CICA_NAME)
CICA_NS = iris.ONTOLOGY
SOURCE_NOTE = (
    "compiled from public sources (the CICA secretariat's site, Wikipedia); "
    "see cica_kg/data/reference/README.md"
)


@dataclass(frozen=True)
class ExternalSummary:
    """What was loaded: counts for the build summary."""

    members: int
    summits: int
    triples: int


def file_iri(name: str) -> URIRef:
    """The IRI of a bundled reference file: ``cicar:reference/cica-members-csv``."""
    return URIRef(f"{iris.ID}reference/{iris.slug(name)}")


def load_external(dataset: Dataset, *, reference_dir: Path | None = None) -> ExternalSummary:
    """Replace the external named graph of ``dataset`` with the members and summits CSVs.

    Raises:
        InputError: a CSV is missing, lacks a column or holds a bad year or date.
    """
    folder = reference_dir or reference_file().parent
    dataset.remove_graph(EXTERNAL_GRAPH)
    graph = dataset.graph(EXTERNAL_GRAPH)
    _describe_graph(graph)
    members = _load_members(graph, folder / "cica-members.csv")
    summits = _load_summits(graph, folder / "cica-summits.csv", dataset.graph(iris.FACTS_GRAPH))
    return ExternalSummary(members=members, summits=summits, triples=len(graph))


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}); reinstall cica-kg") from exc
    reader = csv.DictReader(text.splitlines(), restkey="_rest")
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    rows = []
    for number, row in enumerate(reader, start=2):
        extra = row.pop("_rest", None)  # an unquoted comma in the last column (a note)
        record = {k: (v or "").strip() for k, v in row.items() if isinstance(k, str)}
        if isinstance(extra, list):
            last = columns[-1]
            record[last] = ", ".join([record.get(last, ""), *(e.strip() for e in extra)])
        rows.append((number, record))
    return rows


def _describe_graph(graph: Graph) -> None:
    graph.add((EXTERNAL_GRAPH, RDF.type, PROV.Entity))
    graph.add(
        (
            EXTERNAL_GRAPH,
            DCTERMS.title,
            Literal("External data: CICA members and summits", lang="en"),
        )
    )
    graph.add((EXTERNAL_GRAPH, DCTERMS.source, Literal(SOURCE_NOTE)))
    for name in ("cica-members.csv", "cica-summits.csv"):
        source = file_iri(name)
        graph.add((EXTERNAL_GRAPH, PROV.wasDerivedFrom, source))
        graph.add((source, RDF.type, PROV.Entity))
        graph.add((source, DCTERMS.title, Literal(name)))
        graph.add((source, DCTERMS.source, Literal(SOURCE_NOTE)))
        graph.add((source, DCTERMS.created, Literal(REFERENCE_DATE, datatype=XSD.date)))


def _load_members(graph: Graph, path: Path) -> int:
    source = file_iri(path.name)
    rows = _rows(path, ("member_state", "joined", "note"))
    graph.add((CICA_IRI, RDF.type, URIRef(CICA_NS + "InternationalOrganization")))
    graph.add((CICA_IRI, RDFS.label, Literal(CICA_NAME, lang="en")))
    for line, row in rows:
        state = iris.entity_iri(Kind.STATE, row["member_state"])
        if not row["joined"].isdigit() or len(row["joined"]) != 4:
            raise InputError(f"{path}:{line}: joined {row['joined']!r} is not a year (YYYY)")
        membership = iris.entity_iri("org:Membership", f"CICA {row['member_state']}")
        interval, joined = URIRef(f"{membership}/interval"), URIRef(f"{membership}/joined")
        triples: list[tuple[URIRef, URIRef, Node]] = [
            (state, RDF.type, URIRef(CICA_NS + "State")),
            (state, RDFS.label, Literal(row["member_state"], lang="en")),
            (membership, RDF.type, ORG.Membership),
            (membership, ORG.member, state),
            (membership, ORG.organization, CICA_IRI),
            (membership, ORG.memberDuring, interval),
            (membership, PROV.wasDerivedFrom, source),
            (membership, DCTERMS.source, Literal(f"{path.name} line {line}")),
            (interval, RDF.type, TIME.Interval),
            (interval, TIME.hasBeginning, joined),
            (joined, RDF.type, TIME.Instant),
            (joined, TIME.inXSDgYear, Literal(row["joined"], datatype=XSD.gYear)),
        ]
        if row["note"]:
            triples.append((membership, RDFS.comment, Literal(row["note"], lang="en")))
        for triple in triples:
            graph.add(triple)
    return len(rows)


def _load_summits(graph: Graph, path: Path, facts: Graph) -> int:
    source = file_iri(path.name)
    rows = _rows(path, ("number", "start", "end", "city", "country"))
    for line, row in rows:
        for column in ("start", "end"):
            if not _is_date(row[column]):
                raise InputError(
                    f"{path}:{line}: {column} {row[column]!r} is not a date (YYYY-MM-DD)"
                )
        city = iris.entity_iri(Kind.CITY, row["city"])
        country = iris.entity_iri(Kind.STATE, row["country"])
        summit = text_summit(facts, city, row["start"][:4]) or iris.entity_iri(
            Kind.SUMMIT, f"{CICA_NAME} summit {row['start'][:4]} {row['city']}"
        )
        for triple in (
            (summit, RDF.type, URIRef(CICA_NS + "Summit")),
            (
                summit,
                RDFS.label,
                Literal(f"CICA summit ({row['city']}, {row['start'][:4]})", lang="en"),
            ),
            (
                summit,
                URIRef(CICA_NS + "ordinal"),
                Literal(row["number"], datatype=XSD.positiveInteger),
            ),
            (summit, SDO.startDate, Literal(row["start"], datatype=XSD.date)),
            (summit, SDO.endDate, Literal(row["end"], datatype=XSD.date)),
            (summit, SDO.location, city),
            (summit, SDO.organizer, CICA_IRI),
            (summit, PROV.wasDerivedFrom, source),
            (summit, DCTERMS.source, Literal(f"{path.name} line {line}")),
            (city, RDF.type, SDO.City),
            (city, RDFS.label, Literal(row["city"], lang="en")),
            (city, SDO.containedInPlace, country),
            (country, RDF.type, URIRef(CICA_NS + "State")),
            (country, RDFS.label, Literal(row["country"], lang="en")),
        ):
            graph.add(triple)
    return len(rows)


def text_summit(facts: Graph, city: URIRef, year: str) -> URIRef | None:
    """The text's summit held in ``city`` in ``year``, if the facts graph has one."""
    for summit in sorted(facts.subjects(SDO.location, city), key=str):
        if (summit, RDF.type, URIRef(CICA_NS + "Summit")) not in facts:
            continue
        starts = [str(d)[:4] for d in facts.objects(summit, SDO.startDate)]
        if year in starts and isinstance(summit, URIRef):
            return summit
    return None


def _is_date(text: str) -> bool:
    parts = text.split("-")
    return (
        len(parts) == 3 and [len(p) for p in parts] == [4, 2, 2] and all(p.isdigit() for p in parts)
    )
