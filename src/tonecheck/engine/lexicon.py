"""Word classes as data: ``data/lexicon/<class>.yml`` files mark tokens with classes (``Token._.tc_class``).

A class file says where its words come from (``provenance``) and lists them; an evaluative class may also be
seeded from VADER's lexicon (MIT licence, shipped inside vaderSentiment) by valence, so "negative" words are
the ones VADER scores as negative rather than a second hand-made list. Words are matched on a token's
lower-case form and on its lemma, so a class lists base forms ("forget") and irregular forms the tagger
lemmatises badly ("forgot"). Entries are single tokens (an emoji is one token); phrases belong in patterns.

Rules use classes in spaCy patterns, ``{"_": {"tc_class": {"INTERSECTS": ["negative_trait"]}}}`` (``IN`` is
accepted and read the same way: a token may be in several classes, and spaCy's ``IN`` never matches a list).
The matcher gates a pattern on the class's words being in the Doc, as it does for literal words, so a rule
over a class costs nothing on a draft that holds none of its words.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..ruleset.yamlread import YamlError, read_data

EXTENSION = "tc_class"
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_VARIATION_SELECTOR = "\ufe0f"


class LexiconError(ValueError):
    """A class file that cannot be read or says something impossible."""


@dataclass(frozen=True)
class WordClass:
    name: str
    description: str
    provenance: str
    words: frozenset[str]
    # Word beginnings that put any longer spelling in the class too ("fuck" -> "fuckingg"); read by the token
    # lookup (``Token._.tc_class``, conditions, signals). Patterns are gated and compiled on ``words``, so a
    # class with prefixes lists its common forms there as well.
    prefixes: tuple[str, ...] = ()


def _variants(word: str) -> Iterable[str]:
    """The spellings a listed word is looked up under: lower case, with and without the emoji variation
    selector (a tokenizer keeps "❤️" and "❤" apart), and the British "-ise" beside "-ize"."""
    word = word.lower()
    yield word
    if _VARIATION_SELECTOR in word:
        yield word.replace(_VARIATION_SELECTOR, "")
    elif len(word) == 1 and not word.isalnum():
        yield word + _VARIATION_SELECTOR
    for american, british in (("ize", "ise"), ("ized", "ised"), ("izing", "ising"), ("yze", "yse"), ("or", "our")):
        if word.endswith(american) and len(word) > len(american) + 2:
            if american == "or" and not word.endswith(("avor", "olor", "umor", "onor", "abor", "eighbor")):
                continue
            yield word[: -len(american)] + british


@functools.lru_cache(maxsize=1)
def _vader_valences() -> Mapping[str, float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return dict(SentimentIntensityAnalyzer().lexicon)


def _seeded(seed: Any, where: str) -> set[str]:
    if seed is None:
        return set()
    if not isinstance(seed, dict) or set(seed) != {"vader"} or not isinstance(seed["vader"], dict):
        raise LexiconError(f"{where}: seed must be {{vader: {{below: x}} or {{above: x}}}}")
    bounds = seed["vader"]
    unknown = set(bounds) - {"below", "above"}
    if unknown or not bounds:
        raise LexiconError(f"{where}: seed.vader takes 'below' and/or 'above'")
    below = float(bounds.get("below", 10.0))
    above = float(bounds.get("above", -10.0))
    return {
        word
        for word, valence in _vader_valences().items()
        # Words only: VADER's emoticons (":(") and abbreviations with digits are not tokens spaCy keeps whole.
        if above < valence < below and re.fullmatch(r"[a-z][a-z'-]*", word)
    }


def _load_class(name: str, data: Any) -> WordClass:
    where = f"lexicon class {name!r}"
    if not isinstance(data, dict):
        raise LexiconError(f"{where}: a class file is a mapping")
    allowed = {"description", "provenance", "seed", "words", "exclude", "prefixes"}
    extra = set(data) - allowed
    if extra:
        raise LexiconError(f"{where}: unknown keys {', '.join(sorted(extra))}")
    for key in ("description", "provenance"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise LexiconError(f"{where}: '{key}' is required (say what the class is and where its words come from)")
    listed = data.get("words") or []
    excluded = data.get("exclude") or []
    if not isinstance(listed, list) or not isinstance(excluded, list):
        raise LexiconError(f"{where}: 'words' and 'exclude' are lists")
    words = _seeded(data.get("seed"), where)
    for word in listed:
        if not isinstance(word, str) or not word.strip() or " " in word.strip():
            raise LexiconError(f"{where}: {word!r} is not a single token")
        words.update(_variants(word.strip()))
    for word in excluded:
        words.difference_update(_variants(str(word)))
    prefixes = data.get("prefixes") or []
    if not isinstance(prefixes, list) or not all(isinstance(p, str) and len(p.strip()) >= 3 for p in prefixes):
        raise LexiconError(f"{where}: 'prefixes' is a list of word beginnings of three letters or more")
    if not words:
        raise LexiconError(f"{where}: no words")
    description, provenance = (" ".join(data[key].split()) for key in ("description", "provenance"))
    return WordClass(name, description, provenance, frozenset(words), tuple(p.strip().lower() for p in prefixes))


@functools.lru_cache(maxsize=1)
def classes() -> Mapping[str, WordClass]:
    """Every shipped class by name, read once from ``data/lexicon``."""
    folder = importlib.resources.files("tonecheck") / "data" / "lexicon"
    found: dict[str, WordClass] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yml"):
            continue
        name = entry.name[: -len(".yml")]
        if not _NAME_RE.match(name):
            raise LexiconError(f"lexicon file {entry.name}: class names are lower_case_words")
        try:
            data = read_data(entry.read_text(encoding="utf-8"), str(entry))
        except YamlError as exc:
            raise LexiconError(str(exc)) from None
        found[name] = _load_class(name, data)
    return found


def class_names() -> frozenset[str]:
    return frozenset(classes())


def words_of(names: Iterable[str]) -> frozenset[str]:
    """Every word of the named classes (unknown names raise ``KeyError``)."""
    table = classes()
    return frozenset(word for name in names for word in table[name].words)


@functools.lru_cache(maxsize=1)
def _by_word() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for name, word_class in classes().items():
        for word in word_class.words:
            table.setdefault(word, []).append(name)
    return {word: tuple(sorted(names)) for word, names in table.items()}


@functools.lru_cache(maxsize=1)
def _prefixes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((name, c.prefixes) for name, c in classes().items() if c.prefixes)


def classes_of_word(word: str) -> tuple[str, ...]:
    """The classes of one word, by the listed words and the classes' prefixes."""
    word = word.lower()
    found = _by_word().get(word, ())
    extra = [name for name, prefixes in _prefixes() if name not in found and word.startswith(prefixes)]
    return tuple(sorted({*found, *extra})) if extra else found


