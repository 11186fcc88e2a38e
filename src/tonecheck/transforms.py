"""Parse-based rewrites that rules name in ``suggestions: [{transform: NAME}]``.

Each transform reads the finding's sentence from the spaCy parse and returns one ``Suggestion`` (or
``None`` when the sentence does not have the shape it knows). A transform marks its result ``safe`` only
when it keeps all of the writer's own words apart from the flagged construction; ``Checker.rewrite``
then re-checks a safe result before applying it. Results with ``[blanks]`` are always ``review``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from . import signals as sig
from .grammar import Builder, body_and_end, content_end, finite, inflect, is_past, lemma_in, verb_lemma
from .models import Finding, Safety, Suggestion

Transform = Callable[[Finding, Doc], "Suggestion | None"]

# Verbs whose object feels what the verb names: "you hurt me" -> "I felt hurt".
CAUSE_VERBS = frozenset(
    {
        "hurt", "upset", "disappoint", "embarrass", "humiliate", "betray", "anger", "annoy", "frustrate",
        "scare", "frighten", "offend", "insult", "confuse", "stress", "worry", "bother", "ignore", "abandon",
        "neglect", "belittle", "disrespect", "shame", "exhaust", "overwhelm", "mislead", "sadden", "crush",
        "infuriate", "irritate", "depress", "torment", "pressure", "reject",
    }
)  # fmt: skip
# The feeling word where the past participle is not the natural one.
FEELING_WORD = {"anger": "angry", "sadden": "sad", "infuriate": "furious", "depress": "down"}
# Verbs that spoil something of the writer's: "you ruined my birthday" -> "I felt like my birthday was ruined".
SPOIL_VERBS = frozenset({"ruin", "destroy", "wreck", "spoil", "break"})
# Adverbs that say how strongly, kept with the feeling ("you really hurt me" -> "I felt really hurt").
INTENSIFIERS = frozenset({"really", "so", "totally", "truly", "deeply", "completely", "just"})
ABSOLUTES = frozenset({"always", "never", "constantly", "forever"})
# A clearer participle for "I don't feel ___": "you never listen to me" -> "I don't feel heard".
PARTICIPLE = {"listen": "heard", "care": "cared about", "understand": "understood"}
SWEEPING = frozenset({"anything", "everything", "nothing", "anyone", "everyone", "nobody", "ever"})

REPLY_VERBS = frozenset({"answer", "reply", "respond", "call", "text", "pick", "message", "write", "get"})
_BARE_REPLY_WORDS = frozenset({"me", "back", "up", "to", "my", "texts", "messages", "calls", "phone", "the", "already"})
_URGENT = frozenset({"asap", "a.s.a.p.", "a.s.a.p", "now", "immediately", "instantly", "tonight!"})
_DEMAND_MODALS = frozenset({"need", "have", "got", "must", "better", "should"})
_GREETINGS = frozenset(
    {"hey", "hi", "hello", "ok", "okay", "look", "listen", "babe", "honey", "mom", "dad", "mum", "guys", "dear"}
)
# Verb-first fragments that are the writer's own need, not a request: "Need the deck ASAP."
_NOT_REQUESTS = frozenset({"need", "want", "wish", "hope", "love", "miss", "thank", "thanks"})
_DROP_IN_REQUEST = frozenset({"please", "pls", "plz", "just"})
# Words a command may open with before its verb ("please just call me", "so answer me").
_LEADERS = frozenset({"please", "pls", "plz", "just", "now", "so", "and", "then", "ok", "okay", "hey", "oh"})
_STACKED = re.compile(r"[!?]{2,}|[!?](?:\s*[!?]){2,}")
_BE = {(True, False): "was", (True, True): "were", (False, False): "is", (False, True): "are"}


# --------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------


def _sentence(finding: Finding, doc: Doc) -> Span:
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    return span.sent if span is not None else doc[:]


def _you_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in sig.YOU_WORDS), None)


def _you_verbs(sent: Span) -> list[Token]:
    """Verbs with a second-person subject, the sentence's root first."""
    verbs = [t for t in sent if t.pos_ in ("VERB", "AUX") and _you_subject(t) is not None]
    return sorted(verbs, key=lambda t: (t.i != sent.root.i, t.i))


