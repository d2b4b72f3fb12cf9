"""HTML documentation of the ontology (``/ontology``), generated from the store's ontology graph.

In the manner of pyLODE: the metadata block, then classes, object and datatype properties,
named individuals and SKOS concept schemes with their concepts; each term with its English
and Chinese labels and comments, its axioms (superclasses, domain, range, ...) and examples
from the graph, linked to their pages. pyLODE itself does not work here (decision 0089).
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

from cica_kg import graphs
from cica_kg.prefixes import PREFIXES, RESULT_PREFIXES, curie
from cica_kg.serve.reply import Reply

ONTOLOGY = "https://w3id.org/cica-kg/ontology"
OWL, RDFS, SKOS = PREFIXES["owl"], PREFIXES["rdfs"], PREFIXES["skos"]
RDF_TYPE = PREFIXES["rdf"] + "type"
SECTIONS = (
    (OWL + "Class", "Classes", "classes"),
    (OWL + "ObjectProperty", "Object properties", "object-properties"),
    (OWL + "DatatypeProperty", "Datatype properties", "datatype-properties"),
    (OWL + "AnnotationProperty", "Annotation properties", "annotation-properties"),
    (OWL + "NamedIndividual", "Named individuals", "individuals"),
    (SKOS + "ConceptScheme", "Concept schemes", "schemes"),
)
AXIOMS = tuple((name, ns + name) for ns, names in (
    (RDFS, ("subClassOf", "subPropertyOf", "domain", "range", "seeAlso")),
    (OWL, ("inverseOf", "equivalentClass", "equivalentProperty")),
    (SKOS, ("inScheme", "broader", "topConceptOf")),
) for name in names)  # fmt: skip
EXAMPLES = 3
TRIPLES = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graphs.ONTOLOGY}> {{ ?s ?p ?o }} }}"
FACTS = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graphs.FACTS}> {{ ?s ?p ?o }} }} ORDER BY ?s ?p ?o"
LABELS = f"""SELECT ?s ?l WHERE {{ GRAPH <{graphs.FACTS}> {{
  ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = "en") }} }}"""


class _Graph:
    """The ontology graph as ``subject → property → [objects]`` (strings, literals tagged)."""

    def __init__(self, store: Any) -> None:
        self.props: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for s in store.query(TRIPLES):
            self.props[s["s"].value][s["p"].value].append(s["o"])

    def texts(self, subject: str, prop: str, lang: str) -> list[str]:
        """The ``lang`` literals of ``subject``'s ``prop``, sorted."""
        values = self.props.get(subject, {}).get(prop, [])
        return sorted(v.value for v in values if getattr(v, "language", None) == lang)

    def objects(self, subject: str, prop: str) -> list[Any]:
        """Every object of ``subject``'s ``prop``, sorted by value."""
        return sorted(self.props.get(subject, {}).get(prop, []), key=lambda o: o.value)

    def members(self, node: Any) -> list[str]:
        """The classes of an ``owl:unionOf`` list at blank node ``node``."""
        out: list[str] = []
        for union in self.objects(node.value, OWL + "unionOf"):
            item = union
            while item is not None and item.value != PREFIXES["rdf"] + "nil":
                out += [f.value for f in self.objects(item.value, PREFIXES["rdf"] + "first")]
                rest = self.objects(item.value, PREFIXES["rdf"] + "rest")
                item = rest[0] if rest else None
        return out


def ontology_page(store: Any) -> Reply:
    """The documentation page (HTML) of the ontology in ``store``."""
    graph = _Graph(store)
    examples = _examples(store)
    terms: dict[str, list[str]] = {kind: [] for kind, _, _ in SECTIONS}
    for subject, props in graph.props.items():
        defined = any(o.value == ONTOLOGY for o in props.get(RDFS + "isDefinedBy", []))
        for kind in {o.value for o in props.get(RDF_TYPE, [])} & set(terms):
            if defined or kind == SKOS + "ConceptScheme":
                terms[kind].append(subject)
    body = [_metadata(graph), _toc(terms, graph)]
    for kind, title, anchor in SECTIONS:
        if terms[kind]:
            items = "".join(_term(t, graph, examples) for t in sorted(terms[kind]))
            body.append(f'<h2 id="{anchor}">{escape(title)}</h2>\n{items}')
    html = _PAGE.format(title=escape(_first(graph.texts(ONTOLOGY, _dc("title"), "en"))),
                        body="\n".join(body))  # fmt: skip
    return Reply(200, "text/html; charset=utf-8", html.encode("utf-8"), (("Vary", "Accept"),))


def _dc(local: str) -> str:
    return PREFIXES["dcterms"] + local


def _first(values: list[str]) -> str:
    return values[0] if values else ""


def _examples(store: Any) -> dict[str, list[tuple[str, str, str]]]:
    """Per class or property IRI: up to :data:`EXAMPLES` (subject, property, object) facts."""
    labels = {s["s"].value: s["l"].value for s in store.query(LABELS)}
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for s in store.query(FACTS):
        subject, prop, obj = s["s"].value, s["p"].value, s["o"]
        name = labels.get(subject, subject)
        key = obj.value if prop == RDF_TYPE else prop
        if len(found[key]) < EXAMPLES and all(e[0] != subject for e in found[key]):
            named = type(obj).__name__ == "NamedNode"
            value = labels.get(obj.value, obj.value) if named else obj.value
            found[key].append((subject, name, value))
    return found


