"""Linking: entities of the graph to Wikidata, DBpedia and GeoNames, every link with its evidence.

The face of the ``link`` stage; the work is in :mod:`cica_kg.link.enrich` (decisions 0070,
0071). The external reference data (:mod:`~cica_kg.link.external`) and the VoID description
(:mod:`~cica_kg.link.void`) live here too.

>>> from cica_kg.link import link                     # doctest: +SKIP
>>> result = link(dataset)                            # doctest: +SKIP
>>> [c.target for c in result.accepted("wikidata")]   # doctest: +SKIP
['http://www.wikidata.org/entity/Q148', ...]
"""

from __future__ import annotations

from cica_kg.httpclient import PoliteClient, has_cache
from cica_kg.iris import LINKSET_GRAPH
from cica_kg.link.enrich import enrich, link, offline_findings
from cica_kg.link.linkset import add_linkset, linkset_graph, serialize_linkset
from cica_kg.link.model import Candidate, Decision, LinkResult, Method
from cica_kg.link.report import LinkCounts, counts
from cica_kg.link.reviewed import DEFAULT_DECISIONS, find_decisions
from cica_kg.link.scoring import ACCEPT_ABOVE
from cica_kg.link.void import serialize_void
from cica_kg.link.wikidata import Endpoints

__all__ = [
    "ACCEPT_ABOVE",
    "DEFAULT_DECISIONS",
    "LINKSET_GRAPH",
    "Candidate",
    "Decision",
    "Endpoints",
    "LinkCounts",
    "LinkResult",
    "Method",
    "PoliteClient",
    "add_linkset",
    "counts",
    "enrich",
    "find_decisions",
    "has_cache",
    "link",
    "linkset_graph",
    "offline_findings",
    "serialize_linkset",
    "serialize_void",
]
