"""Small grammar helpers for the parse-based rewrites: tense from the parse, verb forms from lemminflect,
and a builder that reassembles tokens with their original spacing.

Inflection comes from lemminflect (a maintained lexicon with an out-of-vocabulary model), never from
string suffix rules, so "ignoring" -> "ignored", "leave" -> "left", "listen" -> "listened" come out right.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import lemminflect
from spacy.tokens import Span, Token

# Words that place a sentence in the past even when its verb form does not ("You hurt me last night").
_PAST_MARKERS = frozenset({"yesterday", "last", "ago", "earlier", "before"})
_FINITE_TAGS = ("VBD", "VBP", "VBZ", "MD")


# Where lemminflect knows two forms and the first is the other sense: in a message "you lied", not "lay".
_PREFERRED = {("lie", "VBD"): "lied"}


@functools.lru_cache(maxsize=4096)
def getInflection(lemma: str, tag: str) -> tuple[str, ...]:
    """lemminflect's forms, cached: it deep-copies its tables on every call, a tenth of a check's time."""
    return tuple(lemminflect.getInflection(lemma, tag=tag))


@functools.lru_cache(maxsize=4096)
def getLemma(word: str, upos: str) -> tuple[str, ...]:
    """lemminflect's lemmas, cached (see ``getInflection``)."""
    return tuple(lemminflect.getLemma(word, upos=upos))


@functools.lru_cache(maxsize=4096)
def can_be_verb(word: str) -> bool:
    """Whether lemminflect's dictionary knows ``word`` (lower-case) as a verb form: a name or a typo the
    tagger took for a command ("geraldine , ..."), or a noun ("neo"), is not one."""
    return "VERB" in lemminflect.getAllLemmas(word) or "AUX" in lemminflect.getAllLemmas(word)


def inflect(lemma: str, tag: str) -> str:
    """``lemma`` in the Penn tag's form (``VBD``, ``VBN``, ``VBP``, ``VBZ``, ``VBG``); the lemma if unknown."""
    forms = getInflection(lemma, tag)
    if (lemma, tag) in _PREFERRED and _PREFERRED[(lemma, tag)] in forms:
        return _PREFERRED[(lemma, tag)]
    return str(forms[0]) if forms else lemma


def verb_lemma(token: Token) -> str:
    """The verb's lemma; lemminflect's when spaCy left the word as it was ("forgot" tagged present) or
    made up a lemma no dictionary knows ("unfollowed" -> "unfollowe")."""
    if token.lemma_.lower() == token.lower_ or not can_be_verb(token.lemma_.lower()):
        lemmas = getLemma(token.lower_, upos="VERB")
        if lemmas:
            return str(lemmas[0])
    return token.lemma_


def lemma_in(token: Token, words: frozenset[str]) -> str | None:
    """The token's lemma if it is one of ``words``, by spaCy's lemma or lemminflect's ("scared" is
    sometimes lemmatised as "scar")."""
    if token.lemma_ in words:
        return token.lemma_
    return next((str(lemma) for lemma in getLemma(token.lower_, upos="VERB") if lemma in words), None)


def is_past(verb: Token) -> bool:
    """Whether ``verb`` tells of the past. Forms that are the same in past and present ("hurt", "upset")
    take the tense of the other finite verbs in the sentence, then of time words; failing both, the past,
    since a grievance usually tells of something that happened."""
    if any(child.dep_ == "aux" and child.lemma_ in ("have", "do") and child.tag_ == "VBD" for child in verb.children):
        return True
    if any(child.dep_ == "aux" and child.lemma_ == "have" for child in verb.children):
        return True  # "you've hurt me" -> "I felt hurt"
    lemma = verb_lemma(verb)
    past_form = inflect(lemma, "VBD").lower()
    if past_form != inflect(lemma, "VBP").lower():
        return verb.tag_ in ("VBD", "VBN") or verb.lower_ == past_form
    others = [t for t in verb.sent if t.i != verb.i and t.tag_ in _FINITE_TAGS and t.dep_ != "aux"]
    others += [t for t in verb.sent if t.dep_ == "aux" and t.head.i != verb.i and t.tag_ in _FINITE_TAGS]
    if any(t.tag_ == "VBD" for t in others):
        return True
    if any(t.tag_ in ("VBP", "VBZ", "MD") for t in others):
        return False
    if any(t.lower_ in _PAST_MARKERS for t in verb.sent):
        return True
    return not any(t.lower_ in ("every", "whenever", "always", "usually", "often") for t in verb.sent)


def finite(lemma: str, past: bool) -> str:
    """A verb's form after "I" or "you": "felt" / "feel", "ignored" / "ignore"."""
    return inflect(lemma, "VBD" if past else "VBP")


class Builder:
    """Reassembles a sentence: a kept token followed by the token after it in the text keeps its own
    spacing ("5pm" stays "5pm"); anywhere else words are joined by one space, and punctuation and clitics
    attach to the word before them."""

    def __init__(self) -> None:
        self._parts: list[tuple[str, str, int | None]] = []

    def word(self, text: str) -> Builder:
        self._parts.append((text, " ", None))
        return self

    def words(self, *texts: str) -> Builder:
        for text in texts:
            self.word(text)
        return self

    def token(self, token: Token, text: str | None = None) -> Builder:
        self._parts.append((token.text if text is None else text, token.whitespace_, token.i))
        return self

    def tokens(self, tokens: Iterable[Token]) -> Builder:
        for token in tokens:
            self.token(token)
        return self

    def text(self) -> str:
        out: list[str] = []
        for index, (text, space, position) in enumerate(self._parts):
            out.append(text)
            if index + 1 < len(self._parts):
                nxt, _, next_position = self._parts[index + 1]
                if position is not None and next_position == position + 1:
                    out.append(space)
                else:
                    out.append("" if _attaches(nxt) else " ")
        return "".join(out).strip()


def _attaches(text: str) -> bool:
    return text[:1] in ".,!?;:)" or text.lower() in ("n't", "'s", "'re", "'ve", "'ll", "'d", "'m")


def content_end(sent: Span) -> Token:
    """The last token of a sentence that is not whitespace."""
    tokens = [t for t in sent if not t.is_space]
    return tokens[-1] if tokens else sent[-1]


def body_and_end(sent: Span, start: int) -> tuple[list[Token], str]:
    """Tokens from index ``start`` to the sentence's end without its closing punctuation, and that
    punctuation reduced to one mark ("!!!" -> "!", "??" -> "?", none -> ".")."""
    tokens = [t for t in sent if t.i >= start and not t.is_space]
    closing: list[Token] = []
    while tokens and tokens[-1].is_punct and tokens[-1].text[:1] in ".!?":
        closing.insert(0, tokens.pop())
    marks = "".join(t.text for t in closing)
    end = "?" if "?" in marks else "!" if "!" in marks else "."
    return tokens, end