class TokenClasses:
    """Looks up a token's classes by the hashes of its lower-case form and lemma (a dict lookup each, no
    string decoding): the getter behind ``Token._.tc_class``."""

    def __init__(self) -> None:
        self._by_hash: dict[int, tuple[str, ...]] = {}
        self._pairs: dict[tuple[int, int], tuple[str, ...]] = {}
        self._hashed = False

    def _ensure(self) -> None:
        # A string's hash is the same in every vocab (MurmurHash of the text), so one table serves them all.
        if not self._hashed:
            from spacy.strings import get_string_id

            self._by_hash = {get_string_id(word): names for word, names in _by_word().items()}
            self._hashed = True

    def __call__(self, token: Any) -> tuple[str, ...]:
        self._ensure()
        key = (token.lower, token.lemma)
        found = self._pairs.get(key)
        if found is None:
            by_form = self._by_hash.get(token.lower, ())
            by_lemma = self._by_hash.get(token.lemma, ())
            found = by_form if not by_lemma or by_lemma == by_form else tuple(sorted({*by_form, *by_lemma}))
            if _prefixes():
                # Once a (form, lemma) pair: the string is decoded only on a cache miss.
                extra = [n for n in classes_of_word(token.lower_) if n not in found]
                if extra:
                    found = tuple(sorted({*found, *extra}))
            if len(self._pairs) < 100_000:  # bounded: a hostile draft of random words must not grow it forever
                self._pairs[key] = found
        return found


