"""Extraction of one invented short article, as (subject, predicate, object) name triples."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cica_kg.extract import extract
from cica_kg.ingest.files import ingest
from cica_kg.model import Entity, Statement, Value

CICA = "Conference on Interaction and Confidence-Building Measures in Asia"
CICA_ZH = "亚洲相互协作与信任措施会议"

Fact = tuple[str, str, str]


def by_key(term: Entity) -> str:
    """An entity named by its identity key (stable across labels)."""
    return term.key


def by_label(term: Entity) -> str:
    """An entity named by its English label."""
    return term.label_en


def extract_facts(
    tmp_path: Path, body: str, title: str = CICA, name: Callable[[Entity], str] = by_key
) -> set[Fact]:
    """The statements extracted from an article ``title`` + ``body`` written under ``tmp_path``;
    entities named by ``name``, values by their lexical form."""
    path = tmp_path / "article.txt"
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    statements: list[Statement] = extract([ingest(path)])

    def term_name(term: Entity | Value) -> str:
        return name(term) if isinstance(term, Entity) else term.lexical

    return {(term_name(s.subject), s.predicate, term_name(s.obj)) for s in statements}
