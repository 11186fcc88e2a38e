"""The condition registry: every ``when:`` key of a rule is one entry here.

An entry has a name, a scope (``match``: the matched words; ``sentence``: the sentence the match starts in,
and for some its neighbours; ``message``: the whole draft), the type of value it takes, a one-line doc, and
the function that decides it. The pydantic ``Conditions`` model rules are validated with, the evaluation in
the component, and the table in ``docs/conditions.md`` are all generated from this list, so a condition
cannot be documented, accepted or evaluated without the other two (Vale's ``internal/check/definition.go``
keeps one definition per check kind the same way).

This module is imported by ``tonecheck.models`` (the rule schema is generated from it), so it must not import
``tonecheck.models`` at import time; the signals it reads are passed in a ``Context``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from . import demands, learned, lexicon, tactics
from . import signals as sig

if TYPE_CHECKING:
    from spacy.tokens import Span

    from ..models import SentenceSignals, Signals

Scope = Literal["match", "sentence", "message"]


class Threshold(BaseModel):
    """A range of a score: ``{below: x}``, ``{above: x}`` or both (VADER compounds run from -1 to 1)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    below: float | None = Field(default=None, ge=-1.0, le=1.0)
    above: float | None = Field(default=None, ge=-1.0, le=1.0)

    def holds(self, value: float) -> bool:
        return (self.below is None or value < self.below) and (self.above is None or value > self.above)



@dataclass
class Context:
    """What a condition may look at for one match."""

    span: Span
    sent: Span
    index: int  # of ``sent`` in ``sents``
    sents: Sequence[Span]
    sentence: SentenceSignals
    signals: Signals

    def around(self) -> range:
        """Indices of the sentence and the ones right before and after it."""
        return range(max(0, self.index - 1), min(len(self.sents), self.index + 2))

    def neighbours(self, keep: Callable[[int], bool] | None = None) -> list[Span]:
        """The sentence and the ones right before and after it (those whose index passes ``keep``)."""
        return [self.sents[i] for i in self.around() if keep is None or keep(i)]


@dataclass(frozen=True)
class Condition:
    name: str
    scope: Scope
    value: Any  # the type of the value a rule gives (bool, Threshold)
    doc: str
    test: Callable[[Any, Context], bool]
    cost: int = 0  # cheap look-ups first; parse walks last


class LearnedScore(BaseModel):
    """``{category: blaming, min: 0.85}``: the learned signal's score of a category, 0 .. 1."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    category: Literal["pressuring", "blaming", "missing-i-statement", "desperation", "manipulation", "non-apology"]
    min: float = Field(ge=0.0, le=1.0)


def _learned(wanted: LearnedScore, ctx: Context) -> bool:
    scores = learned.sentence_score(ctx.sent.doc, ctx.sents, _sentiments(ctx), ctx.index)
    return scores.get(wanted.category, 0.0) >= wanted.min


def _flag(test: Callable[[Context], bool]) -> Callable[[Any, Context], bool]:
    """A yes/no condition holds when the signal equals the value the rule asks for."""
    return lambda wanted, ctx: test(ctx) == wanted


def _per_sentence(
    name: str, test: Callable[[Sequence[Span], Sequence[float], int], bool]
) -> Callable[[Any, Context], bool]:
    """A yes/no condition on the match's sentence and its neighbours, answered once a sentence."""
    return _flag(lambda ctx: _sentence_memo(ctx, name, lambda: test(ctx.sents, _sentiments(ctx), ctx.index)))


def _negative_nearby(ctx: Context) -> bool:
    # A neighbour that is itself warm ("The surgery went well and she's out of danger") is good news, not
    # the negative half of a contrast; the match's own sentence always counts (its praise lifts its score).
    # Praise for putting trouble right ("Brilliant job fixing the leak.") is thanks, whatever the trouble was.
    sentences = ctx.signals.sentences
    if sig.resolved(ctx.sent):
        return False
    return sig.negative_situation(ctx.neighbours(lambda i: i == ctx.index or sentences[i].sentiment < 0.3), ctx.span)


def _warm_nearby(ctx: Context) -> bool:
    # A greeting or sign-off ("Best,", "Dear Sam,") is manners, not warmth: VADER scores "Best," 0.64.
    sentences = ctx.signals.sentences
    warm_neighbour = any(
        sentences[i].sentiment >= 0.5 and not _formula(ctx.sents[i]) for i in ctx.around() if i != ctx.index
    )
    return warm_neighbour or sig.warm(ctx.neighbours())


