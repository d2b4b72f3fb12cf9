"""Validate: a dataset in, a SHACL report out (pySHACL), readable by a non-expert.

The text graphs are checked against ``ontology/shapes.ttl``, the linkset against
``linkset-shapes.ttl`` and the external data against ``external-shapes.ttl``
(:mod:`~cica_kg.validate.shacl`). Non-conformance is a result, not an exception. A user's
shapes file is linted first (:mod:`~cica_kg.validate.lint`); :func:`validate_within` runs a
check under a deadline (decision 0084).
"""

from __future__ import annotations

from cica_kg.validate.shacl import (
    Finding,
    ValidationResult,
    format_report,
    format_reports,
    validate,
    validate_external,
    validate_linkset,
    validate_within,
)

__all__ = [
    "Finding",
    "ValidationResult",
    "format_report",
    "format_reports",
    "validate",
    "validate_external",
    "validate_linkset",
    "validate_within",
]
