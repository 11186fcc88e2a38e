"""Clause helpers shared by the transforms: the finding's sentence, the verbs whose subject is the reader,
where a clause starts, and a suggestion that runs to the sentence's end."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..engine import signals as sig
from ..engine.lexicon import words_of
from ..models import Finding, Safety, Suggestion
from .grammar import Builder, content_end, finite, inflect
from .phrasebook import phrasebook

# The rewrite side's word classes are data: single words in ``data/lexicon/`` (shared with the detection
# rules, which mark tokens with them), tables in ``data/rewrite/phrasebook.yml``.
# Verbs whose object feels what the verb names: "you hurt me" -> "I felt hurt".
CAUSE_VERBS = words_of(["feeling_cause_verb"])
# Verbs that spoil something of the writer's: "you ruined my birthday" -> "I felt like my birthday was ruined".
SPOIL_VERBS = words_of(["spoil_verb"])
# Adverbs that say how strongly, kept with the feeling ("you really hurt me" -> "I felt really hurt").
INTENSIFIERS = words_of(["intensifier"])
ABSOLUTES = words_of(["absolute"])
SWEEPING = words_of(["sweeping_word"])
# "you yelled at me" -> "I felt yelled at"
AT_ME_VERBS = words_of(["at_me_verb"])
# The feeling word where the past participle is not the natural one ("anger" -> "angry"), and a clearer
# participle for "I don't feel ___" ("listen" -> "heard").
FEELING_WORD = phrasebook().feeling_words
PARTICIPLE = phrasebook().participles


# The detection rules' insult classes (BL15 reads the same ones): name-calling and swearing.
_INSULT_CLASSES = frozenset({"negative_trait", "profanity"})


def insulting(token: Token) -> bool:
    """Whether ``token`` is an insult or a swear word (the lexicon's classes)."""
    return bool(_INSULT_CLASSES.intersection(token._.tc_class))


def work_register(sent: Span) -> bool:
    """Whether the words around ``sent`` put the draft in the work register ("client", "deck", "regards")."""
    doc, book = sent.doc, phrasebook()
    return any(t.lower_ in book.work_words for t in doc[max(sent.start - 60, 0) : min(sent.end + 60, len(doc))])


def finding_sentence(finding: Finding, doc: Doc) -> Span:
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    return span.sent if span is not None else doc[:]


def you_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in sig.YOU_WORDS), None)


def you_verbs(sent: Span) -> list[Token]:
    """Verbs with a second-person subject, the sentence's root first."""
    verbs = [t for t in sent if t.pos_ in ("VERB", "AUX") and you_subject(t) is not None]
    return sorted(verbs, key=lambda t: (t.i != sent.root.i, t.i))


def suggest(start: int, end: int, text: str, safety: Safety, title: str) -> Suggestion:
    return Suggestion(replacement=text, start=start, end=end, safety=safety, kind="transform", title=title)


def clause_start(verb: Token, you: Token) -> Token:
    """The first word of the clause around ``verb``: its subject, or a question word or auxiliary before it."""
    before = [c for c in verb.children if c.i < you.i and (c.dep_ in ("aux", "auxpass", "neg") or c.tag_ == "WRB")]
    return min([you, *before], key=lambda t: t.i)


def to_sentence_end(sent: Span, first: Token, text: str, safety: Safety, title: str) -> Suggestion:
    last = content_end(sent)
    previous = next((t for t in reversed(sent.doc[sent.start : first.i]) if not t.is_space), None)
    # From the tokens, not Doc.text: Doc.text joins the whole draft on every call.
    gap = previous.whitespace_ + sent.doc[previous.i + 1 : first.i].text_with_ws if previous is not None else ""
    mid_sentence = previous is not None and previous.text[-1:] not in ".!?" and "\n" not in gap
    if mid_sentence and text[:1].isupper() and not text.startswith(("I ", "I'")):
        text = text[:1].lower() + text[1:]  # after "Sam, " the new words go on the same sentence
    return suggest(first.idx, last.idx + len(last.text), text, safety, title)


