"""The I-statement transform: the reader's act told as the writer's feeling."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ...models import Finding, Suggestion
from ..clauses import (
    AT_ME_VERBS,
    CAUSE_VERBS,
    SPOIL_VERBS,
    between,
    emit_rest,
    feeling_word,
    finding_sentence,
    plain_statement,
    to_sentence_end,
    you_subject,
    you_verbs,
)
from ..grammar import Builder, body_and_end, finite, inflect, is_past, lemma_in
from ..phrasebook import phrasebook
from ._registry import register
from .i_message import i_message

_BE = {(True, False): "was", (True, True): "were", (False, False): "is", (False, True): "are"}


def _caused_feeling(sent: Span, verb: Token, you: Token) -> str | None:
    doc = sent.doc
    me = next((c for c in verb.rights if c.dep_ == "dobj" and c.lower_ == "me"), None)
    lemma = lemma_in(verb, CAUSE_VERBS)
    if lemma is None or me is None or me.i != verb.i + 1:
        return None
    kept = between(doc, you, verb)
    if kept is None:
        return None
    past = is_past(verb)
    rest, end = body_and_end(sent, me.i + 1)
    degree = [t.lower_ for t in kept]
    if [t.lower_ for t in rest[:2]] in (["so", "much"], ["so", "badly"]):
        degree, rest = [*degree, "so"], rest[2:]  # "you hurt me so much" -> "I felt so hurt"
    builder = Builder().words("I", finite("feel", past), *degree, feeling_word(lemma))
    if not emit_rest(builder, rest, past):
        return None
    return builder.word(end).text()


def _at_me(sent: Span, verb: Token, you: Token) -> str | None:
    doc = sent.doc
    lemma = lemma_in(verb, AT_ME_VERBS)
    if lemma is None or verb.i + 2 >= sent.end:
        return None
    prep, me = doc[verb.i + 1], doc[verb.i + 2]
    if prep.lower_ not in ("at", "to") or me.lower_ != "me" or (lemma == "talk" and prep.lower_ == "to"):
        return None
    kept = between(doc, you, verb)
    if kept is None:
        return None
    past = is_past(verb)
    builder = Builder().words("I", finite("feel", past), *(t.lower_ for t in kept), inflect(lemma, "VBN"))
    builder.token(prep)
    rest, end = body_and_end(sent, me.i + 1)
    if not emit_rest(builder, rest, past):
        return None
    return builder.word(end).text()


def _made_me(sent: Span, verb: Token, you: Token) -> str | None:
    doc = sent.doc
    if lemma_in(verb, frozenset({"make", "drive"})) is None or verb.i + 1 >= sent.end or doc[verb.i + 1].lower_ != "me":
        return None
    me = doc[verb.i + 1]
    complement = me.head if me.head.i != verb.i else None
    if complement is None:
        complement = next(
            (c for c in verb.rights if c.dep_ in ("ccomp", "xcomp", "oprd", "acomp") and c.i > me.i), None
        )
    if complement is None or complement.head.i != verb.i:
        return None
    kept = between(doc, you, verb)
    if kept is None:
        return None
    book = phrasebook()
    if any(t.lower_ in book.words["contempt_made_me"] for t in complement.subtree):
        return None  # "you make me sick" is contempt for the reader, not "I feel sick"
    if verb.lemma_ == "drive" and complement.lower_ not in book.figurative_made_me:
        return None  # "you drive me crazy" is a figure; "you drive me to work" is not a feeling
    past = is_past(verb)
    builder = Builder().word("I")
    if complement.pos_ == "ADJ" or complement.tag_ in ("JJ", "JJR"):
        builder.words(finite("feel", past), *(t.lower_ for t in kept))
        rest, end = body_and_end(sent, me.i + 1)
        figurative = book.figurative_made_me.get(complement.lower_)
        if figurative is not None:
            # "you make me crazy" -> "I feel frustrated": the feeling the figure stands for
            builder.words(*(t.lower_ for t in rest if t.i < complement.i), figurative)
            rest = [t for t in rest if t.i > complement.i]
    elif complement.pos_ == "VERB" and complement.i == me.i + 1:
        verb_form = finite("feel", past) if complement.lemma_ == "feel" else finite(complement.lemma_, past)
        builder.words(*(t.lower_ for t in kept), verb_form)
        rest, end = body_and_end(sent, complement.i + 1)
    else:
        return None
    if not emit_rest(builder, rest, past):
        return None
    return builder.word(end).text()


def _spoiled_mine(sent: Span, verb: Token, you: Token) -> str | None:
    doc = sent.doc
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    lemma = lemma_in(verb, SPOIL_VERBS)
    if lemma is None or obj is None or not any(c.lower_ in ("my", "our") for c in obj.children):
        return None
    if lemma == "break" and obj.lower_ in ("promise", "promises", "word"):
        return None  # "you broke your promise" is not something of the writer's that broke
    kept = between(doc, you, verb)
    if kept is None:
        return None
    past = is_past(verb)
    subtree = list(obj.subtree)
    if subtree[0].i != verb.i + 1:
        return None
    plural = obj.tag_ in ("NNS", "NNPS")
    builder = Builder().words("I", finite("feel", past), "like").tokens(subtree)
    builder.words(_BE[(past, plural)], *(t.lower_ for t in kept), inflect(lemma, "VBN"))
    rest, end = body_and_end(sent, subtree[-1].i + 1)
    if not emit_rest(builder, rest, past):
        return None
    return builder.word(end).text()


@register(
    "i-statement",
    cases={
        "You made me so angry last night.": "I felt so angry last night.",
        "You ruined my birthday.": "I felt like my birthday was ruined.",
        "You yelled at me in front of everyone.": "I felt yelled at in front of everyone.",
        # contempt for the reader, not a feeling of the writer's to own ("I feel sick" takes it literally)
        "You make me sick.": None,
        "Kelly, you make me sick.": None,
        "You make me want to puke.": None,
        "You make me so crazy when you do that.": "I feel so frustrated when you do that.",
        "You drive me crazy.": "I feel frustrated.",
        "You drive me to work.": None,
    },
)
def i_statement(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: turns "you did X to me" into the writer's own feeling, keeping their words: "you hurt
    me by ...", "you made me ...", "you ruined my ...", "you yelled at me ...". Other shapes fall back to
    ``i-message``.
    Example: You hurt me by ignoring my calls.
    Result: I felt hurt when you ignored my calls.
    Safety: safe for the shapes it knows (every word of the writer's kept apart from the accusation);
    review for the i-message fallback, which leaves the feeling blank.
    """
    sent = finding_sentence(finding, doc)
    for verb in you_verbs(sent):
        you = you_subject(verb)
        assert you is not None
        if not plain_statement(sent, you):
            continue
        for shape in (_caused_feeling, _made_me, _spoiled_mine, _at_me):
            text = shape(sent, verb, you)
            if text is not None:
                return to_sentence_end(sent, you, text, "safe", "Say how you felt instead of what they did")
    return i_message(finding, doc)
