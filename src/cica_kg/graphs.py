"""The named graphs of a build, as plain IRI strings (no rdflib import, so ``query`` stays fast).

:mod:`cica_kg.iris` has the same IRIs as rdflib terms (``iris.FACTS_GRAPH``...).
"""

from __future__ import annotations

from cica_kg.prefixes import GRAPH_NAMESPACE

GRAPH = GRAPH_NAMESPACE
FACTS = GRAPH + "facts"  # what the text states (cica.ttl)
EVIDENCE = GRAPH + "evidence"  # one reified statement per fact, its quotes, the sources
ONTOLOGY = GRAPH + "ontology"  # the ontology and SKOS concepts (in the store)
INFERRED = GRAPH + "inferred"  # OWL-RL inferences from the facts and the ontology (in the store)
LINKSET = GRAPH + "linkset"  # candidate links with their evidence; accepted ones as owl:sameAs
EXTERNAL = GRAPH + "external"  # the reference tables (members, summits), apart from the text

QUERY_DEFAULT = (FACTS, EVIDENCE, ONTOLOGY, INFERRED)
"""The default graph of a query: what the text says (decision 0073)."""

SEPARATE = (LINKSET, EXTERNAL)
"""Graphs validated with their own shapes and reached in queries only by name."""
