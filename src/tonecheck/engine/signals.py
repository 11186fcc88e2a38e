"""Pure helpers that read signals off a parsed Doc: sentiment, who is the subject, feeling statements, and
which characters are reported speech (quotes, email-quoted lines) rather than the writer's own words."""

from __future__ import annotations

import bisect
import functools
import importlib.resources
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from . import lexicon

if TYPE_CHECKING:
    from ..models import Signals

YOU_WORDS = frozenset({"you", "u", "ya", "yourself", "y'all"})
I_WORDS = frozenset({"i", "me", "myself"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
FEELING_VERBS = frozenset({"feel", "worry", "miss", "fear", "regret", "ache", "struggle", "hurt"})
LINKING_VERBS = frozenset({"be", "get", "become", "seem", "grow", "feel"})
# Words a sentence may open with before its main verb without making it less of a command.
_LEADERS = frozenset({"please", "pls", "plz", "just", "now", "so", "and", "then", "ok", "okay", "hey", "oh"})
# en_core_web_sm tags these one-word commands as proper nouns ("Reply.", "Respond.", "Reply ASAP.").
_MISTAGGED_COMMANDS = frozenset({"reply", "respond", "answer", "text", "call", "pick", "explain"})

_QUOTE_RE = re.compile(
    r"\"[^\"\n]{1,500}\"|\u201c[^\u201d\n]{1,500}\u201d|\u2018[^\u2019\n]{1,500}\u2019(?!\w)"
    r"|(?<![\w'])'(?=\w)(?:[^'\n]|(?<=\w)'(?=\w)){1,500}(?<=[\w.!?,])'(?!\w)"
)
_QUOTED_LINE_RE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)


@functools.lru_cache(maxsize=1)
def _analyzer():  # type: ignore[no-untyped-def]
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> float:
    """VADER compound score, -1 (negative) .. 1 (positive)."""
    if not text.strip():
        return 0.0
    return float(_analyzer().polarity_scores(text)["compound"])


# VADER's compound is x / sqrt(x^2 + 15) of a sum x of word valences; undoing it per sentence and summing
# gives the message's compound without scoring every word a second time (VADER is a fifth of check's time).
_VADER_ALPHA = 15.0


def combined_sentiment(compounds: Iterable[float]) -> float:
    """The compound of several sentences together, from their compounds (VADER's own normalisation)."""
    total = 0.0
    for compound in compounds:
        clipped = max(-0.9999, min(0.9999, compound))
        total += clipped * math.sqrt(_VADER_ALPHA) / math.sqrt(1.0 - clipped * clipped)
    return round(total / math.sqrt(total * total + _VADER_ALPHA), 4)


@functools.lru_cache(maxsize=1)
def feeling_words() -> frozenset[str]:
    text = (importlib.resources.files("tonecheck") / "data" / "feelings.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of reported speech: text in quotation marks and email-quoted (``>``) lines."""
    spans = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]
    spans += [(m.start(), m.end()) for m in _QUOTED_LINE_RE.finditer(text)]
    return sorted(spans)


class SpanIndex:
    """Character spans answering ``overlaps`` with one bisect, for drafts with many of them."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.max_end = list(itertools.accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)  # spans starting before `end`
        return before > 0 and self.max_end[before - 1] > start


def subjects(sent: Span, words: frozenset[str]) -> list[Token]:
    return [t for t in sent if t.dep_ in SUBJECT_DEPS and t.lower_ in words]


def is_question(sent: Span) -> bool:
    return "?" in sent.text.rstrip()[-3:]


def first_content_token(sent: Span) -> Token | None:
    """The first word that is not a greeting, 'please', a name followed by a comma, or punctuation."""
    tokens = sent  # Span indexing is cheap; no list copy
    index = 0
    while index < len(tokens):
        token = tokens[index]
        nxt = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.is_punct or token.is_space or token.lower_ in _LEADERS or token.pos_ == "INTJ":
            index += 1
        elif token.tag_ in ("NNP", "NNPS") and nxt is not None and nxt.text == ",":
            index += 2
        else:
            return token
    return None


def is_imperative(sent: Span) -> bool:
    """A command sentence: its first word (after greetings, 'please', a name) starts a bare command."""
    first = first_content_token(sent)
    return first is not None and is_command(first)


def feeling_statements(doc: Doc) -> list[Span]:
    """First-person feeling statements: "I feel / I felt / I'm hurt / I was worried / it hurt me"."""
    found: list[Span] = []
    words = feeling_words()
    for token in doc:
        head = token.head
        if token.dep_ in SUBJECT_DEPS and token.lower_ == "i":
            if head.i > token.i and (head.lemma_ in FEELING_VERBS or head.lower_ in words):
                if _formula_not_feeling(head):
                    continue
                end = next((c.i for c in head.rights if c.dep_ in ("acomp", "attr", "oprd")), head.i)
                found.append(doc[token.i : end + 1])
                continue
            if head.lemma_ in LINKING_VERBS:
                complement = next(
                    (c for c in head.children if c.dep_ in ("acomp", "attr", "oprd") and _is_feeling(c, words)),
                    None,
                )
                if complement is not None and complement.i > token.i and not _formula_not_feeling(complement):
                    found.append(doc[token.i : complement.i + 1])
        elif token.lower_ == "me" and token.dep_ == "dobj" and head.lemma_ == "hurt":
            subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and subject.lower_ in ("it", "that", "this") and subject.i < token.i:
                found.append(doc[subject.i : token.i + 1])
    return found


# Feeling words in set phrases that say no feeling: an apology turned ("I'm sorry, but you started it"), a hedge ("I'm
# afraid the deadline has passed"), willingness ("I'm happy to discuss", "glad to help").
_WILLING = frozenset({"happy", "glad", "pleased", "delighted", "keen", "eager", "thrilled"})


def _formula_not_feeling(word: Token) -> bool:
    """A feeling word used as a formula, not a feeling statement: "sorry" followed by "but" (the apology turns
    into a charge: no I-statement of how the writer feels), "afraid" before a clause or "so"/"not" in the
    present (a hedge), "happy/glad to" + a verb (willingness). A grievance told around these still has no "I"
    statement."""
    lower = word.lower_
    if lower == "sorry":  # "I'm sorry, but you started it"; a plain "I'm really sorry." owns the fault
        return any(t.lower_ in ("but", "though") for t in word.sent if t.i > word.i)
    if lower == "afraid":  # the present only: "I was afraid you'd leave" is fear
        present = word.head.tag_ in ("VBP", "VBZ")
        return present and any(c.dep_ in ("ccomp", "advmod", "neg") for c in (*word.children, *word.head.children))
    if lower in _WILLING:
        return any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in (*word.children, *word.head.children))
    return False


def _is_feeling(token: Token, words: frozenset[str]) -> bool:
    return token.lower_ in words or token.lemma_.lower() in words


def compute(doc: Doc, masked: list[tuple[int, int]] | None = None, sents: list[Span] | None = None) -> Signals:
    """All signals for a Doc; ``masked`` are character spans already known to be reported speech, ``sents``
    the Doc's sentences when the caller has them (``doc.sents`` builds new Spans on every call)."""
    # Here, not at the top: tonecheck.models imports the condition registry, which imports this module.
    from ..models import SentenceSignals, Signals, TextSpan

    text = doc.text  # Doc.text joins every token: once, not once a span
    masked = quoted_spans(text) if masked is None else masked
    quoted = SpanIndex(masked)
    sents = list(doc.sents) if sents is None else sents
    sentences = []
    for sent in sents:
        you = i = 0
        for token in sent:
            if token.dep_ in SUBJECT_DEPS:
                lower = token.lower_
                you += lower in YOU_WORDS
                i += lower in I_WORDS
        sentences.append(
            SentenceSignals(
                start=sent.start_char,
                end=sent.end_char,
                sentiment=sentiment(sent.text),
                you_subjects=you,
                i_subjects=i,
                question=is_question(sent),
                imperative=is_imperative(sent),
            )
        )
    feelings = [s for s in feeling_statements(doc) if not quoted.overlaps(s.start_char, s.end_char)]
    return Signals(
        sentiment=combined_sentiment(s.sentiment for s in sentences),
        you_subjects=sum(s.you_subjects for s in sentences),
        i_subjects=sum(s.i_subjects for s in sentences),
        feeling_statements=[TextSpan(start=s.start_char, end=s.end_char, text=s.text) for s in feelings],
        quoted=[TextSpan(start=a, end=b, text=text[a:b]) for a, b in masked],
        sentences=sentences,
        profanity=[
            TextSpan(start=t.idx, end=t.idx + len(t.text), text=t.text)
            for t in profane_tokens(doc)
            if not quoted.overlaps(t.idx, t.idx + len(t.text))
        ],
    )


def profane_tokens(doc: Doc) -> list[Token]:
    """Tokens that are swear words or slurs (word class ``profanity``: whole words and listed prefixes, so
    "fuckin'" and "bullshitting" count)."""
    classes = lexicon.token_classes
    found = []
    for token in doc:
        if "profanity" in classes(token) or (
            token.lower_.endswith("'") and "profanity" in lexicon.classes_of_word(token.lower_.rstrip("'"))
        ):
            found.append(token)
    return found


# Verbs with which the writer states a demand on the reader ("I need an answer", "Need the deck", "I expect").
DEMAND_VERBS = frozenset({"need", "want", "expect", "demand", "require"})
_ASKING_VERBS = frozenset({"know", "hear", "talk", "see", "speak"})
_SUBORDINATORS = frozenset(
    {"if", "when", "whenever", "because", "since", "although", "though", "while", "unless", "as"}
)
_CLAUSE_OPENERS = frozenset({",", ";", ":", "-", "--", "\u2013", "\u2014", "and", "or", "but", "then", "so"})


def is_command(token: Token) -> bool:
    """Whether ``token`` starts a bare command: a base-form verb with no subject or auxiliary of its own that
    opens its sentence or a clause ("Answer me", "..., do it now", "Cancel your plans and come over",
    "Don't ignore this"). Unlike ``is_imperative`` this looks at one clause, not the sentence's first word."""
    verb = token
    if token.lower_ in ("do", "don't", "dont") and token.dep_ == "aux":
        verb = token.head  # "Don't ignore this": the model tags "Do" VBP and hangs it off the verb
    elif not _is_base_verb(token):
        return False
    if not _is_base_verb(verb) or verb.i < token.i or verb.dep_ in ("aux", "auxpass"):
        return False
    if not _opens_clause(token):
        return False
    return _has_no_subject(verb)


def _is_base_verb(token: Token) -> bool:
    if token.tag_ == "VB":
        return True
    if token.tag_ == "VBP" and token.lower_ == "do" and token.dep_ not in ("aux", "auxpass"):
        return True  # "..., do it before you leave": the model tags this "do" VBP
    # en_core_web_sm tags one-word commands ("Reply.", "Respond ASAP.") as nouns.
    return token.tag_ in ("NN", "NNP") and token.lower_ in _MISTAGGED_COMMANDS and token.dep_ in ("ROOT", "compound")


def _has_no_subject(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS or child.dep_ == "expl":
            if _is_vocative(child):
                continue  # "Sam, call me": the name is who is addressed, not the subject
            return False
        if child.dep_ == "aux" and child.lower_ not in ("do", "don't", "dont"):
            return False  # "to answer", "will answer", "can't answer": not a command
    if verb.dep_ == "conj":
        # "Cancel your plans and come over": a conjoined verb is a command only if the verb it joins is one.
        head = verb.head
        return (
            head is not verb and _is_base_verb(head) and head.dep_ not in ("aux", "auxpass") and _has_no_subject(head)
        )
    return True


def _is_vocative(token: Token) -> bool:
    doc = token.doc
    return (
        token.tag_ in ("NNP", "NNPS", "NN")
        and token.i + 1 < len(doc)
        and doc[token.i + 1].text == ","
        and token.i < token.head.i
    )


def _opens_clause(token: Token) -> bool:
    doc = token.doc
    index = token.i - 1
    while index >= 0:
        if doc[index + 1].is_sent_start:
            return True  # a sentence start the parser or a line break set ("hey\nANSWER YOUR PHONE")
        prev = doc[index]
        if prev.lower_ in _CLAUSE_OPENERS:
            return True
        if prev.is_space or prev.lower_ in _LEADERS or prev.pos_ == "INTJ":
            index -= 1
            continue
        if prev.tag_ in ("NNP", "NNPS", "NN") and index + 1 < len(doc) and doc[index + 1].text == ",":
            index -= 1  # a name before the comma: "Sam, call me"
            continue
        return prev.is_punct or prev.is_sent_end is True
    return True


def _has_verb(sent: Span) -> bool:
    """Whether the sentence has a verb, remembered on the Doc: ``is_directive`` asks once a match, and hostile
    drafts ("! ! ! ...") have thousands of matches in one sentence."""
    memo: dict[Any, Any] = sent.doc.user_data
    key = ("tonecheck.has_verb", sent.start, sent.end)
    if key not in memo:
        memo[key] = any(t.pos_ in ("VERB", "AUX") for t in sent)
    return bool(memo[key])


def is_directive(span: Span, sent: Span) -> bool:
    """Whether ``span`` belongs to a clause that asks something of the reader: a command, a clause whose subject
    is the reader ("you need to ..."), the writer's stated need or expectation ("I need an answer by ...",
    "Need the deck ASAP"), or a sentence with no verb at all ("Now.", "Tonight.", "RIGHT NOW").

    Walks up from the span's first word to the nearest verb with a subject; a third party or the writer's own
    activity as the subject ("students should be removed immediately", "Starting season 2 right now") is not
    a directive."""
    if not _has_verb(sent):
        return True
    # Punctuation ("!!!", "??") belongs to the whole sentence, not to the clause the parser hangs it on.
    token = sent.root if all(t.is_punct for t in span) else span[0]
    for _ in range(len(sent) + 1):
        if token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT":
            clause = token.head if token.dep_ == "conj" else token  # "if it's 2am and you need to talk"
            if any(c.dep_ == "mark" and c.lower_ in _SUBORDINATORS for c in (*token.children, *clause.children)):
                return False  # "if you now have to ...", "when you get home": a condition or a time, not a request
            subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS or c.dep_ == "expl"), None)
            if subject is not None:
                if subject.lower_ in YOU_WORDS or any(
                    c.dep_ == "poss" and c.lower_ in ("your", "ur") for c in subject.children
                ):
                    return True
                if subject.lower_ == "i" and any(
                    c.dep_ == "xcomp"
                    and c.lemma_ not in _ASKING_VERBS
                    and not any(g.dep_ in SUBJECT_DEPS for g in c.children)
                    for c in token.children
                ):
                    return False  # "I need to finish the report": the writer's own task ("I need to know" asks)
                return subject.lower_ in ("i", "we") and token.lemma_.lower() in DEMAND_VERBS
            if token.dep_ == "ROOT" or token.head is token:
                return is_command(token) or is_imperative(sent) or token.lemma_.lower() in DEMAND_VERBS
            if is_command(token):
                return True  # "I'll do anything, just answer me"
        token = token.head
    return False