def _formula(sent: Span) -> bool:
    return sum(1 for t in sent if not (t.is_punct or t.is_space)) <= 2


def _warm_message(ctx: Context) -> bool:
    def compute() -> bool:
        for sent, signals in zip(ctx.sents, ctx.signals.sentences, strict=True):
            words = [t for t in sent if not (t.is_punct or t.is_space)]
            if _formula(sent):
                continue  # a greeting or sign-off ("Thanks,", "Best, Sam") is manners, not warmth
            if signals.sentiment >= 0.4 or any("gratitude" in lexicon.token_classes(t) for t in words):
                return True
        return sig.warm(ctx.sents)

    return _message_memo(ctx, "warm_message", compute)


def _at_sentence_start(ctx: Context) -> bool:
    first = sig.first_content_token(ctx.sent)
    return first is not None and ctx.span.start <= first.i


REGISTRY: tuple[Condition, ...] = (
    Condition(
        "sentence_sentiment",
        "sentence",
        Threshold,
        "VADER compound of the sentence the match starts in is in this range",
        lambda wanted, ctx: wanted.holds(ctx.sentence.sentiment),
    ),
    Condition(
        "message_sentiment",
        "message",
        Threshold,
        "VADER compound of the whole message is in this range (prefer sentence scope: a warm closing line "
        "must not hide a harsh one)",
        lambda wanted, ctx: wanted.holds(ctx.signals.sentiment),
    ),
    Condition(
        "question",
        "sentence",
        bool,
        "the sentence ends with a question mark",
        _flag(lambda ctx: ctx.sentence.question),
    ),
    Condition(
        "feeling_statement",
        "message",
        bool,
        "the message has a first-person feeling statement anywhere (\"I feel\", \"I'm hurt\", \"it hurt me\")",
        _flag(lambda ctx: bool(ctx.signals.feeling_statements)),
    ),
    Condition(
        "sentence_start",
        "match",
        bool,
        "the match starts its sentence (ignoring greetings, 'please', a name and a comma)",
        _flag(_at_sentence_start),
        cost=1,
    ),
    Condition(
        "reader_mentioned",
        "sentence",
        bool,
        "the sentence names the reader: you, your, yours, yourself",
        _flag(lambda ctx: sig.mentions_reader(ctx.sent)),
        cost=1,
    ),
    Condition(
        "command",
        "match",
        bool,
        "the match starts at a bare command verb: base form, no subject of its own, opening its sentence or a "
        "clause ('Answer me', '..., do it now', 'and come over', \"Don't ignore this\")",
        _flag(lambda ctx: sig.is_command(ctx.span[0])),
        cost=2,
    ),
    Condition(
        "directive",
        "match",
        bool,
        "the match belongs to a clause that asks something of the reader: a command, a 'you' subject, the "
        "writer's need or expectation ('I need an answer by ...'), or a verbless fragment ('Now.')",
        _flag(lambda ctx: sig.is_directive(ctx.span, ctx.sent)),
        cost=2,
    ),
    Condition(
        "you_did",
        "sentence",
        bool,
        "the sentence's main clause reports what the reader did or is: a 'you' subject with a past, perfect, "
        "negated or always/never verb ('you left', 'you never call'), or one describing them ('you're so "
        "petty'); not guesses ('you must be tired'), the reader's feelings or embedded clauses",
        _flag(lambda ctx: sig.reader_did(ctx.sent)),
        cost=3,
    ),
    Condition(
        "you_did_to_me",
        "sentence",
        bool,
        "the sentence reports something the reader did that touched the writer ('You opened my mail') or "
        "failed them ('you didn't show up', 'you always do this')",
        _flag(lambda ctx: sig.reader_did_to_writer(ctx.sent)),
        cost=3,
    ),
)

