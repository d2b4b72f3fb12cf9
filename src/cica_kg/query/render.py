"""Render a :class:`QueryResult`: a readable table, the SPARQL 1.1 result formats, or RDF.

``table`` shows labels instead of IRIs (in the chosen language, falling back to the other,
then to a CURIE); ``json``, ``xml``, ``csv`` and ``tsv`` follow the W3C SPARQL 1.1 result
format specifications; CONSTRUCT/DESCRIBE results are written as Turtle, N-Triples or JSON-LD.
"""

from __future__ import annotations

from cica_kg import prefixes
from cica_kg.errors import UsageError
from cica_kg.query.results import QueryResult, Term
from cica_kg.text.display import table_lines

RESULT_FORMATS = ("table", "json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
FORMATS = RESULT_FORMATS + GRAPH_FORMATS
PREFIXES = prefixes.RESULT_PREFIXES


def render(result: QueryResult, fmt: str = "table", *, lang: str = "en") -> str:
    """The result as text in format ``fmt`` (see :data:`FORMATS`).

    Raises:
        UsageError: the format does not fit the query form (e.g. csv for a CONSTRUCT).
    """
    graph = result.form in ("CONSTRUCT", "DESCRIBE")
    if graph:
        fmt = "turtle" if fmt == "table" else fmt
        if fmt not in GRAPH_FORMATS:
            choices = ", ".join(GRAPH_FORMATS)
            raise UsageError(f"--format {fmt} is for SELECT/ASK; use one of {choices}")
        return _graph(result, fmt)
    if fmt not in RESULT_FORMATS:
        choices = ", ".join(RESULT_FORMATS)
        raise UsageError(f"--format {fmt} is for CONSTRUCT/DESCRIBE; use one of {choices}")
    renderer = {"table": _table, "json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[fmt]
    return renderer(result, lang)


def curie(iri: str) -> str:
    """``https://schema.org/startDate`` → ``schema:startDate`` (the IRI if no prefix fits)."""
    return prefixes.curie(iri, PREFIXES)


def label(term: Term | None, result: QueryResult, lang: str) -> str:
    """What a cell shows: an IRI's label (``lang``, else the other language), else its CURIE."""
    if term is None:
        return ""
    if term.kind != "uri":
        return term.value
    names = result.labels.get(term.value, {})
    other = "zh" if lang == "en" else "en"
    for choice in (lang, other, ""):
        if choice in names:
            return names[choice]
    if names:
        return names[sorted(names)[0]]
    return curie(term.value)


def _table(result: QueryResult, lang: str) -> str:
    if result.form == "ASK":
        return ("yes" if result.boolean else "no") + "\n"
    cells = [[label(t, result, lang).replace("\n", " ") for t in row] for row in result.rows]
    lines = table_lines(cells, header=result.variables)
    count = f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''}"
    note = f", truncated at --limit {result.limit})" if result.truncated else ")"
    return "\n".join([*lines, count + note]) + "\n"


def _json_term(term: Term) -> dict[str, str]:
    if term.kind in ("uri", "bnode"):
        return {"type": term.kind, "value": term.value}
    cell = {"type": "literal", "value": term.value}
    if term.lang:
        cell["xml:lang"] = term.lang
    elif term.datatype:
        cell["datatype"] = term.datatype
    return cell


def _json(result: QueryResult, lang: str) -> str:
    import json

    if result.form == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` for XML text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """An XML attribute value in double quotes."""
    return '"' + escape(text).replace('"', "&quot;") + '"'


def _xml_term(term: Term) -> str:
    if term.kind == "uri":
        return f"<uri>{escape(term.value)}</uri>"
    if term.kind == "bnode":
        return f"<bnode>{escape(term.value)}</bnode>"
    attrs = f" xml:lang={quoteattr(term.lang)}" if term.lang else ""
    attrs += f" datatype={quoteattr(term.datatype)}" if term.datatype and not term.lang else ""
    return f"<literal{attrs}>{escape(term.value)}</literal>"


def _xml(result: QueryResult, lang: str) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.form == "ASK":
        out += ["  <head/>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>"]
    else:
        out.append("  <head>")
        out += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
        out += ["  </head>", "  <results>"]
        for row in result.rows:
            out.append("    <result>")
            out += [
                f"      <binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(result.variables, row, strict=True)
                if t is not None
            ]
            out.append("    </result>")
        out.append("  </results>")
    return "\n".join([*out, "</sparql>"]) + "\n"


def _csv_cell(term: Term | None) -> str:
    if term is None:
        return ""
    value = term.value if term.kind != "bnode" else f"_:{term.value}"
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv(result: QueryResult, lang: str) -> str:
    if result.form == "ASK":
        return "true\r\n" if result.boolean else "false\r\n"
    lines = [",".join(result.variables)]
    lines += [",".join(_csv_cell(t) for t in row) for row in result.rows]
    return "\r\n".join(lines) + "\r\n"


def _tsv(result: QueryResult, lang: str) -> str:
    if result.form == "ASK":
        return "true\n" if result.boolean else "false\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(t.n3() if t is not None else "" for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _graph(result: QueryResult, fmt: str) -> str:
    import pyoxigraph as ox

    from cica_kg.query.results import to_oxigraph

    triples = sorted(result.triples)
    ox_triples = [ox.Triple(*(to_oxigraph(t) for t in triple)) for triple in triples]
    rdf_format = {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[fmt]
    prefixes = PREFIXES if fmt == "turtle" else None
    data = ox.serialize(ox_triples, format=rdf_format, prefixes=prefixes)
    return bytes(data or b"").decode("utf-8")