# --------------------------------------------------------------------------------------------------
# The reader as the subject of what went wrong (blaming and missing-I rules)
# --------------------------------------------------------------------------------------------------

WRITER_WORDS = frozenset({"me", "my", "mine", "myself", "us", "our", "ours", "ourselves"})
# Modal predicates are guesses, wishes or demands ("you must be exhausted", "you'd better"), not reports.
_MODALS = frozenset({"must", "might", "may", "could", "should", "would", "will", "'d", "'ll", "can", "ca", "wo"})
_HABITUAL = frozenset({"always", "never", "constantly", "continually", "forever"})
# Verbs that describe the reader rather than report an action: "you're selfish", "you act like a child".
_DESCRIBING = frozenset({"be", "act", "behave", "seem", "sound", "look", "get"})


def _main_clause_verbs(subject: Token) -> list[Token]:
    """The verbs a "you" subject governs in the sentence's main clause: its head when that is the root or a
    verb coordinated at top level, plus verbs conjoined to it without a subject of their own ("you left
    and didn't answer"). Empty for embedded clauses ("I think you were napping", "when you're free")."""
    head = subject.head
    if head.dep_ not in ("ROOT", "conj"):
        return []
    verbs = [head]
    for verb in verbs:  # grows while it is read: conjuncts of conjuncts ("you came, ate and left")
        for token in verb.children:
            own_subject = any(c.dep_ in SUBJECT_DEPS for c in token.children)
            if token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") and not own_subject:
                verbs.append(token)
    return verbs


