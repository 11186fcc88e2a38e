"""The I-message transform: the event kept, the feeling left for the writer."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ...models import Finding, Suggestion
from ..clauses import ABSOLUTES, clause_start, finding_sentence, to_sentence_end, you_subject, you_verbs
from ..grammar import Builder, body_and_end, finite, is_past, verb_lemma
from ._registry import register


def _event(sent: Span, verb: Token, you: Token) -> tuple[str, bool] | None:
    """The sentence as "you <did what>", with question order, 'do'-support and absolutes undone; and
    whether it tells of the past."""
    do_aux = next((c for c in verb.children if c.dep_ == "aux" and c.lemma_ == "do"), None)
    modal = [c for c in verb.children if c.dep_ == "aux" and c.tag_ == "MD"]
    if modal and modal[0].i < you.i:
        return None  # "why would you do that" has no event to keep
    past = do_aux.tag_ == "VBD" if do_aux is not None else is_past(verb)
    other_aux = [
        c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i > you.i and (do_aux is None or c.i != do_aux.i)
    ]
    negation = next((c for c in verb.children if c.dep_ == "neg" or c.lower_ == "never"), None)
    # with "have", "would", "are" the negation stays as written; otherwise it takes do-support again
    do_support = negation is not None and not other_aux
    drop = {t.i for t in verb.children if t.lower_ in ABSOLUTES - {"never"}}
    if do_aux is not None:
        drop.add(do_aux.i)
    if do_support and negation is not None:
        drop.add(negation.i)
    lemma = verb_lemma(verb)
    builder = Builder()
    tokens, _ = body_and_end(sent, you.i)
    for token in tokens:
        if token.i in drop:
            continue
        if token.i == verb.i:
            if do_support:
                builder.word(finite("do", past)).word("n't").token(token, lemma)
            elif do_aux is not None:
                builder.token(token, finite(lemma, past))
            else:
                builder.token(token)
            continue
        builder.token(token, "you" if token.i == you.i else None)
    return builder.text(), past


@register("i-message", cases={"Why would you do that?": None})
def i_message(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: keeps the event the sentence tells of ("you left without saying goodbye", question
    order and "do" undone) and puts it after "I felt [feeling] when".
    Example: Why did you leave without saying goodbye?
    Result: I felt [feeling] when you left without saying goodbye.
    Safety: review: the feeling is a blank only the writer can fill.
    """
    sent = finding_sentence(finding, doc)
    for verb in you_verbs(sent):
        you = you_subject(verb)
        assert you is not None
        event = _event(sent, verb, you)
        if event is None:
            continue
        text, past = event
        first = clause_start(verb, you)
        replacement = f"I {finite('feel', past)} [feeling] when {text}."
        return to_sentence_end(sent, first, replacement, "review", "Say how it felt; fill in the feeling")
    return None
