"""The calm-plea transform: pleading said as one calm sentence of what the writer feels and would like."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...models import Finding, Suggestion
from ..clauses import case_like, drop_sentence, finding_sentence, suggest, words
from ..grammar import Builder
from ._registry import register

# "I'd do anything for ...", "I'd give up everything to ...", "whatever it takes to ..."
_OFFER_VERBS = frozenset({"do", "give", "try", "sacrifice", "change"})
_EVERYTHING = frozenset({"anything", "everything"})
# "I can't live without you", "I'm nothing without you", "I'm falling apart without you"
_WITHOUT = ("without", "you")
_TITLES = frozenset({"sir", "madam", "ms", "mr", "mrs", "dr", "miss"})
_TITLE = "Say what you feel and would like, once and calmly"


def _after(tokens: list[Token], index: int) -> list[Token]:
    rest = tokens[index:]
    while rest and (rest[-1].is_punct or rest[-1].pos_ in ("SYM", "X") or not rest[-1].text.isascii()):
        rest = rest[:-1]  # the closing mark and a trailing emoji ("🙏")
    return rest


def _wish(tokens: list[Token]) -> str | None:
    """ "I'd really like <X>." or "I'd love to <do X>." from the words after "anything"/"everything"
    ("for one more chance", "to go back to last June") or "whatever it takes"."""
    for index, token in enumerate(tokens):
        takes = token.lower_ == "whatever" and [t.lower_ for t in tokens[index + 1 : index + 3]] == ["it", "takes"]
        if token.lower_ not in _EVERYTHING and not takes:
            continue
        at = index + (3 if takes else 1)
        while at < len(tokens) and tokens[at].lower_ in ("at", "all", ",", "—", "-"):
            at += 1
        rest = _after(tokens, at)
        if len(rest) < 2 or rest[0].lower_ not in ("for", "to"):
            return None
        if rest[0].lower_ == "to" and rest[1].pos_ in ("VERB", "AUX"):
            return Builder().words("I'd", "love", "to").tokens(rest[1:]).word(".").text()
        if rest[0].lower_ == "for" and rest[1].pos_ != "VERB":
            return Builder().words("I'd", "really", "like").tokens(rest[1:]).word(".").text()
        return None
    return None


@register(
    "calm-plea",
    cases={
        "I can't live without you.": "I miss you so much.",
        "I'd give up everything to go back to last June.": "I'd love to go back to last June.",
        "Sir, I am begging you to reconsider.": "Sir, I'd really like you to reconsider.",
        "I miss you. I'm nothing without you.": "I miss you.",
        "I can't sleep until I hear from you.": "I'd love to hear from you when you're ready.",
    },
)
def calm_plea(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: turns pleading into one calm sentence of what the writer feels and would like: "I'd
    do anything for X" -> "I'd really like X", "I'd give up everything to do X" -> "I'd love to do X", "I'm
    begging you to X" -> "I'd really like you to X", "I can't live without you" -> "I miss you so much" (left
    out when the message already says it misses them).
    Example: I'd do anything for one more chance.
    Result: I'd really like one more chance.
    Safety: safe: what the writer wants is kept in their words; only the pleading goes. A plea of another
    shape is left for the writer.
    """
    sent = finding_sentence(finding, doc)
    tokens = words(sent)
    if not tokens:
        return None
    lowered = [t.lower_ for t in tokens]
    span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
    text: str | None = None
    writer = any(t.lower_ == "i" for t in tokens)
    if writer and any(lowered[i : i + 2] == list(_WITHOUT) for i in range(len(lowered))):
        nearby = doc[max(sent.start - 60, 0) : min(sent.end + 60, len(doc))]
        says_miss = any(t.lemma_ == "miss" and t.i not in range(sent.start, sent.end) for t in nearby)
        if says_miss:
            return drop_sentence(doc, sent, _TITLE)
        if tokens[-1].lower_ == "you" or (tokens[-1].is_punct and tokens[-2].lower_ == "you"):
            text = "I miss you so much."
    elif writer and "until" in lowered and lowered[-4:-1] in (["hear", "from", "you"], ["you", "answer", "me"]):
        # "I can't sleep until I hear from you." -> one calm sentence of what they would like
        text = "I'd love to hear from you when you're ready."
    elif "begging" in lowered:
        at = lowered.index("begging")
        lead = tokens[: max(at - 2, 0)]
        vocative = all(t.pos_ in ("PROPN", "PUNCT", "INTJ") or t.lower_ in _TITLES for t in lead) and lowered[
            at - 2 : at
        ][:1] == ["i"]
        rest = _after(tokens, at + 1)
        if vocative and len(rest) >= 3 and [t.lower_ for t in rest[:2]] == ["you", "to"]:
            text = Builder().tokens(lead).words("I'd", "really", "like", "you").tokens(rest[1:]).word(".").text()
    elif (writer and any(t.lemma_ in _OFFER_VERBS for t in tokens)) or "whatever" in lowered:
        text = _wish(tokens)
    if text is None:
        return None
    return suggest(*span, case_like(text, doc), "safe", _TITLE)
