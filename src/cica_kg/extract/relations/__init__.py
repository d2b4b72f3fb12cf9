"""Relation extractors, one module per family of facts; each reads one parsed sentence."""
