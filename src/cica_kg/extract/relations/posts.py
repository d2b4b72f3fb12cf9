"""Posts people hold: "President Nazarbayev of Kazakhstan", "X, President of Y"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cica_kg.extract.context import DocContext, Mention, SentenceRef, SentenceView
from cica_kg.extract.lexicon import LexEntry, concepts_of
from cica_kg.extract.naming import zh_forms, zh_short
from cica_kg.extract.records import PostFacts, find
from cica_kg.extract.syntax import children, prep_objects
from cica_kg.kinds import ORGANIZATIONS, Kind
from cica_kg.model import Entity

if TYPE_CHECKING:
    from spacy.tokens import Token

HOLDER_KINDS = ORGANIZATIONS | {Kind.STATE, Kind.BODY}
"""Who a post can be in: a state, an organization or a body."""


def _role(token: Token) -> LexEntry | None:
    """The role a title word names, trying the two-word title first ("Prime Minister")."""
    previous = token.nbor(-1).text if token.i > 0 else ""
    candidates = [f"{previous} {token.text}".lower(), token.lower_]
    for entry in concepts_of(Kind.ROLE):
        forms = {f.lower() for f in entry.en_forms()}
        if any(c in forms for c in candidates):
            return entry
    return None


def _title_tokens(person: Mention, view: SentenceView) -> Iterator[Token]:
    root = view.doc[person.token_start : person.token_end].root
    yield from view.doc[person.token_start : person.token_end]
    yield from children(root, {"compound", "appos", "amod"})
    if root.dep_ in {"appos", "compound"}:
        yield root.head
    for clause in children(root, {"relcl"}):  # "X, who was then the President of Y"
        if clause.lemma_ == "be":
            yield from children(clause, {"attr"})
    start = person.token_start
    if start >= 2 and view.doc[start - 1].is_punct and view.doc[start - 1].text in {",", "-"}:
        yield view.doc[start - 2]


def _holder(title: Token, person_root: Token, view: SentenceView) -> Mention | None:
    candidates = [
        *prep_objects(title, {"of"}),
        *prep_objects(person_root, {"of"}),
        *children(title, {"amod", "compound", "poss", "nmod"}),
        *children(person_root, {"amod", "compound", "poss", "nmod"}),
    ]
    for token in candidates:
        mention = view.mention_of(token)
        if mention is not None and mention.entity.kind in HOLDER_KINDS:
            return mention
    return None


def posts(view: SentenceView, ctx: DocContext) -> None:
    """Record the posts people are said to hold, with the state or organization of the post."""
    for person in (m for m in view.mentions if m.entity.kind == Kind.PERSON):
        root = view.doc[person.token_start : person.token_end].root
        for title in _title_tokens(person, view):
            role = _role(title)
            holder = _holder(title, root, view) if role else None
            if role is not None and holder is not None:
                record_post(person.entity, role, holder.entity, view, ctx)
                break
            keyed = any(t.text == ":" for t in view.doc[title.i : person.token_start])
            if role is not None and title.i < person.token_start and not keyed:
                record_title(person.entity, role, view, ctx)  # not "Director: X" (a field line)
                break


def record_title(person: Entity, role: LexEntry, view: SentenceRef, ctx: DocContext) -> None:
    """ "President Xi Jinping": a post whose state or organization the text does not name."""
    if find(ctx.posts, person=person, role=role.name) is not None:
        return
    post = Entity(Kind.POST, f"{role.name} ({person.key})", role.name, _zh_title(person, role, ctx))
    ctx.posts[post] = PostFacts(person, role.name)
    facts = ((person, "org:holds", post), (post, "org:role", role.entity))
    ctx.state(view, f"{view.sentence.lang}:post", 0.7, *facts)
    ctx.anchor(post, zh_forms(person), role.zh_forms())


def _zh_title(person: Entity, role: LexEntry, ctx: DocContext) -> str | None:
    """The Chinese title written right after the person's name (习近平主席 → 主席)."""
    for sentence in ctx.document.sentences("zh"):
        for name in zh_forms(person):
            for title in role.zh_forms():
                if name + title in sentence.text:
                    return title
    return role.zh


def record_post(
    person: Entity, role: LexEntry, holder: Entity, view: SentenceRef, ctx: DocContext
) -> None:
    """ "President of Kazakhstan": a post of a state or organization, held by ``person``."""
    holder_zh, role_zh = zh_short(holder), role.zh
    post = Entity(
        Kind.POST,
        f"{role.name} of {holder.key}",
        f"{role.name} of {holder.label_en}",
        f"{holder_zh}{role_zh}" if holder_zh and role_zh else None,
    )
    ctx.posts[post] = PostFacts(person, role.name)
    ctx.state(
        view, f"{view.sentence.lang}:post", 0.85,
        (person, "org:holds", post),
        (post, "org:postIn", holder),
        (post, "org:role", role.entity),
    )  # fmt: skip
    ctx.anchor(post, zh_forms(holder), role.zh_forms())
