"""cica-kg: a knowledge graph, built from text, about CICA (亚信会议)."""

from __future__ import annotations

__version__ = "0.1.0"
