r"""Regular expressions in rules run on RE2, in time linear in the token, whatever the pattern.

spaCy token patterns accept ``{ATTR: {REGEX: "..."}}`` (in any case: ``regex`` too) and run it with Python's
backtracking ``re.search`` on every token: ``(a+)+$`` takes about 2**n steps on n ``a``s, so one careless rule
could hang every check. A guard that refuses the constructs known to backtrack is never complete (it missed
``(?:\w?){20}!`` until it was told), so tonecheck does not let ``re`` run a rule's regex at all:

- At load time, ``regex_problems`` compiles each REGEX with RE2 (``google-re2``, whose automata never
  backtrack) and refuses what RE2 cannot run, with the rule's file and line: backreferences and lookarounds
  (which need backtracking), ``\b`` / ``\B`` (RE2's are ASCII-only; a token is one word, so anchor it with
  ``^`` and ``$``), ``\W`` or ``\S`` inside a character class, invalid patterns, and patterns longer than
  ``MAX_PATTERN_CHARS``.
- When the matcher is built, ``bounded`` replaces each REGEX predicate with a token extension
  (``Token._.tc_re_<hash>``) whose getter runs the compiled RE2 pattern on the same attribute (``TEXT``,
  ``LOWER``, ``LEMMA``, ``MORPH``, a ``_`` extension ...).

Python's ``\w``, ``\d`` and ``\s`` match any Unicode letter, digit or space; RE2's match ASCII only, so they are
translated to Unicode classes (``\w`` -> ``[\p{L}\p{N}_]``) and ``café`` still matches ``^\w+$``. ``\Z`` becomes
RE2's ``\z``. Case-insensitive matching (``(?i)``) is Unicode in both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from typing import Any

import re2  # type: ignore[import-untyped]

MAX_PATTERN_CHARS = 200

# Python's classes (for str patterns) as RE2 Unicode classes: the inside of a bracket, then the whole atom.
_WORD = r"\p{L}\p{N}_"
_DIGIT = r"\p{Nd}"
_SPACE = r"\s\x{0b}\x{1c}-\x{1f}\x{85}\p{Z}"
_INSIDE = {"w": _WORD, "d": _DIGIT, "s": _SPACE, "D": r"\P{Nd}"}
_OUTSIDE = {
    "w": f"[{_WORD}]",
    "W": f"[^{_WORD}]",
    "d": _DIGIT,
    "D": r"\P{Nd}",
    "s": f"[{_SPACE}]",
    "S": f"[^{_SPACE}]",
    "Z": r"\z",
}
# Token attributes a REGEX may test, as spaCy reads them (its ``_RegexPredicate``); others are not text.
_TEXT_ATTRS: dict[str, Callable[[Any], str]] = {
    "ORTH": lambda t: t.orth_,
    "TEXT": lambda t: t.text,
    "LOWER": lambda t: t.lower_,
    "NORM": lambda t: t.norm_,
    "LEMMA": lambda t: t.lemma_,
    "POS": lambda t: t.pos_,
    "TAG": lambda t: t.tag_,
    "DEP": lambda t: t.dep_,
    "MORPH": lambda t: str(t.morph),
    "ENT_TYPE": lambda t: t.ent_type_,
    "ENT_IOB": lambda t: t.ent_iob_,
    "ENT_ID": lambda t: t.ent_id_,
    "ENT_KB_ID": lambda t: t.ent_kb_id_,
    "SHAPE": lambda t: t.shape_,
    "PREFIX": lambda t: t.prefix_,
    "SUFFIX": lambda t: t.suffix_,
}
_PREFIX = "tc_re_"


class _Refused(ValueError):
    pass


def to_re2(pattern: str) -> str:
    """``pattern`` (Python syntax) in RE2 syntax with Python's Unicode meaning; ``_Refused`` saying why not."""
    out: list[str] = []
    in_class = False
    class_start = 0
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            if escaped in "bB":
                raise _Refused(
                    f"uses \\{escaped}, which RE2 reads in ASCII only; a token is one word: anchor it with ^ and $"
                )
            if in_class and escaped in "WS":
                raise _Refused(f"uses \\{escaped} inside a character class; write the class out")
            table = _INSIDE if in_class else _OUTSIDE
            out.append(table.get(escaped, char + escaped))
            i += 2
            continue
        if in_class:
            # ']' right after '[' or '[^' is a literal, as in Python
            if char == "]" and i > class_start:
                in_class = False
        elif char == "[":
            in_class = True
            class_start = i + 1 + (pattern[i + 1 : i + 2] == "^")
        out.append(char)
        i += 1
    return "".join(out)


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # the loader reports the error; RE2 would also print it to stderr
    return options


