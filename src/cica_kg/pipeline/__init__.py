"""The one package that knows the stage order.

ingest → extract → identity → build → validate → link → write → store. The identity stage
gives one node to what several articles describe (decision 0090). The link stage (offline:
curated table and gazetteer) adds the external-data and linkset named graphs; ``cica.ttl``
stays the text's facts only (decisions 0070, 0072, 0074).

Outputs are written all or nothing (decision 0031): a build that fails or is interrupted
leaves the previous outputs of ``out_dir`` untouched. :func:`run_link` (``cica-kg link``)
re-runs the link stage on a built graph and rewrites every output that carries the linkset
the same way (decision 0078).

Modules (decision 0138): :mod:`.run` (``run_build``, ``build_facts``), :mod:`.memory` and
:mod:`.streamed` (the two ways to finish a build after identity), :mod:`.linking` (the link
stage and its checks, in a worker beside the build), :mod:`.writing` (the output files,
staged and committed as one), :mod:`.relink` (``run_link``), :mod:`.records` (file names,
callbacks, options and results), :mod:`.notices` (the stage timer, progress words, warnings).
"""

from __future__ import annotations

from cica_kg.pipeline.notices import no_fact_warnings
from cica_kg.pipeline.records import (
    CACHE_DIR,
    DATASET_FILE,
    FACTS_FILE,
    LINKSET_FILE,
    REPORT_FILE,
    STORE_DIR,
    VOID_FILE,
    BuildResult,
    Count,
    LinkOptions,
    LinkRun,
    Meter,
    Progress,
)
from cica_kg.pipeline.relink import run_link
from cica_kg.pipeline.run import build_facts, run_build

__all__ = [
    "CACHE_DIR",
    "DATASET_FILE",
    "FACTS_FILE",
    "LINKSET_FILE",
    "REPORT_FILE",
    "STORE_DIR",
    "VOID_FILE",
    "BuildResult",
    "Count",
    "LinkOptions",
    "LinkRun",
    "Meter",
    "Progress",
    "build_facts",
    "no_fact_warnings",
    "run_build",
    "run_link",
]
