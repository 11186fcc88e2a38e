"""The quality gate every safe rewrite passes before it is applied: the edited sentence re-parsed must be
whole, not repeated, correctly capitalised and punctuated, with a base verb after "Could you"; only real
commands are turned into requests (not narration, questions or sarcasm); and none of the writer's facts
(numbers, names, times) is lost. A suggestion that fails is not applied by the safe rewrite and is listed
for the writer as ``review``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from .phrasebook import phrasebook

Parse = Callable[[str], Doc]

REASONS = (
    "fragment",
    "repeated sentence",
    "capitalisation",
    "punctuation",
    "verb form after 'Could you'",
    "narration made a request",
    "question made a request",
    "sarcasm made a request",
    "fact deleted",
)

_BAD_PUNCTUATION = re.compile(r"[,;:]\s*[.?!]|\s[,.?!;:]|[.?!]{2,}|\?\s*\.|\S {2,}\S|,,")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
# cues that make an imperative sarcasm, and urgency words (data/rewrite/phrasebook.yml, `words:`)
_SARCASM = tuple(sorted(phrasebook().words["sarcasm_cues"]))
# "You always do this. Make a mess and leave ...": the imperative after it describes the habit, mockingly
_HABIT = re.compile(r"\byou (?:always|never|constantly) do (?:this|that)\b")
_URGENCY = phrasebook().words["urgency"]
_I_FORMS = ("I", "I'd", "I'm", "I've", "I'll")


def _sentences(text: str) -> list[str]:
    return [" ".join(s.lower().split()) for s in _SENTENCE_SPLIT.split(text) if any(c.isalnum() for c in s)]


def _words(sent: Span) -> str:
    return " ".join(t.lower_ for t in sent if not t.is_punct and not t.is_space)


def _capitalised_by_writer(doc: Doc, start: int, end: int, word: str) -> bool:
    """Whether the writer wrote ``word`` capitalised between ``start`` and ``end`` other than to start a
    sentence ("Answer Sam." does not make "Could you Answer Sam?" right)."""
    return any(t.text == word and (not t.is_sent_start or t.pos_ == "PROPN") for t in doc if start <= t.idx < end)


def _overlapping(doc: Doc, start: int, end: int) -> list[Span]:
    return [s for s in doc.sents if s.start_char <= end and start <= s.end_char]


_LINKING = frozenset({"before", "until", "within", "later", "soon"})


def _names_a_time(token: Token, times: frozenset[str]) -> bool:
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and (following.like_num or following.lower_ in times or following.lower_ == "the")


def _facts(doc: Doc, start: int, end: int) -> Counter[str]:
    """Numbers, names and time words the writer wrote between ``start`` and ``end``."""
    times = phrasebook().time_words
    found: Counter[str] = Counter()
    for token in doc:
        if token.idx < start or token.idx + len(token) > end or token.lower_ in _URGENCY:
            continue
        if token.lower_ in ("am", "pm") and not (token.i and token.nbor(-1).like_num):
            continue  # "I am begging" is not a time
        if token.lower_ in _LINKING and not _names_a_time(token, times):
            continue  # "until I hear from you" names no time; "until Friday" does (and "Friday" counts)
        if token.lower_ == "one" and (token.pos_ == "PRON" or (token.i and token.nbor(-1).pos_ in ("DET", "PRON"))):
            continue  # "that one's on you", "the one we planned": a pronoun, not a number
        name = token.pos_ == "PROPN" and token.is_title and not token.is_sent_start
        if token.like_num or token.is_currency or token.lower_ in times or name:
            found[token.lower_] += 1
    return found


def _narration(doc: Doc, start: int, end: int) -> bool:
    """Whether the words turned into a request tell of something ("You went to the gym") rather than ask
    for it: their first verb is not a base form ("call", "you need to call")."""
    verbs = [t for t in doc if start <= t.idx < end and t.pos_ in ("VERB", "AUX")]
    if not verbs:
        return False
    first = verbs[0]
    if first.tag_ == "VB" or first.lemma_ in ("need", "have", "must", "got", "better", "should"):
        return False
    return first.tag_ in ("VBD", "VBN", "VBZ", "VBG") or any(
        t.dep_ == "nsubj" and t.i < first.i for t in first.children
    )


def repeats(text: str, start: int, end: int, replacement: str) -> bool:
    """Whether ``text[start:end]`` becoming ``replacement`` repeats a sentence of ``text`` (read as text)."""
    after = text[:start] + replacement + text[end:]
    before = sum(n - 1 for n in Counter(_sentences(text)).values() if n > 1)
    return sum(n - 1 for n in Counter(_sentences(after)).values() if n > 1) > before


def defects(
    window: str, start: int, end: int, replacement: str, parse: Parse, *, preceding: str = "", following: str = ""
) -> list[str]:
    """What is wrong with ``window[start:end]`` becoming ``replacement`` (empty: nothing).

    ``preceding`` / ``following``: the draft around the window, read as text only (a sentence repeated from
    elsewhere in the draft, sarcasm in the sentence before), so the window parsed can be just the sentences
    the edit touches."""
    after = window[:start] + replacement + window[end:]
    new_end = start + len(replacement)
    found: list[str] = []
    # a deletion leaves no new words to read: only the draft's parse is needed
    old_doc, new_doc = parse(window), (parse(after) if replacement else None)
    original = window[start:end]

    new_sents = _overlapping(new_doc, start, new_end) if new_doc is not None else []
    # the draft's own verbless sentences ("where r u rn???" -> "where r u rn?"), or two of them read as one
    # ("hello?? helloooo??" -> "hello? helloooo??"), are the writer's, not new
    old_sents = [_words(s) for s in old_doc.sents]
    old_texts = {
        " ".join(old_sents[i:j]) for i in range(len(old_sents)) for j in range(i + 1, min(i + 3, len(old_sents)) + 1)
    }
    for sent in new_sents:
        words = [t for t in sent if not t.is_punct and not t.is_space]
        verbless = words and not any(t.pos_ in ("VERB", "AUX") for t in sent)
        if verbless and len(words) > 1 and _words(sent) not in old_texts:
            found.append("fragment")
            break
    if repeats(preceding + window + following, len(preceding) + start, len(preceding) + end, replacement):
        found.append("repeated sentence")

    # "i miss u": their style, not a defect
    lower_case_writer = not any(c.isupper() for c in preceding[-200:] + window + following[:200])
    for token in new_doc or ():
        if not (start <= token.idx < new_end) or not token.text[:1].isalpha():
            continue
        before = after[: token.idx].rstrip(" \t\"'")
        starts_sentence = not before or before[-1] in ".!?\n"
        if starts_sentence and token.text[:1].islower() and not lower_case_writer:
            found.append("capitalisation")
            break
        if (
            not starts_sentence
            and token.text[:1].isupper()
            and token.text not in _I_FORMS
            and token.pos_ != "PROPN"
            and not token.is_upper
            and not _capitalised_by_writer(old_doc, start, end, token.text)
        ):
            found.append("capitalisation")
            break
    edited = after[max(start - 1, 0) : new_end + 1]
    if _BAD_PUNCTUATION.search(edited) or (
        replacement
        and original.rstrip()[-1:] in ".?!"
        and replacement.rstrip(" \"')")[-1:] not in ".?!"
        and not any(not c.isalnum() and not c.isspace() for c in replacement.rstrip()[-1:])
    ):
        found.append("punctuation")

    # "Could you ...?" asks; "I'd love it if you could ..." is a wish, not a request made of the words
    asks = [
        t
        for t in new_doc or ()
        if start <= t.idx < new_end
        and t.lower_ == "could"
        and not any(w.lower_ in ("if", "whether") for w in t.doc[max(t.i - 2, 0) : t.i])
    ]
    for could in asks:
        you = could.nbor(1) if could.i + 1 < len(could.doc) else None
        if you is None or you.lower_ != "you":
            continue
        verb = next((t for t in could.doc[you.i + 1 : you.i + 4] if t.pos_ != "ADV"), None)
        if verb is not None and verb.tag_ not in ("VB",) and verb.pos_ in ("VERB", "AUX"):
            found.append("verb form after 'Could you'")
            break
    if asks and not original.lower().lstrip().startswith(("could you", "can you", "would you")):
        lowered = original.lower()
        previous = (_sentences(preceding[-400:] + window[:start]) or [""])[-1]
        if any(cue in lowered for cue in _SARCASM) or _HABIT.search(previous):
            found.append("sarcasm made a request")
        elif original.rstrip(" \"')").endswith("?"):
            found.append("question made a request")
        elif _narration(old_doc, start, end):
            found.append("narration made a request")

    # a fact of the writer's the replacement does not say is lost (the new words hold no others)
    if any(word not in replacement.lower() for word in _facts(old_doc, start, end)):
        found.append("fact deleted")
    return found
