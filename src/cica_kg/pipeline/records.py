"""What the pipeline is told and gives back: output file names, callbacks, options, results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cica_kg.link import Endpoints, LinkResult, PoliteClient

Progress = Callable[[str], None]
"""Receives one line per finished stage, e.g. ``"extract: 112 statements"``."""
Count = Callable[[int, int], None]
"""Receives the documents extracted (or read from the cache) so far, and how many in all."""
Meter = Callable[[str, int, int], None]
"""Receives a streamed build's stage (``write``, ``validate``), the facts done, and the total."""

FACTS_FILE = "cica.ttl"
DATASET_FILE = "cica.trig"
REPORT_FILE = "validation.txt"
LINKSET_FILE = "linkset.trig"
VOID_FILE = "void.ttl"
STORE_DIR = "store"
CACHE_DIR = Path("cache", "extract")
"""The extraction cache, under the build directory (decision 0110)."""


@dataclass(frozen=True)
class LinkOptions:
    """How the link stage runs (decision 0078). The default: offline, no decisions file."""

    decisions: Path | None = None  # reviewed-decisions CSV, applied over every method
    client: PoliteClient | None = None  # None: offline; ``offline`` client: replay its cache
    endpoints: Endpoints | None = None  # where Wikidata is (tests: a local server)
    accept_above: float = 0.9  # == cica_kg.link.ACCEPT_ABOVE

    def describe(self, result: LinkResult) -> str:
        """Which decisions file and which online answers the links rest on, one phrase each."""
        from cica_kg.link import Method

        if self.decisions is None:
            decided = "no decisions file"
        else:
            applied = sum(1 for c in result.candidates if Method.REVIEWED in c.methods)
            decided = f"decisions {self.decisions} ({applied} applied)"
        if self.client is None:
            online = "offline"
        elif self.client.offline:
            online = f"online answers replayed from {self.client.cache_dir} (no request)"
        else:
            made, cache = self.client.requests_made, self.client.cache_dir
            online = f"online: {made} request(s), cache {cache}"
        return f"{decided}; {online}"


@dataclass(frozen=True)
class LinkRun:
    """What ``cica-kg link`` did: the links, whether the graph conforms, what it wrote."""

    links: LinkResult
    conforms: bool  # the linkset and external data conform (the text's report is the build's)
    outputs: tuple[Path, ...]  # empty when nothing was written (``--review``)
    description: str  # LinkOptions.describe


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, for the summary a user sees."""

    out_dir: Path
    documents: int
    sentences: int
    statements: int
    triples: int  # triples in the facts graph
    facts_en: int  # facts with English evidence
    facts_zh: int  # facts with Chinese evidence
    conforms: bool  # the text graphs and the linkset conform to their shapes
    outputs: tuple[Path, ...]
    timings: tuple[tuple[str, float], ...]  # (stage, seconds) in stage order
    warnings: tuple[str, ...] = field(default=())
    links: str = ""  # the linking figures, one line (see cica_kg.link.report.LinkCounts)
    extracted: int = 0  # documents extracted (the others were read from the cache)

    def summary(self) -> str:
        """A short plain-text summary, one figure per line."""
        rows = [
            ("documents", str(self.documents)),
            ("sentences", str(self.sentences)),
            ("statements", str(self.statements)),
            ("fact triples", str(self.triples)),
            ("facts with English evidence", str(self.facts_en)),
            ("facts with Chinese evidence", str(self.facts_zh)),
            ("conforms to shapes", "yes" if self.conforms else f"no (see {self.report})"),
            ("links", self.links or "none"),
            ("outputs", ", ".join(str(path) for path in self.outputs)),
            ("time", ", ".join(f"{stage} {seconds:.2f}s" for stage, seconds in self.timings)),
        ]
        return "".join(f"{name:<28} {value}\n" for name, value in rows)

    @property
    def report(self) -> Path:
        """The validation report file."""
        return self.out_dir / REPORT_FILE


@dataclass(frozen=True)
class Finished:
    """What the stages after identity produced, for :class:`BuildResult`."""

    facts: int
    facts_en: int
    facts_zh: int
    conforms: bool
    outputs: tuple[Path, ...]
    links: LinkResult
    tally: str  # "<figures>; <how linked>", see cica_kg.pipeline.linking.tally
