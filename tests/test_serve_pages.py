"""Linked Data on `cica-kg serve`: every minted IRI has a page, HTML or RDF by `Accept`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from serve_helpers import Server, http, running_server

ROOT = Path(__file__).resolve().parent.parent
ALMATY = "/id/city/almaty"
SOC = "/id/body/senior-officials-committee"


@pytest.fixture(scope="module")
def server(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("serve-pages") / "serve.log"
    with running_server(seed_build / "store", log) as running:
        yield running


def test_every_minted_iri_of_the_facts_resolves(server: Server, seed_build: Path) -> None:
    import pyoxigraph as ox

    text = (seed_build / "cica.ttl").read_bytes()
    base = "https://w3id.org/cica-kg"
    minted = {t.value for triple in ox.parse(text, ox.RdfFormat.TURTLE) for t in triple
              if isinstance(t, ox.NamedNode) and t.value.startswith(base + "/id/")}  # fmt: skip
    assert len(minted) > 30
    failed = [iri for iri in sorted(minted)
              if http(server.url + iri.removeprefix(base)).status != 200]  # fmt: skip
    assert not failed


def test_a_browser_gets_html_with_labels_quotes_sources_and_links(server: Server) -> None:
    page = http(server.url + ALMATY, headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["vary"] == "Accept"
    html = page.text
    assert "<h1>Almaty</h1>" in html and "阿拉木图" in html  # English and Chinese labels
    assert "<blockquote" in html and "was held in Almaty (Kazakhstan)" in html  # a quote
    assert 'href="/id/source/' in html  # its source article, on this server
    assert "http://www.wikidata.org/entity/Q35493" in html  # a link out
    assert "Pointing here" in html and 'href="/id/summit/' in html  # incoming links


@pytest.mark.parametrize(
    ("accept", "media"),
    [("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"),
     ("application/n-triples", "application/n-triples")],
)  # fmt: skip
def test_a_program_gets_rdf_about_the_resource(server: Server, accept: str, media: str) -> None:
    import pyoxigraph as ox

    answer = http(server.url + SOC, headers={"Accept": accept})
    assert answer.status == 200 and answer.headers["content-type"].startswith(media)
    assert answer.headers["vary"] == "Accept"
    fmt = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
           "application/n-triples": ox.RdfFormat.N_TRIPLES}[media]  # fmt: skip
    triples = list(ox.parse(answer.body, fmt))
    iri = "https://w3id.org/cica-kg/id/body/senior-officials-committee"
    labels = {t.object.value for t in triples
              if t.subject.value == iri and t.predicate.value.endswith("#label")}  # fmt: skip
    assert labels == {"Senior Officials Committee", "高官委员会"}
    assert any(t.object.value == iri for t in triples)  # CICA org:hasUnit it
    if media == "application/ld+json":
        assert "@context" in json.loads(answer.body)


def test_an_unknown_resource_is_404_and_a_bad_format_400(server: Server) -> None:
    assert http(server.url + "/id/body/no-such-body").status == 404
    assert http(server.url + "/id/body/%3Cx%3E%20y").status == 404
    assert http(server.url + SOC + "?format=png").status == 400
    assert http(server.url + SOC, headers={"Accept": "image/png"}).status == 406


def test_the_w3id_rules_send_each_public_path_to_a_path_the_server_answers(server: Server) -> None:
    rules = (ROOT / "deploy" / "w3id" / ".htaccess").read_text("utf-8")
    targets = re.findall(r"^RewriteRule \S+ https://SERVER(\S*)", rules, flags=re.MULTILINE)
    assert {"/ontology", "/id/$1", "/sparql", "/"} <= set(targets)
    for target in targets:
        path = target.replace("$1", SOC.removeprefix("/id/"))
        assert http(server.url + path).status == 200, path


def test_the_ontology_is_documented_in_both_languages_with_examples(server: Server) -> None:
    page = http(server.url + "/ontology")
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "<h1>CICA knowledge graph ontology</h1>" in html and "亚信会议知识图谱本体" in html
    for section in ("Classes", "Object properties", "Datatype properties", "Concept schemes"):
        assert f">{section}</h2>" in html
    body = html[html.index('<section id="Body">') :].split("</section>")[0]
    assert "机构" in body and "org:OrganizationalUnit" in body  # zh label, superclass
    assert 'href="/id/body/senior-officials-committee"' in body  # an example from the graph
    assert "经济领域" in html  # a SKOS concept's Chinese label


def test_the_ontology_turtle_by_accept(server: Server) -> None:
    answer = http(server.url + "/ontology", headers={"Accept": "text/turtle"})
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/turtle")
    assert answer.body == (ROOT / "ontology" / "cica.ttl").read_bytes()
