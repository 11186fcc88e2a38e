"""Draft-wide context for the manipulation, desperation and non-apology rules (issue 16, fifth session).

A rule's pattern names the words of a tactic ("thought you'd like to know", "you know why", "what does that
mean?", "I'll do something stupid"); the functions here say whether the draft around it makes those words the
tactic: someone else's attention to the writer (jealousy), the reader leaving (harm as leverage), the writer
going silent on purpose (silent treatment), a trace of the reader's texting (signs read into silence), the
writer owning a fault (a sincere apology, not an excuse). Each is computed once a draft (the conditions memoise
them) from the dependency parse and word classes (``data/lexicon``), never from whole phrases.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from spacy.tokens import Span, Token

from . import lexicon, signals

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Word classes (``data/lexicon``): the writer and the reader as subject or owner; subjects whose attention is
# family news, not a lever ("Mum took me for lunch"); words for a partner.
_WRITER = lexicon.words_of(["writer_pronoun"])
_READER = lexicon.words_of(["reader_pronoun"])
_FAMILY = lexicon.words_of(["news_subject"])
_PARTNERS = lexicon.words_of(["partner_word"])


def _subject(verb: Token) -> Token | None:
    """The verb's subject, looking through "keeps bringing", "would not stop flirting" and relative clauses
    ("a guy who keeps bringing me coffee" -> guy)."""
    node = verb
    # "Tom from accounts bought me lunch": a name the parser hangs on the verb as a modifier.
    named = next((c for c in verb.children if c.dep_ == "npadvmod" and c.pos_ == "PROPN" and c.i < verb.i), None)
    if named is not None and not any(c.dep_ in _SUBJECTS for c in verb.children):
        return named
    for _ in range(3):
        subject = next((c for c in node.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            if subject.lower_ in ("who", "that") and node.dep_ == "relcl":
                return node.head
            return subject
        if node.dep_ in ("xcomp", "ccomp", "conj", "advcl") and node.head is not node:
            node = node.head
            continue
        if node.dep_ == "relcl":
            return node.head
        break
    return None


def _writer_in(verb: Token) -> bool:
    """The writer as the verb's object ("took me"), through a preposition ("flirting with me") or inside a
    clause it governs ("said I looked gorgeous", "listens when I talk")."""
    def writers(node: Token) -> bool:  # "me", or a thing of mine ("my number", "my hair")
        return node.lower_ in ("me", "myself") or any(c.dep_ == "poss" and c.lower_ == "my" for c in node.children)

    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "iobj") and writers(child):
            return True
        if child.dep_ == "prep" and any(writers(g) for g in child.children):
            return True
        if child.dep_ in ("ccomp", "xcomp", "advcl") and any(t.lower_ in _WRITER for t in child.subtree):
            return True
    return False


def others_attention(sents: Sequence[Span]) -> bool:
    """Whether the draft reports someone other than the reader (not family) courting or favouring the writer
    ("Dan took me for dinner", "this guy would not stop flirting with me", "my colleague said I looked
    gorgeous", "got asked out twice"), or a partner's grand gesture to someone else ("Sophie's boyfriend
    surprised her with a weekend in Rome")."""
    for sent in sents:
        for token in sent:
            if token.pos_ == "VERB" and _partner_gesture(token):
                return True
            if not lexicon.in_class(token, "courting_verb") or token.pos_ not in ("VERB", "AUX"):
                continue
            subject = _subject(token)
            if subject is None:
                # "Got asked out twice today": the writer, left out, courted.
                if token.lemma_ == "ask" and any(c.lower_ == "out" for c in token.children):
                    return True
                continue
            if subject.lower_ in _PARTNERS and any(c.dep_ == "poss" and c.lower_ not in _READER | _WRITER
                                                   for c in subject.children):
                return True
            if subject.lower_ in _FAMILY or subject.lower_ in _READER or subject.lower_ in _WRITER:
                continue
            if _writer_in(token):
                return True
    return False


def _partner_gesture(verb: Token) -> bool:
    """"Sophie's boyfriend surprised her", "her husband whisked her off": someone else's partner treating them."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ not in _PARTNERS:
        return False
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    return owner is not None and owner.lower_ not in _READER | _WRITER and any(
        c.dep_ == "dobj" and c.lower_ in ("her", "him", "them") for c in verb.children
    )


def reader_leaving(sents: Sequence[Span]) -> bool:
    """Whether the draft names the reader leaving, ending it or not answering ("if you leave me", "walk
    away", "if u break up with me", "if you don't pick up"), a life "without you", or lays the outcome at the
    reader's door ("your choice", "is on you")."""
    for sent in sents:
        for token in sent:
            lower = token.lower_
            if lower == "without" and any(c.lower_ in _READER for c in token.children):
                return True
            if lower in ("choice", "call", "decision") and any(c.lower_ in ("your", "ur") for c in token.children):
                return True
            if lower == "on" and any(c.lower_ in ("you", "u") for c in token.children) and token.head.lemma_ == "be":
                return True
            if not lexicon.in_class(token, "leaving_verb") or token.pos_ not in ("VERB", "AUX"):
                continue
            subject = _subject(token)
            if subject is not None and subject.lower_ in _READER:
                return True
            # "Go on then, leave." / "Walk away and ...": the reader told to go.
            if subject is None and token.lemma_ in ("leave", "go", "walk", "quit") and token.dep_ in ("ROOT", "conj"):
                return True
    return False


def withdrawal(sents: Sequence[Span]) -> bool:
    """Whether the writer announces going silent on the reader: silence, muting or blocking them, leaving
    them "on read", not talking, replying or answering, a "last message", or telling them not to get in
    touch ("Don't bother texting me", "Don't call.")."""
    for sent in sents:
        for token in sent:
            if not lexicon.in_class(token, "withdrawal_word"):
                continue
            lower = token.lower_
            if lower in ("quiet", "silence", "silent", "ghost", "ghosting", "offline"):
                return True
            if lower in ("mute", "muting", "muted", "block", "blocking", "blocked", "unfollow", "unfollowing"):
                return True
            if lower in ("ignore", "ignored", "ignoring") and (_subject(token) is None or _writer_subject(token)):
                return True
            # "Phone's off tonight", "turning my phone off".
            if lower == "off" and any(t.lemma_ in ("phone", "notification", "notifications") for t in sent):
                return True
            if lower == "read" and token.i + 1 < len(token.doc) and token.doc[token.i - 1].lower_ == "on":
                return True
            if lower == "last" and token.head.lemma_ in ("message", "text", "word"):
                return True
            if token.pos_ != "VERB" and token.lemma_ not in ("talk", "speak", "reply", "answer"):
                continue
            negated = any(c.dep_ == "neg" or c.lower_ in ("not", "n't", "never") for c in token.children) or (
                any(c.dep_ == "neg" for c in token.head.children) and token.dep_ in ("xcomp", "ccomp")
            )
            subject = _subject(token)
            by_writer = subject is None or subject.lower_ in _WRITER
            if negated and by_writer:
                return True
            # "Don't bother texting me", "Done talking."
            head = token.head
            if (
                head.lemma_ in ("bother", "do", "done", "stop", "finish")
                and token.dep_ in ("xcomp", "acomp", "ccomp", "advcl")
                and (head.lemma_ != "do" or any(c.dep_ == "neg" for c in head.children))
            ):
                return True
    return False


def contact_trace(sents: Sequence[Span]) -> bool:
    """Whether the draft points at a trace of the reader's texting: their reply, last text, being online,
    a like, a story or a status, with the reader as subject or owner ("you replied with just 'ok'", "your
    last text", "you've been online all day", "you liked her photo")."""
    for sent in sents:
        for token in sent:
            if not lexicon.in_class(token, "contact_trace"):
                continue
            if any(c.lower_ in ("your", "ur") for c in token.children):
                return True
            verb = token if token.pos_ in ("VERB", "AUX") else token.head
            for node in (verb, verb.head):
                subject = _subject(node)
                if subject is not None and subject.lower_ in _READER:
                    return True
    return False


def owns_fault(sents: Sequence[Span]) -> bool:
    """Whether the writer owns a fault somewhere in the draft: "that's on me", "my fault / my mistake", "I
    messed up", "I underestimated it", "rude of me", "no excuse", "I was out of line", "you didn't deserve
    that", "I should have ...", "won't happen again"."""
    for sent in sents:
        for token in sent:
            lower = token.lower_
            if lower in ("deserve", "deserved") and any(c.dep_ == "neg" for c in token.children):
                return True  # "you didn't deserve that": the fault is the writer's (before `_denied`, which reads
                # its own "n't" as a denial)
            if _denied(token):
                continue  # "not my fault", "it wasn't really on me": the opposite of owning it
            if lower == "on" and any(c.lower_ == "me" for c in token.children):
                return True
            head = token.head
            if lower == "should" and _writer_subject(head) and any(c.lower_ == "have" for c in head.children):
                return True
            if lower == "happen" and any(c.lower_ == "again" for c in token.children) and any(
                c.dep_ == "neg" for c in token.children
            ):
                return True
            if not lexicon.in_class(token, "ownership"):
                continue
            if any(c.lower_ == "my" for c in token.children) and lower in ("fault", "mistake", "responsibility"):
                return True
            if lower in ("wrong", "mistaken") and token.head.lemma_ == "be" and _writer_subject(token.head):
                return True  # "I was mistaken", "I was wrong"
            if lower in ("rude", "thoughtless", "careless", "unfair", "wrong") and any(
                c.lower_ == "of" and any(g.lower_ == "me" for g in c.children) for c in token.children
            ):
                return True
            if lower == "excuse" and any(c.lower_ == "no" for c in token.children):
                return True
            if lower == "line" and token.head.lower_ == "of" and token.head.head.lower_ == "out":
                return True
            if token.pos_ == "VERB" and lower in ("messed", "screwed", "blew", "underestimated", "overlooked") and (
                _writer_subject(token)
            ):
                return True
    return False


def _denied(token: Token) -> bool:
    window = token.doc[max(0, token.i - 3) : token.i]
    return any(t.lower_ in ("not", "n't", "never", "nobody's", "no") for t in window)


def _writer_subject(verb: Token) -> bool:
    subject = _subject(verb)
    return subject is not None and subject.lower_ in ("i", "we")


_SEPARATORS = frozenset({"but", "however", "though", "because", "cos", "coz", "cause", "since", "as", ",", "-", "–",
                         ";", ":"})


def _excuse_clause(verb: Token) -> bool:
    """A clause telling the writer's circumstances, not an act they own: a state or an experience ("I was
    exhausted", "the traffic was a nightmare", "work was mental", "I'd had a long day", "the kids were
    screaming", "I was waiting on other people", "was busy"); not the reader as subject (that is blame, NA05),
    not an act with an object ("I entered the wrong address")."""
    subject = _subject(verb)
    if subject is not None and subject.lower_ in _READER:
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    past = (
        verb.tag_ == "VBD"
        or any(a.tag_ == "VBD" for a in auxes)
        or (verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes))
    )
    if not past:
        return False
    if verb.lemma_ in ("be", "have"):
        return True
    # "the kids were screaming", "I was waiting on", "got stuck", "got held up".
    return any(a.lemma_ in ("be", "get") for a in auxes)


def _apology_word(sent: Span) -> Token | None:
    return next((t for t in sent if lexicon.in_class(t, "apology_word")), None)


def excused_apology(sents: Sequence[Span], index: int) -> bool:
    """Whether the sentence apologises and then explains the fault away: a clause after "but", "however", a
    comma or a dash in the same sentence, or the next sentence, tells the writer's circumstances ("Sorry I
    forgot, but I've had a crazy week", "Sorry I shouted. I'd had a long day and the kids were screaming.").
    Whether the writer also owns the fault is the rule's `owns_fault` condition."""
    sent = sents[index]
    apology = _apology_word(sent)
    if apology is None:
        return False
    after = contrast = False
    for token in sent:
        if token.i <= apology.i:
            continue
        if token.lower_ in _SEPARATORS:
            after = True
        if token.lower_ in _SEPARATORS:
            contrast = contrast or token.lower_ in _CONTRAST
        if after and token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass") and (
            token.dep_ in ("ROOT", "conj", "advcl", "ccomp", "parataxis") and _excuse_clause(token)
        ):
            # A clause the apology itself governs ("sorry you had a rotten day") is its reason, not an excuse;
            # after "but" it is the excuse ("Sorry, but I was exhausted").
            governed = token.head == apology or (token.head.head == apology and token.head.dep_ != "ROOT")
            if governed and not contrast:
                continue
            # "but I was exhausted" excuses whatever it says; a plain "Was in meetings all afternoon." only
            # when it tells a hard time ("the traffic was a nightmare").
            if contrast or _hard_time(token.subtree):
                return True
    if index + 1 < len(sents):
        following = sents[index + 1]
        if any(lexicon.in_class(t, "apology_word") for t in following):
            return False
        root = following.root
        clauses = [root, *(c for c in root.children if c.dep_ in ("ccomp", "parataxis") and c.i < root.i)]
        return any(c.pos_ in ("VERB", "AUX") and _excuse_clause(c) for c in clauses) and _hard_time(following)
    return False


