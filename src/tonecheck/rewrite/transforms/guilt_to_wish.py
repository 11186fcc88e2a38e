"""The guilt-to-wish transform: a love-test asked for its own sake."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ...models import Finding, Suggestion
from ..clauses import finding_sentence, to_sentence_end, you_subject, you_verbs
from ..grammar import Builder, body_and_end, inflect, lemma_in, verb_lemma
from ._registry import register

_PROOF_VERBS = frozenset({"love", "care", "respect", "value", "mean"})


def _least_you_could_do(sent: Span) -> Suggestion | None:
    """ "(After everything I've done for you,) the least you could do is come home." -> "It would mean a lot
    to me if you came home." """
    tokens = [t for t in sent if not t.is_space]
    lowered = [t.lower_ for t in tokens]
    for index in range(len(tokens) - 6):
        if lowered[index : index + 6] != ["the", "least", "you", "could", "do", "is"]:
            continue
        rest, _ = body_and_end(sent, tokens[index + 6].i)
        if not rest or not rest[0].tag_.startswith("VB"):
            return None
        builder = Builder().words("It", "would", "mean", "a", "lot", "to", "me", "if", "you")
        builder.token(rest[0], inflect(verb_lemma(rest[0]), "VBD")).tokens(rest[1:]).word(".")
        return to_sentence_end(sent, tokens[0], builder.text(), "safe", "Ask for it on its own merits")
    return None


@register("guilt-to-wish")
def guilt_to_wish(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: the request inside a love-test ("if you really loved me you'd ...", "the least you
    could do is ...") asked for its own sake; the condition is dropped.
    Example: If you really loved me you'd skip the trip.
    Result: It would mean a lot to me if you skipped the trip.
    Safety: safe; "you wouldn't ... if you loved me" asks for nothing and gets no suggestion.
    """
    sent = finding_sentence(finding, doc)
    least = _least_you_could_do(sent)
    if least is not None:
        return least
    for verb in you_verbs(sent):
        condition = next(
            (
                c
                for c in verb.children
                if c.dep_ == "advcl"
                and lemma_in(c, _PROOF_VERBS)
                and any(m.lower_ == "if" for m in c.children)
                and any(t.lower_ == "me" for t in c.subtree)
            ),
            None,
        )
        if condition is None or not any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
            continue
        you = you_subject(verb)
        assert you is not None
        dropped = {t.i for t in condition.subtree} | {c.i for c in verb.children if c.dep_ in ("aux", "neg")}
        dropped.add(you.i)
        if any(c.dep_ == "neg" for c in verb.children):
            return None  # "you wouldn't do this if you loved me" asks for nothing
        rest, _ = body_and_end(sent, verb.i + 1)
        builder = Builder().words("It", "would", "mean", "a", "lot", "to", "me", "if", "you")
        builder.token(verb, inflect(verb_lemma(verb), "VBD"))
        for token in rest:
            if token.i in dropped or (token.is_punct and token.text == ","):
                continue
            # "skip the trip and stay here" -> "skipped the trip and stayed here"
            if token.dep_ == "conj" and token.head.i == verb.i and token.tag_ in ("VB", "VBP"):
                builder.token(token, inflect(verb_lemma(token), "VBD"))
            else:
                builder.token(token)
        first = min((t for t in sent if not t.is_space), key=lambda t: t.i)
        return to_sentence_end(sent, first, builder.word(".").text(), "safe", "Ask for it on its own merits")
    return None
