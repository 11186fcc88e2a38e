"""Components that run around the model's own: cheap stand-ins for what tonecheck does not need in full.

``tonecheck_tags`` sets POS, MORPH and some lemmas from the tagger's fine-grained tag (and, for pronouns and
forms of "be", the word) with table look-ups. It replaces the model's attribute ruler, which costs about a
fifth of the parse for the same result: the table is read from that ruler's own single-token patterns, so
nothing is written by hand. Without the word entries "'m" keeps its own lemma and "I'm hurt" is not "be hurt".

``tonecheck_line_breaks`` starts a sentence after a line break in chat-style drafts, before the parser runs
(the parser keeps starts set before it). "hey\\nare you there\\nCALL ME" is three messages typed one a line,
but the parser reads it as one sentence, so its commands and shouting go unseen. A blank line always starts a
sentence; a single line break does when the line before it is shorter than ``max_wrapped_line`` characters,
because hard-wrapped prose (e-mail bodies wrapped at 72) breaks long lines mid-sentence.

It also starts a sentence at a capitalised word after an emoji (``Hi 😀😀. Answer me now!``, ``😀 Answer me``):
the small model reads emoji as proper nouns and ran "Hi 😀😀. Answer me now!" together as one sentence, so
the command in it was not seen.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS  # type: ignore[import-not-found]
from spacy.tokens import Doc

_ATTRS: list[int | str] = ["TAG", "LOWER", "POS", "MORPH", "LEMMA"]
# (POS id, MORPH hash, LEMMA hash); 0 leaves the value as it is.
_Values = tuple[int, int, int]


@Language.factory("tonecheck_tags", default_config={"tag_map": {}})
def make_tag_mapper(nlp: Language, name: str, tag_map: dict[str, dict[str, str]]) -> Callable[[Doc], Doc]:
    strings = nlp.vocab.strings
    morphology: Any = nlp.vocab.morphology

    def values(attrs: dict[str, str]) -> _Values:
        return (
            POS_IDS[attrs["POS"]] if "POS" in attrs else 0,
            morphology.add(attrs["MORPH"]) if "MORPH" in attrs else 0,
            strings.add(attrs["LEMMA"]) if "LEMMA" in attrs else 0,
        )

    by_tag: dict[int, _Values] = {}
    by_word: dict[tuple[int, int], _Values] = {}
    for key, attrs in tag_map.items():
        tag, _, word = key.partition(" ")
        if word:
            by_word[(strings.add(tag), strings.add(word))] = values(attrs)
        else:
            by_tag[strings.add(tag)] = values(attrs)

    def set_tags(doc: Doc) -> Doc:
        if not len(doc):
            return doc
        array: Any = doc.to_array(_ATTRS)
        rows = array.tolist()
        for row in rows:
            for found in (by_tag.get(row[0]), by_word.get((row[0], row[1]))):
                if found is not None:
                    pos, morph, lemma = found
                    if pos:
                        row[2] = pos
                    if morph:
                        row[3] = morph
                    if lemma:
                        row[4] = lemma
        array[:, 2:] = [row[2:] for row in rows]
        doc.from_array(_ATTRS[2:], array[:, 2:])
        return doc

    return set_tags


def tag_map_from(attribute_ruler: Any) -> dict[str, dict[str, str]]:
    """The model's own TAG -> POS/MORPH table, read from its attribute ruler's single-tag patterns, plus
    "TAG word" entries (POS/MORPH/LEMMA) from its tag-and-word patterns, such as contractions of "be"."""
    table: dict[str, dict[str, str]] = {}
    for entry in attribute_ruler.patterns:
        patterns = entry["patterns"]
        if len(patterns) != 1 or len(patterns[0]) != 1:
            continue
        token = patterns[0][0]
        if list(token) == ["TAG"] and isinstance(token["TAG"], str):
            table[token["TAG"]] = {k: str(v) for k, v in entry["attrs"].items() if k in ("POS", "MORPH")}
        elif set(token) == {"TAG", "LOWER"} and isinstance(token["TAG"], str):
            # Keyed "TAG word": the tag never holds a space.
            lower = token["LOWER"]
            words = lower.get("IN", []) if isinstance(lower, dict) else [lower]
            for word in words:
                table[f"{token['TAG']} {word}"] = {
                    k: str(v) for k, v in entry["attrs"].items() if k in ("POS", "MORPH", "LEMMA")
                }
    return table


MAX_WRAPPED_LINE = 60


@Language.factory("tonecheck_line_breaks", default_config={"max_wrapped_line": MAX_WRAPPED_LINE})
def make_line_breaks(nlp: Language, name: str, max_wrapped_line: int) -> Callable[[Doc], Doc]:
    def mark(doc: Doc) -> Doc:
        mark_line_breaks(doc, max_wrapped_line)
        mark_emoji_breaks(doc)
        return doc

    return mark


def is_emoji(text: str) -> bool:
    """A token of pictographs only (with their skin tones, variation selectors and joiners)."""
    return any(unicodedata.category(c) == "So" for c in text) and all(
        unicodedata.category(c) in ("So", "Sk", "Mn", "Cf") or c == "\u200d" for c in text
    )


def mark_emoji_breaks(doc: Doc) -> None:
    """Start a sentence at a capitalised word after an emoji, or after ``. ! ?`` that follow one."""
    for token in doc[1:]:
        if not (token.is_alpha and token.text[0].isupper()):
            continue
        before = token.nbor(-1)
        if before.text in (".", "!", "?", "...") and before.i > 0:
            before = before.nbor(-1)
        if is_emoji(before.text):
            token.is_sent_start = True


def mark_line_breaks(doc: Doc, max_wrapped_line: int = MAX_WRAPPED_LINE) -> None:
    """Start a sentence after a blank line, or after a line break that ends a short line."""
    text = doc.text
    if "\n" not in text:
        return
    for token in doc:
        if not (token.is_space and "\n" in token.text) or token.i + 1 >= len(doc):
            continue
        line_start = text.rfind("\n", 0, token.idx) + 1
        blank_line = token.text.count("\n") >= 2
        if blank_line or token.idx - line_start < max_wrapped_line:
            doc[token.i + 1].is_sent_start = True