def _is_modal(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)


def _negated(verb: Token) -> bool:
    if verb.lemma_ in ("have", "need", "want") and any(c.dep_ in ("xcomp", "ccomp", "dobj") for c in verb.children):
        return False  # "you don't have to come", "you don't need this": a release or a wish, not a failure
    if verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" and c.tag_ != "VBD" for c in verb.children):
        return False  # "you are not having an easy trip": how things are going, not what the reader failed at
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") for c in verb.children)


def _is_past_form(verb: Token) -> bool:
    if verb.tag_ in ("VBD", "VBN"):
        return True
    if verb.tag_ == "VBP" and verb.lemma_ != "be":
        # The model tags some irregular pasts as present ("You forgot ..." -> VBP, lemma "forgot");
        # lemminflect's lexicon knows "forgot" is a form of "forget".
        from ..rewrite.grammar import getLemma

        lemmas = getLemma(verb.lower_, "VERB")
        return bool(lemmas) and verb.lower_ not in lemmas
    return False


def _reports_done(verb: Token) -> bool:
    """Past, perfect, negated or habitual ("always"/"never"): a report of what the reader did or does."""
    if _is_past_form(verb) or any(c.dep_ == "aux" and c.tag_ == "VBD" for c in verb.children):
        return True
    return _negated(verb) or _habitual(verb)


def _habitual(verb: Token) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ in _HABITUAL for c in verb.children)


def reader_main_subjects(sent: Span) -> list[Token]:
    """ "You" subjects of the sentence's main clause whose verb is not modal: the reader is what the
    sentence is about ("You were cold", "you left"), not a guess ("you must be tired"), an aside, a question
    asked with "why/how" ("why don't you let me have three"), or the generic "you" of a hypothetical ("if you
    are attacked, you are only shown the footage")."""
    return [
        s
        for s in subjects(sent, YOU_WORDS)
        if _main_clause_verbs(s) and not _is_modal(s.head) and not _asked(s.head) and not _hypothetical(s.head)
    ]


def _asked(verb: Token) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ in ("why", "how") for c in verb.children)


def _hypothetical(verb: Token) -> bool:
    """The verb carries an "if/when you ..." clause: a general case, not a report about this reader."""
    for clause in verb.children:
        if clause.dep_ != "advcl":
            continue
        marked = any(c.dep_ in ("mark", "advmod") and c.lower_ in ("if", "when", "whenever") for c in clause.children)
        if marked and any(c.dep_ in SUBJECT_DEPS and c.lower_ in YOU_WORDS for c in clause.children):
            return True
    return False


_NOT_ACTIONS = frozenset({"need", "want", "have", "know", "think", "hope", "wish", "deserve", "like", "love", "mean"})


def _acts_on_writer(verb: Token) -> bool:
    """A present-tense action that is itself harsh, with the writer as its object: "you hurt me", "you ignore
    my texts" (not "you give me two", "you make me laugh")."""
    if verb.lemma_ in _NOT_ACTIONS or verb.lemma_ in _DESCRIBING:
        return False
    if word_valence(verb.lower_) >= 0 and word_valence(verb.lemma_) >= 0:
        return False
    for child in verb.children:
        if child.dep_ in ("dobj", "dative") and (
            child.lower_ in WRITER_WORDS or any(c.dep_ == "poss" and c.lower_ in WRITER_WORDS for c in child.children)
        ):
            return True
    return False


def reader_did(sent: Span) -> bool:
    """Whether the sentence's main clause reports what the reader did or is: a "you" subject with a past,
    perfect, negated or habitual verb ("you left", "you never call"), or a verb describing them ("you're
    so petty", "you're acting like a child"). Guesses, offers and embedded clauses do not count."""
    for subject in reader_main_subjects(sent):
        for verb in _main_clause_verbs(subject):
            if _negated(verb) and verb.lemma_ == "be" and _describes_harshly(verb):
                continue  # "you're not stupid": reassurance
            if _reports_done(verb) or _acts_on_writer(verb):
                return True
            if _describes(verb) and not _describes_feeling(verb):
                return True
    return False


def _describes(verb: Token) -> bool:
    """ "you're so petty", "you were cruel": a describing verb whose description holds a harsh word (VADER
    valence below zero), not "you get two" or "you're right that ..." """
    if verb.lemma_ not in _DESCRIBING:
        return False
    descriptions = [
        c for c in verb.children if c.dep_ in ("acomp", "attr", "oprd") or (c.dep_ == "prep" and c.lower_ == "like")
    ]
    # The description's own words ("so petty", "a spoiled child"), not a clause it introduces ("right that ...").
    words = [w for c in descriptions for w in (c, *c.children) if w.dep_ not in ("ccomp", "prep", "advcl", "relcl")]
    words += [g for c in descriptions if c.dep_ == "prep" for w in c.children for g in (w, *w.children)]
    return any(word_valence(t.lower_) < 0 for t in words)


def _describes_harshly(verb: Token) -> bool:
    return any(
        c.dep_ in ("acomp", "attr") and (word_valence(c.lower_) < 0 or "negative_trait" in lexicon.token_classes(c))
        for c in verb.children
    )


def word_valence(word: str) -> float:
    """VADER's lexicon valence of one word (0 when it has none)."""
    return float(_analyzer().lexicon.get(word.lower(), 0.0))


def _describes_feeling(verb: Token) -> bool:
    """ "you're upset", "you seem tired": the reader's feeling or state, which is sympathy, not a charge."""
    words = feeling_words()
    return any(c.dep_ in ("acomp", "attr", "oprd") and _is_feeling(c, words) for c in verb.children)


def mentions_reader(sent: Span) -> bool:
    return any(t.lower_ in _READER_WORDS for t in sent)


_READER_WORDS = frozenset({"you", "your", "yours", "yourself", "u", "ur", "you're", "youre", "ya"})


def reader_did_to_writer(sent: Span) -> bool:
    """Whether the sentence reports something the reader did that touched the writer or failed them: a
    main-clause "you" with a past, perfect or habitual action whose words include "me/my/us/our"
    ("You opened my mail"), or an action negated or habitual ("you didn't show up", "you weren't there",
    "you always do this"). That is the grievance an I-statement would voice from the writer's side."""
    for subject in reader_main_subjects(sent):
        for verb in _main_clause_verbs(subject):
            if not _reports_done(verb):
                continue
            if _negated(verb) and verb.lemma_ == "be" and _describes_harshly(verb):
                continue  # "you're not stupid", "you weren't a burden": reassurance
            if _habitual(verb) and not _negated(verb) and any(word_valence(t.lower_) > 1 for t in verb.subtree):
                continue  # "you always make me laugh": a kind habit
            if _negated(verb) or _habitual(verb):
                return True
            if verb.lemma_ == "be" or word_valence(verb.lower_) > 0 or word_valence(verb.lemma_) > 0:
                continue  # "you were there" is a state; "you helped me out" is thanks
            if _touches_writer(verb):
                return True
    return False


# --------------------------------------------------------------------------------------------------
# Context from word classes (issue 16): negative situations, warmth, grievances told as events,
# instructions, threats
# --------------------------------------------------------------------------------------------------

