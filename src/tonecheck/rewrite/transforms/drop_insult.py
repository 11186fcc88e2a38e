"""The drop-insult transform: the insult or the swearing aimed at the reader left out, the rest kept."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...models import Finding, Suggestion
from ..clauses import insulting, suggest
from ..phrasebook import phrasebook
from ._registry import register

# words between "you" and the name ("you absolute clown"), from data/rewrite/phrasebook.yml
_NAME_MODIFIERS = phrasebook().words["name_modifiers"]


def _drop(doc: Doc, first: int, last: int, insert: str = "") -> Suggestion | None:
    """Leave out ``doc[first : last + 1]`` (and a comma that set it off), joining what is around it (with
    ``insert`` between)."""
    before = doc[first - 1] if first > 0 and not doc[first - 1].is_space else None
    after = doc[last + 1] if last + 1 < len(doc) and not doc[last + 1].is_space else None
    if before is not None and before.text == "," and (after is None or after.is_punct):
        first -= 1
        before = doc[first - 1] if first > 0 and not doc[first - 1].is_space else None
    if before is None or before.sent.start != doc[first].sent.start:
        return None  # at a sentence start the next word would need its capital changed; leave it to the writer
    start = before.idx + len(before.text)
    if after is None or after.sent.start != doc[first].sent.start:
        end = doc[last].idx + len(doc[last].text)
        return suggest(start, end, "", "safe", "Leave out the insult")
    end = after.idx
    joint = "" if after.is_punct or after.text.startswith("'") else " "
    return suggest(start, end, f" {insert}{joint}" if insert else joint, "safe", "Leave out the insult")


def _vocative(insult: Token) -> tuple[int, int] | None:
    """ "..., you (sensitive) moron." ending a sentence, or "you clowns" before their verb: the words to drop
    (the tagger often reads the name as a verb, "you idiot" as "you [verb]", so the word class decides)."""
    doc = insult.doc
    end = insult
    if insult.pos_ == "ADJ" and insult.i + 1 < insult.sent.end and doc[insult.i + 1].pos_ in ("NOUN", "PROPN"):
        end = doc[insult.i + 1]  # "you lazy tit", "you useless lump": the name is the noun after the insult
    # a name, not a description ("makes you stupid", "are you that dumb" describe the reader)
    names = end.i > insult.i or (
        insult.pos_ != "ADJ" and ("negative_trait" in insult._.tc_class or insult.pos_ in ("NOUN", "PROPN"))
    )
    you = doc[insult.i - 1] if insult.i > insult.sent.start else None
    while you is not None and you.i > insult.sent.start and you.lower_ not in ("you", "u", "ya"):
        # only describing words between "you" and the name: "you sensitive moron", "you lazy little tit"
        if not (you.pos_ == "ADJ" or insulting(you) or you.lower_ in _NAME_MODIFIERS) or you.i < insult.i - 3:
            return None
        you = doc[you.i - 1]
    if not names or you is None or you.lower_ not in ("you", "u", "ya"):
        return None
    previous = doc[you.i - 1] if you.i > insult.sent.start else None
    if previous is not None and previous.pos_ == "AUX":
        return None  # "are you that stupid": a question about the reader, not a name
    following = doc[end.i + 1] if end.i + 1 < len(doc) else None
    if following is None or following.is_punct or following.sent.start != insult.sent.start:
        return you.i, end.i  # "Not a personal attack, you sensitive moron."
    if following.pos_ in ("VERB", "AUX") or following.dep_ == "advmod":
        return you.i + 1, end.i  # "you clowns love the power trip" -> "you love the power trip"
    return None


def drop_name(finding: Finding, doc: Doc) -> Suggestion | None:
    """The reader called a name in ``finding`` ("..., you idiot.") left out, or ``None`` (drop-label uses
    it too: a name is not a label the sentence is about)."""
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    insults = [t for t in span if insulting(t)] if span is not None else []
    vocative = _vocative(insults[-1]) if insults else None
    return _drop(doc, *vocative) if vocative is not None else None


@register(
    "drop-insult",
    cases={
        "Till then feel free to play your moronic tricks.": "Till then feel free to play your tricks.",
        "We're tired of your despicable lies.": "We're tired of your lies.",
        "Honestly your shitty attitude is the problem.": "Honestly your attitude is the problem.",
        "Not a personal attack, you sensitive moron.": "Not a personal attack.",
        "Thanks for the update, you absolute clown.": "Thanks for the update.",
        "Please read the whole thread before replying, you lazy tit.": "Please read the whole thread before replying.",
        "I'm glad you clowns love the little power trip you get.": "I'm glad you love the little power trip you get.",
        "What the fuck is your problem?": "What is your problem?",
        "Every time you flag the post like a coward you make my point.": (
            "Every time you flag the post you make my point."
        ),
        "If you don't want to talk then fucking tell me so.": "If you don't want to talk then tell me so.",
        "You are an idiot.": None,
        "Your comment is disgusting.": None,
        "Get off your ass and help.": None,
        "That was a stupid idea of yours.": "That was an idea of yours.",
        "Alcohol makes you stupid!": None,
        "Are you that dumb you can't figure it out?": None,
        "I always find it pathetic people like you write these comments.": None,
        "Are you really that stupid?": None,
        "You idiot, you locked us out again.": None,
        # the label is what the sentence says: left out, the sentence says something else
        "You are without question the most disorganised project lead I have worked with.": None,
        "You are a lazy housemate.": None,
    },
)
def drop_insult(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: leaves out an insult or swear word aimed at the reader where the sentence stands
    without it: an insulting word before a noun ("your moronic tricks" -> "your tricks"), swearing used
    for force ("then fucking tell me", "what the fuck is"), the reader called a name ("..., you moron.",
    "you clowns love ..." -> "you love ..."), "like a coward" after what the reader did. A label that is
    the sentence's point ("you are an idiot", "your comment is disgusting") or an insult the grammar
    needs ("get off your ass") is left to the rule's template.
    Example: Were you even listening, you idiot?
    Result: Were you even listening?
    Safety: safe: every other word is the writer's; only the insult goes.
    """
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    if span is None:
        return None
    insults = [t for t in span if insulting(t)]
    if not insults:
        return None
    insult = insults[-1]
    # "what the fuck is ...": after a question word, swearing only adds force
    if (
        insult.i >= 2
        and "profanity" in insult._.tc_class
        and doc[insult.i - 1].lower_ == "the"
        and doc[insult.i - 2].tag_ in ("WP", "WRB", "WDT")
    ):
        return _drop(doc, insult.i - 1, insult.i)
    vocative = _vocative(insult)
    if vocative is not None:
        return _drop(doc, *vocative)
    head = insult.head
    if (
        insult.dep_ in ("intj", "advmod")
        and head.i == insult.i + 1
        and head.pos_ == "VERB"
        and "profanity" in insult._.tc_class
    ):
        return _drop(doc, insult.i, insult.i)  # "then fucking tell me" -> "then tell me"
    # an insulting word before a noun: "your despicable lies", "a stupid idea" (not "find it pathetic people")
    if insult.dep_ == "amod" and head.i > insult.i and head.pos_ in ("NOUN", "PROPN") and not insulting(head):
        first = insult.i
        # an adverb that only strengthens the insult goes with it ("your really stupid idea")
        while first > insult.sent.start and doc[first - 1].head.i == insult.i and doc[first - 1].dep_ == "advmod":
            first -= 1
        opener = doc[first - 1] if first > insult.sent.start else None
        if opener is None or not (opener.dep_ in ("det", "poss") or opener.pos_ == "ADJ"):
            return None
        if any(t.lower_ in ("most", "least") for t in doc[first : insult.i]):
            return None  # "the most disorganised lead I have worked with" says something else without it
        if head.dep_ == "attr" and any(
            c.dep_ == "nsubj" and c.lower_ in ("you", "u", "ya") for c in head.head.children
        ):
            return None  # "you are the laziest housemate": the label is the sentence's point
        if any(t.head.i == insult.i for t in doc[insult.i + 1 : head.i]):
            return None
        if opener.lower_ in ("a", "an"):
            # the article goes with the word after it: "a stupid idea" -> "an idea"
            vowel = doc[insult.i + 1].lower_[:1] in "aeiou"
            word = ("an" if vowel else "a") if opener.text.islower() else ("An" if vowel else "A")
            return _drop(doc, first - 1, insult.i, word)
        return _drop(doc, first, insult.i)
    # "like a coward" after the reader's act
    like = insult.dep_ == "pobj" and head.lower_ == "like" and head.head.pos_ == "VERB"
    if (
        like
        and head.i < insult.i <= head.i + 3
        and all(t.head.i == insult.i and t.dep_ in ("det", "amod") for t in doc[head.i + 1 : insult.i])
    ):
        return _drop(doc, head.i, insult.i)
    return None
