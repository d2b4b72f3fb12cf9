"""Cross-check the fast engine against pySHACL on one graph, finding by finding (0117, 0143).

Each finding is compared on focus node, shape, severity, path, value, the focus node's name
and the source quote. Its message must be one pySHACL gave the same finding: pySHACL 0.40
lets a SPARQL constraint's later results carry its earlier results' messages too (a list
shared between them; 0117), so its report may show another finding's value, and the fast
engine, which gives each result its own message, cannot match its choice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, SH, Dataset, Graph
from rdflib.term import Node

from cica_kg.namespace import bind_prefixes
from cica_kg.rdfinput import rdf_format
from cica_kg.validate.shacl import (
    Finding,
    ValidationResult,
    _report,
    bundled_shapes,
    finding,
    result_of,
    validate,
)

Key = tuple[str, str, str, str, str, str, str]


@dataclass(frozen=True)
class CrossCheck:
    """pySHACL's and the fast engine's findings on one graph, compared."""

    label: str
    pyshacl: int  # findings of each engine
    fast: int
    missing: tuple[Key, ...]  # pySHACL's findings the fast engine lacks (all fields but message)
    extra: tuple[Key, ...]  # the fast engine's findings pySHACL lacks
    foreign: tuple[str, ...]  # fast messages pySHACL never gave that finding
    same_message: int  # findings whose message is the one pySHACL's report shows

    @property
    def equal(self) -> bool:
        """The same findings, each with a message pySHACL gave it."""
        return not (self.missing or self.extra or self.foreign)

    def row(self) -> str:
        """A Markdown table row (:data:`HEADER`)."""
        verdict = "equal" if self.equal else (
            f"DIFFERENT: pyshacl only {list(self.missing)[:2]}, fast only {list(self.extra)[:2]}, "
            f"messages {list(self.foreign)[:2]}")  # fmt: skip
        return (f"| {self.label} | {self.pyshacl} | {self.fast} | "
                f"{self.same_message} of {self.fast} | {verdict} |")  # fmt: skip


HEADER = ("| graph | pySHACL findings | fast findings | same message text | verdict |\n"
          "|---|---:|---:|---:|---|")  # fmt: skip


def key(found: Finding) -> Key:
    """All a finding says but its message."""
    return (found.focus, found.shape_iri, found.severity, found.path or "", found.value or "",
            found.focus_label or "", repr(found.source))  # fmt: skip


Reference = tuple[Counter[Key], dict[Key, dict[str, bool]]]
"""pySHACL's findings (their keys), and for each key every message its results hold (True:
the one the readable report shows)."""


def cross_check(data: Graph | Dataset, *, label: str, path: Path | None = None,
                reference: Reference | None = None) -> CrossCheck:  # fmt: skip
    """Validate ``data`` with pySHACL and with the fast engine and compare the findings.

    With ``path`` (the file ``data`` was read from, TriG, N-Quads, Turtle or N-Triples) the fast
    engine reads the file itself, as ``cica-kg validate FILE`` does (decision 0144).
    ``reference`` is :func:`pyshacl_reference` of ``data`` if the caller has it already.
    """
    wanted, messages = reference or pyshacl_reference(data)
    fast = _fast(data, path).findings
    got = Counter(key(f) for f in fast)
    foreign = tuple(sorted(f.message for f in fast if f.message not in messages.get(key(f), {})))
    same = sum(1 for f in fast if messages.get(key(f), {}).get(f.message))
    return CrossCheck(label=label, pyshacl=wanted.total(), fast=len(fast),
                      missing=tuple(sorted((wanted - got).elements())),
                      extra=tuple(sorted((got - wanted).elements())), foreign=foreign,
                      same_message=same)  # fmt: skip


def _fast(data: Graph | Dataset, path: Path | None) -> ValidationResult:
    if path is None:
        return validate(data, engine="fast")
    from cica_kg.validate.fast import fast_report
    from cica_kg.validate.files import ontology_ntriples, read_file

    read = read_file(path, fmt=rdf_format(path, default="trig"))
    report, near = fast_report(ontology_ntriples() + read.ntriples, bundled_shapes())
    return result_of(report, bundled_shapes(), near)


def pyshacl_reference(data: Graph | Dataset) -> Reference:
    """pySHACL's findings on ``data``, as :func:`cross_check` compares them."""
    report, shapes, working = _report(data, shapes=None, ontology=None, engine="pyshacl")
    namespaces = bind_prefixes(Graph()).namespace_manager
    keys: Counter[Key] = Counter()
    found: dict[Key, dict[str, bool]] = {}
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shown = finding(report, result, shapes, working, namespaces)
        keys[key(shown)] += 1
        messages = found.setdefault(key(shown), {})
        for message in _messages(report, result) or [shown.message]:
            messages.setdefault(message, False)
        messages[shown.message] = True
    return keys, found


def _messages(report: Graph, result: Node) -> list[str]:
    return sorted(str(m) for m in report.objects(result, SH.resultMessage))