def feeling_word(lemma: str) -> str:
    return FEELING_WORD.get(lemma, inflect(lemma, "VBN"))


def between(doc: Doc, you: Token, verb: Token) -> list[Token] | None:
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


def plain_statement(sent: Span, you: Token) -> bool:
    """No question word or auxiliary before the subject: "why did you hurt me" is not turned around."""
    return not any(t.i < you.i and (t.tag_ in ("WRB", "WP") or t.dep_ in ("aux", "auxpass")) for t in sent)


def emit_rest(builder: Builder, rest: list[Token], past: bool) -> bool:
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


def words(sent: Span) -> list[Token]:
    """The sentence's tokens without whitespace tokens."""
    return [t for t in sent if not t.is_space]


def lead_length(tokens: list[Token], leads: frozenset[tuple[str, ...]]) -> int:
    """How many of ``tokens`` the longest of ``leads`` (lower-case word tuples) covers at the start; 0: none."""
    lowered = [t.lower_ for t in tokens]
    return max((len(lead) for lead in leads if tuple(lowered[: len(lead)]) == lead), default=0)


def other_content(doc: Doc, sent: Span) -> bool:
    """Whether the message says something outside ``sent``: another sentence of three words or more (a
    greeting or a sign-off alone is not enough to send once ``sent`` is gone)."""
    for other in doc.sents:
        if other.start == sent.start:
            continue
        if sum(t.is_alpha or t.like_num for t in other) >= 3:
            return True
    return False


def drop_sentence(doc: Doc, sent: Span, title: str) -> Suggestion | None:
    """The whole sentence left out with the space after it (or before it, when it ends its line or the
    draft); ``None`` when the message would say nothing else."""
    kept = words(sent)
    if not kept or not other_content(doc, sent):
        return None
    first, last = kept[0], content_end(sent)
    start, end = first.idx, last.idx + len(last.text)
    following = next((t for t in doc[last.i + 1 :] if not t.is_space), None)
    preceding = next((t for t in reversed(doc[: first.i]) if not t.is_space), None)
    gap_after = doc[last.i : following.i].text_with_ws[len(last.text) :] if following is not None else ""
    gap_before = doc[preceding.i : first.i].text_with_ws[len(preceding.text) :] if preceding is not None else ""
    if following is not None and ("\n" not in gap_after or preceding is None or "\n" in gap_before):
        end = following.idx  # the next sentence (or line) takes this one's place
    elif preceding is not None:
        start = preceding.idx + len(preceding.text)
    return suggest(start, end, "", "safe", title)


def clause_tokens(head: Token) -> list[Token]:
    """The words of ``head``'s own clause: its subtree without the clauses joined to it ("and you need
    to ..."), the conjunction and comma before those, and the sentence's closing punctuation."""
    cut: set[int] = set()
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
            cut.update(t.i for t in child.subtree)
    own = [t for t in head.subtree if t.i not in cut and not t.is_space]
    while own and own[-1].is_punct:
        own.pop()
    return own


def case_like(text: str, doc: Doc) -> str:
    """``text`` in lower case when the writer writes in lower case ("i miss you so much")."""
    if not any(c.isupper() for t in doc for c in t.text if c.isalpha()):
        return text.lower()
    return text


def event_from(tokens: list[Token], past: bool, tag: str | None = None) -> str | None:
    """The reader's act as "you <verb> ...", from words that start with the act's verb ("ruining dinner",
    "to check the date", "posting that photo"); ``None`` when they do not start with a verb."""
    body = [t for t in tokens if not t.is_space]
    while body and body[0].lower_ in ("to", "just", "even", "finally", "actually", "really", "so"):
        body = body[1:]
    if not body or body[0].pos_ not in ("VERB", "AUX") or body[0].tag_ not in ("VB", "VBG", "VBP", "VBD"):
        return None
    verb = body[0]
    lemma = verb.lemma_.lower()
    form = inflect(lemma, tag) if tag is not None else finite(lemma, past)
    builder = Builder().word("you").token(verb, form)
    builder.tokens(body[1:])
    return builder.text()