token_classes = TokenClasses()


def register_extension() -> None:
    """``Token._.tc_class``: the token's classes, a tuple of names (empty when it has none)."""
    from spacy.tokens import Token

    if not Token.has_extension(EXTENSION):
        Token.set_extension(EXTENSION, getter=token_classes)


def in_class(token: Any, name: str) -> bool:
    return name in token_classes(token)


def pattern_classes(attrs: Mapping[str, Any]) -> list[str] | None:
    """The class names a token spec asks for through ``_.tc_class``, or None if it does not use classes."""
    underscore = attrs.get("_")
    if not isinstance(underscore, dict) or EXTENSION not in underscore:
        return None
    value = underscore[EXTENSION]
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and len(value) == 1:
        (op, names), = value.items()
        if op in ("IN", "INTERSECTS") and isinstance(names, list) and all(isinstance(n, str) for n in names):
            return list(names)
    raise LexiconError(
        f"_.{EXTENSION} takes a class name or {{IN: [names]}} / {{INTERSECTS: [names]}}, not {value!r}"
    )


def check_pattern(tokens: Iterable[Mapping[str, Any]]) -> list[str]:
    """Problems with the classes a token pattern names (unknown class, wrong shape)."""
    problems = []
    known = class_names()
    for index, attrs in enumerate(tokens):
        try:
            names = pattern_classes(attrs)
        except LexiconError as exc:
            problems.append(f"token {index}: {exc}")
            continue
        for name in names or ():
            if name not in known:
                problems.append(f"token {index}: unknown word class {name!r} (known: {', '.join(sorted(known))})")
    return problems


def for_matcher(attrs: dict[str, Any]) -> dict[str, Any]:
    """A token spec as spaCy's Matcher needs it: ``_.tc_class`` as an ``INTERSECTS`` test (spaCy's ``IN`` is
    false for a list-valued attribute). This keeps the Python getter; ``compiled`` avoids it."""
    names = pattern_classes(attrs)
    if names is None:
        return attrs
    underscore = {**attrs["_"], EXTENSION: {"INTERSECTS": names}}
    return {**attrs, "_": underscore}


# A pattern with more class tokens than this keeps the extension test for the rest (2**n variants).
_MAX_COMPILED = 3


def compiled(pattern: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A token pattern with its word-class tests turned into plain ``LOWER`` / ``LEMMA`` ``IN`` lists.

    A ``_.tc_class`` test makes spaCy's Matcher read the extension (a Python getter) for every token. A token
    is in a class when its lower-case form or its lemma is one of the class's words, so a required or optional
    class token becomes two variants of the pattern, one testing ``LOWER`` and one ``LEMMA``; their matches
    together are the class's matches. Tokens repeated by ``*`` / ``+`` (a run may mix forms and lemmas),
    negated ones, specs that already test ``LOWER`` or ``LEMMA``, and class tokens past the third keep the
    extension test. (spaCy evaluates ``IN`` lists in Python too, so this saves the getter, not the predicate.)
    """
    variants: list[list[dict[str, Any]]] = [[]]
    expanded = 0
    for attrs in pattern:
        names = pattern_classes(attrs)
        if names is None:
            choices = [attrs]
        else:
            words = sorted(words_of(names))
            rest = {key: value for key, value in attrs.items() if key != "_"}
            underscore = {key: value for key, value in attrs["_"].items() if key != EXTENSION}
            if underscore:
                rest["_"] = underscore
            op = attrs.get("OP")
            if "LOWER" in attrs or "LEMMA" in attrs or op in ("*", "+", "!") or expanded >= _MAX_COMPILED:
                choices = [for_matcher(attrs)]
            else:
                expanded += 1
                choices = [{**rest, "LOWER": {"IN": words}}, {**rest, "LEMMA": {"IN": words}}]
        variants = [[*variant, choice] for variant in variants for choice in choices]
    return variants