_SITUATION_CLASSES = ("negative", "harm_outcome", "failure_verb")
_LAUGHTER = frozenset({"lol", "lmao", "haha", "hahaha", "hehe", "xd", "jk"})
# What makes a plain report of the reader's act a grievance when no harsh word is there.
_OFFENCE_ADVERBS = frozenset({"again", "anyway", "instead"})
_WITHOUT_OBJECTS = frozenset({"asking", "me", "us", "telling", "checking", "permission", "warning", "notice"})
_PEOPLE = frozenset(
    {"everyone", "everybody", "whole", "all", "group", "office", "team", "department", "class", "family", "them",
     "him", "her", "internet", "world", "chat", "mum", "mom", "dad", "grandma", "grandad", "boss", "parents"}
)


def negative_situation(sents: Iterable[Span], outside: Span | None = None) -> bool:
    """Whether the sentences hold a negative situation, outside ``outside`` (the matched words, so the praise
    of a sarcastic line is not its own negative half):

    - a word VADER scores as clearly negative, a harm outcome or a failure verb (not negated: "you didn't
      forget" is no failure; not a modifier: "mock interviews" describes);
    - a bad state (class ``bad_state``: "double-booked", "stuck", "the wrong date", "an empty carton"), also as
      a modifier; hyphenated words are looked up joined;
    - a wasted or abandoned effort: "for nothing", "left without us";
    - an act dropped right after another ("said yes and then didn't show up"), or a mocking emoji (class
      ``mocking_emoji``: the eye roll, the upside-down face).

    A sentence that says the trouble was put right (class ``resolution``: "fixed", "refunded", "covered by the
    warranty", "back up") holds none: it is relief. Nor does trouble overcome or that never happened ("even
    after the projector broke", "we'd have been stuck otherwise")."""
    classes = lexicon.token_classes
    for sent in sents:
        if resolved(sent):
            continue
        for token in sent:
            if outside is not None and outside.start <= token.i < outside.end:
                continue
            if _overcome_or_unreal(token):
                continue
            if token.lemma_ == "stick" and any(c.dep_ == "prep" and c.lower_ in _STICK_AT for c in token.children):
                continue  # "I stuck with the course": kept going
            if _bad_state(token) or _wasted_effort(token) or _still_not_done(token) or _usually_not(token):
                return True
            if _dropped_act(token):
                return True
            found = classes(token)
            if "mocking_emoji" in found:
                return True  # the eye roll says the praise beside it is not meant
            if not found or not any(c in found for c in _SITUATION_CLASSES):
                continue
            if token.dep_ in ("amod", "compound"):
                continue  # a modifier describes ("mock interviews"); the situation is what happened
            if _negated_here(token):
                continue
            return True
    return False


def resolved(sent: Span) -> bool:
    """Whether the sentence says a bad situation was put right ("fixed", "refunded", "back up", "back online")."""
    for token in sent:
        if "resolution" in lexicon.token_classes(token) and token.pos_ != "NOUN" and not _negated_here(token):
            return True  # not the noun: "your 'quick fix'" is what went wrong
        # "printer jammed, and you still hit the deadline": trouble beaten; not "you still haven't called"
        verb = token.head
        beaten = token.lower_ in _ANYWAY and verb.pos_ in ("VERB", "AUX") and not _negated_here(verb)
        if beaten and any(c.dep_ == "nsubj" and c.lower_ in _DOERS for c in verb.children):
            return True
        if token.lower_ == "back" and token.i + 1 < sent.end and token.nbor().lower_ in ("up", "online", "on", "open"):
            return True
    return False


_STICK_AT = frozenset({"with", "at", "to"})
_DOERS = frozenset({"you", "u", "we", "they", "she", "he"})
_ANYWAY = frozenset({"still", "anyway", "regardless", "nonetheless", "nevertheless"})
_CONCESSIVE = frozenset({"despite", "although", "though", "even", "notwithstanding"})
_UNREAL = frozenset({"would", "'d", "could", "might"})


def _overcome_or_unreal(token: Token) -> bool:
    """Whether the word sits in a clause of trouble overcome ("even after the projector broke", "despite the
    delay") or of trouble that did not happen ("we'd have been stuck otherwise")."""
    for node in (token, *token.ancestors):
        if node.dep_ in ("advcl", "prep", "pcomp", "pobj") and (
            node.lower_ in _CONCESSIVE or node.doc[node.left_edge.i].lower_ in _CONCESSIVE
        ):
            return True
        if node.pos_ in ("VERB", "AUX", "ADJ") and any(c.dep_ == "aux" and c.lower_ in _UNREAL for c in node.children):
            return any(c.dep_ == "aux" and c.lemma_ == "have" for c in node.children)
        if node.dep_ == "ROOT":
            break
    return False


# Not left undone but not needed, minded or felt: "you didn't have to", "and didn't mind", "and wasn't hurt".
_NOT_AN_OMISSION = frozenset(
    {"have", "need", "mind", "worry", "matter", "hesitate", "hurt", "want", "be", "let", "stop"}
)


def _dropped_act(token: Token) -> bool:
    """An act left undone right after another one, by someone who is not the writer: "RSVP'd yes and then
    didn't show up", "finishing the coffee and not buying more", "took my charger and never gave it back" - the
    omission that sarcasm praises. A coordinated verb, negated, that is not itself a failure (not failing is
    good news: "and didn't miss a thing") nor a verb of needing or minding."""
    if token.pos_ != "VERB" or token.dep_ != "conj" or token.lemma_ in _NOT_AN_OMISSION:
        return False
    if "failure_verb" in lexicon.token_classes(token) or not _negated(token):
        return False
    subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None:
        subject = next((c for c in token.head.children if c.dep_ in SUBJECT_DEPS), None)
    return subject is None or subject.lower_ not in I_WORDS | {"we", "us"}


def praised_offence(span: Span, sent: Span) -> bool:
    """Whether the act that the praise or thanks in ``span`` is about - the first verb after it in its sentence,
    with the verbs joined to it - is an offence against the writer: mock thanks and mock appreciation ("thanks a
    bunch for eating the leftovers I was saving", "really appreciate you telling everyone that I got dumped",
    "cheers for finishing the coffee and not buying more"). An offence is a failure (class ``failure_verb``, not
    negated), using up or spoiling the writer's things (class ``use_up_verb`` with "my"/"our" or "... I was
    saving" on its object), passing the writer's news on to other people (class ``disclosure_verb`` with
    "everyone", "my boss", "the whole team" and a clause about the writer), or an act dropped right after
    another. Not thanks for telling the writer ("for letting me know the flight was cancelled"): the bad news
    there is not the reader's act."""
    doc = sent.doc
    act = next((t for t in doc[span.end : sent.end] if t.pos_ == "VERB"), None)
    if act is None or resolved(sent):
        return False
    acts = [act, *(t for t in act.subtree if t.dep_ == "conj" and t.pos_ == "VERB")]
    for verb in acts:
        found = lexicon.token_classes(verb)
        if _dropped_act(verb):
            return True
        if "failure_verb" in found and "favour_sense_verb" not in found and not _negated(verb):
            return True
        if "use_up_verb" in found and not _negated(verb) and _writers_object(verb):
            return True
        if "disclosure_verb" in found and not _negated(verb) and _told_others(verb):
            return True
    return False


def _writers_object(verb: Token) -> bool:
    """The object is the writer's: "my car", "our milk", "the leftovers I was saving"."""
    for child in verb.children:
        if child.dep_ not in ("dobj", "nsubjpass"):
            continue
        if any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in child.children):
            return True
        if any(c.dep_ == "relcl" and any(g.dep_ in SUBJECT_DEPS and g.lower_ in ("i", "we") for g in c.children)
               for c in child.children):
            return True
    return False


def _told_others(verb: Token) -> bool:
    """Told to other people, about the writer: "telling everyone at the party that I got dumped", "telling my
    boss I was at the pub"; not "telling me" or "telling everyone about the bake sale"."""
    after = verb.doc[verb.i + 1 : verb.sent.end]
    audience = any(t.lower_ in _PEOPLE and t.dep_ in ("dobj", "dative", "pobj", "det", "amod", "poss") for t in after)
    if not audience and not any(t.lower_ in _PEOPLE for t in after[:4]):
        return False
    return any(t.dep_ in SUBJECT_DEPS and t.lower_ in ("i", "we") for t in after)


