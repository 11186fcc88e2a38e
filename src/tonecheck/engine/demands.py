"""Whether a clause asks something of the reader, including demands said in polite form.

``signals.is_directive`` stops at the first verb with a subject, so the demand in "I'd expect the refund to be
in my account by Friday", "I'm going to need you to have the garage cleared" or "kindly ensure your timesheets
are submitted" (the deadline hangs off an embedded clause) is missed, and "Your order will arrive by 9pm" (a
"your" subject) is taken for one. ``asks_of_reader`` walks the whole chain of clauses up from a word and
says yes when one of them is a command, the reader as the subject of an obligation, or the writer's need or
expectation; the deadline and finality rules (pressure.deadline) use it through the ``demand`` condition.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from . import signals as sig

# "I need / expect / require ...", "we want ..."; "trust" for "I trust this will be done by Friday".
_EXPECTING = frozenset({"need", "want", "expect", "require", "demand", "trust"})
_WRITER_OR_READER = frozenset({"me", "my", "mine", "us", "our", "you", "your", "yours", "u", "ur", "desk", "inbox"})
# Verbs a writer uses for their own plans: "I need to leave by 6" is not a demand on the reader.
_ASKING = frozenset({"know", "hear", "see", "talk", "speak"})
_SUBORDINATORS = frozenset(
    {"if", "when", "whenever", "because", "since", "although", "though", "while", "unless", "as"}
)


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in sig.SUBJECT_DEPS or c.dep_ == "expl"), None)


def _is_reader(token: Token) -> bool:
    return token.lower_ in sig.YOU_WORDS


def _readers_thing(token: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in ("your", "ur") for c in token.children)


def _obliged(verb: Token) -> bool:
    """'must be', 'needs to be', 'has to be', 'is to be', 'should be': an obligation, not a report."""
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in ("must", "should", "shall"):
            return True
    head = verb.head
    # "needs to be done", "has to be with me": the semi-modal is the head of an xcomp.
    return verb.dep_ == "xcomp" and head.lemma_.lower() in ("need", "have", "got") and head.lower_ != "had"


def _own_task(verb: Token) -> bool:
    """'I need to finish the report by Friday': an xcomp without its own subject is the writer's own task."""
    return any(c.dep_ == "xcomp" and c.lemma_.lower() not in _ASKING and _subject(c) is None for c in verb.children)


def asks_of_reader(span: Span, sent: Span) -> bool:
    """Whether the clause ``span`` starts in (or a clause it is embedded in) asks something of the reader."""
    if not any(t.pos_ in ("VERB", "AUX") for t in sent):
        return True  # a verbless fragment: "Report on my desk, Monday, 9 sharp."
    token: Token = sent.root if all(t.is_punct for t in span) else span[0]
    seen = 0
    while seen <= len(sent):
        seen += 1
        if token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT":
            if any(c.dep_ == "mark" and c.lower_ in _SUBORDINATORS for c in token.children):
                return False  # "if you can get it to me by Friday", "when you're back by 6"
            if sig.is_command(token) or _bare_root_verb(token):
                return True
            subject = _subject(token)
            if subject is None and token.dep_ == "ROOT" and token.lemma_.lower() in _EXPECTING:
                return not _own_task(token)  # the writer's ellipsis: "Need the deck by 5", "also need the £40"
            if subject is not None:
                lemma = token.lemma_.lower()
                if subject.lower_ in ("i", "we") and lemma in _EXPECTING:
                    return not _own_task(token) and not _negated(token)
                if _is_reader(subject):
                    return not _reports(token)
                third_party = _readers_thing(subject) or subject.lower_ not in ("i", "we", "it")
                if third_party and _obliged(token) and _mentions(token, _WRITER_OR_READER):
                    return True
        if token.head is token or token.dep_ == "ROOT":
            return False
        token = token.head
    return False


def _bare_root_verb(verb: Token) -> bool:
    """'Dear all, kindly ensure ...': a base-form root with no subject or auxiliary is a command even when an
    adverb or a greeting comes first."""
    return (
        verb.dep_ == "ROOT"
        and verb.tag_ == "VB"
        and not any(c.dep_ in sig.SUBJECT_DEPS or c.dep_ in ("aux", "expl") for c in verb.children)
    )


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _reports(verb: Token) -> bool:
    """A 'you' clause that reports or praises rather than asks: 'you did it by Friday', 'you've earned it'."""
    obliged = any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in verb.children)
    if verb.tag_ in ("VBD", "VBN") and not obliged:
        return True
    return any(c.dep_ == "aux" and c.lower_ in ("can", "ca", "could", "might", "may") for c in verb.children)


def _mentions(verb: Token, words: frozenset[str]) -> bool:
    return any(t.lower_ in words for t in verb.subtree)


# Greetings, thanks and sign-offs are short and verbless too, but they are manners, not orders.
_COURTESIES = frozenset(
    {
        "hi",
        "hey",
        "hello",
        "dear",
        "thanks",
        "thank",
        "cheers",
        "best",
        "regards",
        "love",
        "x",
        "xx",
        "xxx",
        "ok",
        "okay",
        "sure",
        "yes",
        "yeah",
        "yep",
        "no",
        "congrats",
        "congratulations",
        "happy",
        "sorry",
        "lol",
        "haha",
        "morning",
        "night",
        "bye",
        "hiya",
        "wow",
        "omg",
        "great",
        "perfect",
        "lovely",
        "nice",
        "cool",
        "thx",
        "ty",
    }
)


def curt_fragments(sents: list[Span], sentiments: list[float]) -> int:
    """How many sentences of the draft are clipped fragments: four words or fewer, no finite verb, not a
    greeting, thanks or sign-off, and not warm ("Bins out tonight.", "Not tomorrow.", "Phone on.", "6pm.")."""
    count = 0
    for sent, score in zip(sents, sentiments, strict=True):
        words = [t for t in sent if not (t.is_punct or t.is_space)]
        if not words or len(words) > 4 or score >= 0.3:
            continue
        if any(t.lower_ in _COURTESIES for t in words) or words[0].like_url:
            continue
        if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") or (t.tag_ == "VB" and t.dep_ == "ROOT") for t in words):
            continue  # a finite verb or a command: the other pressure rules read those
        count += 1
    return count