_ISSUE_16 = (
    Condition(
        "outdone_by_another",
        "match",
        bool,
        "the match's first word is the reader as subject of a negated act, and someone else did that act in the "
        "sentence before or earlier in the same one ('My brother managed to visit Mum twice. You couldn't manage "
        "once.', 'Jess remembered my birthday. You didn't.'): the same verb, or a verb of doing one's share "
        "(`diligence_verb`) when the reader's is only 'didn't'; a comparison told as two plain facts",
        _flag(lambda ctx: sig.outdone_by_another(ctx.span[0])),
        cost=2,
    ),
    Condition(
        "praised_offence",
        "match",
        bool,
        "the act the matched praise or thanks is about (the first verb after it, and the verbs joined to it) is an "
        "offence against the writer: a failure (`failure_verb`), using up or spoiling the writer's things "
        "(`use_up_verb`: 'eating the leftovers I was saving'), passing the writer's news on to others "
        "(`disclosure_verb`: 'telling everyone that I got dumped'), an act dropped after another ('and not "
        "buying more'); mock thanks and mock appreciation, not thanks for bad news ('for letting me know the "
        "flight was cancelled')",
        _flag(lambda ctx: sig.praised_offence(ctx.span, ctx.sent)),
        cost=2,
    ),
    Condition(
        "negative_nearby",
        "sentence",
        bool,
        "the sentence or the one before or after it holds a negative situation outside the matched words: a "
        "word VADER scores below -1, a harm outcome or a failure verb (word classes `negative`, `harm_outcome`, "
        "`failure_verb`), a bad state also as a modifier (`bad_state`: 'double-booked', 'the wrong date'), "
        "'for nothing', 'left without us', an act dropped right after another ('said yes and then didn't show "
        "up'), a mocking emoji (`mocking_emoji`: eye roll, upside-down face); "
        "not in a sentence that says it was put right (`resolution`: "
        "'fixed', 'refunded', 'back up'), nor trouble overcome or unreal ('even after it broke', 'we'd have "
        "been stuck'); the other half of sarcasm and of blame for a bad outcome",
        _flag(_negative_nearby),
        cost=2,
    ),
    Condition(
        "warm_nearby",
        "sentence",
        bool,
        "the sentence or the one before or after it carries warmth: a warm emoji, laughter ('lol', 'haha') or "
        "'love you' (teasing, not a charge), or the sentence before or after scores 0.5 or more ('Good luck!')",
        _flag(_warm_nearby),
        cost=1,
    ),
    Condition(
        "reader_failed",
        "sentence",
        bool,
        "the sentence tells a grievance as a plain event with the reader as agent: a failure or omission "
        "('you forgot', 'you didn't tell me'), a breach ('you read my diary', 'you told the whole office'), "
        "an act marked as an offence ('again', 'without asking', 'behind my back'), or an act with a bad "
        "outcome in the sentence or a neighbour ('You said you'd water them. They're all dead.')",
        _flag(lambda ctx: sig.reader_failed(ctx.sent, ctx.neighbours())),
        cost=3,
    ),
    Condition(
        "warm_message",
        "message",
        bool,
        "the message is warm somewhere: a sentence scoring 0.4 or more or thanking (greetings and sign-offs of "
        "two words or fewer aside), a warm emoji, laughter or 'love you'",
        _flag(_warm_message),
        cost=2,
    ),
    Condition(
        "instruction",
        "message",
        bool,
        "the message reads as instructions (recipe, directions, how-to): an instruction cue word and a "
        "command with an instruction verb, or two such commands (word classes `instruction_cue`, "
        "`instruction_verb`)",
        _flag(lambda ctx: _message_memo(ctx, "instruction", lambda: sig.instruction_context(ctx.sents))),
        cost=2,
    ),
    Condition(
        "threat",
        "sentence",
        bool,
        "the sentence holds a consequence aimed at the reader: 'if/unless/or/otherwise' with a consequence "
        "others would bring ('HR', 'your dad hears', 'you'll regret it'), or evidence kept as leverage ('I've "
        "kept screenshots') (word class `consequence`)",
        _flag(lambda ctx: sig.threat(ctx.sent)),
        cost=2,
    ),
)

_DEMANDS = (
    Condition(
        "demand",
        "match",
        bool,
        "the match belongs to a clause that asks something of the reader, or is embedded in one: a command "
        "('kindly ensure your forms are in by 5'), the reader as subject, the writer's need or expectation "
        "('I'd expect the refund to be in my account by Friday', 'I'm going to need you to ...'), an obligation "
        "put on a thing that involves writer or reader ('the slides must be with me tonight'), or a verbless "
        "fragment; not conditions ('if you can get it to me by Friday'), the writer's own task ('I need to leave "
        "by 6'), or reports ('your order will arrive by 9pm')",
        _flag(lambda ctx: demands.asks_of_reader(ctx.span, ctx.sent)),
        cost=2,
    ),
    Condition(
        "curt_message",
        "message",
        bool,
        "the draft has two or more clipped fragments: sentences of four words or fewer with no finite verb, "
        "not greetings, thanks or sign-offs and not warm ('Bins out tonight. Not tomorrow. Tonight.', "
        "'Phone on.')",
        _flag(
            lambda ctx: _message_memo(
                ctx,
                "curt_message",
                lambda: demands.curt_fragments(list(ctx.sents), _sentiments(ctx)) >= 2,
            )
        ),
        cost=2,
    ),
)

