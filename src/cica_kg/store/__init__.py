"""Store: the built TriG loaded into an Oxigraph store (``build/store/``) for queries.

:mod:`~cica_kg.store.oxigraph` loads, swaps and opens the store; :mod:`~cica_kg.store.inference`
adds the OWL-RL inferences as their own named graph.
"""

from __future__ import annotations

from cica_kg.store.oxigraph import (
    QUERY_DEFAULT_GRAPHS,
    StoreError,
    after_build,
    default_store_dir,
    load_store,
    open_store,
    store_info,
)

__all__ = [
    "QUERY_DEFAULT_GRAPHS",
    "StoreError",
    "after_build",
    "default_store_dir",
    "load_store",
    "open_store",
    "store_info",
]
