"""The SPARQL 1.1 Service Description answered at the endpoint (a GET with no query).

It states the endpoint, the language (SPARQL 1.1 Query only), the result formats and the
default dataset: the text's graphs merged as the default graph (decision 0073) and every
graph of the store as a named graph.
"""

from __future__ import annotations

from cica_kg import graphs
from cica_kg.errors import UsageError
from cica_kg.query.results import Term, Triple
from cica_kg.serve import formats, negotiate
from cica_kg.serve.protocol import QueryRequest
from cica_kg.serve.reply import Reply, error

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FORMATS_NS = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")  # fmt: skip


def description_triples(endpoint: str) -> list[Triple]:
    """The service description of ``endpoint`` as triples."""
    service = Term("uri", endpoint)
    dataset, default = Term("bnode", "dataset"), Term("bnode", "default")

    def uri(local: str, ns: str = SD) -> Term:
        return Term("uri", ns + local)

    a = Term("uri", RDF_TYPE)
    triples: list[Triple] = [
        (service, a, uri("Service")),
        (service, uri("endpoint"), service),
        (service, uri("supportedLanguage"), uri("SPARQL11Query")),
        (service, uri("defaultDataset"), dataset),
        (dataset, a, uri("Dataset")),
        (dataset, uri("defaultGraph"), default),
        (default, a, uri("Graph")),
    ]
    triples += [(service, uri("resultFormat"), uri(f, FORMATS_NS)) for f in RESULT_FORMATS]
    for number, name in enumerate((*graphs.QUERY_DEFAULT, *graphs.SEPARATE)):
        named = Term("bnode", f"named{number}")
        triples += [(dataset, uri("namedGraph"), named), (named, a, uri("NamedGraph")),
                    (named, uri("name"), Term("uri", name))]  # fmt: skip
    return triples


def service_description(endpoint: str, asked: QueryRequest) -> Reply:
    """The description in the format the request negotiates (Turtle by default)."""
    try:
        fmt = negotiate.choose("DESCRIBE", asked.accept, asked.fmt)
    except negotiate.NotAcceptableError as exc:
        return error(406, str(exc))
    except UsageError as exc:
        return error(400, str(exc))
    prefixes = {"sd": SD, "formats": FORMATS_NS, "cicag": graphs.GRAPH}
    body = formats.graph(description_triples(endpoint), fmt, prefixes=prefixes)
    return Reply(200, negotiate.MEDIA_TYPES[fmt], body, (("Vary", "Accept"),))