_NOT_OTHERS = frozenset(
    {"i", "we", "you", "u", "ya", "it", "this", "that", "there", "what", "which", "who", "nobody", "noone", "none"}
)


def _a_person(token: Token) -> bool:
    """A subject that names a person or people: a name, "she", "everyone", a family word used as a name (class
    ``kin_word``: "dad rang"), or a noun with a possessive or "other" ("my brother", "her boyfriend", "the other
    contractors"); not "the club" or "the bus"."""
    if token.pos_ == "PROPN" or (token.pos_ == "PRON" and token.lower_ not in ("it", "they", "them")):
        return True
    if token.pos_ != "NOUN":
        return False
    if "kin_word" in lexicon.token_classes(token):
        return True
    return any(
        (c.dep_ == "poss" and c.lower_ in ("my", "your", "her", "his", "our", "their", "ur"))
        or c.lower_ in ("other", "every")
        for c in token.children
    )


def outdone_by_another(reader: Token) -> bool:
    """The reader, as the subject of a negated act, set against someone else who did it, in the sentence before
    or earlier in the same one: "My brother managed to visit Mum twice. You couldn't manage once.", "Jess
    remembered my birthday. You didn't.", "Sam texted to check I got home; you never did." The other's verb
    is the same verb, or a verb of doing one's share (class ``diligence_verb``) when the reader's is one too
    or only "didn't" / "never did" ("She visited me in hospital. You didn't even call."). Not a release ("you
    didn't have to") and not a shared failure ("the bus didn't come, you didn't miss it")."""
    verb = reader.head
    if reader.dep_ not in SUBJECT_DEPS or reader.lower_ not in YOU_WORDS or not _negated(verb):
        return False
    if verb.lemma_ in _NOT_AN_OMISSION:
        return False
    auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if auxes & {"have", "'ve"} and auxes & {"could", "would", "should", "might", "ca", "can"}:
        return False  # "you couldn't have known": a release, not a shortfall
    elided = verb.lemma_ in ("do", "be", "have", "can", "will") and not any(
        c.dep_ in ("dobj", "xcomp", "ccomp", "acomp", "attr", "prep") for c in verb.children
    )
    sent = reader.sent
    doc = reader.doc
    before = doc[sent.start - 1].sent if sent.start > 0 else None
    tokens = [*(before or []), *doc[sent.start : reader.i]]
    for token in tokens:
        if token.dep_ not in SUBJECT_DEPS or token.lower_ in _NOT_OTHERS or not _a_person(token):
            continue
        other = token.head
        if other.pos_ != "VERB" or _negated(other):
            continue
        diligent = "diligence_verb" in lexicon.token_classes(other)
        if elided and diligent:
            return True
        same = other.lemma_ == verb.lemma_
        if not elided and (same or (diligent and "diligence_verb" in lexicon.token_classes(verb))):
            return True
    return False


def _negated_here(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.head.children) or any(c.dep_ == "neg" for c in token.children)


def _bad_state(token: Token) -> bool:
    if token.text == "-" and 0 < token.i < len(token.doc) - 1 and not token.whitespace_:
        before = token.doc[token.i - 1]
        if not before.whitespace_:
            joined = before.lower_ + token.doc[token.i + 1].lower_
            return "bad_state" in lexicon.classes_of_word(joined)
    if token.lower_ == "down" and token.head.lemma_ == "be":
        # "the server's been down since Monday"; not "that is down to you" (whose doing it was)
        return not (token.i + 1 < len(token.doc) and token.nbor().lower_ == "to")
    if token.lemma_ == "fall" and any(c.dep_ in ("prt", "advmod") and c.lower_ in _FELL for c in token.children):
        return True  # "the sale fell through", "the plan fell apart"
    if token.lower_ in ("nobody", "noone") and token.dep_ == "nsubj":
        # "Nobody showed up", "nobody answers the phone"; not "nobody could have done it better" (praise) or
        # "nobody got hurt" (relief).
        verb = token.head
        return not any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children) and not any(
            "negative" in lexicon.token_classes(t) for t in verb.subtree
        )
    if token.dep_ == "amod" and token.head.lemma_ in _TIMES:
        return False  # "all those late nights", "a late lunch": when, not what went wrong
    if token.pos_ == "VERB" and any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in token.children):
        return False  # "I stuck with the course", "we missed you": the writer's act, not a state
    if token.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lemma_ in _FEATS for c in token.children):
        return False  # "you smashed the exam", "she crushed the interview": slang for a success
    return "bad_state" in lexicon.token_classes(token) and not _negated_here(token)


_FELL = frozenset({"through", "apart"})
_FEATS = frozenset({"it", "exam", "test", "interview", "presentation", "race", "audition", "speech", "pitch", "game",
                    "match", "set", "gig", "performance", "recital", "finals", "final", "quiz"})
_TIMES = frozenset({"night", "evening", "morning", "afternoon", "lunch", "dinner", "breakfast", "shift", "start",
                    "finish", "hour", "riser", "bloomer", "summer", "spring", "autumn", "winter", "season"})


_STILL_NOT_VERBS = frozenset({"be", "have", "need", "mind", "matter", "worry", "hurt", "bother", "care"})
_STILL = frozenset({"again", "still", "yet"})


def _still_not_done(token: Token) -> bool:
    """ "The bins weren't put out again", "the parcel still hasn't arrived", "the invoice hasn't been paid yet": a
    task left undone once more by someone who is not the writer (not "I haven't told him yet"), and not a bad
    thing that did not happen ("it didn't hurt", "you haven't missed anything yet")."""
    if token.pos_ != "VERB" or token.lemma_ in _STILL_NOT_VERBS or not _negated_here(token):
        return False
    if not any(t.lower_ in _STILL for t in token.subtree):  # the parse hangs "again" anywhere in the clause
        return False
    if any(c.dep_ in SUBJECT_DEPS and c.lower_ in ("i", "we") for c in token.children):
        return False
    return not any(c in lexicon.token_classes(token) for c in _SITUATION_CLASSES)


# "another surprise bill", "another delay": one more of something unwelcome
_UNWELCOME = frozenset({"bill", "fine", "fee", "charge", "delay", "excuse", "problem", "cancellation", "invoice",
                        "mistake", "issue", "disaster", "complaint", "reminder", "no-show", "argument", "surprise"})


def _usually_not(token: Token) -> bool:
    """What the praise of sarcasm implies is the rule: "on time for once" (usually late), "invited everyone
    except me" (left out), a bare "Again." after the complaint (once more), "another surprise bill"."""
    doc, i = token.doc, token.i
    lower = token.lower_
    if lower == "once" and i > 0 and doc[i - 1].lower_ == "for":
        return True
    if lower in ("me", "us") and i > 0 and doc[i - 1].lower_ in ("except", "but", "apart", "bar"):
        return any(t.lower_ in ("everyone", "everybody", "all", "whole") for t in token.sent if t.i < i)
    if lower == "again" and token.sent.start == i - (1 if i > token.sent.start and doc[i - 1].is_punct else 0):
        return sum(1 for t in token.sent if not (t.is_punct or t.is_space)) == 1  # "Again." on its own
    if lower == "another" and token.dep_ == "det":
        return token.head.lemma_ in _UNWELCOME or any(c.lemma_ in _UNWELCOME for c in token.head.children)
    return False


def _wasted_effort(token: Token) -> bool:
    """ "for nothing" after an act ("waited two hours for nothing"); "without me/us" after leaving."""
    if token.dep_ != "pobj" or token.head.dep_ != "prep":
        return False
    preposition, verb = token.head, token.head.head
    if preposition.lower_ == "for" and token.lower_ == "nothing":
        return verb.pos_ in ("VERB", "AUX")
    return preposition.lower_ == "without" and token.lower_ in ("me", "us") and verb.lemma_ in ("leave", "go", "start")