_CONTRAST = frozenset({"but", "however", "though"})


# Clauses that shrink or hedge what an apology owns ("I was only joking", "sorry I guess", "sorry, whatever").
_SHRINKING = frozenset({"only", "just", "guess", "suppose", "whatever", "anyway", "anyways", "although", "tho"})
_VAGUE = frozenset({"anyone", "anybody", "someone", "somebody", "everyone", "everybody", "people", "any", "whatever",
                    "whoever", "things"})
_GRUDGING = frozenset({"ok", "okay", "fine", "alright"})  # openers that grudge ("ok sorry", "Fine, sorry.")
_PROMISE = frozenset({"will", "'ll", "ll", "wo", "shall", "can"})


def owned_apology(sents: Sequence[Span], index: int) -> bool:
    """Whether the sentence is an apology that owns what the writer did and says nothing else: the apology
    ("I'm sorry", "I apologise", "my apologies") with, at most, the writer's own act it is for ("I was late",
    "for my tone", "my comment upset you"), a fix or a promise ("I'll ring them") or the fault owned ("that
    was my mistake"). Not a conditional ("if", "you feel"), not the reader or a vague "anyone" as a subject,
    nothing shrunk, hedged or grudged ("only joking", "I guess", "ok sorry jeez"), no "but", no excuse
    (``excused_apology``), not an apology reported ("I said sorry") or asked about, and not followed by a
    sentence that hands the fault back, shrinks it or asks to be done with it ("You started it though.",
    "whatever.", "Happy now?")."""
    sent = sents[index]
    apology = _apology_word(sent)
    if apology is None or signals.is_question(sent) or _denied(apology) or apology.tag_ in ("VBD", "VBN"):
        return False  # "I apologised already"
    if any(a.lemma_ in ("say", "have", "need", "apologise", "apologize") for a in apology.ancestors):
        return False  # "I said I was sorry", "do I have to apologise"
    owned = owns_fault([sent])
    following = sents[index + 1] if index + 1 < len(sents) else None
    if excused_apology(sents, index) and not owned and not (following is not None and owns_fault([following])):
        return False
    first = signals.first_content_token(sent)
    for token in sent:
        lower = token.lower_
        if first is not None and token.i < first.i and lower not in _GRUDGING:
            continue  # a greeting or a name ("Hi all, I'm sorry ...")
        if lower in _CONTRAST or lower in _SHRINKING or (token.dep_ == "mark" and lower in ("if", "whether")):
            return False
        if (token.dep_ in _SUBJECTS and (lower in _READER or lower in _VAGUE)) or (
            lower in _VAGUE and token.dep_ == "det"
        ):
            return False  # "sorry you feel", "sorry if anyone", "any inconvenience"
        if token.i == apology.i:
            continue
        if token.pos_ == "INTJ" or (token.dep_ == "intj" and not token.is_punct):
            return False  # "ok sorry jeez", "Fine, sorry."
        if token.pos_ not in ("VERB", "AUX") or token.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "parataxis"):
            continue
        subject = next((c for c in token.children if c.dep_ in _SUBJECTS), None)
        if subject is None:
            continue
        mine = subject.lower_ in ("i", "we") or any(c.lower_ in ("my", "our") for c in subject.children)
        if not mine and not owned:
            return False  # "it's been a mad week", "the bank does what the bank does"
        promise = any(c.dep_ == "aux" and c.lower_ in _PROMISE for c in token.children)
        separated = token.i > apology.i and any(t.is_punct for t in sent.doc[apology.i + 1 : token.i])
        if separated and not (promise or owned) and _excuse_clause(token):
            return False  # "Sorry, I was tired."
    if following is not None and not owns_fault([following]):
        if any(t.lower_ in _CONTRAST or t.lower_ in _SHRINKING for t in following):
            return False  # "it was my bday tho", "whatever."
        if any(t.dep_ in _SUBJECTS and t.lower_ in _READER for t in following):
            return False  # "You started it."
        if signals.is_question(following) and not any(t.lower_ == "i" for t in following):
            return False  # "Are we done now?", "Happy now?"
    return True


