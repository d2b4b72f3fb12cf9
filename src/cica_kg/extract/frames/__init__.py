"""Frame extraction: trigger words and typed slots from a data lexicon (decision 0086)."""

from cica_kg.extract.frames.engine import FrameReader
from cica_kg.extract.frames.lexicon import Frame, Slot, frames

__all__ = ["Frame", "FrameReader", "Slot", "frames"]
