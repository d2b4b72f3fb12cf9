"""analytics.py and `cica-kg graph`: entity graph, paths with quotes, rank, exports, PNG."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from cica_kg.analytics import drawing
from cica_kg.analytics import graph as analytics
from cica_kg.build.dataset import build_dataset
from cica_kg.cli import main
from cica_kg.errors import InputError, OutputError, UsageError
from cica_kg.model import Document, Entity, Evidence, Statement

TEXT = "Xi Jinping proposed the forum. The forum met in Almaty. Almaty is in Kazakhstan."
XI = Entity("foaf:Person", "Xi Jinping", "Xi Jinping", "习近平")
FORUM = Entity("cica:InternationalOrganization", "Forum", "Forum", "论坛")
PROPOSAL = Entity("cica:Proposal", "proposal of Forum", "Proposal of the forum", "论坛倡议")
SUMMIT = Entity("cica:Summit", "Forum summit Almaty", "Forum summit (Almaty)", "论坛阿拉木图峰会")
ALMATY = Entity("schema:City", "Almaty", "Almaty", "阿拉木图")
KAZAKHSTAN = Entity("cica:State", "Kazakhstan", "Kazakhstan", "哈萨克斯坦")


def _ev(quote: str) -> Evidence:
    start = TEXT.index(quote)
    return Evidence("tiny", "en", start, start + len(quote), quote, "test", 1.0)


def _tiny_statements() -> list[Statement]:
    proposed, met, located = (_ev(s.strip(" .") + ".") for s in TEXT.split(". "))
    return [
        Statement(PROPOSAL, "cica:proposer", XI, (proposed,)),
        Statement(PROPOSAL, "cica:proposed", FORUM, (proposed,)),
        Statement(SUMMIT, "schema:organizer", FORUM, (met,)),
        Statement(SUMMIT, "schema:location", ALMATY, (met,)),
        Statement(ALMATY, "schema:containedInPlace", KAZAKHSTAN, (located,)),
    ]


@pytest.fixture(scope="module")
def tiny() -> nx.MultiDiGraph:
    """A hand-made graph: a chain Xi → proposal → forum ← summit → Almaty → Kazakhstan."""
    document = Document("tiny", "tiny.txt", TEXT)
    return analytics.entity_graph(build_dataset(_tiny_statements(), [document]))


@pytest.fixture(scope="module")
def built_trig(seed_build: Path) -> Path:
    """The graph built from the bundled article (real ingest, extractor and build; read-only)."""
    return seed_build / "cica.trig"


def test_entity_graph_has_labelled_typed_nodes_and_predicate_edges(tiny: nx.MultiDiGraph) -> None:
    xi = str(analytics.find_node(tiny, "Xi Jinping"))
    assert tiny.nodes[xi]["label_zh"] == "习近平"
    assert tiny.nodes[xi]["kind"] == "foaf:Person"
    predicates = {key for _, _, key in tiny.edges(keys=True)}
    assert predicates == {
        "cica:proposer", "cica:proposed", "schema:organizer", "schema:location",
        "schema:containedInPlace",
    }  # fmt: skip


def test_path_on_hand_made_graph_reads_hops_with_direction_and_quote(
    tiny: nx.MultiDiGraph,
) -> None:
    (path,) = analytics.shortest_paths(tiny, "习近平", "kazakhstan")
    assert [(h.predicate, h.forward) for h in path] == [
        ("cica:proposer", False), ("cica:proposed", True), ("schema:organizer", False),
        ("schema:location", True), ("schema:containedInPlace", True),
    ]  # fmt: skip
    assert path[0].quote_en == "Xi Jinping proposed the forum."
    assert path[-1].quote_en == "Almaty is in Kazakhstan."


def test_no_path_is_an_empty_list(tiny: nx.MultiDiGraph) -> None:
    graph = tiny.copy()
    graph.add_node("urn:x", label_en="Island", label_zh="", kind="cica:State", aliases="")
    assert analytics.shortest_paths(graph, "Island", "Almaty") == []


def test_unknown_label_error_lists_close_matches(tiny: nx.MultiDiGraph) -> None:
    with pytest.raises(UsageError, match=r"'Almati'.*did you mean: Almaty"):
        analytics.shortest_paths(tiny, "Almati", "Forum")


def test_rank_table_puts_the_hub_first_with_all_measures(tiny: nx.MultiDiGraph) -> None:
    rows = analytics.rank(tiny)
    assert len(rows) == tiny.number_of_nodes()
    assert [r.pagerank for r in rows] == sorted((r.pagerank for r in rows), reverse=True)
    assert abs(sum(r.pagerank for r in rows) - 1.0) < 1e-6
    by_name = {r.label_en: r for r in rows}
    assert {rows[-1].label_en, rows[-2].label_en} == {"Xi Jinping", "Kazakhstan"}  # chain ends
    assert by_name["Kazakhstan"].betweenness == 0.0
    assert by_name["Forum"].betweenness == pytest.approx(0.6)  # 6 of 10 pairs pass through it
    assert by_name["Forum"].degree == 2
    assert analytics.rank(tiny, top=2) == rows[:2]


@pytest.mark.parametrize("fmt", analytics.EXPORT_FORMATS)
def test_each_export_parses_back_with_networkx(
    tiny: nx.MultiDiGraph, tmp_path: Path, fmt: analytics.ExportFormat
) -> None:
    path = analytics.write_export(tiny, tmp_path / f"g.{fmt}", fmt=fmt)
    if fmt == "graphml":
        back = nx.read_graphml(path)
    elif fmt == "gexf":
        back = nx.read_gexf(path)
    else:
        back = nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="links")
    assert back.number_of_nodes() == tiny.number_of_nodes()
    assert back.number_of_edges() == tiny.number_of_edges()
    labels = {data.get("label_zh") for _, data in back.nodes(data=True)}
    assert "习近平" in labels
    assert analytics.export_graph(tiny, fmt=fmt) == path.read_text("utf-8")  # deterministic


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_png_is_written(tiny: nx.MultiDiGraph, tmp_path: Path, lang: str) -> None:
    path = drawing.draw_png(tiny, tmp_path / f"g-{lang}.png", lang=lang)
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000


def test_png_into_a_missing_directory_is_an_output_error(
    tiny: nx.MultiDiGraph, tmp_path: Path
) -> None:
    with pytest.raises(OutputError, match="writable"):
        drawing.draw_png(tiny, tmp_path / "missing" / "g.png")


def test_chinese_labels_have_a_cjk_font() -> None:
    from cica_kg.analytics.drawing import cjk_font_family

    assert cjk_font_family()


def test_path_on_the_built_graph_quotes_the_article(built_trig: Path) -> None:
    graph = analytics.entity_graph(analytics.read_dataset(built_trig))
    paths = analytics.shortest_paths(graph, "Nursultan Nazarbayev", "习近平")
    assert paths and all(paths)
    text = next(Path(p).read_text("utf-8") for p in _corpus_files())
    for hop in paths[0]:
        assert hop.quote_en or hop.quote_zh
        assert all(q in text for q in (hop.quote_en, hop.quote_zh) if q)
    top = analytics.rank(graph, top=1)[0]
    assert "Confidence-Building" in top.label_en or top.label_en == "CICA"


def _corpus_files() -> list[Path]:
    from cica_kg import resources

    return sorted(resources.corpus_dir().glob("*.txt"))


def test_missing_trig_says_to_build(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cica-kg build"):
        analytics.read_dataset(tmp_path / "cica.trig")


def test_cli_path_prints_hops_and_quotes(
    built_trig: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["graph", "path", "Xi Jinping", "Almaty", "--graph", str(built_trig)]) == 0
    out = capsys.readouterr().out
    assert "path 1 of" in out and "Xi Jinping" in out and "Almaty" in out
    assert "en: “" in out and "zh: “" in out


def test_cli_rank_export_png_and_errors(
    built_trig: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    g = ["--graph", str(built_trig)]
    assert main(["graph", "rank", "--top", "5", "--lang", "zh", *g]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 6 and "pagerank" in out and "亚洲相互协作与信任措施会议" in out
    target = tmp_path / "e.gexf"
    assert main(["graph", "export", "--format", "gexf", "-o", str(target),
                 "--png", str(tmp_path / "e.png"), *g]) == 0  # fmt: skip
    assert nx.read_gexf(target).number_of_nodes() > 20 and (tmp_path / "e.png").stat().st_size
    assert main(["graph", "png", str(tmp_path / "zh.png"), "--lang", "zh", *g]) == 0
    assert main(["graph", "path", "Nazarbaev", "China", *g]) == 2
    assert "did you mean: Nursultan Nazarbayev" in capsys.readouterr().err
    assert main(["graph", "rank", "--graph", str(tmp_path / "none.trig")]) == 2