def _hard_time(tokens: Iterable[Token]) -> bool:
    return any(lexicon.in_class(t, "hardship") or lexicon.in_class(t, "negative") for t in tokens)


def commanding(sents: Sequence[Span]) -> bool:
    """Whether the draft gives a bare order somewhere: an imperative sentence with no "please" and no
    question ("Pick up when I call you.", "Pick a viewing slot by tomorrow")."""
    for sent in sents:
        if signals.is_question(sent) or any(t.lower_ in ("please", "pls", "plz") for t in sent):
            continue
        if signals.is_imperative(sent):
            return True
    return False


_MISHAP_NOUNS = frozenset({"mistake", "mistakes", "error", "errors", "mix", "mixup", "mix-up", "mishap", "oversight",
                           "misunderstanding", "glitch", "hiccup", "hiccups", "wires", "confusion"})
_MISHAP_STATES = frozenset({"sent", "lost", "deleted", "missed", "crossed", "broken", "mixed", "forgotten",
                            "overlooked", "misplaced", "wrong", "damaged", "dropped", "slipped", "out", "messy",
                            "made", "said", "left", "messed", "muddled", "botched", "cancelled", "canceled",
                            "double-booked", "overbooked", "delayed"})


def mishap(sents: Sequence[Span]) -> bool:
    """Whether the draft tells a mishap with nobody doing it: a passive or "got" with no agent ("the wrong file
    got sent", "the keys were lost", "mistakes were made", "things got said"), "went wrong", "got out of hand",
    "the deadline slipped", or a mix-up that simply was ("there was a mix up"). Not the writer's own bad luck
    ("my parcel got lost")."""
    for sent in sents:
        for token in sent:
            lower = token.lower_
            if lower in _MISHAP_NOUNS and (token.dep_ in _SUBJECTS or token.head.lemma_ == "be"):
                return True
            if lower == "hand" and token.head.lower_ == "of" and token.head.head.lower_ == "out":
                return True
            if lower in ("slipped", "happened", "escalated") and token.pos_ == "VERB":
                subject = _subject(token)
                if subject is not None and subject.lower_ not in _WRITER | _READER:
                    return True
            if lower not in _MISHAP_STATES and not (
                token.tag_ == "VBN" and any(lexicon.in_class(token, c) for c in ("failure_verb", "spoil_verb"))
            ):
                continue
            passive = any(c.dep_ == "auxpass" or c.lemma_ == "get" for c in token.children) or token.head.lemma_ in (
                "get", "go", "be"
            )
            if not passive or any(c.dep_ == "agent" for c in token.children):
                continue
            subject = _subject(token) or _subject(token.head)
            if subject is None:
                continue
            owner = {c.lower_ for c in subject.children if c.dep_ == "poss"}
            if subject.lower_ not in _WRITER | _READER and not owner & {"my", "our"}:
                return True
    return False