def _suggest(start: int, end: int, text: str, safety: Safety, title: str) -> Suggestion:
    return Suggestion(replacement=text, start=start, end=end, safety=safety, kind="transform", title=title)


def _clause_start(verb: Token, you: Token) -> Token:
    """The first word of the clause around ``verb``: its subject, or a question word or auxiliary before it."""
    before = [c for c in verb.children if c.i < you.i and (c.dep_ in ("aux", "auxpass", "neg") or c.tag_ == "WRB")]
    return min([you, *before], key=lambda t: t.i)


def _to_sentence_end(sent: Span, first: Token, text: str, safety: Safety, title: str) -> Suggestion:
    last = content_end(sent)
    previous = next((t for t in reversed(sent.doc[sent.start : first.i]) if not t.is_space), None)
    # From the tokens, not Doc.text: Doc.text joins the whole draft on every call.
    gap = previous.whitespace_ + sent.doc[previous.i + 1 : first.i].text_with_ws if previous is not None else ""
    mid_sentence = previous is not None and previous.text[-1:] not in ".!?" and "\n" not in gap
    if mid_sentence and text[:1].isupper() and not text.startswith(("I ", "I'")):
        text = text[:1].lower() + text[1:]  # after "Sam, " the new words go on the same sentence
    return _suggest(first.idx, last.idx + len(last.text), text, safety, title)


def _feeling_word(lemma: str) -> str:
    return FEELING_WORD.get(lemma, inflect(lemma, "VBN"))


def _between(doc: Doc, you: Token, verb: Token) -> list[Token] | None:
    """The intensifiers between 'you' and the verb; ``None`` if anything else stands there (a negation,
    an absolute, a modal), which a plain I-statement would drop or misread."""
    kept = []
    for token in doc[you.i + 1 : verb.i]:
        if token.dep_ == "aux" and token.lemma_ == "have":
            continue
        if token.dep_ == "advmod" and token.lower_ in INTENSIFIERS:
            kept.append(token)
            continue
        return None
    return kept


def _plain_statement(sent: Span, you: Token) -> bool:
    """No question word or auxiliary before the subject: "why did you hurt me" is not turned around."""
    return not any(t.i < you.i and (t.tag_ in ("WRB", "WP") or t.dep_ in ("aux", "auxpass")) for t in sent)