_INSULTS = (
    Condition(
        "insult_at_reader",
        "match",
        bool,
        "the match's (last) insult word is one (word classes `negative_trait`, `profanity`, `contempt_verb`) aimed "
        "at the reader: said to them ('you idiot'), of something theirs ('your stupid rules'), of them ('how rude "
        "of you') or predicated of a 'you' subject in its clause ('you are such a pain in the ass', 'you don't know "
        "shit', 'fuck you'); not negated, not intensifying praise ('a fucking legend'), not advice ('you'd be an "
        "idiot to miss it')",
        _flag(lambda ctx: sig.insult_at_reader(sig.insult_word(ctx.span))),
        cost=2,
    ),
    Condition(
        "thanks_nearby",
        "sentence",
        bool,
        "the sentence or the one before or after it thanks or congratulates the reader sincerely: 'thank you', "
        "'grateful', 'appreciate it', 'congrats on the new job!', 'proud of you' (not 'thanks a lot', 'thanks for "
        "nothing', 'thanks to you', 'congrats on being late': the mock kinds' words); sincere 'you're the reason "
        "I ...' and 'you worked so hard for it' come with it",
        _flag(lambda ctx: sig.sincere_thanks(ctx.neighbours())),
        cost=1,
    ),
    Condition(
        "teasing_nearby",
        "sentence",
        bool,
        "the sentence or the one before or after it carries a friend's tone: a warm emoji, laughter ('lol', "
        "'haha') or 'love you' (unlike `warm_nearby`, a neighbour VADER merely scores high does not count: "
        "'ur such a snake. smiled at me all week' is no joke)",
        _flag(lambda ctx: sig.warm(ctx.neighbours())),
        cost=1,
    ),
    Condition(
        "praise_in_sentence",
        "sentence",
        bool,
        "the sentence praises or delights: a `praise_marker` word, a `positive` adjective/adverb/interjection "
        "('lovely', 'the best'), a warm emoji or laughter; unlike `sentence_sentiment`, topic words VADER scores "
        "warm ('the surprise party', 'the charity run') do not count",
        _flag(lambda ctx: sig.praise(ctx.sent)),
        cost=1,
    ),
    Condition(
        "vague_culprit",
        "match",
        bool,
        "the match starts a vague subject standing for the reader ('somebody', 'some people', 'certain people', "
        "'some of us') of an act told as an offence: a failure or omission, a habit, 'keeps ...', 'again', or a "
        "pointed contrast ('some of us actually work'); not a question or a plain report ('somebody left a note')",
        _flag(lambda ctx: sig.vague_culprit(ctx.span[0])),
        cost=2,
    ),
)

def _feeling_in_sentence(ctx: Context) -> bool:
    start, end = ctx.sent.start_char, ctx.sent.end_char
    return any(f.start < end and f.end > start for f in ctx.signals.feeling_statements)


_LEARNED: tuple[Condition, ...] = (
    Condition(
        "feeling_in_sentence",
        "sentence",
        bool,
        "the sentence itself holds a first-person feeling statement ('I felt hurt when you ...'), the form the "
        "advice recommends (`feeling_statement` asks the same of the whole message)",
        _flag(_feeling_in_sentence),
        cost=1,
    ),
    Condition(
        "learned",
        "sentence",
        LearnedScore,
        "the learned signal (a small logistic regression over the words, word classes and sentence shapes of "
        "the sentence and up to two neighbours each side; docs/learned.md) scores the sentence at least `min` "
        "for `category`; blaming and missing-i-statement score 0 in a sentence that does not name the reader",
        _learned,
        cost=4,
    ),
)

def _tactic(name: str, test: Callable[[Sequence[Span]], bool]) -> Callable[[Any, Context], bool]:
    """A message-scope yes/no signal of ``engine/tactics.py``, computed once a draft."""
    return _flag(lambda ctx: _message_memo(ctx, name, lambda: test(ctx.sents)))