def workplace(sents: Sequence[Span]) -> bool:
    """Whether the draft is about work or a business: a word of the `business_word` class (invoice, client,
    order, deadline, report, meeting ...)."""
    return any(lexicon.in_class(t, "business_word") for sent in sents for t in sent)


def _exclaims(sent: Span) -> bool:
    """An exclamation: an exclamation mark, or a word of two letters or more in capitals ("WE WON")."""
    return any(t.text == "!" or (t.is_upper and t.is_alpha and len(t) > 1) for t in sent)


# Mock thanks and praise that VADER and the praise words read as warm.
_MOCK_CHEERS = ("for nothing", "thanks a lot", "thanks a bunch", "thanks a million", ", genius", "what a joke",
                "just great", "just perfect", "just brilliant", "just fantastic")


def _only_pleading(sent: Span) -> bool:
    """A "PLEASE" is the one warm word: a plea shouted, not joy ("Can you PLEASE just reply")."""
    warm = [t for t in sent if lexicon.in_class(t, "positive") or lexicon.in_class(t, "praise_marker")]
    return bool(warm) and all(t.lower_ in ("please", "pls", "plz", "kindly") for t in warm) and not signals.warm([sent])


def _cheers(sent: Span) -> bool:
    """The sentence celebrates: a cheer word ("GOAL", "yes", "we won", "pregnant"), praise or delight
    (``signals.praise``), sincere thanks or congratulations. Not VADER's score alone: it reads a shouted
    "PLEASE" as warm."""
    text = sent.text.lower()
    if any(mock in text for mock in _MOCK_CHEERS):
        return False  # "Thanks for nothing!!!", "well done, genius": the mock kind
    if signals.sincere_thanks([sent]) or (signals.praise(sent) and not _only_pleading(sent)):
        return True
    return any(lexicon.in_class(t, "cheer_word") and not _negated(t) for t in sent)


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in (*token.children, *token.head.children))


