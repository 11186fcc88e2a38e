"""The soften-demand transform: a command asked as a question, urgency dropped."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ...engine import signals as sig
from ...models import Finding, Suggestion
from ..clauses import finding_sentence, insulting, to_sentence_end, work_register
from ..grammar import Builder, can_be_verb
from ..phrasebook import choose, phrasebook
from ._registry import register

REPLY_VERBS = frozenset({"answer", "reply", "respond", "call", "text", "pick", "message", "write", "get"})
_BARE_REPLY_WORDS = frozenset({"me", "back", "up", "to", "my", "texts", "messages", "calls", "phone", "the", "already"})
_URGENT = frozenset({"asap", "a.s.a.p.", "a.s.a.p", "now", "immediately", "instantly", "tonight!"})
_DEMAND_MODALS = frozenset({"need", "have", "got", "must", "better", "should"})
_GREETINGS = frozenset(
    {"hey", "hi", "hello", "ok", "okay", "look", "listen", "babe", "honey", "mom", "dad", "mum", "guys", "dear"}
)
# Verb-first fragments that are the writer's own need, not a request: "Need the deck ASAP."
_NOT_REQUESTS = frozenset({"need", "want", "wish", "hope", "love", "miss", "thank", "thanks"})
_NO_SOFTENER = frozenset({"stop", "quit", "decide", "choose", "pick"})
_DROP_IN_REQUEST = frozenset({"please", "pls", "plz", "just"})
# Words a command may open with before its verb ("please just call me", "so answer me").
_LEADERS = frozenset({"please", "pls", "plz", "just", "now", "so", "and", "then", "ok", "okay", "hey", "oh"})


def _segment(sent: Span, at: int) -> list[Token]:
    """The words of ``sent`` around token ``at`` between line breaks and sentence-final marks (the parser
    sometimes runs "Hey.\nCall me." into one sentence)."""
    segments: list[list[Token]] = [[]]
    for token in sent:
        if token.is_space and "\n" in token.text:
            segments.append([])
            continue
        segments[-1].append(token)
        nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if token.text[:1] in ".!?" and token.is_punct and nxt is not None and not nxt.is_punct:
            segments.append([])
    for segment in segments:
        if segment and segment[0].i <= at <= segment[-1].i:
            return [t for t in segment if not t.is_space]
    return [t for t in sent if not t.is_space]


def _request_start(sent: Span, at: int) -> tuple[Token, list[Token]] | None:
    """Where a command starts (after a greeting or a name and comma), and its words from the verb on."""
    tokens = _segment(sent, at)
    index = 0
    # "Sam, " / "Hey, " / "Hi Dad, " / "Hey Sam, " stay where they are
    comma = next((i for i, t in enumerate(tokens[:4]) if t.text == ","), None)
    if comma is not None and all(t.pos_ in ("INTJ", "PROPN") or t.lower_ in _GREETINGS for t in tokens[:comma]):
        index = comma + 1
    if index >= len(tokens):
        return None
    start = tokens[index]
    while index < len(tokens) and (tokens[index].lower_ in _LEADERS or tokens[index].is_punct):
        index += 1
    if index >= len(tokens):
        return None
    head = tokens[index]
    if head.lower_ in sig.YOU_WORDS:
        # "you need to / have to / must / 'd better / should" + verb
        window = tokens[index + 1 : index + 5]
        verb = next((t for t in window if t.tag_ == "VB"), None)
        if verb is None or not {t.lower_ for t in window if t.i < verb.i} & _DEMAND_MODALS:
            return None
        return start, [t for t in tokens if t.i >= verb.i]
    if head.lower_ in ("do", "don't", "dont") or any(c.dep_ == "neg" for c in head.children):
        return None  # "don't ignore me" cannot become "could you ..." without changing its sense
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    after = tokens[index + 2] if index + 2 < len(tokens) else None
    said_alone = after is None or after.is_punct  # "Go on," / "Tick tock." but "Go on ahead without me."
    phrase = f"{head.lower_} {following.lower_}" if following is not None else ""
    if said_alone and phrase in phrasebook().words["not_commands"]:
        return None  # "Go on, blame me": a dare, which a request would turn into asking for the blame
    # the tagger reads one-word commands ("Reply.") and shouted ones ("CALL ME") as nouns or adjectives
    imperative = head.tag_ == "VB" or (head.lower_ in REPLY_VERBS and (head.tag_ in ("NN", "NNP") or head.is_upper))
    # a name or a noun the tagger took for a command ("geraldine , your ...") is not asked for
    imperative = imperative and (head.lower_ in REPLY_VERBS or can_be_verb(head.lower_))
    if not imperative or head.lemma_ in _NOT_REQUESTS:
        return None
    return start, [t for t in tokens if t.i >= head.i]


def _without_urgency(words: list[Token]) -> tuple[list[Token], bool]:
    """The words without urgency ("ASAP", "right now", "this instant"), "please"/"just", and closing marks;
    and whether there was urgency."""
    body: list[Token] = []
    urgent = False
    for index, token in enumerate(words):
        lower = token.lower_
        nxt = words[index + 1].lower_ if index + 1 < len(words) else ""
        prev = words[index - 1].lower_ if index else ""
        if lower in _URGENT or (lower == "right" and nxt in ("now", "away")) or (lower == "away" and prev == "right"):
            urgent = True
            continue
        if lower in ("this", "that") and nxt in ("instant", "minute", "second"):
            urgent = True
            continue
        if lower in ("instant", "minute", "second") and prev in ("this", "that"):
            continue
        if lower in _DROP_IN_REQUEST or (token.is_punct and token.text[:1] in "!?."):
            continue
        body.append(token)
    return body, urgent


def _urgent_question(sent: Span, at: int) -> Suggestion | None:
    """ "Can you jump on a call right now?" -> "Can you jump on a call when you get a chance?": the request
    is already a question; only the urgency goes."""
    tokens = _segment(sent, at)
    if not tokens or tokens[-1].text[:1] != "?":
        return None
    ask = next(
        (
            i
            for i in range(len(tokens) - 2)
            if tokens[i].lower_ in ("can", "could", "would", "will") and tokens[i + 1].lower_ in sig.YOU_WORDS
        ),
        None,
    )
    if ask is None:
        return None
    body, urgent = _without_urgency(tokens[ask + 2 :])
    while body and body[-1].is_punct:
        body.pop()
    if not urgent or not body:
        return None
    conditional = any(t.dep_ in ("mark", "advcl") or t.lower_ in ("if", "when", "whenever") for t in body)
    builder = Builder().tokens(tokens[ask : ask + 2]).tokens(body)
    if not conditional:
        builder.words("when", "you", "get", "a", "chance")
    return to_sentence_end(sent, tokens[ask], builder.word("?").text(), "safe", "Let them choose the time")


@register(
    "soften-demand",
    cases={
        "Reply ASAP.": "I'd love to hear from you when you're ready.",
        "Call me or we're done.": "No rush, but I'd love to hear back.",
        "Send the invoice ASAP.": "Could you send the invoice as soon as you can?",
        "Think what you want, but the fact is he lied.": None,
        "Get off your ass and help.": None,
        # a dare, a nudge and a countdown are not requests to make
        "Go on, blame me, everyone else does.": None,
        "Tick tock.": None,
        # the command's verb, though the tagger took it for a name, is lower-case after "Could you"
        "Answer Sam.": "Could you answer Sam?",
        # a name or noun the tagger took for a command is not asked for
        "geraldine , your feeble mind has failed you .": None,
        "neo giving yourself a thumbs up makes you a fool .": None,
    },
)
def soften_demand(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: a command becomes a question ("Could you ...?"), a bare demand for a reply an
    invitation to reply, and urgency words ("ASAP", "right now") go; a reason after a comma becomes its own
    sentence.
    The softener is chosen by register (work or casual) and urgency, turns with the sentence, is never one
    the message already has, and is left out when the request already says when; an ultimatum's threat
    ("or we're done") is removed, not softened.
    Example: Call me tonight.
    Result: Could you call me tonight?
    Safety: safe; it refuses negated commands ("don't ignore me"), which need the writer, and a dare, a
    nudge or a countdown ("Go on, blame me", "Come on, admit it", "Tick tock"), which a request would distort.
    """
    sent = finding_sentence(finding, doc)
    if any(insulting(t) for t in sent):
        return None  # the hostile part first: "Could you get off your ass?" is no kinder (drop-insult)
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    at = span.start if span is not None else sent.start
    found = _request_start(sent, at)
    if found is None:
        return _urgent_question(sent, at)
    start, words = found
    if _permission(words):
        return None  # "Think what you want, but ...": leave to the reader, not a command to soften
    threat = next((i for i, t in enumerate(words) if t.lower_ == "or" and t.dep_ == "cc" and i > 0), None)
    if threat is not None:
        # an ultimatum ("call me or we're done"): the threat goes, the request stays
        words = words[:threat]
        while words and words[-1].text in (",", "-", "--", "—"):
            words = words[:-1]
    body, urgent = _without_urgency(words)
    while body and body[-1].is_punct:
        body.pop()
    # symbols and emoji at the end stay at the end, after the question mark
    symbols: list[Token] = []
    while body and not any(ch.isalnum() for ch in body[-1].text):
        symbols.insert(0, body.pop())
    # ", no excuses" / ", no exceptions": insistence set off at the end goes with the pressure
    last_comma = max((i for i, t in enumerate(body) if t.text == ","), default=None)
    aside = body[last_comma + 1 :] if last_comma is not None else []
    if aside and aside[0].lower_ in ("no", "not", "none") and not any(t.pos_ in ("VERB", "AUX") for t in aside):
        body = body[: len(body) - len(aside) - 1]  # insistence, not urgency: no hurry carried over
    if not body:
        return None
    # "Send me the report, the client is waiting": the reason after the comma becomes its own sentence
    tail: list[Token] = []
    comma = next(
        (
            i
            for i, t in enumerate(body)
            if t.text == "," and any(u.dep_ in ("nsubj", "nsubjpass") for u in body[i + 1 :])
        ),
        None,
    )
    if comma is not None and comma > 0:
        body, tail = body[:comma], body[comma + 1 :]
    content = [t.lower_ for t in body]
    book = phrasebook()
    nearby = doc[max(sent.start - 60, 0) : min(sent.end + 60, len(doc))].text
    if content[0] in REPLY_VERBS and set(content[1:]) <= _BARE_REPLY_WORDS and len(content) <= 4:
        # the demand for a reply is the pressure itself: an invitation, with no hurry carried over
        text = choose(book.reply_invitations["casual"], sent.text, nearby)
        if tail:
            text += " " + _sentence_of(tail)
        return to_sentence_end(sent, start, text, "safe", "Invite a reply instead of demanding one")
    # a clause of its own inside the request ("the second you land") already says when
    conditional = any(
        t.dep_ in ("mark", "advcl", "nsubj") or t.lower_ in ("if", "when", "whenever", "once") for t in body[1:]
    )
    # a verbless ", babe" at the end stays at the end: "... tonight if you have a moment, babe?"
    cut = len(body)
    comma = max((i for i, t in enumerate(body) if t.text == ","), default=None)
    if comma is not None and not any(t.pos_ in ("VERB", "AUX") for t in body[comma + 1 :]):
        cut = comma
    softener = ""
    # no softener on a stop, a choice or a cut threat ("Could you decide when you have a minute?" mocks it)
    plain = body[0].lemma_ in _NO_SOFTENER or threat is not None or any(t.lemma_ == "cancel" for t in body)
    if not conditional and not plain and not any(t.lower_ in book.time_words for t in body):
        register = "urgent" if urgent else "work" if work_register(sent) else "casual"
        softener = choose(book.softeners[register], sent.text, nearby)
    builder = Builder().words("Could", "you")
    for index, token in enumerate(body):
        if index == cut and softener:
            builder.words(*softener.split())
        shouted = token.text.isupper() and len(token.text) > 1
        # the command's verb, even one the tagger took for a name ("Answer Sam."), follows "Could you"
        lower_first = token.i == body[0].i and token.text != "I"
        builder.token(token, token.text.lower() if shouted or lower_first else None)
    if cut == len(body) and softener:
        builder.words(*softener.split())
    builder.word("?")
    if symbols:
        builder.words(*(t.text for t in symbols))
    text = builder.text()
    if tail:
        text += " " + _sentence_of(tail)
    return to_sentence_end(sent, start, text, "safe", "Ask instead of telling")


def _permission(words: list[Token]) -> bool:
    """ "Think what you want", "say whatever you like": an imperative that leaves it to the reader."""
    lowered = [t.lower_ for t in words[:5]]
    return (
        len(words) >= 4
        and lowered[1] in ("what", "whatever")
        and lowered[2] in ("you", "u")
        and words[3].lemma_ in ("want", "like", "wish", "please")
    )


def _sentence_of(tokens: list[Token]) -> str:
    """Words cut from the end of a command, as a sentence of their own: "the client is waiting" ->
    "The client is waiting."."""
    first = tokens[0]
    capital = first.text if first.pos_ == "PROPN" else first.text[:1].upper() + first.text[1:]
    return Builder().token(first, capital).tokens(tokens[1:]).word(".").text()
