"""The cause-to-feeling transform: "because of you, X" told as how X leaves the writer feeling."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...models import Finding, Suggestion
from ..clauses import (
    case_like,
    drop_sentence,
    event_from,
    finding_sentence,
    lead_length,
    suggest,
    words,
)
from ..grammar import Builder
from ..phrasebook import feeling_for, phrasebook
from ._registry import register

_LEADS = phrasebook().openings["blame_cause"]
_TAILS = phrasebook().openings["blame_cause_tail"]
# "Look what you did." says only that the reader is to blame; the sentence after it says what happened
_POINTING = phrasebook().openings["pointing"]


def _feeling(tokens: list[Token]) -> str:
    plain = "upset"
    feeling = feeling_for([t.lemma_.lower() for t in tokens if not t.is_stop]) or plain
    # the table's "worried" is for a scare still going on ("you were late"); what the reader caused is done
    # and "I'm ___ that ..." takes a plain adjective ("upset", "embarrassed"), not "let down" or "ignored"
    return feeling if feeling in ("upset", "embarrassed", "hurt", "sad", "angry", "frustrated") else plain


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


_READER = frozenset({"you", "your", "u", "ur", "yours"})


def _reason(tokens: list[Token]) -> list[Token] | None:
    """ "Your little stunt at the AGM is the reason the council pulled our grant." / "You're the reason we
    lost." / "Your late changes are why the launch slipped.": the words of what happened (after "reason" /
    "why"), when the verdict's subject is the reader or the reader's doing and starts the sentence."""
    verb = next((t for t in tokens if t.lemma_ == "be" and t.dep_ in ("ROOT", "ccomp")), None)
    if verb is None or verb.i == tokens[0].i:
        return None
    subject = [t for t in tokens if t.i < verb.i]
    if subject[0].lower_ not in _READER or any(t.pos_ in ("VERB", "AUX") for t in subject):
        return None
    after = [t for t in tokens if t.i > verb.i]
    if after and after[0].lower_ in ("just", "really", "literally", "basically", "exactly", "the", "all"):
        after = after[1:] if after[0].lower_ != "the" or len(after) < 2 else after
    if len(after) >= 2 and after[0].lower_ == "the" and after[1].lower_ == "reason":
        rest = after[2:]
    elif after and after[0].lower_ == "why":
        rest = after[1:]
    else:
        return None
    while rest and rest[0].lower_ in ("that", "why"):
        rest = rest[1:]
    return rest if any(t.pos_ in ("VERB", "AUX") for t in rest) else None


_GREETING_WORDS = frozenset({"hi", "hey", "hello", "dear", "so", "look", "honestly", "mate"})


def _greeting(body: list[Token]) -> int:
    """How many words of ``body`` are a greeting or a name set off by a comma ("Hi Tom, ")."""
    comma = next((i for i, t in enumerate(body) if t.text == ","), None)
    if comma is None or comma == 0:
        return 0
    opening = body[:comma]
    if all(t.pos_ in ("INTJ", "PROPN") or t.lower_ in _GREETING_WORDS for t in opening):
        return comma + 1
    return 0


def _reader_tail(body: list[Token]) -> int | None:
    """Where a cause the reader's doing ends the sentence: "... slipped a week because of your late
    changes" -> the index of "because"; ``None`` if the sentence does not end so."""
    for at in range(1, len(body) - 2):
        lowered = [t.lower_ for t in body[at : at + 3]]
        lead = 2 if lowered[:2] in (["because", "of"], ["thanks", "to"], ["due", "to"]) else 0
        if lead and lowered[lead] in ("your", "ur") and not any(t.pos_ in ("VERB", "AUX") for t in body[at + lead :]):
            return at
    return None


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
        "Because of you we missed the train.": "I'm upset that we missed the train.",
        "The client walked. That one's on you and your 'quick fix'.": "The client walked.",
        "We lost the league. That's on you.": "We lost the league.",
        "That one's on you.": None,
        "It's your fault Dad isn't speaking to me.": "I'm upset that Dad isn't speaking to me.",
        "I felt humiliated at dinner, and it's your fault for bringing up my ex.": "I felt humiliated at dinner when you brought up my ex.",  # noqa: E501
        "Look what you did. Forty messages of people arguing before 9am.": "Forty messages of people arguing before 9am.",  # noqa: E501
        # the reader or the reader's doing as the reason: the verdict goes, what happened stays
        "Your little stunt at the AGM is the reason the council pulled our grant.": (
            "I'm upset that the council pulled our grant."
        ),
        "You're the reason we lost the house.": "I'm upset that we lost the house.",
        "Your late changes are why the launch slipped.": "I'm upset that the launch slipped.",
        "Hi Tom, the launch slipped a week because of your late changes.": (
            "Hi Tom, I'm upset that the launch slipped a week."
        ),
        "The launch slipped a week because of your late changes.": "I'm upset that the launch slipped a week.",
    },
)
def cause_to_feeling(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: takes the verdict ("because of you", "thanks to you", "it's your fault") off what
    happened and says how it leaves the writer feeling: "I'm upset that <what happened>"; "it's your fault
    for <doing X>" becomes "when you <did X>" after the writer's own feeling; "Look what you did." before the
    sentence that says what happened is left out.
    "You're the reason we lost the house." / "Your little stunt is why the client walked." and "... because
    of your late changes" at the end take the same shape (the transform runs on a blaming finding: a kind
    "you're the reason I smile" is not flagged); "That one's on you (and your quick fix)." after the
    sentence saying what happened is left out.
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
    pointing = lead_length(tokens, _POINTING)
    rest = [t for t in tokens[pointing:] if not t.is_punct]
    if pointing and (
        not rest
        # "That one's on you and your 'quick fix'.": the reader's doing named, still only a verdict
        or (
            len(rest) >= 2
            and rest[0].lower_ == "and"
            and rest[1].lower_ in ("your", "ur")
            and not any(t.pos_ in ("VERB", "AUX") for t in rest)
        )
    ):
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
    reason = _reason(body)
    if reason is not None:
        text = _that_clause(reason, "." if closing == "!" else closing)
        if text is not None:
            return suggest(*span, case_like(text, doc), "safe", "Say how it felt, not whose fault it was")
    tail_at = _reader_tail(body)
    if tail_at is not None:
        cut = tail_at
        while cut > 0 and body[cut - 1].is_punct:
            cut -= 1
        greeting = _greeting(body[:cut])
        text = _that_clause(body[greeting:cut], closing)
        if text is not None:
            kept = Builder().tokens(body[:greeting]).text() + " " if greeting else ""
            return suggest(*span, kept + case_like(text, doc), "safe", "Say how it felt, not whose fault it was")
    for size in (4, 3):
        tail = tuple(t.lower_ for t in body[-size:])
        if tail in _TAILS:
            text = _that_clause(body[:-size], closing)
            if text is None:
                return None
            return suggest(*span, case_like(text, doc), "safe", "Say how it felt, not whose fault it was")
    return None
