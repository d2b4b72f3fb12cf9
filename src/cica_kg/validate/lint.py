"""The faults of a shapes file, each as one line naming the file: unknown terms, refusals.

Lint: every term in the ``sh:`` namespace must be one SHACL defines. pySHACL ignores a
predicate it does not know, so ``sh:minCont 1`` (for ``sh:minCount``) silently checks nothing
and the graph "conforms". The known terms are rdflib's closed ``SH`` namespace, generated from
W3C's ``shacl.ttl`` (the test suite checks it against the copy pySHACL bundles), plus
``sh:SHACLFunction`` of SHACL Advanced Features, which pySHACL knows. An unknown term is an
error (decision 0084). A shape pySHACL refuses to run (:func:`refusal`) is one too.

>>> from rdflib import Graph
>>> unknown_terms(Graph().parse(data="[] <http://www.w3.org/ns/shacl#minCont> 1 .",
...                             format="turtle"))
['minCont']
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from rdflib import SH, Graph, URIRef
from rdflib.term import Node

from cica_kg.errors import ResourceError
from cica_kg.namespace import PREFIXES
from cica_kg.prefixes import curie
from cica_kg.rdfinput import display_path, read_input

NAMESPACE = str(SH)
EXTRA_TERMS = frozenset({"SHACLFunction"})
"""Terms outside rdflib's ``SH`` that pySHACL still reads (SHACL Advanced Features)."""


def known_terms() -> frozenset[str]:
    """The local names of every term of the SHACL vocabulary (``""`` is the namespace)."""
    names = set(SH.__annotations__) | set(getattr(SH, "_extras", ()))
    return frozenset(names | EXTRA_TERMS | {""})


def unknown_terms(graph: Graph) -> list[str]:
    """The local names of the ``sh:`` IRIs in ``graph`` that SHACL does not define, sorted."""
    known = known_terms()
    found = {
        str(node)[len(NAMESPACE):]
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(NAMESPACE)
    }
    return sorted(found - known)


def check_shapes(graph: Graph, *, path: Path) -> None:
    """Refuse a shapes graph (read from ``path``) that uses a term SHACL does not define.

    Raises:
        ResourceError: one line naming each unknown term, its line in ``path`` if found and
            the nearest SHACL term.
    """
    unknown = unknown_terms(graph)
    if not unknown:
        return
    try:
        text = read_input(path, error=ResourceError).decode("utf-8", errors="replace")
    except ResourceError:  # changed since it was parsed: report without lines
        text = ""
    prefixes = sorted({str(p) for p, ns in graph.namespaces() if str(ns) == NAMESPACE} | {"sh"})
    described = ", ".join(_describe(name, text, prefixes) for name in unknown)
    raise ResourceError(
        f"{display_path(path)}: unknown SHACL term(s), which pySHACL would silently ignore: "
        f"{described}; fix the spelling"
    )


def _describe(name: str, text: str, prefixes: list[str]) -> str:
    line = _line_of(name, text, prefixes)
    where = f" at line {line}" if line else ""
    close = difflib.get_close_matches(name, sorted(known_terms() - {""}), n=1, cutoff=0.7)
    guess = f" (did you mean sh:{close[0]}?)" if close else ""
    return f"sh:{name}{where}{guess}"


def _line_of(name: str, text: str, prefixes: list[str]) -> int | None:
    """The first line of ``text`` writing the term ``name`` (prefixed or as a full IRI)."""
    forms = [re.escape(f"<{NAMESPACE}{name}>")]
    local = re.escape(name)
    forms += [rf"(?<![\w.:-]){re.escape(prefix)}:{local}(?![\w:-])" for prefix in prefixes]
    match = re.search("|".join(forms), text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def refusal(exc: BaseException, shapes: Graph, *, path: Path) -> ResourceError:
    """pySHACL's refusal ``exc`` of a shape in ``shapes`` (read from ``path``) as one line
    naming the file and the shape: a ``ValidationFailure`` it returned as the report (a SPARQL
    constraint with ``MINUS``, ``VALUES``, ``SERVICE``), or an error loading a shape."""
    reason = str(getattr(exc, "message", None) or exc).strip().splitlines()
    why = reason[0].rstrip(".") if reason else type(exc).__name__
    shape = _shape_of(exc)
    named = ""
    if shape is not None:
        shown = curie(str(shape), PREFIXES) if isinstance(shape, URIRef) else "(a blank node)"
        shown = f"<{shown}>" if shown == str(shape) else shown
        name = shapes.value(shape, SH.name)
        named = f" shape {shown}" + (f' ("{name}")' if name else "") + ":"
    return ResourceError(f"{display_path(path)}:{named} pySHACL refused it ({why}); fix the shape")


def _shape_of(exc: BaseException) -> Node | None:
    """The shape pySHACL was loading or running when it raised ``exc``: the innermost one
    named by an IRI, else the innermost (found in the frames of the traceback)."""
    from pyshacl.shape import Shape

    shapes: list[Node] = []
    trace = exc.__traceback__
    while trace is not None:  # outermost frame first
        owner = trace.tb_frame.f_locals.get("self")
        shape = owner if isinstance(owner, Shape) else getattr(owner, "shape", None)
        if isinstance(shape, Shape):
            shapes.append(shape.node)
        trace = trace.tb_next
    named = [node for node in shapes if isinstance(node, URIRef)]
    return (named or shapes or [None])[-1]