def _link(iri: str) -> str:
    """A link to a term: its anchor here for one of ours, else out, shown as a CURIE."""
    if iri.startswith(PREFIXES["cica"]):
        local = iri[len(PREFIXES["cica"]) :]
        return f'<a href="#{escape(local, quote=True)}">cica:{escape(local)}</a>'
    if iri.startswith(PREFIXES["cicar"]):
        path = iri[len(PREFIXES["cicar"]) :]
        return f'<a href="/id/{escape(path, quote=True)}">{escape(path)}</a>'
    return f'<a href="{escape(iri, quote=True)}">{escape(curie(iri, RESULT_PREFIXES))}</a>'


def _metadata(graph: _Graph) -> str:
    """Title, description (both languages), IRI, version, licence, prefix."""
    def values(prop: str) -> str:
        return ", ".join(o.value for o in graph.objects(ONTOLOGY, prop))

    description = _dc("description")
    texts = [f'<p lang="{lang}">{escape(t)}</p>'
             for lang in ("en", "zh")
             for t in graph.texts(ONTOLOGY, description, lang)]  # fmt: skip
    facts = [("IRI", ONTOLOGY), ("version", values(OWL + "versionInfo")),
             ("licence", values(_dc("license"))), ("prefix", "cica: " + PREFIXES["cica"]),
             ("Turtle", "/ontology (Accept: text/turtle)")]  # fmt: skip
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in facts)
    en = _first(graph.texts(ONTOLOGY, _dc("title"), "en"))
    zh = _first(graph.texts(ONTOLOGY, _dc("title"), "zh"))
    heading = f'<h1>{escape(en)}</h1><p lang="zh" class="zh">{escape(zh)}</p>'
    return heading + "".join(texts) + f"<table>{table}</table>"


def _toc(terms: dict[str, list[str]], graph: _Graph) -> str:
    parts = []
    for kind, title, anchor in SECTIONS:
        if terms[kind]:
            links = ", ".join(_link(t) for t in sorted(terms[kind]))
            parts.append(f'<p><a href="#{anchor}"><strong>{escape(title)}</strong></a> '
                         f"({len(terms[kind])}): {links}</p>")  # fmt: skip
    return '<nav class="toc-list">' + "".join(parts) + "</nav>"


def _term(iri: str, graph: _Graph, examples: dict[str, list[tuple[str, str, str]]]) -> str:
    local = iri[len(PREFIXES["cica"]) :] if iri.startswith(PREFIXES["cica"]) else iri
    en = _label(graph, iri, "en")
    zh = _label(graph, iri, "zh")
    out = [f'<section id="{escape(local, quote=True)}"><h3>{escape(en or local)} '
           f'<span lang="zh">{escape(zh)}</span></h3><p class="iri">{escape(iri)}</p>']  # fmt: skip
    for lang in ("en", "zh"):
        for prop in (RDFS + "comment", SKOS + "definition", SKOS + "scopeNote"):
            out += [f'<p lang="{lang}">{escape(t)}</p>' for t in graph.texts(iri, prop, lang)]
    out += [_axioms(iri, graph), _examples_html(examples.get(iri, [])), _concepts(iri, graph)]
    return "".join(out) + "</section>\n"


def _label(graph: _Graph, iri: str, lang: str) -> str:
    labels = graph.texts(iri, RDFS + "label", lang) or graph.texts(iri, SKOS + "prefLabel", lang)
    return _first(labels)


def _axioms(iri: str, graph: _Graph) -> str:
    """Superclasses, domain, range, ...: a table of links (a union as "A or B")."""
    rows = []
    for name, prop in AXIOMS:
        values: list[str] = []
        for o in graph.objects(iri, prop):
            if type(o).__name__ == "BlankNode":
                values.append(" or ".join(_link(m) for m in graph.members(o)))
            else:
                values.append(_link(o.value))
        if values:
            rows.append(f"<tr><th>{escape(name)}</th><td>{', '.join(values)}</td></tr>")
    return "<table>" + "".join(rows) + "</table>" if rows else ""


def _examples_html(shown: list[tuple[str, str, str]]) -> str:
    """Up to three uses in the graph: the subject (linked to its page) and the value."""
    items = []
    for subject, name, value in shown:
        if not subject.startswith(PREFIXES["cicar"]):
            continue
        page = escape("/id/" + subject[len(PREFIXES["cicar"]) :], quote=True)
        tail = f" → {escape(value)}" if value and not value.startswith("http") else ""
        items.append(f'<li><a href="{page}">{escape(name)}</a>{tail}</li>')
    return f"<p><small>in the graph:</small></p><ul>{''.join(items)}</ul>" if items else ""


def _concepts(scheme: str, graph: _Graph) -> str:
    in_scheme = SKOS + "inScheme"
    members = sorted(s for s, props in graph.props.items()
                     if any(o.value == scheme for o in props.get(in_scheme, [])))  # fmt: skip
    if not members:
        return ""
    rows = []
    for concept in members:
        en = _first(graph.texts(concept, SKOS + "prefLabel", "en"))
        zh = _first(graph.texts(concept, SKOS + "prefLabel", "zh"))
        note = _first(graph.texts(concept, SKOS + "definition", "en"))
        rows.append(f"<tr><td>{_link(concept)}</td><td>{escape(en)}</td>"
                    f'<td lang="zh">{escape(zh)}</td><td>{escape(note)}</td></tr>')  # fmt: skip
    head = "<tr><th>concept</th><th>English</th><th>中文</th><th>definition</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} · documentation</title>
<link rel="stylesheet" href="/static/cica.css"></head><body>
<header class="cica-bar"><a href="/"><strong>CICA knowledge graph</strong></a>
<a href="/ontology">ontology</a></header>
<main class="cica-page">
{body}
</main></body></html>
"""