def excitement(sents: Sequence[Span], sentiments: Sequence[float], index: int) -> bool:
    """Whether the sentence at ``index`` is part of an excited, happy exclamation: it or a sentence up to two
    before or after it exclaims ("!", a word in capitals) and celebrates (``_cheers``), and none of them
    holds a negative situation (``signals.negative_situation``), a threat or scores negative. Capitals, stacked
    marks and "NOW" there carry joy ("WE GOT THE HOUSE!!!", "Shut the front door!!! You got the flat?! CONGRATS!!!",
    "GOAL!!! Did you see that??"), not impatience."""
    around = range(max(0, index - 2), min(len(sents), index + 3))
    if any(sentiments[i] <= -0.3 or signals.threat(sents[i]) for i in around):
        return False
    if signals.negative_situation(sents[i] for i in around):
        return False
    return any(_exclaims(sents[i]) and _cheers(sents[i]) for i in around)


# Words that order steps ("first ..., then ...") or tell a routine ("twice a day", "every other week").
_SEQUENCE = frozenset({"then", "first", "after", "afterwards", "next", "finally", "once"})
_ROUTINE = frozenset({"every", "each", "twice", "daily", "weekly", "nightly", "morning", "mornings", "evenings"})


def _steps(sent: Span) -> bool:
    """The sentence lays out steps: three bare commands, or two with a word that orders them ("Sand it down
    first, then wipe off the dust", "Print the form, sign page 3 and drop it at reception"), or a command with
    a routine ("Feed the cat twice a day")."""
    commands = sum(1 for t in sent if signals.is_command(t))
    if commands >= 3:
        return True
    words = {t.lower_ for t in sent}
    return commands >= 1 and ((commands >= 2 and bool(words & _SEQUENCE)) or bool(words & _ROUTINE))


