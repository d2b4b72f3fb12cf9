"""Serialise an answer in a negotiated format: SPARQL results, or RDF with our prefixes.

Solutions reuse :func:`cica_kg.query.render.render` (the CLI's writers, so the server and
``cica-kg query -f json`` write the same bytes); a truncated answer says so in SPARQL
JSON (a top-level ``"truncated": true``, which readers ignore) and XML (a ``link`` in the
head). Graphs are sorted, then written by Oxigraph; JSON-LD is compacted with the
project's prefixes as its ``@context``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from cica_kg.prefixes import RESULT_PREFIXES
from cica_kg.query.render import render
from cica_kg.query.results import QueryResult, Triple, from_oxigraph, to_oxigraph
from cica_kg.serve.negotiate import MEDIA_TYPES
from cica_kg.serve.reply import Reply

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
TRUNCATED_LINK = "https://w3id.org/cica-kg/ontology#truncated"


def solutions(result: QueryResult, fmt: str) -> bytes:
    """SELECT / ASK ``result`` as ``json``, ``xml``, ``csv`` or ``tsv``."""
    text = render(result, fmt)
    if result.truncated and fmt == "json":
        doc = json.loads(text)
        doc["head"]["link"] = [TRUNCATED_LINK]
        doc["truncated"] = True
        text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    elif result.truncated and fmt == "xml":
        text = text.replace("  <head>", f'  <head>\n    <link href="{TRUNCATED_LINK}"/>', 1)
    return text.encode("utf-8")


def graph(
    triples: Iterable[Triple], fmt: str, *, prefixes: Mapping[str, str] = RESULT_PREFIXES
) -> bytes:
    """``triples`` as ``turtle``, ``ntriples``, ``jsonld`` (compact) or ``rdfxml``, sorted."""
    import pyoxigraph as ox

    ordered = [ox.Triple(*(to_oxigraph(t) for t in triple)) for triple in sorted(set(triples))]
    if fmt == "jsonld":
        expanded = ox.serialize(ordered, format=ox.RdfFormat.JSON_LD) or b"[]"
        document = compact(json.loads(expanded), prefixes)
        return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    rdf_format = {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }[fmt]
    declared = dict(prefixes) if fmt in ("turtle", "rdfxml") else None
    return bytes(ox.serialize(ordered, format=rdf_format, prefixes=declared) or b"")


def compact(expanded: list[dict[str, Any]], prefixes: Mapping[str, str]) -> dict[str, Any]:
    """Expanded JSON-LD (a list of node objects) as ``{"@context": …, "@graph": …}``.

    Property names, ``@id`` and ``@type`` values and datatypes become compact IRIs
    (``schema:name``) where a prefix covers them; values keep their JSON-LD form, so the
    document expands back to the same triples.

    >>> compact([{"@id": "https://schema.org/x", "@type": ["https://schema.org/Place"]}],
    ...         {"schema": "https://schema.org/"})["@graph"]
    [{'@id': 'schema:x', '@type': 'schema:Place'}]
    """
    used: set[str] = set()

    def short(iri: str) -> str:
        for prefix, namespace in prefixes.items():
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and not local.startswith("//"):
                used.add(prefix)
                return f"{prefix}:{local}"
        return iri

    nodes = [_node(node, short) for node in expanded]
    context = {prefix: prefixes[prefix] for prefix in prefixes if prefix in used}
    return {"@context": context, "@graph": nodes}


def _node(node: dict[str, Any], short: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == RDF_TYPE and all(set(v) == {"@id"} for v in value):
            types = [short(v["@id"]) for v in value] + list(out.get("@type", []))
            out["@type"] = types[0] if len(types) == 1 else sorted(types)
        elif key == "@id":
            out[key] = value if value.startswith("_:") else short(value)
        elif key == "@type":
            types = [short(t) for t in value]
            out[key] = types[0] if len(types) == 1 else types
        else:
            out[short(key)] = [_value(v, short) for v in value]
    return out


def _value(value: dict[str, Any], short: Any) -> dict[str, Any]:
    if "@id" in value:
        return {"@id": value["@id"] if value["@id"].startswith("_:") else short(value["@id"])}
    if "@type" in value:
        return {"@value": value["@value"], "@type": short(value["@type"])}
    return dict(value)


def ontology_file(fmt: str) -> Reply:
    """``ontology/cica.ttl`` as it is (Turtle) or converted to another graph format."""
    import pyoxigraph as ox

    from cica_kg.resources import ontology_file as path

    data = path("cica.ttl").read_bytes()
    if fmt != "turtle":
        triples = [(from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
                   for t in ox.parse(data, ox.RdfFormat.TURTLE)]  # fmt: skip
        data = graph(triples, fmt)  # type: ignore[arg-type]
    return Reply(200, MEDIA_TYPES[fmt], data, (("Vary", "Accept"),))
