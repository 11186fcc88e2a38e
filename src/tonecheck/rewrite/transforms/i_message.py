"""The I-message transform: the event kept, the feeling left for the writer."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ...engine.lexicon import in_class
from ...engine.signals import feeling_words
from ...models import Finding, Safety, Suggestion
from ..clauses import ABSOLUTES, CAUSE_VERBS, clause_start, finding_sentence, to_sentence_end, you_subject, you_verbs
from ..grammar import Builder, body_and_end, finite, inflect, is_past, lemma_in, verb_lemma
from ..phrasebook import feeling_for
from ._registry import register


def _event(sent: Span, verb: Token, you: Token) -> tuple[str, bool] | None:
    """The sentence as "you <did what>", with question order, 'do'-support and absolutes undone; and
    whether it tells of the past."""
    do_aux = next((c for c in verb.children if c.dep_ == "aux" and c.lemma_ == "do"), None)
    modal = [c for c in verb.children if c.dep_ == "aux" and c.tag_ == "MD"]
    if modal and modal[0].i < you.i:
        return None  # "why would you do that" has no event to keep
    if any(c.dep_ == "aux" and c.lemma_ == "be" and c.i < you.i for c in verb.children):
        return None  # "what were you thinking" asks, it tells of no act
    if any(c.lower_ == "even" for c in verb.children):
        return None  # "do you even listen" is a reproach, not an event
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


@register(
    "i-message",
    cases={
        "Why would you do that?": None,
        "Why did you leave without saying goodbye?": "I felt [feeling] when you left without saying goodbye.",
        "You did this again.": "I felt [feeling] when you did this again.",
    },
)
def i_message(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: keeps the event the sentence tells of ("you left without saying goodbye", question
    order and "do" undone) and puts it after "I felt [feeling] when".
    The feeling is the writer's own when the message names one ("I'm so hurt"), else the one the
    event-to-feeling table (``data/rewrite/phrasebook.yml``) gives the act ("forgot" -> "forgotten").
    Example: Why did you cancel our plans again?
    Result: I felt let down when you canceled our plans again.
    Safety: safe when the feeling comes from the draft or the table; otherwise review, with the feeling
    the one blank.
    """
    sent = finding_sentence(finding, doc)
    if writers_feeling(sent, inside=True):
        return None  # "I'm frustrated because you ...": the sentence already says how it feels
    for verb in you_verbs(sent):
        you = you_subject(verb)
        assert you is not None
        if verb.lemma_ == "do" and not [c for c in verb.children if c.dep_ not in ("nsubj", "aux", "neg", "punct")]:
            continue  # "look what you did": no event in the words
        if _label(verb):
            continue  # "you're so selfish" is a verdict, not an event to feel something about
        event = _event(sent, verb, you)
        if event is None:
            continue
        text, past = event
        first = clause_start(verb, you)
        opening = [t for t in sent if t.i < first.i and not t.is_space]
        if opening and all(t.pos_ in ("INTJ", "ADJ", "ADV", "PUNCT") for t in opening):
            first = opening[0]  # "Oh great, you forgot ..." -> "I felt ... when you forgot ...", not "Oh great, I felt"
        caused = lemma_in(verb, CAUSE_VERBS) is not None  # "you hurt me by ...": the feeling is the writer's to name
        feeling = (
            None
            if caused
            else writers_feeling(sent)
            or feeling_for([verb_lemma(verb), *(t.lemma_.lower() for t in sent if t.i != verb.i and not t.is_stop)])
        )
        if feeling is None:
            replacement = f"I {finite('feel', past)} [feeling] when {text}."
            return to_sentence_end(sent, first, replacement, "review", "Say how it felt; fill in the feeling")
        replacement = f"I {finite('feel', past)} {feeling} when {text}."
        # "I felt ignored when you ignored my calls" says it twice, and inside an apology ("I'm sorry I
        # forgot, but ...") an I-message is not what is missing: both left for the writer
        echo = feeling.split()[-1] in {t.lower_ for t in sent} or inflect(verb_lemma(verb), "VBN") == feeling
        apology = any(t.lower_ in ("sorry", "apologize", "apologise", "apologies") for t in sent)
        safety: Safety = "review" if echo or apology else "safe"
        return to_sentence_end(sent, first, replacement, safety, "Say how it felt instead of what they did")
    return None


def _label(verb: Token) -> bool:
    """Whether ``verb`` is "be" / "act" with a character label ("selfish", "like a child", "impossible"):
    a state the event-to-feeling table does not know ("you were late" is an event)."""
    if verb.lemma_ not in ("be", "act"):
        return False
    after = [t for t in verb.subtree if t.i > verb.i]
    if any(in_class(t, "negative_trait") for t in after):
        return True
    complement = [t for t in verb.children if t.dep_ in ("acomp", "attr")]
    return bool(complement) and feeling_for([t.lemma_.lower() for t in complement]) is None


_FEELING_LEADS = frozenset({"i", "feel", "felt", "'m", "am", "was", "so", "really", "very", "just", "m"})


def writers_feeling(sent: Span, inside: bool = False) -> str | None:
    """A feeling the writer names in the sentences around ``sent`` ("I'm so hurt", "I felt stupid"), or
    with ``inside`` in ``sent`` itself."""
    doc = sent.doc
    words = feeling_words()
    near = sent if inside else doc[max(sent.start - 40, 0) : min(sent.end + 40, len(doc))]
    for token in near:
        if token.lower_ not in words or (not inside and sent.start <= token.i < sent.end):
            continue
        lead = [t.lower_ for t in doc[max(token.i - 3, 0) : token.i]]
        if "i" in lead and all(w in _FEELING_LEADS for w in lead[lead.index("i") :]):
            return token.lower_
    return None
