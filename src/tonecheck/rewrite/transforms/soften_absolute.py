"""The soften-absolute transform: 'you never/always ...' as a feeling or a wish."""

from __future__ import annotations

from spacy.tokens import Doc

from ...models import Finding, Safety, Suggestion
from ..clauses import (
    ABSOLUTES,
    PARTICIPLE,
    SWEEPING,
    clause_start,
    finding_sentence,
    to_sentence_end,
    you_subject,
    you_verbs,
)
from ..grammar import Builder, body_and_end, finite, inflect, is_past, verb_lemma
from ._registry import register
from .i_message import i_message


@register(
    "soften-absolute",
    cases={"You never help with the dishes.": "I'd love it if you helped with the dishes more often."},
)
def soften_absolute(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: "you never/always <verb> me" becomes how it leaves the writer feeling; "you never <do
    X>" a wish for X more often; anything else an I-message about the event (``i-message``), never a
    softer absolute ("sometimes" is still an accusation).
    Example: You never listen to me.
    Result: Sometimes I don't feel heard.
    Safety: safe, except a wish with a sweeping word ("anything", "ever") and the I-message fallback:
    review.
    """
    sent = finding_sentence(finding, doc)
    for verb in you_verbs(sent):
        you = you_subject(verb)
        absolute = next((c for c in verb.children if c.lower_ in ABSOLUTES), None)
        if you is None or absolute is None:
            continue
        do_aux = next((c for c in verb.children if c.dep_ == "aux" and c.lemma_ == "do"), None)
        past = do_aux.tag_ == "VBD" if do_aux is not None else is_past(verb)
        rest, _ = body_and_end(sent, verb.i + 1)
        words = [t.lower_ for t in rest]
        first = clause_start(verb, you)
        never = absolute.lower_ == "never"
        lemma = verb_lemma(verb)
        main_clause = verb.dep_ == "ROOT"
        if main_clause and words in (["me"], ["to", "me"]):
            participle = PARTICIPLE.get(lemma) or inflect(lemma, "VBN") + (" to" if words[0] == "to" else "")
            feel = f"{finite('do', past)}n't feel" if never else finite("feel", past)
            text = f"Sometimes I {feel} {participle}."
            return to_sentence_end(sent, first, text, "safe", "Say how it leaves you feeling")
        plain = not any(t.is_punct or t.dep_ in ("aux", "neg") for t in rest) and verb.tag_ != "VBG"
        if main_clause and never and plain and first.i == you.i:
            sweeping = any(w in SWEEPING or w == "once" for w in words) or any(
                c.lower_ == "once" for c in verb.children
            )  # "you never once came" is not asked "more often"
            builder = Builder().words("I'd", "love", "it", "if", "you").token(verb, inflect(lemma, "VBD"))
            # "more often" goes before a clause that says when: "... picked up more often when it matters"
            cut = next((i for i, t in enumerate(rest) if t.dep_ == "mark" or t.tag_ == "WRB"), len(rest))
            builder.tokens(rest[:cut]).words("more", "often").tokens(rest[cut:]).word(".")
            safety: Safety = "review" if sweeping else "safe"
            return to_sentence_end(sent, first, builder.text(), safety, "Ask for what you would like instead")
        # no "always" -> "sometimes" swap: a softer absolute is still an accusation
        return i_message(finding, doc)
    return None
