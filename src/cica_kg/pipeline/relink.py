"""``cica-kg link``: the link stage again on a built graph, every output that carries the
linkset rewritten all or nothing as the build writes it (decision 0078)."""

from __future__ import annotations

from pathlib import Path

from cica_kg.outputs import check_owned
from cica_kg.pipeline.linking import conforms, link_stage
from cica_kg.pipeline.notices import Timer
from cica_kg.pipeline.records import DATASET_FILE, STORE_DIR, LinkOptions, LinkRun
from cica_kg.pipeline.writing import output_files, write_outputs


def run_link(
    graph: Path | None, *, out_dir: Path, options: LinkOptions | None = None, write: bool = True
) -> LinkRun:
    """Re-link a built graph (``graph``, default ``out_dir/cica.trig``) and, with ``write``,
    rewrite every output carrying the linkset, all or nothing as the build does: ``cica.ttl``,
    ``cica.trig``, ``linkset.trig``, ``void.ttl``, ``validation.txt``, then ``store/`` if
    ``out_dir`` has one. On any error nothing is written (decisions 0031, 0078).

    Raises:
        InputError: the graph is missing or malformed, or the decisions file is malformed.
        OutputError: ``out_dir`` cannot be written.
    """
    from cica_kg.build import load_dataset
    from cica_kg.validate import validate

    if write:
        check_owned(out_dir)
    options = options or LinkOptions()
    dataset = load_dataset(graph or out_dir / DATASET_FILE)
    links, checks = link_stage(dataset, options)
    if not write:
        return LinkRun(links, conforms(*checks), (), options.describe(links))
    text = validate(dataset)
    files = dict(sorted(output_files(dataset, links, lambda: (text, *checks)).items()))
    store = (out_dir / STORE_DIR).is_dir()
    outputs = write_outputs(out_dir, files, store=store, timer=Timer(), notify=lambda _: None)
    return LinkRun(links, conforms(*checks), outputs, options.describe(links))
