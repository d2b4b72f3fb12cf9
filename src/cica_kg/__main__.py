"""``python -m cica_kg``: the same as the ``cica-kg`` command."""

from __future__ import annotations

from cica_kg.cli import entry_point

if __name__ == "__main__":
    entry_point()