def compile_regex(pattern: str) -> Any:
    """The RE2 program for a rule's REGEX; ``ValueError`` saying why it cannot run."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise _Refused(f"is longer than {MAX_PATTERN_CHARS} characters")
    translated = to_re2(pattern)
    try:
        return re2.compile(translated, _options())
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise _Refused(
            f"cannot run on RE2 (no backreferences or lookarounds, which need backtracking): {reason}"
        ) from None


def regex_problem(pattern: str, attr: str = "TEXT") -> str | None:
    """Why ``pattern`` cannot be a rule's REGEX on ``attr``, or ``None``."""
    if attr != "_" and attr.upper() not in _TEXT_ATTRS:
        return f"REGEX on {attr} is not allowed: {attr} is not a text attribute"
    try:
        compile_regex(pattern)
    except _Refused as refused:
        return f"REGEX {pattern!r} {refused}"
    return None


def regex_problems(tokens: list[Any]) -> Iterator[str]:
    """The problem of every ``REGEX`` in a list of spaCy token specs (at any depth, ``_`` extensions too)."""
    for token in tokens:
        if isinstance(token, dict):
            for attr, value in token.items():
                if attr == "_" and isinstance(value, dict):
                    for predicate in value.values():
                        yield from _value_problems("_", predicate)
                else:
                    yield from _value_problems(str(attr), value)


def _value_problems(attr: str, value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, pattern in value.items():
            if isinstance(key, str) and key.upper() == "REGEX":
                problem = regex_problem(pattern, attr) if isinstance(pattern, str) else "REGEX takes a string"
                if problem:
                    yield problem


def bounded(spec: dict[str, Any]) -> dict[str, Any]:
    """A token spec with each REGEX predicate replaced by an RE2-backed token extension (same meaning).

    Call only on specs ``regex_problems`` passed."""
    if not any(_has_regex(value) for value in spec.values()) and not (
        isinstance(spec.get("_"), dict) and any(_has_regex(v) for v in spec["_"].values())
    ):
        return spec
    flags: dict[str, Any] = {}
    out: dict[str, Any] = {}
    for attr, value in spec.items():
        if attr == "_" and isinstance(value, dict):
            underscore: dict[str, Any] = {}
            for name, predicate in value.items():
                rest = _split(predicate, f"_.{name}", _extension_getter(name), flags)
                if rest is not None:
                    underscore[name] = rest
            if underscore:
                out["_"] = {**out.get("_", {}), **underscore}
        else:
            getter = _TEXT_ATTRS.get(str(attr).upper())
            rest = _split(value, str(attr).upper(), getter, flags) if getter is not None else value
            if rest is not None:
                out[attr] = rest
    out["_"] = {**out.get("_", {}), **flags}
    return out


def _extension_getter(name: str) -> Callable[[Any], str]:
    return lambda token: _text(token._.get(name))


def _has_regex(value: Any) -> bool:
    return isinstance(value, dict) and any(isinstance(k, str) and k.upper() == "REGEX" for k in value)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _split(value: Any, attr: str, getter: Callable[[Any], str], flags: dict[str, Any]) -> Any:
    """``value`` without its REGEX predicates (``None`` if nothing is left); each becomes a flag in ``flags``."""
    if not _has_regex(value):
        return value
    rest: dict[str, Any] = {}
    for key, pattern in value.items():
        if isinstance(key, str) and key.upper() == "REGEX":
            flags[_extension(pattern, attr, getter)] = True
        else:
            rest[key] = value[key]
    return rest or None


def _extension(pattern: str, attr: str, getter: Callable[[Any], str]) -> str:
    """The name of a token extension that is true when ``pattern`` is found in the token's ``attr``."""
    from spacy.tokens import Token

    program = compile_regex(pattern)
    name = _PREFIX + hashlib.sha1(f"{attr}\0{pattern}".encode()).hexdigest()[:16]
    if not Token.has_extension(name):
        Token.set_extension(name, getter=lambda token: program.search(getter(token)) is not None)
    return name
