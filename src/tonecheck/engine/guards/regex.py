r"""Regular expressions in rules, checked at load time so that none can hang the checker.

spaCy token patterns accept ``{ATTR: {REGEX: "..."}}`` and run it with Python's ``re.search`` on every token,
which backtracks: ``(a+)+$`` takes about 2**n steps on n ``a``s, and even ``\w*\w*!`` is cubic. tonecheck
does not swap in another engine (spaCy compiles the predicate itself); it refuses, with a loader error, the
constructs that backtrack badly:

- a repeat or an optional item inside a repeat (``(a+)+``, ``(\w+\s?)*``, ``(a{1,9}){1,9}``,
  ``(?:\w?){20}``), under a ``REGEX`` key in any case (spaCy also reads ``regex``),
- an alternation inside a repeat (``(a|aa)+``; write a character class, ``[ab]+``),
- backreferences, and patterns longer than ``MAX_PATTERN_CHARS``,
- patterns whose backtracking estimate is over ``MAX_COST``: an unbounded repeat (``*``, ``+``, ``{n,}``)
  counts as the longest token (``TOKEN_CHARS``), ``{m,n}`` as ``n - m + 1``, a sequence multiplies, an
  alternation adds. One unbounded repeat with a small bounded one passes (``\w+!?``); two in a row do not
  (``.*a.*b``, ``\w*\w*!``, ``(?=.*a)\w+``), nor do many bounded ones (``\w{0,9}`` four times).

The estimate is conservative: ``[a-z]+\d*$`` is refused though Python runs it fast; split it into two token
specs or bound a repeat. No token is longer than the 1,000 characters ``tonecheck.engine.chunking.LONG_RUN`` allows,
and on such a token what passes takes at most about 10 ms a search (measured: ``\w+!`` 6 ms, a refused
``\w+\w{0,9}!`` 54 ms, ``(a+)+$`` on 30 characters minutes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

MAX_PATTERN_CHARS = 200
TOKEN_CHARS = 1_000  # tonecheck.engine.chunking.LONG_RUN (not imported: chunking needs spaCy, this does not)
MAX_COST = 2 * TOKEN_CHARS
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` is refused, or ``None`` when it is safe to run on every token."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return f"REGEX is longer than {MAX_PATTERN_CHARS} characters"
    try:
        parsed = sre_parse.parse(pattern)
    except re.error as exc:
        return f"REGEX {pattern!r} is not a valid regular expression: {exc}"
    try:
        if _cost(parsed, inside_repeat=False) > MAX_COST:
            return (
                f"REGEX {pattern!r} has repeats in a row that backtrack against each other (polynomial time); keep "
                "one unbounded repeat and make the others small ({0,1}), or split it over two token specs"
            )
    except _Refused as refused:
        return f"REGEX {pattern!r} {refused}"
    return None


def regex_problems(tokens: list[Any]) -> Iterator[str]:
    """The problem of every ``REGEX`` in a list of spaCy token specs (at any depth, ``_`` extensions too)."""
    for token in tokens:
        yield from _walk(token)


def _walk(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            # spaCy reads predicate names in any case ({LOWER: {regex: ...}} is a regex too).
            if isinstance(key, str) and key.upper() == "REGEX" and isinstance(value, str):
                problem = regex_problem(value)
                if problem:
                    yield problem
            else:
                yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


class _Refused(Exception):
    pass


def _cost(items: Any, *, inside_repeat: bool) -> int:
    """The backtracking estimate of a sequence (see the module docstring); raises on refused constructs."""
    cost = 1
    for op, arg in items:
        if op in _REPEATS:
            low, high, sub = arg
            if high > 1:
                if inside_repeat:
                    raise _Refused("nests a repeat inside a repeat, which backtracks exponentially")
                if _has_branch(sub):
                    raise _Refused("repeats an alternation, which backtracks exponentially; use a character class")
                width = TOKEN_CHARS if high == sre.MAXREPEAT else high - low + 1
                cost *= width * _cost(sub, inside_repeat=True)
            else:
                if inside_repeat and low == 0:
                    # (?:\w?){20}: each round may match or not, so a failing search tries 2**20 ways.
                    raise _Refused("nests an optional item inside a repeat, which backtracks exponentially")
                cost *= 1 + _cost(sub, inside_repeat=inside_repeat)
        elif op == sre.SUBPATTERN:
            cost *= _cost(arg[-1], inside_repeat=inside_repeat)
        elif op == sre.BRANCH:
            cost *= sum(_cost(branch, inside_repeat=inside_repeat) for branch in arg[1])
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            cost *= _cost(arg[1], inside_repeat=inside_repeat)
        elif op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
            raise _Refused("uses a backreference")
        elif op == getattr(sre, "ATOMIC_GROUP", None):
            cost *= _cost(arg, inside_repeat=inside_repeat)
    return cost


def _has_branch(items: Any) -> bool:
    for op, arg in items:
        if op == sre.BRANCH:
            return True
        if op == sre.SUBPATTERN and _has_branch(arg[-1]):
            return True
        if op in _REPEATS and _has_branch(arg[2]):
            return True
    return False