def kind_command(sents: Sequence[Span], sentiments: Sequence[float], index: int) -> bool:
    """Whether a command in the sentence at ``index`` is care, encouragement or a how-to, not pressure: nothing
    negative in it or the sentences right before and after it (no negative score, no bad word, no threat), and
    either warmth in words there (praise, delight, sincere thanks: "Put the kettle on. You've
    earned it.", "Ignore the group chat and enjoy your date!", "Show them what you can do! Rooting for you.")
    or steps laid out in the sentence itself (``_steps``). "Cancel your plans and come over" next to "I'm so
    hurt" and a bare "Decide." stay commands."""
    around = range(max(0, index - 1), min(len(sents), index + 2))
    if not _calm_around(sents, sentiments, around):
        return False
    if _steps(sents[index]) and not _for_writer(sents[index]) and not any(_clipped(sents[i]) for i in around):
        return True
    return any(_warm_sentence(sents[i], sentiments[i]) for i in around)


_SIGN_OFFS = frozenset({"kind", "best", "warm", "warmest", "regards", "cheers", "thanks", "many", "all", "yours",
                        "sincerely", "with", "love", "respectfully", "cordially"})


def _warm_sentence(sent: Span, sentiment: float) -> bool:
    """Warmth in words (``_warm_words``), not VADER's score (topic words score warm: "what you said at the
    party"); not a sign-off ("Kind regards, Jo", "Best wishes"): manners, the polite form pressure hides in."""
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    if words and words[0].lower_ in _SIGN_OFFS and len(words) <= 4:
        return False
    return _warm_words(sent)


