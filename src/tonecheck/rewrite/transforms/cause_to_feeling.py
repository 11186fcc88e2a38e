"""The cause-to-feeling transform: "because of you, X" told as how X leaves the writer feeling."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...models import Finding, Suggestion
from ..clauses import case_like, drop_sentence, event_from, finding_sentence, lead_length, suggest, words
from ..grammar import Builder
from ..phrasebook import feeling_for, phrasebook
from ._registry import register

_LEADS = phrasebook().openings["blame_cause"]
_TAILS = phrasebook().openings["blame_cause_tail"]
# "Look what you did." says only that the reader is to blame; the sentence after it says what happened
_POINTING = phrasebook().openings["pointing"]


def _feeling(tokens: list[Token]) -> str:
    feeling = feeling_for([t.lemma_.lower() for t in tokens if not t.is_stop]) or "upset"
    # the table's "worried" is for a scare still going on ("you were late"); what the reader caused is done
    # and "I'm ___ that ..." takes a plain adjective ("upset", "embarrassed"), not "let down" or "ignored"
    return feeling if feeling in ("upset", "embarrassed", "hurt", "sad", "angry") else "upset"


def _that_clause(tokens: list[Token], end: str) -> str | None:
    """ "I'm <feeling> that <clause>." from the words of the clause, or ``None`` if they have no verb."""
    while tokens and (tokens[0].is_punct or tokens[0].lower_ == "that"):
        tokens = tokens[1:]
    if not any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return None
    builder = Builder().words("I'm", _feeling(tokens), "that")
    first = tokens[0]
    keep_case = first.pos_ == "PROPN" or first.text in ("I", "I'm", "I've") or first.is_upper
    builder.token(first, first.text if keep_case else first.text.lower()).tokens(tokens[1:])
    return builder.word(end).text()


def _for_doing(tokens: list[Token], at: int, lead: int) -> tuple[int, str] | None:
    """ "it's your fault for skipping QA" (the verdict at ``tokens[at:at + lead]``): where the verdict
    starts and "when you skipped QA" (after the writer's own clause) or "I felt upset when you skipped
    QA." (alone)."""
    rest = tokens[at + lead :]
    if not rest or rest[0].lower_ != "for":
        return None
    body = [t for t in rest[1:] if not (t.is_punct and t.i == tokens[-1].i)]
    event = event_from(body, past=True)
    if event is None:
        return None
    if at == 0:
        return 0, f"I felt {_feeling(body)} when {event}."
    if not any(t.lower_ == "i" for t in tokens[:at]):
        return None
    cut = at
    while cut > 0 and (tokens[cut - 1].is_punct or tokens[cut - 1].dep_ == "cc" or tokens[cut - 1].pos_ == "ADV"):
        cut -= 1
    writer = next(i for i, t in enumerate(tokens) if t.lower_ == "i")
    if writer + 1 < cut and tokens[writer + 1].tag_ == "VBD":
        # "I felt humiliated at dinner, and (frankly) it's your fault for ..." -> "... at dinner when you ..."
        return cut, f" when {event}."
    # "I'm embarrassed the client saw it, and it's your fault for skipping QA" -> "..., and I wish you
    # hadn't skipped QA": the writer's feeling is about now
    wish = event_from(body, past=True, tag="VBN")
    assert wish is not None
    return cut, ", and I wish " + wish.replace("you ", "you hadn't ", 1) + "."


def _find(tokens: list[Token], leads: frozenset[tuple[str, ...]]) -> tuple[int, int]:
    """Where one of ``leads`` starts in ``tokens`` and how long it is; (0, 0) if none does."""
    for at in range(len(tokens)):
        size = lead_length(tokens[at:], leads)
        if size:
            return at, size
    return 0, 0


@register(
    "cause-to-feeling",
    cases={
        "Because of you we missed the deadline.": "I'm upset that we missed the deadline.",
        "It's your fault Dad isn't speaking to me.": "I'm upset that Dad isn't speaking to me.",
        "I felt humiliated at dinner, and it's your fault for bringing up my ex.": "I felt humiliated at dinner when you brought up my ex.",  # noqa: E501
        "Look what you did. Forty messages of people arguing before 9am.": "Forty messages of people arguing before 9am.",  # noqa: E501
    },
)
def cause_to_feeling(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: takes the verdict ("because of you", "thanks to you", "it's your fault") off what
    happened and says how it leaves the writer feeling: "I'm upset that <what happened>"; "it's your fault
    for <doing X>" becomes "when you <did X>" after the writer's own feeling; "Look what you did." before the
    sentence that says what happened is left out.
    Example: Thanks to you, my whole year group now knows I failed chemistry.
    Result: I'm upset that my whole year group now knows I failed chemistry.
    Safety: safe: every word of what happened is kept; only the verdict goes. The feeling is the
    event-to-feeling table's, else "upset".
    """
    sent = finding_sentence(finding, doc)
    tokens = words(sent)
    if not tokens:
        return None
    first, last = tokens[0], tokens[-1]
    span = (first.idx, last.idx + len(last.text))
    closing = last.text if last.is_punct and last.text[:1] in ".!?" else "."
    body = tokens[:-1] if last.is_punct else tokens
    if lead_length(tokens, _POINTING) == len([t for t in tokens if not t.is_punct]):
        return drop_sentence(doc, sent, "Leave out the verdict")
    at, lead = _find(tokens, _LEADS)
    if lead:
        turned = _for_doing(tokens, at, lead)
        if turned is not None:
            cut, wording = turned
            if cut == 0:
                return suggest(*span, case_like(wording, doc), "safe", "Say how it felt, not whose fault it was")
            kept = Builder().tokens(tokens[:cut]).text() + wording
            return suggest(*span, kept, "safe", "Say how it felt, not whose fault it was")
        text = _that_clause(body[lead:], "." if closing == "!" else closing) if at == 0 else None
        if text is not None:
            return suggest(*span, case_like(text, doc), "safe", "Say how it felt, not whose fault it was")
    for size in (4, 3):
        tail = tuple(t.lower_ for t in body[-size:])
        if tail in _TAILS:
            text = _that_clause(body[:-size], closing)
            if text is None:
                return None
            return suggest(*span, case_like(text, doc), "safe", "Say how it felt, not whose fault it was")
    return None
