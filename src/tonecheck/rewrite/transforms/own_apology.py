"""The own-apology transform: an apology that owns what the writer did, without the "if", the excuse or
the "but you ..." that takes it back."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...engine import signals as sig
from ...engine.lexicon import words_of
from ...models import Finding, Suggestion
from ..clauses import suggest
from ..grammar import Builder
from ..phrasebook import phrasebook
from ._registry import register

# the apology word (the non-apology rules' lexicon class, and "my bad"); "apologies if", "my bad" are said
# as "I'm sorry"
_APOLOGY = words_of(["apology_word"]) | {"bad"}
# the words around the apology (data/rewrite/phrasebook.yml, `words:`): what belongs to it ("I'm so
# sorry"), what makes it a maybe ("if"), a grudging lead-in ("Fine,"), where the excuse begins ("but")
_OPENER = phrasebook().words["apology_opener"]
_HEDGES = phrasebook().words["apology_hedge"]
_SHRUG = phrasebook().words["apology_shrug"]
_GRUDGING = phrasebook().words["apology_grudging"]
_EXCUSE = phrasebook().words["apology_excuse"]


def _act_end(tokens: list[Token], first: int) -> int:
    """Where the act that starts at ``tokens[first]`` ends: an excuse marker, "and you ...", or the end."""
    for i in range(first, len(tokens)):
        token = tokens[i]
        if token.lower_ in _EXCUSE or (token.is_punct and token.text in ".!?…"):
            return i
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.lower_ == "and" and following is not None and following.lower_ in sig.YOU_WORDS:
            return i
    return len(tokens)


_OFFENDED = frozenset({"offended", "upset", "hurt", "bothered", "annoyed", "insulted", "put", "embarrassed"})
_ANYONE = frozenset({"anyone", "anybody", "you", "people", "someone", "somebody", "everyone", "u", "y'all"})


def _offended_by(tokens: list[Token], at: int) -> int | None:
    """ "anyone was offended by ...", "you felt hurt by ...", "people got upset by ..." starting at
    ``tokens[at]``: the index of "by" (what the act is comes after it), or ``None``."""
    words = [t.lower_ for t in tokens[at : at + 5]]
    if len(words) < 4 or words[0] not in _ANYONE or words[1] not in ("was", "were", "got", "felt", "feel", "are", "is"):
        return None
    word = 2
    if words[word] in ("at", "a", "bit", "little", "so", "really"):
        return None  # "if you were a bit hurt": no act named
    if words[word] not in _OFFENDED:
        return None
    by = at + word + 1
    if words[word] == "put" and by < len(tokens) and tokens[by].lower_ == "off":
        by += 1  # "put off by"
    return by if by < len(tokens) and tokens[by].lower_ == "by" else None


@register(
    "own-apology",
    cases={
        "Sorry if I offended you.": "Sorry I offended you.",
        "Hi all, apologies if my tone in the thread landed badly. It was a long day.": (
            "Hi all, I'm sorry my tone in the thread landed badly. It was a long day."
        ),
        "my bad about the noise but it was a saturday": "I'm sorry about the noise.",
        "I'm really sorry if I hurt your feelings last night.": "I'm really sorry I hurt your feelings last night.",
        "Fine, sorry I forgot the milk. Happy now?": "Sorry I forgot the milk.",
        "I'm sorry I missed it, but traffic was insane and my phone died.": "I'm sorry I missed it.",
        "Sorry I snapped, I've had a really long day and you kept pushing.": "Sorry I snapped.",
        "Sorry I yelled. You started it though.": "Sorry I yelled.",
        "sorry i yelled but u wouldn't stop going on about it": "sorry i yelled.",
        "I apologise for my tone. You were being completely unreasonable.": "I apologise for my tone.",
        "Sorry I was late, but you never told me the time changed.": "Sorry I was late.",
        "My bad I guess. Not sure why it's such a big deal.": None,
        "sorry i suppose": None,
        "I'm sorry you feel that way.": None,
        # what they were offended by is the act
        "Hi all, I apologise if anyone was offended by the joke in my toast.": (
            "Hi all, I apologise for the joke in my toast."
        ),
        "Sorry if you were upset by my comment at dinner.": "I'm sorry for my comment at dinner.",
        "apologies if people were put off by my rant yesterday": "i'm sorry for my rant yesterday.",
        "I'm sorry if anyone felt hurt by what I said.": "I'm sorry for what I said.",
        "Sorry if anyone was offended.": None,
        "I'm sorry, but honestly you're overreacting.": None,
    },
)
def own_apology(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: an apology that owns the act the draft names: the "if" goes ("sorry if I offended
    you" -> "sorry I offended you", "apologies if my tone landed badly" -> "I'm sorry my tone landed
    badly"), and the excuse or "but you ..." after it (in the flagged words: the clause, or the blaming
    sentence after it) is left out. When the draft does not name the act ("I'm sorry you feel that way")
    it offers nothing, and the rule's template with one blank stands.
    Example: I'm sorry if my comment upset you, but you were being touchy.
    Result: I'm sorry my comment upset you.
    Safety: safe: the writer's own act and words are kept; what is left out is the hedge, the excuse and
    the blame the rule flagged (the gate still keeps a name, number or time in them for the writer).
    """
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    if span is None:
        return None
    sents = [span[0].sent if len(span) else span.sent]
    while sents[-1].end < span.end:  # the sentences the finding runs into (Span.sents is not in the stubs)
        sents.append(doc[sents[-1].end].sent)
    tokens = [t for t in sents[0] if not t.is_space]
    apology = next((i for i, t in enumerate(tokens) if t.lower_ in _APOLOGY), None)
    if apology is None or (tokens[apology].lower_ == "bad" and (not apology or tokens[apology - 1].lower_ != "my")):
        return None
    start = apology
    while start and tokens[start - 1].lower_ in _OPENER:
        start -= 1
    word = tokens[apology].lower_
    after = apology + 1
    hedged = False
    while after < len(tokens) and tokens[after].lower_ in _HEDGES:
        hedged, after = hedged or tokens[after].lower_ != "that", after + 1
    if after >= len(tokens):
        return None
    subject = tokens[after]
    # "Sorry", "I'm so sorry", "I apologise for" stay the writer's; "apologies if", "my bad" become "I'm sorry"
    direct = word == "sorry" or (word in ("apologise", "apologize") and subject.lower_ == "for")
    if not direct and start and not tokens[start - 1].is_punct:
        return None  # "... I guess my bad": not an apology this can rebuild
    opener: Builder = Builder().tokens(tokens[start : apology + 1]) if direct else Builder().words("I'm", "sorry")
    if subject.lower_ in ("i", "i've", "i'd", "my"):
        clause_end = _act_end(tokens, after)
        act = tokens[after:clause_end]
        if len(act) < 2 or not any(t.pos_ in ("VERB", "AUX") for t in act) or act[1].lower_ in _SHRUG:
            return None  # no act, or a shrug where the act should be ("My bad I guess.")
        opener.tokens(act)
    elif subject.lower_ in ("for", "about"):
        clause_end = _act_end(tokens, after + 1)
        if clause_end - after < 2:
            return None
        opener.tokens(tokens[after:clause_end])
    elif hedged and _offended_by(tokens, after) is not None:
        # "I apologise if anyone was offended by the joke in my toast" -> "I apologise for the joke in my
        # toast": the act is what they were offended by
        by = _offended_by(tokens, after)
        assert by is not None
        clause_end = _act_end(tokens, by + 1)
        if clause_end - by < 2:
            return None
        if word in ("apologise", "apologize"):
            opener = Builder().tokens(tokens[start : apology + 1])
        elif start == apology:
            # a bare "Sorry for my comment." is a verbless fragment the gate refuses: "I'm sorry for ..."
            opener = Builder().words("I'm" if tokens[apology].text[:1].isupper() else "i'm", "sorry")
        opener.word("for").tokens(tokens[by + 1 : clause_end])
    else:
        return None  # "sorry you feel that way": the act is not in the draft
    first = start
    if start and all(t.is_punct or t.lower_ in _GRUDGING for t in tokens[:start]):
        first = 0
        opener = Builder().word(opener.text()[:1].upper() + opener.text()[1:])
    last = tokens[-1]
    tail = clause_end < len(tokens) and not (clause_end == len(tokens) - 1 and last.is_punct)
    if tail and finding.end <= tokens[clause_end].idx:
        # the words after the act are the writer's and the rule did not flag them: they stay
        kept = tokens[clause_end - 1]
        return suggest(tokens[first].idx, kept.idx + len(kept.text), opener.text(), "safe", "Own what you did")
    end = last.idx + len(last.text)
    # the sentences after the apology that the rule flagged with it ("You started it though.") go too
    for sent in sents[1:]:
        words = [t for t in sent if not t.is_space]
        if words and finding.end > words[0].idx:
            end = words[-1].idx + len(words[-1].text)
    if not hedged and not tail and direct and first == start and end == last.idx + len(last.text):
        return None  # already an apology that owns the act
    return suggest(tokens[first].idx, end, opener.word(".").text(), "safe", "Own what you did")