def _calm_around(sents: Sequence[Span], sentiments: Sequence[float], around: range) -> bool:
    # A smile after leverage is a threat's ("I've kept screenshots. Be nice to me 🙂").
    return not any(
        sentiments[i] <= -0.3 or _bad_words(sents[i]) or signals.threat(sents[i]) or _alternative(sents[i])
        for i in around
    )


def _alternative(sent: Span) -> bool:
    """An "otherwise" / "or else": the price of saying no follows, whatever it names ("Otherwise I might mention
    to Linda ...")."""
    lowers = [t.lower_ for t in sent]
    pairs = itertools.pairwise(lowers)
    return "otherwise" in lowers or any(first == "or" and then == "else" for first, then in pairs)


def friendly(sents: Sequence[Span], sentiments: Sequence[float], index: int) -> bool:
    """Whether the sentence at ``index`` sits in a friendly passage: nothing negative, threatening or clipped in
    it or the sentences right before and after it, and warmth in words there (praise, delight, thanks; not a
    sign-off: "Second reminder: the books are due back Thursday. I can drop them off if you like!",
    "As mentioned, the office is closed on Friday. Have a lovely weekend!")."""
    around = range(max(0, index - 1), min(len(sents), index + 2))
    if not _calm_around(sents, sentiments, around) or any(_clipped(sents[i]) for i in around):
        return False
    return any(_warm_sentence(sents[i], sentiments[i]) for i in around)


def _for_writer(sent: Span) -> bool:
    """Steps done for the writer ("sign it and drop it on my desk") are a list of orders, not a how-to."""
    return any(t.lower_ in _WRITER for t in sent)


def _clipped(sent: Span) -> bool:
    """A clipped fragment that backs an order ("Today.", "Now.", "No excuses."): two words or fewer, no verb."""
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    return 0 < len(words) <= 2 and not any(t.pos_ in ("VERB", "AUX") for t in words) and not _warm_words(sent)


_BAD_CLASSES = ("negative", "harm_outcome", "bad_state")


def _bad_words(sent: Span) -> bool:
    """A word of a bad situation (classes ``negative``, ``harm_outcome``, ``bad_state``), not negated; a step's
    own verb is not one ("drop it at reception", "drain the pasta": class ``instruction_verb``, no subject)."""
    for token in sent:
        found = lexicon.token_classes(token)
        if not any(c in found for c in _BAD_CLASSES) or _negated(token):
            continue
        if "instruction_verb" in found and token.pos_ == "VERB" and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in token.children
        ):
            continue
        return True
    return False