_TACTICS: tuple[Condition, ...] = (
    Condition(
        "others_attention",
        "message",
        bool,
        "the draft reports someone other than the reader (not family) courting or favouring the writer ('Dan took "
        "me for dinner', 'this guy would not stop flirting with me', 'got asked out twice'), or a partner's grand "
        "gesture to someone else ('her boyfriend surprised her with Rome')",
        _tactic("others_attention", tactics.others_attention),
        cost=2,
    ),
    Condition(
        "reader_leaving",
        "message",
        bool,
        "the draft names the reader leaving, ending it or not answering ('if you leave', 'walk away', 'if you "
        "don't pick up'), a life 'without you', or lays the outcome on the reader ('your choice', 'is on you')",
        _tactic("reader_leaving", tactics.reader_leaving),
        cost=2,
    ),
    Condition(
        "withdrawal",
        "message",
        bool,
        "the writer announces going silent on the reader: silence, muting or blocking, 'on read', not talking or "
        "replying, a 'last message', 'don't bother texting me'",
        _tactic("withdrawal", tactics.withdrawal),
        cost=2,
    ),
    Condition(
        "contact_trace",
        "message",
        bool,
        "the draft points at a trace of the reader's texting, theirs or done by them: a reply, 'your last text', "
        "being online, a like, a story, a status ('you replied with just ok', 'you liked her photo')",
        _tactic("contact_trace", tactics.contact_trace),
        cost=2,
    ),
    Condition(
        "owns_fault",
        "message",
        bool,
        "the writer owns a fault somewhere in the draft: 'that's on me', 'my fault', 'I messed up', 'rude of me', "
        "'no excuse', 'out of line', 'I should have', 'won't happen again'",
        _tactic("owns_fault", tactics.owns_fault),
        cost=2,
    ),
    Condition(
        "excused_apology",
        "sentence",
        bool,
        "the sentence apologises and then explains the fault away: a clause after 'but', 'however', a comma or a "
        "dash, or the next sentence, tells the writer's circumstances ('Sorry I forgot, but I've had a crazy "
        "week', 'Sorry I shouted. I'd had a long day.'); not the reader as subject, not an act owned ('I entered "
        "the wrong address')",
        _flag(lambda ctx: tactics.excused_apology(ctx.sents, ctx.index)),
        cost=2,
    ),
    Condition(
        "apology",
        "sentence",
        bool,
        "the sentence apologises: a word of the `apology_word` class ('sorry', 'apologies', 'I apologise')",
        _flag(lambda ctx: any(lexicon.in_class(t, "apology_word") for t in ctx.sent)),
        cost=1,
    ),
    Condition(
        "owned_apology",
        "sentence",
        bool,
        "the sentence is an apology that owns what the writer did and says nothing else: 'I'm sorry I was late', "
        "'I apologise for my tone', 'Sorry, I'll fix it tonight', a bare 'I'm sorry.'; not with 'if', the reader "
        "or 'anyone' as a subject, 'but', an excuse, a hedge or grudge ('only joking', 'I guess', 'ok sorry jeez'), "
        "nor followed by a sentence that hands the fault back or asks to be done ('You started it.', 'Happy now?')",
        _flag(lambda ctx: tactics.owned_apology(ctx.sents, ctx.index)),
        cost=2,
    ),
    Condition(
        "mishap",
        "message",
        bool,
        "the draft tells a mishap with nobody doing it: an agentless passive or 'got' ('the wrong file got sent', "
        "'mistakes were made'), 'went wrong', 'got out of hand', 'the deadline slipped', 'there was a mix-up'; "
        "not the writer's own bad luck ('my parcel got lost')",
        _tactic("mishap", tactics.mishap),
        cost=2,
    ),
    Condition(
        "commanding",
        "message",
        bool,
        "the draft gives a bare order somewhere: an imperative sentence with no 'please' that is not a question "
        "('Pick up when I call you.')",
        _tactic("commanding", tactics.commanding),
        cost=2,
    ),
    Condition(
        "excitement",
        "sentence",
        bool,
        "the sentence is part of a happy exclamation: it or a sentence up to two before or after it exclaims ('!', a "
        "word in capitals) and celebrates (a `cheer_word`: 'GOAL', 'yes', 'we won'; praise, thanks or "
        "congratulations), and none of them is negative or holds a negative situation ('WE GOT THE HOUSE!!!', 'Shut "
        "the front door!!! You got the flat?! CONGRATS!!!'): capitals and stacked marks there are joy, not impatience",
        _per_sentence("excitement", tactics.excitement),
        cost=2,
    ),
    Condition(
        "kind_command",
        "sentence",
        bool,
        "a command in the sentence is care, encouragement or a how-to: nothing negative in it or the sentences "
        "before and after it, and either warmth in words there (praise, delight, thanks; not a laugh or emoji alone: "
        "'Put the "
        "kettle on. You've earned it.', 'Show them what you can do! Rooting for you.') or steps laid out in the "
        "sentence (three commands, two with 'then' / 'first', a routine: 'Feed the cat twice a day')",
        _per_sentence("kind_command", tactics.kind_command),
        cost=2,
    ),
    Condition(
        "deadline_reason",
        "sentence",
        bool,
        "a time asked for in the sentence comes with a real reason and nothing harsh: a clause of reason or purpose "
        "not about the reader ('as the venue closes bookings then', 'so the caterers can plan'), or a plain "
        "statement by a third party right after ('Please have the room cleared by 10am. The cleaners arrive "
        "then.'); no negative word, threat or consequence ('Legal has already escalated') in either",
        _per_sentence("deadline_reason", tactics.deadline_reason),
        cost=2,
    ),
    Condition(
        "friendly",
        "sentence",
        bool,
        "the sentence sits in a friendly passage: nothing negative, threatening or clipped in it or the sentences "
        "before and after it, and warmth in words there (praise, delight, thanks; not a sign-off: "
        "'Second reminder: the books are due Thursday. I can drop them off if you like!')",
        _per_sentence("friendly", tactics.friendly),
        cost=2,
    ),
    Condition(
        "workplace",
        "message",
        bool,
        "the draft is about work or a business: a word of the `business_word` class (invoice, client, order, "
        "deadline, report, meeting ...)",
        _tactic("workplace", tactics.workplace),
        cost=1,
    ),
)

