"""Locate the bundled resources (ontology, queries, corpus) in a wheel or a source tree."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE_DIR.parent.parent


def resource_dir(name: str) -> Path:
    """The directory of bundled resource ``name`` (``"ontology"``, ``"queries"``, ``"corpus"``).

    An installed wheel carries them in ``cica_kg/resources/``; a source checkout
    (editable install, tests) has them at the top of the repository.
    """
    for candidate in (_PACKAGE_DIR / "resources" / name, _SOURCE_ROOT / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled resource directory {name!r} not found; reinstall cica-kg")


def ontology_file(name: str = "cica.ttl") -> Path:
    """A file of the bundled ontology directory."""
    return resource_dir("ontology") / name


def corpus_dir() -> Path:
    """The bundled corpus directory."""
    return resource_dir("corpus")