# Positive words that are manners or bookkeeping, not warmth: "please", "a gentle / friendly / kind reminder",
# "the invoice is still outstanding".
_NOT_WARMTH = frozenset({"please", "pls", "plz", "kindly", "like", "well", "right", "sure", "fine", "okay", "ok",
                         "gentle", "friendly", "kind", "polite", "outstanding", "quick"})


def _warm_words(sent: Span) -> bool:
    """Thanks, praise or delight in words ("You've earned it", "enjoy", "lovely"); a laugh or an emoji alone is
    not enough: pressure often comes with one ("you're playing Sunday. Don't care about the hangover 😂")."""
    if signals.sincere_thanks([sent]):
        return True
    for token in sent:
        if token.lemma_ in ("deserve", "earn") and any(c.dep_ == "dobj" for c in token.children):
            return True
        found = lexicon.token_classes(token)
        if token.lower_ in _NOT_WARMTH:
            continue
        if ("praise_marker" in found or ("positive" in found and token.pos_ in ("ADJ", "ADV", "INTJ"))) and not (
            _negated(token)
        ):
            return True
    return False


_REASON_MARKS = frozenset({"because", "cos", "coz", "cause", "since", "as", "so"})


def _calm(sent: Span, sentiment: float) -> bool:
    """Nothing harsh in the sentence: no negative score, no bad word, no threat, no consequence word ("HR",
    "legal", "your manager")."""
    return (
        sentiment > -0.3
        and not _bad_words(sent)
        and not signals.threat(sent)
        and not any(lexicon.in_class(t, "consequence") for t in sent)
    )


def _reason_clause(sent: Span) -> bool:
    """A clause of reason or purpose whose subject is not the reader: "as the venue closes bookings then", "so
    the caterers can plan", "because the council closes applications at 5"."""
    for token in sent:
        if token.text in _DASHES:
            after = [t for t in sent if t.i > token.i and t.pos_ in ("VERB", "AUX") and t.dep_ != "aux"]
            if after and _own_subject(after[0]):
                return True  # "Please have the room cleared by 10am — the cleaners arrive then."
            continue
        if token.lower_ not in _REASON_MARKS or token.dep_ not in ("mark", "advmod", "cc"):
            continue
        clause = token.head
        if clause.pos_ not in ("VERB", "AUX") or clause.i < token.i:
            continue
        if _own_subject(clause):
            return True
    return False


_DASHES = frozenset({"—", "–", "-", "--", ";"})


def _own_subject(verb: Token) -> bool:
    """The verb has a subject of its own that is not the reader ("the cleaners arrive", "the venue closes")."""
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    return subject is not None and subject.lower_ not in _READER


def deadline_reason(sents: Sequence[Span], sentiments: Sequence[float], index: int) -> bool:
    """Whether a time asked for in the sentence at ``index`` comes with a real reason and nothing harsh (issue 16
    kind look-alike, urgency with a reason): the sentence gives a reason or purpose (``_reason_clause``), or the
    next sentence states one, a plain statement by a third party ("Please have the room cleared by 10am. The
    cleaners arrive then."); the sentence and the reason are calm (``_calm``). "No exceptions. Legal
    has already escalated" is leverage, not a reason."""
    sent = sents[index]
    if not _calm(sent, sentiments[index]):
        return False
    if _reason_clause(sent):
        return True
    if index + 1 >= len(sents):
        return False
    following = sents[index + 1]
    if signals.is_question(following) or signals.is_imperative(following):
        return False
    if not _calm(following, sentiments[index + 1]):
        return False
    root = following.root
    subject = next((c for c in root.children if c.dep_ in _SUBJECTS), None)
    # A third party's need or timetable ("The cleaners arrive then"); "I trust a further reminder won't be
    # needed" is the writer's warning, not a reason.
    third = subject is not None and subject.lower_ not in _READER and subject.lower_ not in _WRITER | {"we", "us"}
    return third and root.pos_ in ("VERB", "AUX") and not _alternative(following)