def sincere_thanks(sents: Iterable[Span]) -> bool:
    """Whether the sentences thank or congratulate the reader in the words people use sincerely: "thank you"
    (not "thanks", the mock kind's word: "thanks a lot", "thanks for nothing"), "grateful", "appreciate it",
    "congratulations!" / "congrats on the new job" (not "congrats on being late": a verb after it is the mock
    kind), "proud of you"."""
    for sent in sents:
        for token in sent:
            lower = token.lower_
            if lower in ("grateful", "thankful", "appreciate"):
                return not _negated_here(token)
            if lower in ("congratulations", "congrats"):
                nxt = sent.doc[token.i + 1 : min(sent.end, token.i + 3)]
                if not any(t.tag_ == "VBG" for t in nxt) and not (len(nxt) and nxt[0].lower_ == ","):
                    return True
            if lower == "proud" and token.i + 2 < sent.end and token.nbor().lower_ == "of":
                return token.nbor(2).lower_ in ("you", "u")
            if lower == "thank" and token.i + 1 < sent.end and token.nbor().lower_ in ("you", "u", "ya"):
                after = sent.doc[token.i + 2 : min(sent.end, token.i + 5)].text.lower()
                return not after.startswith(("for nothing", "very much for nothing", "for that"))
    return False


# Words VADER scores warm that hedge, mark discourse or point ("well, one person", "clearly", "pretty late").
_EPISTEMIC = frozenset({"certain", "sure", "clear", "true", "well", "okay", "ok", "fine", "like", "pretty", "right",
                        "clearly", "obviously", "apparently", "actually", "surely", "kind", "yes", "yeah"})
_PRAISE_POS = frozenset({"ADJ", "ADV", "INTJ"})


def praise(sent: Span) -> bool:
    """Whether the sentence praises or delights: a word of class ``praise_marker``, an adjective, adverb or
    interjection of class ``positive`` ("lovely", "the best"), not negated, or a warm sign (``warm``). Unlike
    VADER's compound, topic words that merely score warm do not count ("the surprise party", "the charity
    run", "help"), so a grievance about a party is not taken for praise; nor do "certain", "sure" ("certain
    people never pay")."""
    for token in sent:
        if token.lemma_ in ("deserve", "earn") and any(c.dep_ == "dobj" for c in token.children):
            return True  # "certain people deserve a medal", "you've earned a rest"
        found = lexicon.token_classes(token)
        if not found or token.lower_ in _EPISTEMIC or _negated_here(token):
            continue
        if token.lower_ == "funny" and token.i + 1 < sent.end and token.nbor().lower_ == "how":
            continue  # "funny how some people always have an excuse": the sarcastic opener
        if "praise_marker" in found or ("positive" in found and token.pos_ in _PRAISE_POS):
            return True
    return warm([sent])


def warm(sents: Iterable[Span]) -> bool:
    """Whether the sentences carry warmth that changes how a harsh-looking word reads: a warm emoji, laughter
    ("lol", "haha"), or "love you"."""
    classes = lexicon.token_classes
    for sent in sents:
        previous = None
        for token in sent:
            if "warm_emoji" in classes(token) or token.lower_ in _LAUGHTER:
                return True
            if previous is not None and previous.lemma_ == "love" and token.lower_ in ("you", "u", "ya"):
                return True
            previous = token
    return False


def reader_failed(sent: Span, neighbours: Sequence[Span]) -> bool:
    """Whether the sentence tells a grievance as a plain event with the reader as its agent: a "you" subject
    reporting what they did (past, perfect, habitual, or a present-tense breach such as "you read my
    diary") where the act is a failure or omission ("forgot", "missed", "didn't tell"), a breach (passing on
    or using what is the writer's: "told the whole office", "read my diary"), an act marked as an offence
    ("again", "without asking", "behind my back"), or one with a bad outcome in the sentence or a neighbour
    ("...; they're all dead"). Also a "you" clause inside a sentence whose main clause is a bad outcome
    ("we lost on a penalty you gave away")."""
    classes = lexicon.token_classes
    for subject in subjects(sent, YOU_WORDS):
        verb = subject.head
        if _is_modal(verb) or _asked(verb) or _hypothetical(verb) or verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.dep_ not in ("ROOT", "conj"):
            # "we lost the final on a penalty you gave away": the reader's act inside a bad outcome.
            conditional = any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children)
            if (
                verb.dep_ in ("relcl", "advcl")
                and not conditional
                and _reports_done(verb)
                and negative_situation([sent], _clause(verb))
            ):
                return True
            continue
        for act in _main_clause_verbs(subject):
            done = _reports_done(act) or (act.tag_ == "VBP" and _touches_writer(act))
            if not done:
                continue
            if _broken_promise(act, sent, neighbours):
                return True
            act = _chained_act(act)
            found = classes(act)
            negated = _negated(act)
            if "failure_verb" in found:
                # "you forgot" is a failure; "you never miss a match" is praise.
                return not negated
            if negated and act.lemma_ not in ("need", "have", "want", "mean", "like", "mind", "be"):
                return True  # an omission: "you didn't tell me", "you haven't replied"
            if act.lemma_ == "be":
                continue
            if "disclosure_verb" in found and (_touches_writer(act) or _reaches_people(act)):
                return True
            if _marked_as_offence(act) or negative_situation(neighbours, _clause(act)):
                return True
    return reader_did_to_writer(sent)  # "you weren't there", "you opened my mail"


_COMMIT_VERBS = frozenset({"promise", "swear", "agree", "say", "guarantee", "assure", "vow", "offer", "tell"})
_TURNS = frozenset({"then", "but", "instead", "yet", "still"})


def _broken_promise(verb: Token, sent: Span, neighbours: Sequence[Span]) -> bool:
    """A commitment the reader made ("you promised to help", "you said you'd be home by six", "you agreed to
    cover my shift") told as a past event and followed by what happened instead: a turn in the same sentence
    ("and then went to the football", "but nothing arrived"), someone left waiting ("and she waited there for an
    hour") or a next sentence that states the outcome ("It's nine.", "That was in October."). Not "you said
    you'd be home by six, shall I keep dinner warm?" (a question) nor "you said it would be fine and it was"
    (no turn)."""
    if verb.lemma_ not in _COMMIT_VERBS or verb.tag_ != "VBD" or _negated(verb):
        return False
    commitment = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp")]
    if not commitment:
        return False
    if verb.lemma_ in ("say", "tell"):  # only "you said you'd / you would / you will ..."
        clause = commitment[0]
        if not any(c.dep_ == "aux" and c.lower_ in ("'d", "would", "will", "'ll") for c in clause.children):
            return False
    after = [t for t in sent if t.i > verb.i]
    if any(t.lower_ in _TURNS for t in after):
        return True
    if any(_left_waiting(t) for t in after):
        return True  # "you promised to pick Amy up and she waited there for an hour"
    following = [s for s in neighbours if s.start >= sent.end]
    return bool(following) and not is_question(following[0])


_WAITING = frozenset({"wait", "sit", "stand", "end", "stay", "cry", "hang"})


def _left_waiting(token: Token) -> bool:
    """An outcome joined to a promise: someone else (not the reader) waiting, left sitting or ending up alone
    ("and she waited there for an hour", "and I sat in the car park till nine")."""
    if token.dep_ != "conj" or token.pos_ != "VERB" or token.lemma_ not in _WAITING or _negated(token):
        return False
    subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
    return subject is not None and subject.lower_ not in YOU_WORDS


# "you managed to lose the keys", "you decided to skip it", "you went and told her": the act is the second verb.
_CHAIN_VERBS = frozenset({"manage", "decide", "choose", "go", "proceed", "opt", "try", "bother", "think"})


def _chained_act(verb: Token) -> Token:
    if verb.lemma_ not in _CHAIN_VERBS or _negated(verb):
        return verb
    for child in verb.children:
        if child.dep_ in ("xcomp", "conj") and child.pos_ == "VERB":
            return child
    return verb


def _clause(verb: Token) -> Span:
    tokens = list(verb.subtree)
    return verb.doc[tokens[0].i : tokens[-1].i + 1]


