"""A deterministic corpus of short, realistic drafts for the benchmarks (about 35 words each), mixing gentle
messages with pressuring and blaming ones so the rules do real work."""

from __future__ import annotations

import random

OPENERS = [
    "Hey, I hope you're doing well.",
    "Hi, it's me again.",
    "Morning!",
    "I've been thinking about last weekend.",
    "So about the trip,",
    "Hi Sam,",
]
MIDDLES = [
    "You never listen to me when I talk about work, and it makes everything harder.",
    "I felt hurt when you didn't call on Friday, and I'd like us to talk about it.",
    "Answer me right now, I'm tired of waiting for you to decide.",
    "I know we both have a lot going on, and I'm not in a rush at all.",
    "You made me so angry last night that I couldn't sleep.",
    "Could you send me the photos from the party when you get a chance?",
    "It's your fault we missed the train, you always run late.",
    "I really appreciated the dinner, it meant a lot to me.",
    "You need to tell me what's going on, this is the last chance.",
    "I'm worried about you, you've seemed really tired this week.",
]
CLOSERS = [
    "Let me know what you think.",
    "Reply ASAP.",
    "No pressure, talk soon.",
    "Call me back tonight.",
    "Take care of yourself.",
    "Why would you even do that?",
]


def drafts(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [
        " ".join([rng.choice(OPENERS), rng.choice(MIDDLES), rng.choice(MIDDLES), rng.choice(CLOSERS)])
        for _ in range(count)
    ]


def word_count(texts: list[str]) -> int:
    return sum(len(text.split()) for text in texts)