def _emit_rest(builder: Builder, rest: list[Token], past: bool) -> bool:
    """Copy the words after the object, turning "by ignoring X" into "when you ignored X". ``False`` when a
    "by" phrase has a shape this cannot turn."""
    skip: set[int] = set()
    for token in rest:
        if token.i in skip:
            continue
        gerund = next((c for c in token.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None)
        if token.lower_ == "by" and token.dep_ == "prep" and gerund is not None:
            negated = [c for c in gerund.children if c.dep_ == "neg"]
            if gerund.i == token.i + 1:
                builder.words("when", "you").token(gerund, finite(gerund.lemma_, past))
            elif negated and negated[0].i == token.i + 1 and gerund.i == token.i + 2:
                builder.words("when", "you", finite("do", past)).word("n't").token(gerund, gerund.lemma_)
                skip.add(negated[0].i)
            else:
                return False
            skip.add(gerund.i)
            continue
        builder.token(token)
    return True


# --------------------------------------------------------------------------------------------------
# i-statement: "You hurt me by ignoring my calls." -> "I felt hurt when you ignored my calls."
# --------------------------------------------------------------------------------------------------


def _caused_feeling(sent: Span, verb: Token, you: Token) -> str | None:
    doc = sent.doc
    me = next((c for c in verb.rights if c.dep_ == "dobj" and c.lower_ == "me"), None)
    lemma = lemma_in(verb, CAUSE_VERBS)
    if lemma is None or me is None or me.i != verb.i + 1:
        return None
    kept = _between(doc, you, verb)
    if kept is None:
        return None
    past = is_past(verb)
    rest, end = body_and_end(sent, me.i + 1)
    degree = [t.lower_ for t in kept]
    if [t.lower_ for t in rest[:2]] in (["so", "much"], ["so", "badly"]):
        degree, rest = [*degree, "so"], rest[2:]  # "you hurt me so much" -> "I felt so hurt"
    builder = Builder().words("I", finite("feel", past), *degree, _feeling_word(lemma))
    if not _emit_rest(builder, rest, past):
        return None
    return builder.word(end).text()


# "you yelled at me" -> "I felt yelled at"
_AT_ME_VERBS = frozenset({"lie", "yell", "scream", "shout", "snap", "swear", "curse", "laugh", "talk", "glare"})


def _at_me(sent: Span, verb: Token, you: Token) -> str | None:
    doc = sent.doc
    lemma = lemma_in(verb, _AT_ME_VERBS)
    if lemma is None or verb.i + 2 >= sent.end:
        return None
    prep, me = doc[verb.i + 1], doc[verb.i + 2]
    if prep.lower_ not in ("at", "to") or me.lower_ != "me" or (lemma == "talk" and prep.lower_ == "to"):
        return None
    kept = _between(doc, you, verb)
    if kept is None:
        return None
    past = is_past(verb)
    builder = Builder().words("I", finite("feel", past), *(t.lower_ for t in kept), inflect(lemma, "VBN"))
    builder.token(prep)
    rest, end = body_and_end(sent, me.i + 1)
    if not _emit_rest(builder, rest, past):
        return None
    return builder.word(end).text()


def _made_me(sent: Span, verb: Token, you: Token) -> str | None:
    doc = sent.doc
    if lemma_in(verb, frozenset({"make"})) is None or verb.i + 1 >= sent.end or doc[verb.i + 1].lower_ != "me":
        return None
    me = doc[verb.i + 1]
    complement = me.head if me.head.i != verb.i else None
    if complement is None:
        complement = next(
            (c for c in verb.rights if c.dep_ in ("ccomp", "xcomp", "oprd", "acomp") and c.i > me.i), None
        )
    if complement is None or complement.head.i != verb.i:
        return None
    kept = _between(doc, you, verb)
    if kept is None:
        return None
    past = is_past(verb)
    builder = Builder().word("I")
    if complement.pos_ == "ADJ" or complement.tag_ in ("JJ", "JJR"):
        builder.words(finite("feel", past), *(t.lower_ for t in kept))
        rest, end = body_and_end(sent, me.i + 1)
    elif complement.pos_ == "VERB" and complement.i == me.i + 1:
        verb_form = finite("feel", past) if complement.lemma_ == "feel" else finite(complement.lemma_, past)
        builder.words(*(t.lower_ for t in kept), verb_form)
        rest, end = body_and_end(sent, complement.i + 1)
    else:
        return None
    if not _emit_rest(builder, rest, past):
        return None
    return builder.word(end).text()


def _spoiled_mine(sent: Span, verb: Token, you: Token) -> str | None:
    doc = sent.doc
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    lemma = lemma_in(verb, SPOIL_VERBS)
    if lemma is None or obj is None or not any(c.lower_ == "my" for c in obj.children):
        return None
    if lemma == "break" and obj.lower_ in ("promise", "promises", "word"):
        return None  # "you broke your promise" is not something of the writer's that broke
    kept = _between(doc, you, verb)
    if kept is None:
        return None
    past = is_past(verb)
    subtree = list(obj.subtree)
    if subtree[0].i != verb.i + 1:
        return None
    plural = obj.tag_ in ("NNS", "NNPS")
    builder = Builder().words("I", finite("feel", past), "like").tokens(subtree)
    builder.words(_BE[(past, plural)], *(t.lower_ for t in kept), inflect(lemma, "VBN"))
    rest, end = body_and_end(sent, subtree[-1].i + 1)
    if not _emit_rest(builder, rest, past):
        return None
    return builder.word(end).text()


def i_statement(finding: Finding, doc: Doc) -> Suggestion | None:
    """Turn "you did X to me" into the writer's own feeling, keeping their words; when the sentence has
    another shape, an I-message that keeps the event and leaves the feeling blank (review)."""
    sent = _sentence(finding, doc)
    for verb in _you_verbs(sent):
        you = _you_subject(verb)
        assert you is not None
        if not _plain_statement(sent, you):
            continue
        for shape in (_caused_feeling, _made_me, _spoiled_mine, _at_me):
            text = shape(sent, verb, you)
            if text is not None:
                return _to_sentence_end(sent, you, text, "safe", "Say how you felt instead of what they did")
    return i_message(finding, doc)


# --------------------------------------------------------------------------------------------------
# i-message: "Why did you leave without saying goodbye?" -> "I felt [feeling] when you left without ..."
# --------------------------------------------------------------------------------------------------


def _event(sent: Span, verb: Token, you: Token) -> tuple[str, bool] | None:
    """The sentence as "you <did what>", with question order, 'do'-support and absolutes undone; and
    whether it tells of the past."""
    do_aux = next((c for c in verb.children if c.dep_ == "aux" and c.lemma_ == "do"), None)
    modal = [c for c in verb.children if c.dep_ == "aux" and c.tag_ == "MD"]
    if modal and modal[0].i < you.i:
        return None  # "why would you do that" has no event to keep
    past = do_aux.tag_ == "VBD" if do_aux is not None else is_past(verb)
    other_aux = [
        c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i > you.i and (do_aux is None or c.i != do_aux.i)
    ]
    negation = next((c for c in verb.children if c.dep_ == "neg" or c.lower_ == "never"), None)
    # with "have", "would", "are" the negation stays as written; otherwise it takes do-support again
    do_support = negation is not None and not other_aux
    drop = {t.i for t in verb.children if t.lower_ in ABSOLUTES - {"never"}}
    if do_aux is not None:
        drop.add(do_aux.i)
    if do_support and negation is not None:
        drop.add(negation.i)
    lemma = verb_lemma(verb)
    builder = Builder()
    tokens, _ = body_and_end(sent, you.i)
    for token in tokens:
        if token.i in drop:
            continue
        if token.i == verb.i:
            if do_support:
                builder.word(finite("do", past)).word("n't").token(token, lemma)
            elif do_aux is not None:
                builder.token(token, finite(lemma, past))
            else:
                builder.token(token)
            continue
        builder.token(token, "you" if token.i == you.i else None)
    return builder.text(), past


def i_message(finding: Finding, doc: Doc) -> Suggestion | None:
    sent = _sentence(finding, doc)
    for verb in _you_verbs(sent):
        you = _you_subject(verb)
        assert you is not None
        event = _event(sent, verb, you)
        if event is None:
            continue
        text, past = event
        first = _clause_start(verb, you)
        replacement = f"I {finite('feel', past)} [feeling] when {text}."
        return _to_sentence_end(sent, first, replacement, "review", "Say how it felt; fill in the feeling")
    return None


# --------------------------------------------------------------------------------------------------
# soften-absolute: "You never listen to me." -> "Sometimes I don't feel heard."
# --------------------------------------------------------------------------------------------------


def soften_absolute(finding: Finding, doc: Doc) -> Suggestion | None:
    """In order: "never/always <verb> me" -> how it leaves the writer feeling; "you never <do X>" -> a wish
    for X more often; in a statement, the absolute itself softened in place ("always" -> "sometimes",
    "never" -> "rarely"); otherwise an I-message with a blank (review)."""
    sent = _sentence(finding, doc)
    for verb in _you_verbs(sent):
        you = _you_subject(verb)
        absolute = next((c for c in verb.children if c.lower_ in ABSOLUTES), None)
        if you is None or absolute is None:
            continue
        do_aux = next((c for c in verb.children if c.dep_ == "aux" and c.lemma_ == "do"), None)
        past = do_aux.tag_ == "VBD" if do_aux is not None else is_past(verb)
        rest, _ = body_and_end(sent, verb.i + 1)
        words = [t.lower_ for t in rest]
        first = _clause_start(verb, you)
        never = absolute.lower_ == "never"
        lemma = verb_lemma(verb)
        main_clause = verb.dep_ == "ROOT"
        if main_clause and words in (["me"], ["to", "me"]):
            participle = PARTICIPLE.get(lemma) or inflect(lemma, "VBN") + (" to" if words[0] == "to" else "")
            feel = f"{finite('do', past)}n't feel" if never else finite("feel", past)
            text = f"Sometimes I {feel} {participle}."
            return _to_sentence_end(sent, first, text, "safe", "Say how it leaves you feeling")
        plain = not any(t.is_punct or t.dep_ in ("aux", "neg") for t in rest) and verb.tag_ != "VBG"
        if main_clause and never and plain and first.i == you.i:
            sweeping = any(w in SWEEPING for w in words)
            builder = Builder().words("I'd", "love", "it", "if", "you").token(verb, inflect(lemma, "VBD"))
            # "more often" goes before a clause that says when: "... picked up more often when it matters"
            cut = next((i for i, t in enumerate(rest) if t.dep_ == "mark" or t.tag_ == "WRB"), len(rest))
            builder.tokens(rest[:cut]).words("more", "often").tokens(rest[cut:]).word(".")
            safety: Safety = "review" if sweeping else "safe"
            return _to_sentence_end(sent, first, builder.text(), safety, "Ask for what you would like instead")
        question = first.i < you.i or "?" in sent.text
        if not question and absolute.lower_ in ("always", "constantly") and absolute.i > you.i:
            return _suggest(absolute.idx, absolute.idx + len(absolute.text), "sometimes", "safe", "Say 'sometimes'")
        if not question and never and absolute.i > you.i:
            return _suggest(absolute.idx, absolute.idx + len(absolute.text), "rarely", "safe", "Say 'rarely'")
        return i_message(finding, doc)
    return None


# --------------------------------------------------------------------------------------------------
# soften-demand: "Call me tonight." -> "Could you call me tonight if you have a moment?"
# --------------------------------------------------------------------------------------------------


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
    # the tagger reads one-word commands ("Reply.") and shouted ones ("CALL ME") as nouns or adjectives
    imperative = head.tag_ == "VB" or (head.lower_ in REPLY_VERBS and (head.tag_ in ("NN", "NNP") or head.is_upper))
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
    return _to_sentence_end(sent, tokens[ask], builder.word("?").text(), "safe", "Let them choose the time")


def soften_demand(finding: Finding, doc: Doc) -> Suggestion | None:
    sent = _sentence(finding, doc)
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    at = span.start if span is not None else sent.start
    found = _request_start(sent, at)
    if found is None:
        return _urgent_question(sent, at)
    start, words = found
    if any(t.lower_ == "or" and t.dep_ == "cc" for t in words):
        return None  # an ultimatum ("call me or we're done") needs the writer, not a softer verb
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
        body, urgent = body[: len(body) - len(aside) - 1], True
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
    if content[0] in REPLY_VERBS and set(content[1:]) <= _BARE_REPLY_WORDS and len(content) <= 4:
        text = (
            "No pressure, but I'd love to hear back when you can."
            if urgent
            else "I'd love to hear from you when you're ready."
        )
        if tail:
            text += " " + _sentence_of(tail)
        return _to_sentence_end(sent, start, text, "safe", "Invite a reply instead of demanding one")
    # a clause of its own inside the request ("the second you land") already says when
    conditional = any(
        t.dep_ in ("mark", "advcl", "nsubj") or t.lower_ in ("if", "when", "whenever", "once") for t in body[1:]
    )
    # a verbless ", babe" at the end stays at the end: "... tonight if you have a moment, babe?"
    cut = len(body)
    comma = max((i for i, t in enumerate(body) if t.text == ","), default=None)
    if comma is not None and not any(t.pos_ in ("VERB", "AUX") for t in body[comma + 1 :]):
        cut = comma
    builder = Builder().words("Could", "you")
    for index, token in enumerate(body):
        if index == cut and not conditional and body[0].lemma_ not in ("stop", "quit"):
            builder.words("if", "you", "have", "a", "moment")
        shouted = token.text.isupper() and len(token.text) > 1
        lower_first = token.i == body[0].i and token.pos_ != "PROPN" and token.text != "I"
        builder.token(token, token.text.lower() if shouted or lower_first else None)
    if cut == len(body) and not conditional and body[0].lemma_ not in ("stop", "quit"):
        builder.words("if", "you", "have", "a", "moment")
    builder.word("?")
    if symbols:
        builder.words(*(t.text for t in symbols))
    text = builder.text()
    if tail:
        text += " " + _sentence_of(tail)
    return _to_sentence_end(sent, start, text, "safe", "Ask instead of telling")


def _sentence_of(tokens: list[Token]) -> str:
    """Words cut from the end of a command, as a sentence of their own: "the client is waiting" ->
    "The client is waiting."."""
    first = tokens[0]
    capital = first.text if first.pos_ == "PROPN" else first.text[:1].upper() + first.text[1:]
    return Builder().token(first, capital).tokens(tokens[1:]).word(".").text()


# --------------------------------------------------------------------------------------------------
# calm-punctuation and lower-case: the finding's own words, quieter
# --------------------------------------------------------------------------------------------------


def calm_punctuation(finding: Finding, doc: Doc) -> Suggestion | None:
    """ "??" -> "?", "!!!" -> "!", "?!?!" -> "?"."""
    quieter = _STACKED.sub(lambda m: "?" if "?" in m.group() else "!", finding.text)
    if quieter == finding.text:
        return None
    return _suggest(finding.start, finding.end, quieter, "safe", "Use one mark")


def _starts_sentence(doc: Doc, token: Token) -> bool:
    """Whether the text before ``token`` ends a sentence (or there is none). Not ``is_sent_start``: the
    parser splits shouted text oddly ("I NEED TO KNOW | RIGHT NOW")."""
    for previous in reversed(doc[: token.i]):  # not Doc.text, which joins the whole draft on every call
        before = previous.text_with_ws.rstrip(" \t")
        if before:
            return before[-1] in ".!?\n"
    return True


def lower_case(finding: Finding, doc: Doc) -> Suggestion | None:
    """Shouted words in lower case; a sentence start keeps its capital, and so does 'I'."""
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    if span is None:
        return None
    builder = Builder()
    for token in span:
        text = token.text
        if text.isupper() and text != "I":
            text = text.lower()
        if _starts_sentence(doc, token):
            text = text[:1].upper() + text[1:]
        if text.lower() == "i" or text.lower().startswith("i'"):
            text = "I" + text[1:]
        builder.token(token, text)
    quieter = builder.text()
    if quieter == finding.text.strip():
        return None
    return _suggest(span.start_char, span.start_char + len(span.text.rstrip()), quieter, "safe", "Don't shout")


# --------------------------------------------------------------------------------------------------
# guilt-to-wish: "If you really loved me you'd skip the trip." -> "It would mean a lot to me if you skipped
# the trip."
# --------------------------------------------------------------------------------------------------

_PROOF_VERBS = frozenset({"love", "care", "respect", "value", "mean"})


def _least_you_could_do(sent: Span) -> Suggestion | None:
    """ "(After everything I've done for you,) the least you could do is come home." -> "It would mean a lot
    to me if you came home." """
    tokens = [t for t in sent if not t.is_space]
    lowered = [t.lower_ for t in tokens]
    for index in range(len(tokens) - 6):
        if lowered[index : index + 6] != ["the", "least", "you", "could", "do", "is"]:
            continue
        rest, _ = body_and_end(sent, tokens[index + 6].i)
        if not rest or not rest[0].tag_.startswith("VB"):
            return None
        builder = Builder().words("It", "would", "mean", "a", "lot", "to", "me", "if", "you")
        builder.token(rest[0], inflect(verb_lemma(rest[0]), "VBD")).tokens(rest[1:]).word(".")
        return _to_sentence_end(sent, tokens[0], builder.text(), "safe", "Ask for it on its own merits")
    return None


def guilt_to_wish(finding: Finding, doc: Doc) -> Suggestion | None:
    """The request inside a love-test, asked for its own sake; the condition is dropped."""
    sent = _sentence(finding, doc)
    least = _least_you_could_do(sent)
    if least is not None:
        return least
    for verb in _you_verbs(sent):
        condition = next(
            (
                c
                for c in verb.children
                if c.dep_ == "advcl"
                and lemma_in(c, _PROOF_VERBS)
                and any(m.lower_ == "if" for m in c.children)
                and any(t.lower_ == "me" for t in c.subtree)
            ),
            None,
        )
        if condition is None or not any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
            continue
        you = _you_subject(verb)
        assert you is not None
        dropped = {t.i for t in condition.subtree} | {c.i for c in verb.children if c.dep_ in ("aux", "neg")}
        dropped.add(you.i)
        if any(c.dep_ == "neg" for c in verb.children):
            return None  # "you wouldn't do this if you loved me" asks for nothing
        rest, _ = body_and_end(sent, verb.i + 1)
        builder = Builder().words("It", "would", "mean", "a", "lot", "to", "me", "if", "you")
        builder.token(verb, inflect(verb_lemma(verb), "VBD"))
        for token in rest:
            if token.i in dropped or (token.is_punct and token.text == ","):
                continue
            # "skip the trip and stay here" -> "skipped the trip and stayed here"
            if token.dep_ == "conj" and token.head.i == verb.i and token.tag_ in ("VB", "VBP"):
                builder.token(token, inflect(verb_lemma(token), "VBD"))
            else:
                builder.token(token)
        first = min((t for t in sent if not t.is_space), key=lambda t: t.i)
        return _to_sentence_end(sent, first, builder.word(".").text(), "safe", "Ask for it on its own merits")
    return None


# --------------------------------------------------------------------------------------------------
# apology-only: "I'm sorry I missed it, but traffic was insane." -> "I'm sorry I missed it."
# --------------------------------------------------------------------------------------------------

_APOLOGY_WORDS = frozenset({"sorry", "apologize", "apologise", "bad", "apologies"})


def apology_only(finding: Finding, doc: Doc) -> Suggestion | None:
    """The apology without the "but ..." that follows it. Review: the writer's excuse is dropped."""
    sent = _sentence(finding, doc)
    tokens = [t for t in sent if not t.is_space]
    apology = next((i for i, t in enumerate(tokens) if t.lower_ in _APOLOGY_WORDS), None)
    if apology is None:
        return None
    but = next((i for i, t in enumerate(tokens) if i > apology and t.lower_ in ("but", "though", "although")), None)
    if but is None:
        return None
    kept = tokens[:but]
    while kept and kept[-1].is_punct:
        kept.pop()
    if len(kept) <= apology:
        return None
    text = Builder().tokens(kept).word(".").text()
    return _suggest(kept[0].idx, tokens[-1].idx + len(tokens[-1].text), text, "review", "Apologise and stop there")


# --------------------------------------------------------------------------------------------------
# drop-aside: "You have to come, no excuses." -> "You have to come."; "Per my last email, the figures are
# in the appendix." -> "The figures are in the appendix."
# --------------------------------------------------------------------------------------------------


def drop_aside(finding: Finding, doc: Doc) -> Suggestion | None:
    """Remove the flagged words with the comma that sets them off; a sentence that is nothing but the aside
    goes whole. The rule decides whether that is safe (the transform cannot know the words add nothing)."""
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    if span is None:
        return None
    sent = span.sent
    text = doc.text  # Doc.text joins every token on each read: once here, not once a character
    words = [t for t in sent if not t.is_space and not t.is_punct]
    inside = [t for t in words if span.start <= t.i < span.end]
    if len(inside) == len(words):
        # the whole sentence: drop it and the space after it
        last = content_end(sent)
        end = last.idx + len(last.text)
        while end < len(text) and text[end] in " \t":
            end += 1
        if sent.start_char == 0 and end >= len(text.rstrip()):
            return None  # nothing would be left
        start = sent.start_char
        if end >= len(text) or text[end] in "\r\n":
            end = last.idx + len(last.text)  # last on its line: take the space before it instead
            while start > 0 and text[start - 1] in " \t":
                start -= 1
        return _suggest(start, end, "", "safe", "Leave it out")
    start, end = span.start_char, span.end_char
    before = text[:start].rstrip(" ")
    after = text[end:]
    at_end = all(t.is_punct or t.is_space for t in doc[span.end : sent.end])
    if before.endswith(",") and at_end:
        start = len(before) - 1  # "come, no excuses." -> "come."
    elif (
        after.lstrip(" ").startswith(",")
        and span.start == words[0].i
        and not after.lstrip(" ,").lower().startswith(("which", "who", "that", "where", "when"))
    ):
        end += len(after) - len(after.lstrip(" ")) + 1  # "Per my last email, the ..." -> "the ..."
        while end < len(text) and text[end] == " ":
            end += 1
    else:
        return None  # inside the clause ("Some of us actually clean up"): the words carry the sentence
    # offered as the whole sentence without the aside, which reads better than an empty replacement
    first, last = words[0], content_end(sent)
    sentence_start, sentence_end = first.idx, last.idx + len(last.text)
    kept = text[sentence_start:start] + text[end:sentence_end]
    if start == sentence_start:
        kept = kept[:1].upper() + kept[1:]  # the sentence now starts with what followed: give it the capital
    return _suggest(sentence_start, sentence_end, kept, "safe", "Leave it out")


TRANSFORMS: dict[str, Transform] = {
    "i-statement": i_statement,
    "i-message": i_message,
    "soften-absolute": soften_absolute,
    "soften-demand": soften_demand,
    "calm-punctuation": calm_punctuation,
    "lower-case": lower_case,
    "guilt-to-wish": guilt_to_wish,
    "apology-only": apology_only,
    "drop-aside": drop_aside,
}