def _touches_writer(verb: Token) -> bool:
    """The act reaches the writer or something of theirs: "my files", "me", "the cake I made"."""
    for t in verb.subtree:
        if t.i == verb.i:
            continue
        if t.lower_ in WRITER_WORDS and t.dep_ not in SUBJECT_DEPS:
            return True
        if t.dep_ == "relcl" and t.head.head.i == verb.i and any(
            c.dep_ in SUBJECT_DEPS and c.lower_ in ("i", "we") for c in t.children
        ):
            return True
    return False


def _reaches_people(verb: Token) -> bool:
    return any(t.lower_ in _PEOPLE for t in verb.subtree if t.i != verb.i)


def _marked_as_offence(verb: Token) -> bool:
    for token in verb.subtree:
        if token.lower_ in _OFFENCE_ADVERBS and token.head.i == verb.i:
            return True
        if token.lower_ == "without" and any(c.lower_ in _WITHOUT_OBJECTS for c in token.subtree):
            return True
        if token.lower_ == "behind" and any(c.lower_ == "back" for c in token.subtree):
            return True
        # "before I could tell them", "before we had signed off": ahead of the writer's say.
        if token.lower_ == "before" and token.dep_ == "mark" and any(
            c.dep_ in SUBJECT_DEPS and c.lower_ in ("i", "we") for c in token.head.children
        ):
            return True
    return False


def instruction_context(sents: Sequence[Span]) -> bool:
    """Whether the message reads as instructions (a recipe, directions, how-to steps): a cue word
    ("recipe", "directions", "steps", "password", "oven") and commands whose verbs are instruction verbs
    ("stir", "take the second left", "click"), or at least two such commands."""
    classes = lexicon.token_classes
    cues = commands = 0
    for sent in sents:
        for token in sent:
            found = classes(token)
            if "instruction_cue" in found:
                cues += 1
            if "instruction_verb" in found and is_command(token):
                commands += 1
    return commands >= 2 or (commands >= 1 and cues >= 1)


_THREAT_MARKERS = frozenset({"if", "unless", "or", "otherwise", "else"})


def threat(sent: Span) -> bool:
    """Whether the sentence holds a consequence aimed at the reader: a condition or alternative ("if",
    "unless", "or", "otherwise") together with a consequence others would bring ("HR", "your dad hears",
    "screenshots", "you'll regret it", "it'd be a shame/awkward if ..."), or the writer's leverage kept for
    later ("I've kept screenshots")."""
    classes = lexicon.token_classes
    has_marker = any(t.lower_ in _THREAT_MARKERS for t in sent)
    consequence = [t for t in sent if "consequence" in classes(t)]
    if not consequence:
        return False
    if has_marker:
        return True
    # "I've kept screenshots of everything you said": evidence the writer holds over the reader.
    evidence = any(t.lemma_ in ("screenshot", "evidence", "receipt", "proof", "recording") for t in consequence)
    return evidence and any(t.lemma_ in ("keep", "have", "save") and t.pos_ in ("VERB", "AUX") for t in sent)


# --------------------------------------------------------------------------------------------------
# Insults aimed at the reader (issue 16)
# --------------------------------------------------------------------------------------------------

_INSULT_CLASSES = ("negative_trait", "profanity", "contempt_verb")
_READER_FORMS = frozenset({"you", "u", "ya", "y'all", "yall", "ur", "youre", "you're", "yu", "yourself"})
_READER_POSSESSIVES = frozenset({"your", "ur", "yur"})
# Words that may stand between a reader word and an insult said to them: "you (absolute / fucking) idiot",
# "ur a total joke", "you're such a ...".
_VOCATIVE_FILLERS = frozenset(
    {"a", "an", "such", "so", "absolute", "total", "complete", "utter", "little", "big", "massive", "bloody",
     "sack", "piece", "bag", "load", "waste", "sorry",
     "proper", "right", "real", "are", "'re", "re", "r", "were", "being", "really", "just", "pathetic", "sad",
     "stupid", "dumb", "lazy", "ugly", "old", "fat", "useless", "two", "guys", "all", "lot", "bunch", "of"}
)
# Hypotheticals and advice ("you'd be an idiot to miss it", "you might seem rude"), not a verdict.
_SOFT_MODALS = frozenset({"would", "'d", "might", "may", "could", "should"})
# Links the walk from an insult word up to its clause may follow: inside a noun phrase, a predicate, and the
# insult itself as an object ("you don't know shit").
_PHRASE_DEPS = frozenset(
    {"amod", "compound", "det", "advmod", "npadvmod", "quantmod", "nmod", "appos", "conj", "prep", "pobj",
     "attr", "acomp", "oprd", "predet", "dobj"}
)


def insult_word(span: Span) -> Token:
    """The last word of ``span`` in an insult class (its last word if none is)."""
    classes = lexicon.token_classes
    return next((t for t in reversed(span) if any(c in classes(t) for c in _INSULT_CLASSES)), span[-1])


def insult_at_reader(token: Token) -> bool:
    """Whether an insult word (word classes ``negative_trait``, ``profanity``, ``contempt_verb``) is aimed at the
    reader: said to them ("you idiot", "ur a fucking joke"), of something that is theirs ("your stupid rules",
    "your bullshit"), of them ("how rude of you"), or predicated of a "you" subject in the same clause ("you are
    such a pain in the ass", "you don't know shit", "are you really that stupid", "you suck", "fuck you").
    Not when it is negated ("you're not stupid"), intensifies praise ("a fucking legend", "damn good"), is a
    guess or advice ("you'd be an idiot to miss it"), or describes a thing the reader handled ("you fixed the
    stupid printer")."""
    if "profanity" in lexicon.token_classes(token) and _swears_at_command(token):
        return True  # "then fucking tell me so"
    if token.dep_ == "intj" or _intensifies_praise(token) or _negated_insult(token):
        return False  # "damn, you look great": an exclamation, not aimed at anyone
    if _said_to_reader(token):
        return True
    profane = "profanity" in lexicon.token_classes(token)
    if profane and _wh_the(token):
        # "what the fuck are you doing", "who the hell do you think you are", "what the fuck was your comment for"
        return any(
            (t.dep_ in SUBJECT_DEPS and t.lower_ in _READER_FORMS) or t.lower_ in _READER_POSSESSIVES
            for t in token.sent
        )
    if any(c.dep_ == "relcl" and any(g.dep_ in SUBJECT_DEPS and g.lower_ in _READER_FORMS for g in c.children)
           for c in token.children):
        return True  # "the shit you just said", "the crap you pull"
    if profane and _swears_at_command(token):
        return True
    node = token
    predicate = False
    for _ in range(12):
        if _reader_owned(node):
            return True
        if node is not token and node.pos_ in ("VERB", "AUX"):
            break
        if node.dep_ not in _PHRASE_DEPS or node.head is node:
            break
        if node.dep_ in ("dobj", "pobj") and node is not token and node.pos_ != "VERB" and not profane:
            return False  # "you broke the stupid printer": the insult describes a thing, not the reader
        predicate = predicate or node.dep_ in ("attr", "acomp", "oprd")
        node = node.head
    verb = node
    if any(c.dep_ == "aux" and c.lower_ in _SOFT_MODALS for c in verb.children):
        return False
    if any(c.dep_ in SUBJECT_DEPS and (c.lower_ in _READER_FORMS or _reader_owned(c)) for c in verb.children):
        # "you're not a fucking idiot" is reassurance; "you don't know shit" is still an insult.
        return not (predicate and any(c.dep_ == "neg" for c in verb.children))
    if verb is token and any(c.dep_ in ("dobj", "dative") and c.lower_ in _READER_FORMS for c in verb.children):
        return True  # "fuck you", "screw you"
    # "don't be such a baby", "stop being so dramatic": the reader is the unspoken subject.
    if verb.lemma_ == "be" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        told = any(c.dep_ == "neg" for c in verb.children) or (
            verb.dep_ == "xcomp" and verb.head.lemma_ in ("stop", "quit")
        )
        return told
    return False


