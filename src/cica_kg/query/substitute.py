"""Bind parameters for an endpoint that cannot: ``VALUES`` in every group that uses them.

Oxigraph and rdflib bind a parameter everywhere in the query (SEP-0007 substitution, rdflib's
``initBindings``), so a ``FILTER`` in a nested group sees it. A ``VALUES`` block at the top of
the WHERE group does not reach such a filter (it is evaluated inside its own group first), so
cq09 answered nothing over HTTP. :func:`values_everywhere` writes the block at the top of the
WHERE group *and* first in each group where the variable occurs (a sub-query's group gets it
inside its own WHERE), which gives the rows substitution gives for the shipped queries.
"""

from __future__ import annotations

from collections.abc import Mapping

from cica_kg.query.lexer import Token, tokenize
from cica_kg.query.safety import inject_values


def values_everywhere(text: str, bindings: Mapping[str, str]) -> str:
    """``text`` with ``VALUES ?name { term }`` (terms already escaped N-Triples) in every
    group that uses ``?name``, and at the top of the WHERE group.

    Raises:
        UsageError: the query has no WHERE group to bind into.

    >>> values_everywhere("SELECT ?c WHERE { { ?s ?p ?o FILTER(?o = ?c) } }", {"c": '"x"'})
    'SELECT ?c WHERE { VALUES ?c { "x" }  { VALUES ?c { "x" } ?s ?p ?o FILTER(?o = ?c) } }'
    """
    if not bindings:
        return text
    top = inject_values(text, dict(bindings))
    listed = tokenize(top)
    inserts: dict[int, set[str]] = {}
    for offset, name in _uses(listed, set(bindings)):
        inserts.setdefault(offset, set()).add(name)
    out = top
    for offset in sorted(inserts, reverse=True):
        block = " ".join(f"VALUES ?{n} {{ {bindings[n]} }}" for n in sorted(inserts[offset]))
        out = out[: offset + 1] + " " + block + out[offset + 1 :]
    return out


def _uses(listed: list[Token], names: set[str]) -> list[tuple[int, str]]:
    """(offset of the innermost enclosing group's ``{``, name) for each use below the top."""
    stack: list[int | None] = []  # None: a group that cannot take VALUES first (a sub-query)
    uses: list[tuple[int, str]] = []
    for index, token in enumerate(listed):
        if token.kind == "punct" and token.text == "{":
            following = listed[index + 1] if index + 1 < len(listed) else None
            subquery = following is not None and following.text.upper() == "SELECT"
            stack.append(None if subquery else token.offset)
        elif token.kind == "punct" and token.text == "}" and stack:
            stack.pop()
        elif token.kind == "var" and token.text[1:] in names and len(stack) > 1:
            group = stack[-1]
            if group is not None:
                uses.append((group, token.text[1:]))
    return uses
