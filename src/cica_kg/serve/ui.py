"""The web UI at ``/``: YASGUI with every shipped competency question as an example tab.

Each tab is named by its question and holds its SPARQL; a question with parameters gets
its header's example values bound in the text (``VALUES``, an entity name resolved to its
IRIs as the CLI does), so every tab runs as it is. The page loads YASGUI from the package
(``static/yasgui``, vendored by ``tools/vendor_yasgui.py``): nothing comes from a CDN.
A language switch shows IRIs in the results by their English or Chinese labels.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from cica_kg.query.catalog import QueryFile, shipped

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>CICA knowledge graph · SPARQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/yasgui/yasgui.min.css">
<link rel="stylesheet" href="/static/cica.css">
</head>
<body>
<header class="cica-bar">
  <strong>CICA knowledge graph</strong> <span lang="zh">亚信会议知识图谱</span>
  <span>endpoint <code>/sparql</code></span>
  <a href="/ontology">ontology</a>
  <label>labels <select id="cica-lang">
    <option value="en">English</option><option value="zh">中文</option>
    <option value="">IRIs</option></select></label>
</header>
<div id="yasgui"></div>
<script type="application/json" id="cica-examples">{examples}</script>
<script src="/static/yasgui/yasgui.min.js"></script>
<script src="/static/cica-ui.js"></script>
</body>
</html>
"""


def examples(store: Any) -> list[dict[str, str]]:
    """In a worker: ``{"id", "name", "query"}`` for each shipped query, examples bound."""
    return [{"id": q.id, "name": q.question or q.id, "query": bound_text(store, q)}
            for q in shipped()]  # fmt: skip


def bound_text(store: Any, qf: QueryFile) -> str:
    """The query text with its example parameter values bound (the text itself if none)."""
    if not qf.params:
        return qf.text
    from cica_kg.query.engines import run_oxigraph
    from cica_kg.query.entities import bind_entities, entity_param
    from cica_kg.query.options import EngineOptions
    from cica_kg.query.params import bind
    from cica_kg.query.safety import inject_values, scan

    found = scan(qf.text, where=qf.name)
    bindings = bind(qf.params, qf.examples, query=qf.name, prefixes=found.prefixes)
    options = EngineOptions(form=found.form, bindings=bindings, where=qf.name,
                            entity_param=entity_param(qf.params))  # fmt: skip
    text = bind_entities(partial(run_oxigraph, store), qf.text, options=options)
    return inject_values(text, {name: term.n3() for name, term in bindings.items()})


def index_page(tabs: list[dict[str, str]]) -> str:
    """The HTML of ``/`` with ``tabs`` (from :func:`examples`) as YASGUI's example tabs."""
    data = json.dumps(tabs, ensure_ascii=False).replace("</", "<\\/")
    return PAGE.replace("{examples}", data)
