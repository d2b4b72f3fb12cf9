"""The link stage and the shape checks of what it adds, here or in a worker beside the build.

Linking adds the external-data and linkset named graphs (decisions 0070, 0072, 0074); both
are then checked against their shapes, in a forked worker while the build goes on when the
graph is small enough to copy (decision 0134).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from rdflib import Dataset

if TYPE_CHECKING:
    from cica_kg.background import Pending, Ready
    from cica_kg.link import LinkResult
    from cica_kg.pipeline.records import LinkOptions
    from cica_kg.validate import ValidationResult

    Checks = tuple[ValidationResult | None, ValidationResult | None]
    """The linkset's and the external data's validation (None: nothing to check)."""
    Reports = tuple[ValidationResult, ValidationResult | None, ValidationResult | None]
    """The text's validation, then the checks."""

T = TypeVar("T")
BESIDE_MAX_QUADS = 500_000
"""The largest graph validated in a worker beside the link stage: the worker's union graph
is a second copy in memory (the seed article's graph has 11,000 quads)."""


def link_stage(dataset: Dataset, options: LinkOptions) -> tuple[LinkResult, Checks]:
    """Link (adds the external and linkset graphs), then check both graphs' shapes."""
    from cica_kg.link import enrich
    from cica_kg.validate import validate_external, validate_linkset

    links = enrich(dataset, decisions=options.decisions, client=options.client,
                   endpoints=options.endpoints, accept_above=options.accept_above)  # fmt: skip
    return links, (validate_linkset(dataset), validate_external(dataset))


def link_beside(
    dataset: Dataset, options: LinkOptions
) -> tuple[LinkResult, Pending[Checks] | Ready[Checks]]:
    """Link (adds the external and linkset graphs), then check both graphs' shapes in a
    worker while this process goes on to write the outputs (decision 0134)."""
    from cica_kg.link import enrich
    from cica_kg.validate import validate_external, validate_linkset

    links = enrich(dataset, decisions=options.decisions, client=options.client,
                   endpoints=options.endpoints, accept_above=options.accept_above)  # fmt: skip
    checks = beside(dataset, lambda: (validate_linkset(dataset), validate_external(dataset)),
                    what="validate the links")  # fmt: skip
    return links, checks


def beside(dataset: Dataset, work: Callable[[], T], *, what: str) -> Pending[T] | Ready[T]:
    """``work`` (which reads ``dataset`` as it is now) started in a forked worker, while
    this process goes on; for a graph of over :data:`BESIDE_MAX_QUADS`, done here at once."""
    from cica_kg import background

    pending = background.start(work, what=what) if len(dataset) <= BESIDE_MAX_QUADS else None
    return pending if pending is not None else background.Ready(work())


def tally(links: LinkResult, options: LinkOptions) -> str:
    """The link line: the linking figures, then how the links were decided."""
    from cica_kg.link import counts

    return f"{counts(links).render('text entities')}; {options.describe(links)}"


def conforms(*results: ValidationResult | None) -> bool:
    """Whether every result conforms (None: nothing was checked)."""
    return all(result is None or result.conforms for result in results)