REGISTRY = REGISTRY + _ISSUE_16 + _DEMANDS + _INSULTS + _LEARNED + _TACTICS


def _memo(ctx: Context, slot: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """What ``compute`` gives, computed once a Doc for this slot, however many matches ask."""
    memo: dict[Any, Any] = ctx.sent.doc.user_data
    slot = ("tonecheck.condition", *slot)
    if slot not in memo:
        memo[slot] = compute()
    return memo[slot]


def _message_memo(ctx: Context, key: str, compute: Callable[[], bool]) -> bool:
    """A message-scope answer computed once a Doc, however many matches ask."""
    return bool(_memo(ctx, (key,), compute))


def _sentence_memo(ctx: Context, key: str, compute: Callable[[], bool]) -> bool:
    """A sentence-scope answer computed once a sentence of a Doc, however many matches in it ask: a draft of
    thousands of one-mark sentences ("!!!!...") makes thousands of matches, each looking at its neighbours."""
    return bool(_memo(ctx, (key, ctx.index), compute))


def _sentiments(ctx: Context) -> list[float]:
    """The sentences' sentiment scores, listed once a Doc (a list a match would otherwise build anew)."""
    scores: list[float] = _memo(ctx, ("sentiments",), lambda: [s.sentiment for s in ctx.signals.sentences])
    return scores


BY_NAME: Mapping[str, Condition] = {condition.name: condition for condition in REGISTRY}


class _ConditionsBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def active(self) -> list[tuple[Condition, Any]]:
        """The conditions this rule sets, with their values, cheapest first."""
        chosen = [(BY_NAME[name], value) for name, value in self if value is not None]
        return sorted(chosen, key=lambda pair: pair[0].cost)


if TYPE_CHECKING:

    class Conditions(_ConditionsBase):
        def __getattr__(self, name: str) -> Any: ...

else:
    Conditions = create_model(
        "Conditions",
        __base__=_ConditionsBase,
        __doc__="Conditions over the signals; every one a rule sets must hold for a match to become a finding "
        "(generated from tonecheck.engine.conditions.REGISTRY).",
        **{
            c.name: (c.value | None, Field(default=None, description=f"{c.doc} (scope: {c.scope})"))
            for c in REGISTRY
        },
    )


def holds(active: Sequence[tuple[Condition, Any]], ctx: Context) -> bool:
    """Whether every condition a rule sets holds for a match (stops at the first that fails)."""
    return all(condition.test(value, ctx) for condition, value in active)


def markdown_table() -> str:
    """The conditions as the Markdown table in ``docs/conditions.md``."""
    names = {
        bool: "true / false",
        Threshold: "`{below: x}` / `{above: x}`",
        LearnedScore: "`{category: c, min: x}`",
    }
    lines = ["| condition | scope | value | holds when |", "|---|---|---|---|"]
    for c in REGISTRY:
        value = names.get(c.value, getattr(c.value, "__name__", str(c.value)))
        lines.append(f"| `{c.name}` | {c.scope} | {value} | {c.doc.replace('|', '/')} |")
    return "\n".join(lines) + "\n"
