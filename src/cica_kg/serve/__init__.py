"""``cica-kg serve``: the graph over HTTP (SPARQL 1.1 Protocol, YASGUI, entity pages).

One ASGI application (Starlette, served by uvicorn) in front of a small pool of query
worker processes, each holding the Oxigraph store open read-only. A query runs in a
worker; past its deadline the worker is killed and replaced, so a runaway query stops
for real (docs/decisions/0087-sparql-server.md).

- :mod:`~cica_kg.serve.pool`: the worker processes (deadline, renice, replacement);
  :mod:`~cica_kg.serve.reply`: what crosses the pipe.
- :mod:`~cica_kg.serve.work`: what a worker does (check, run, serialise).
- :mod:`~cica_kg.serve.protocol`: a SPARQL 1.1 Protocol request read from HTTP;
  :mod:`~cica_kg.serve.negotiate`: content negotiation; :mod:`~cica_kg.serve.formats`: the
  writers; :mod:`~cica_kg.serve.description`: the service description.
- :mod:`~cica_kg.serve.ui`: YASGUI at ``/``; :mod:`~cica_kg.serve.pages` and
  :mod:`~cica_kg.serve.pagehtml`: the Linked Data pages; :mod:`~cica_kg.serve.ontodoc`: the
  ontology's documentation.
- :mod:`~cica_kg.serve.app`: the routes; :mod:`~cica_kg.serve.server`: start and stop.
"""
