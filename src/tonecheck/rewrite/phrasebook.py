"""The rewrite side's phrases and tables (``data/rewrite/phrasebook.yml``): softeners by register and
urgency, reply invitations, the event-to-feeling table, the phrase openings the transforms recognise, and
how a phrase is chosen for one message."""

from __future__ import annotations

import functools
import importlib.resources
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..ruleset.yamlread import read_data

Register = Literal["casual", "work", "urgent"]


@dataclass(frozen=True)
class Phrasebook:
    softeners: dict[str, tuple[str, ...]]
    reply_invitations: dict[str, tuple[str, ...]]
    work_words: frozenset[str]
    time_words: frozenset[str]
    event_feelings: dict[str, str]
    # the feeling of a grievance told as a plain event when nothing else names one, by register
    default_feelings: dict[str, str]
    feeling_words: dict[str, str]
    # "you make me crazy" -> "frustrated": a figurative complement of "make me" and the feeling it stands for
    figurative_made_me: dict[str, str]
    participles: dict[str, str]
    # phrase openings the transforms recognise, as lower-case word tuples (spaCy's split: "ca n't")
    openings: dict[str, frozenset[tuple[str, ...]]]
    # word sets read as they are: the gate's sarcasm cues and urgency words, own-apology's word sets
    words: dict[str, frozenset[str]]


@functools.lru_cache(maxsize=1)
def phrasebook() -> Phrasebook:
    path = importlib.resources.files("tonecheck") / "data" / "rewrite" / "phrasebook.yml"
    data = read_data(path.read_text(encoding="utf-8"), str(path))
    return Phrasebook(
        softeners={k: tuple(v) for k, v in data["softeners"].items()},
        reply_invitations={k: tuple(v) for k, v in data["reply_invitations"].items()},
        work_words=frozenset(data["work_words"]),
        time_words=frozenset(data["time_words"]),
        event_feelings=dict(data["event_feelings"]),
        default_feelings=dict(data["default_feelings"]),
        feeling_words=dict(data["feeling_words"]),
        figurative_made_me=dict(data["figurative_made_me"]),
        participles=dict(data["participles"]),
        openings={k: frozenset(tuple(p.lower().split()) for p in v) for k, v in data["openings"].items()},
        words={k: frozenset(str(w).lower() for w in v) for k, v in data["words"].items()},
    )


def choose(options: Sequence[str], seed: str, nearby: str) -> str:
    """One of ``options``, turning with ``seed`` (the sentence, so drafts do not all get the same phrase)
    and never one already in ``nearby`` (the message around it); the first unused one after the turn."""
    if not options:
        return ""
    turn = zlib.crc32(seed.lower().encode("utf-8")) % len(options)
    ordered = [*options[turn:], *options[:turn]]
    lowered = nearby.lower()
    return next((o for o in ordered if not o or o.lower().rstrip(".?!") not in lowered), ordered[0])


def feeling_for(lemmas: Sequence[str]) -> str | None:
    """The feeling the event-to-feeling table gives the first of ``lemmas`` it knows."""
    table = phrasebook().event_feelings
    return next((table[lemma] for lemma in lemmas if lemma in table), None)