def _swears_at_command(token: Token) -> bool:
    """ "then fucking tell me so", "just fucking listen": profanity right before a command to the reader."""
    doc = token.doc
    if token.i + 1 >= len(doc):
        return False
    verb = doc[token.i + 1]
    if verb.tag_ != "VB" or verb.lemma_ in ("be", "love", "like", "want", "need") or word_valence(verb.lemma_) > 0:
        return False  # "just fucking enjoy it": intensified praise
    return not any(c.dep_ in SUBJECT_DEPS or (c.dep_ == "aux" and c.tag_ == "MD") for c in verb.children)


def _wh_the(token: Token) -> bool:
    doc = token.doc
    wh = ("what", "who", "why", "how", "where", "wtf")
    return token.i >= 2 and doc[token.i - 1].lower_ == "the" and doc[token.i - 2].lower_ in wh


def _said_to_reader(token: Token) -> bool:
    """ "you idiot", "you fucking losers", "ur a total joke": a reader word just before, with only
    intensifiers, articles and other insults between."""
    doc = token.doc
    after = doc[token.i + 1 : token.i + 3]
    if len(after) == 2 and after[0].lower_ == "like" and after[1].lower_ in _READER_FORMS:
        return True  # "only an idiot like you would ..."
    index = token.i - 1
    while index >= 0 and token.i - index <= 5:
        word = doc[index]
        if word.lower_ in _READER_FORMS:
            # "He called you lazy": someone else's words about the reader, not the writer's insult.
            head = word.head
            reported = word.dep_ in ("dobj", "dative") and any(
                c.dep_ in SUBJECT_DEPS and c.lower_ not in _READER_FORMS and c.lower_ not in I_WORDS
                for c in head.children
            )
            return not reported
        if (
            word.lower_ in _VOCATIVE_FILLERS
            or (word.pos_ == "ADJ" and word.lower_ not in _READER_POSSESSIVES)
            or (word.pos_ == "NOUN" and word.dep_ in ("compound", "amod", "npadvmod"))
            or any(c in lexicon.token_classes(word) for c in _INSULT_CLASSES)
        ):
            # "you tubby shit", "you sorry sack of shit", "you weekend trolls": modifiers may stand between
            index -= 1
            continue
        break
    return _trailing_vocative(token)


def _trailing_vocative(token: Token) -> bool:
    """ "don't kid me, bitch", "whatever loser", "shut up idiot": an insult noun closing its sentence after a
    comma, an object pronoun or a particle, in a sentence said to the reader (a command or a "you")."""
    sent = token.sent
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    if not words or words[-1].i != token.i:
        return False
    if len(words) == 1:
        return token.pos_ in ("NOUN", "PROPN", "ADJ")  # "Loser?", "Idiot." as a sentence of its own
    if token.i == sent.start:
        return False
    before = token.doc[token.i - 1]
    if before.lower_ not in (",", "me", "us", "up", "off", "it", "this", "that", "whatever", "you", "u"):
        return False
    if before.lower_ in ("it", "this", "that") and before.dep_ in SUBJECT_DEPS:
        return False
    first = words[0]
    commanded = first.tag_ == "VB" or (first.lower_ in ("do", "don", "dont") and len(words) > 2)
    return commanded or any(t.lower_ in _READER_FORMS or t.lower_ in _READER_POSSESSIVES for t in words[:-1])


def _reader_owned(node: Token) -> bool:
    """ "your stupid rules", "how rude of you", "an idiot like you" """
    for child in node.children:
        if child.dep_ == "poss" and child.lower_ in _READER_POSSESSIVES:
            return True
        if child.dep_ == "prep" and child.lower_ in ("of", "like") and any(
            g.dep_ == "pobj" and g.lower_ in _READER_FORMS for g in child.children
        ):
            return True
    return False


def _intensifies_praise(token: Token) -> bool:
    if token.dep_ not in ("amod", "advmod", "npadvmod", "compound"):
        return False
    head = token.head
    if any(c in lexicon.token_classes(head) for c in _INSULT_CLASSES):
        return False
    return word_valence(head.lower_) > 0 or word_valence(head.lemma_) > 0 or "positive" in lexicon.token_classes(head)


def _negated_insult(token: Token) -> bool:
    targets = [token, token.head] if token.dep_ in ("acomp", "attr", "oprd") else [token]
    return any(c.dep_ == "neg" for t in targets for c in t.children)


_VAGUE_PEOPLE = frozenset({"people", "persons", "folks", "individuals"})
_POINTED = frozenset({"actually", "still", "just", "apparently", "clearly", "obviously", "even", "somehow", "again"})


def vague_culprit(token: Token) -> bool:
    """Whether ``token`` starts a vague subject that stands for the reader ("somebody", "some people", "certain
    people", "some of us") of an act told as an offence: a failure or omission ("somebody forgot", "some people
    can't be bothered"), a habit ("some people always"), "keeps leaving", an act marked "again" / "without
    asking", or a pointed contrast ("some of us actually work", "I guess some of us care"). Not a question, and
    not a plain report ("somebody left a note", "some of us are going for drinks")."""
    subject = _vague_subject(token)
    if subject is None or is_question(token.sent):
        return False
    verb = subject.head
    if verb.pos_ not in ("VERB", "AUX") or verb.dep_ not in ("ROOT", "conj", "ccomp"):
        return False  # "just because someone says ...", "if someone has to advise them": a case, not a culprit
    if any(c.dep_ == "aux" and c.lower_ in _SOFT_MODALS for c in verb.children):
        return False
    if any(
        t.dep_ in SUBJECT_DEPS
        and t.lower_ in I_WORDS
        and any(word_valence(c.lower_) > 1 for c in (t.head, *t.head.children) if c.dep_ in ("acomp", "attr", "dobj"))
        for t in token.sent
    ):
        return False  # "some people never get the chance, so I'm grateful": about the world, not the reader
    if _negated(verb) or _habitual(verb) or _marked_as_offence(verb):
        return True
    if "failure_verb" in lexicon.token_classes(verb):
        return True
    if verb.lemma_ == "keep" and any(c.tag_ == "VBG" for c in verb.children):
        # "someone keeps leaving treats in the kitchen" is a kindness
        return not any(word_valence(t.lower_) > 1 or word_valence(t.lemma_) > 1 for t in verb.subtree)
    if _takes_writers_things(verb):
        return True
    if any(c.dep_ == "advmod" and c.lower_ in _POINTED for c in verb.children):
        return True
    # "some of us care about this team": the group the writer belongs to, in the simple present, against the reader.
    contrast = subject.lower_ == "some" and verb.tag_ in ("VBP", "VBZ") and verb.lemma_ != "be"
    return contrast and not any(c.dep_ == "aux" for c in verb.children)


def _takes_writers_things(verb: Token) -> bool:
    """A done act whose object is the writer's ("drank all my oat milk", "has been using my shampoo", "ate
    our leftovers") and that holds no praise ("left a lovely note on my car" is a kindness)."""
    done = _reports_done(verb) or (verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in
                                                                verb.children))
    if not done or "take_verb" not in lexicon.token_classes(verb):
        return False
    if any(word_valence(t.lower_) > 1 for t in verb.subtree):
        return False
    for child in verb.children:
        if child.dep_ == "dobj" and any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in child.children):
            return True
    return False


def _vague_subject(token: Token) -> Token | None:
    """The subject the match starts: "somebody" itself, the "people" of "some people", the "some" of "some of us"."""
    candidate = token.head if token.dep_ in ("det", "amod") else token
    if candidate.dep_ not in SUBJECT_DEPS:
        return None
    lower = candidate.lower_
    if lower in ("someone", "somebody"):
        return candidate
    determiners = {c.lower_ for c in candidate.children if c.dep_ in ("det", "amod")}
    if lower in _VAGUE_PEOPLE and determiners & {"some", "certain"}:
        return candidate
    if candidate.tag_ == "NNS" and "certain" in determiners:
        return candidate  # "certain colleagues never refill the machine", "certain flatmates"
    if lower == "one" and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(g.lower_ in ("you", "u") for g in c.children)
        for c in candidate.children
    ):
        return candidate  # "one of you has been using my shampoo"
    if lower == "some" and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(g.lower_ == "us" for g in c.children) for c in candidate.children
    ):
        return candidate
    return None
