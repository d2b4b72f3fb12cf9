"""The project's exceptions: one small hierarchy, each with an exit code for the CLI."""

from __future__ import annotations


class CicaKgError(Exception):
    """Base class of every error cica-kg reports to a user."""

    exit_code = 3


class InputError(CicaKgError):
    """An input file or directory is missing, empty, unreadable or not text."""

    exit_code = 2


class UsageError(CicaKgError):
    """The command line or a parameter is wrong."""

    exit_code = 2


class ResourceError(CicaKgError):
    """A bundled or user-supplied RDF resource (ontology, shapes, query) is malformed."""

    exit_code = 2


class OutputError(CicaKgError):
    """An output could not be written (unwritable directory, disk full)."""

    exit_code = 2
