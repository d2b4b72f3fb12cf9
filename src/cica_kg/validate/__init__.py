"""Validate: a dataset in, a SHACL report out (pySHACL), readable by a non-expert.

The text graphs are checked against ``ontology/shapes.ttl``, the linkset against
``linkset-shapes.ttl`` and the external data against ``external-shapes.ttl``
(:mod:`~cica_kg.validate.shacl`). Non-conformance is a result, not an exception. A user's
shapes file is linted first (:mod:`~cica_kg.validate.lint`); :func:`validate_within` runs a
check under a deadline (decision 0084); :func:`validate_file` checks a graph file as
``cica-kg validate`` does (:mod:`~cica_kg.validate.files`, decision 0144).
"""

from __future__ import annotations

from cica_kg.validate.files import FileValidation, validate_file
from cica_kg.validate.shacl import (
    Finding,
    ValidationResult,
    choose_engine,
    format_report,
    format_reports,
    validate,
    validate_external,
    validate_linkset,
    validate_within,
)

__all__ = [
    "FileValidation",
    "Finding",
    "ValidationResult",
    "choose_engine",
    "format_report",
    "format_reports",
    "validate",
    "validate_external",
    "validate_file",
    "validate_linkset",
    "validate_within",
]
