"""The I-message transform: the event kept, the feeling left for the writer."""

from __future__ import annotations

import itertools

from spacy.tokens import Doc, Span, Token

from ...engine import signals as sig
from ...engine.lexicon import in_class
from ...engine.signals import feeling_words
from ...models import Finding, Safety, Suggestion
from ..clauses import (
    ABSOLUTES,
    CAUSE_VERBS,
    SPOIL_VERBS,
    clause_start,
    finding_sentence,
    insulting,
    to_sentence_end,
    work_register,
    you_subject,
    you_verbs,
)
from ..grammar import Builder, body_and_end, finite, inflect, is_past, lemma_in, verb_lemma
from ..phrasebook import feeling_for, phrasebook
from ._registry import register


def _event(sent: Span, verb: Token, you: Token) -> tuple[str, bool] | None:
    """The sentence as "you <did what>", with question order, 'do'-support and absolutes undone; and
    whether it tells of the past."""
    do_aux = next((c for c in verb.children if c.dep_ == "aux" and c.lemma_ == "do"), None)
    modal = [c for c in verb.children if c.dep_ == "aux" and c.tag_ == "MD"]
    if modal and modal[0].i < you.i:
        return None  # "why would you do that" has no event to keep
    if any(c.lower_ == "once" for c in verb.children):
        return None  # "you never once came": "once" cannot stay beside "didn't"
    if any(c.dep_ == "aux" and c.lemma_ == "be" and c.i < you.i for c in verb.children):
        return None  # "what were you thinking" asks, it tells of no act
    if any(c.lower_ == "even" for c in verb.children):
        return None  # "do you even listen" is a reproach, not an event
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


# Events told from the writer's side instead of as "you <did it>" (issue 10: "when work came first again"):
# the verb's lemma -> the words after its object, in the past and the present.
_REFRAMED = {
    "forget": ("slipped your mind", "slip your mind"),
    "ignore": ("went unanswered", "go unanswered"),
    "cancel": ("got cancelled", "get cancelled"),
}
_UNANSWERED = frozenset({"call", "text", "message", "email", "question", "letter", "voicemail"})


def _present(words: str, plural: bool) -> str:
    if plural:
        return words
    head, _, tail = words.partition(" ")
    return " ".join(filter(None, (inflect(head, "VBZ"), tail)))


def _reframed(sent: Span, verb: Token, you: Token, past: bool) -> str | None:
    """The event told from the writer's side: "you forgot our anniversary" -> "our anniversary slipped your
    mind", "you put work first" -> "work comes first", "you told Aunt Rita about my divorce" -> "Aunt Rita
    heard about my divorce from you"; ``None`` for any other shape."""
    if any(c.dep_ in ("neg", "aux", "auxpass") and c.lemma_ != "do" for c in verb.children):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lower_ in ("me", "us", "it", "that", "this", "them"):
        return None
    lemma = verb_lemma(verb)
    plural = obj.tag_ in ("NNS", "NNPS")
    consumed = {t.i for t in obj.subtree} | {verb.i, you.i}
    consumed |= {c.i for c in verb.children if c.dep_ == "aux" or c.lower_ in ABSOLUTES}
    head_words: list[str] = [t.text if t.pos_ == "PROPN" or t.text == "I" else t.lower_ for t in obj.subtree]
    mine = any(t.lower_ in ("my", "our") for t in obj.subtree)
    first = next((c for c in verb.children if c.lower_ == "first" and c.dep_ in ("advmod", "npadvmod")), None)
    about = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "about"), None)
    if lemma == "put" and first is not None:
        phrase = "came first" if past else _present("come first", plural)
        consumed.add(first.i)
    elif lemma in ("tell", "show") and obj.pos_ == "PROPN" and about is not None:
        topic = list(about.subtree)
        if not any(t.lower_ in ("my", "our") for t in topic):
            return None
        consumed |= {t.i for t in topic}
        learnt = "hear" if lemma == "tell" else "see"
        said = inflect(learnt, "VBD") if past else _present(learnt, obj.tag_ == "NNPS")
        phrase = " ".join([said, *(t.text for t in topic), "from", "you"])
    elif lemma in _REFRAMED and mine and (lemma != "ignore" or obj.lemma_ in _UNANSWERED):
        past_words, present_words = _REFRAMED[lemma]
        phrase = past_words if past else _present(present_words, plural)
    else:
        return None
    rest = [t for t in sent if t.i > verb.i and t.i not in consumed and not t.is_space]
    while rest and rest[-1].is_punct:
        rest.pop()
    if any(you.i < t.i < verb.i and t.i not in consumed for t in sent):
        return None  # "you just put ...": words this shape would drop
    builder = Builder().words(*head_words, phrase).tokens(rest)
    return builder.text()


def _greeting(opening: list[Token]) -> bool:
    """Whether the words before the reader's clause are a greeting or a name and a comma ("Hey Sam, ")."""
    return opening[-1].text in (",", ":", "—", "-") and all(
        t.pos_ in ("INTJ", "PROPN", "PUNCT") or t.lower_ in ("hey", "hi", "hello", "so", "look", "listen", "honestly")
        for t in opening
    )


def _lead_in(opening: list[Token], verb: Token) -> bool:
    """Whether "I felt ... when" can follow the writer's words before the reader's clause: a time or place
    set off by a comma ("The day after my wedding, you unfollowed me."), or a clause of the writer's joined
    with "and" / "but" ("We drove three hours and you spent the visit on your laptop.")."""
    last = opening[-1]
    if last.text == "," and not any(t.pos_ in ("VERB", "AUX") for t in opening):
        return True
    return last.dep_ == "cc" and last.lower_ in ("and", "but") and verb.dep_ == "conj"


@register(
    "i-message",
    cases={
        "Why would you do that?": None,
        # the writer's words run into the reader's clause: "I felt ... when" cannot go in the middle
        "Good thing you never call me.": None,
        "How dare you read my diary.": None,
        "Hey Sam, you forgot our anniversary.": "Hey Sam, I felt hurt when our anniversary slipped your mind.",
        "Why did you leave without saying goodbye?": "I felt [feeling] when you left without saying goodbye.",
        "You did this again.": "I felt [feeling] when you did this again.",
        "You always put work first.": "I feel let down when work comes first.",
        "You said you'd water the plants.": "I was counting on you to water the plants.",
        # the broken promise told again ("and you weren't there") is what "counting on" already says
        "Dad, you promised you'd come to my game and you weren't there.": (
            "Dad, I was counting on you to come to my game."
        ),
        "You told Aunt Rita about my divorce.": "I felt hurt when Aunt Rita heard about my divorce from you.",
        "Youre an idiot if you think that plan works.": None,
        "You didn't show up to my birthday.": "I felt let down when you didn't show up to my birthday.",
        "You missed my recital.": "I felt let down when you missed my recital.",
        "The night before my exam, you cancelled our plans.": (
            "The night before my exam, I felt let down when our plans got cancelled."
        ),
        "We planned the trip for months and you cancelled it.": (
            "We planned the trip for months and I felt let down when you cancelled it."
        ),
        "Do some research before you forget my birthday.": None,
        "The day after my party, you unfollowed me.": "The day after my party, I felt hurt when you unfollowed me.",
        # a grievance told as a plain event: the plainest feeling word, by register
        "You took a phone call during Grandpa's eulogy.": (
            "I felt upset when you took a phone call during Grandpa's eulogy."
        ),
        "Hi Dan, you moved the launch to Monday and changed the agenda.": (
            "Hi Dan, I felt frustrated when you moved the launch to Monday and changed the agenda."
        ),
        "You talked over me in the meeting.": "I felt unheard when you talked over me in the meeting.",
        "You did it again.": "I felt [feeling] when you did it again.",
        "You ruined the evening.": "I felt [feeling] when you ruined the evening.",
        "You make me sick.": None,
        "You disgust me.": None,
    },
)
def i_message(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: keeps the event the sentence tells of ("you left without saying goodbye", question
    order and "do" undone) and puts it after "I felt [feeling] when"; common shapes are told from the
    writer's side ("our plans got cancelled", "work comes first", "Aunt Rita heard about my divorce from
    you"), and "you said you'd X" becomes "I was counting on you to X".
    The feeling is the writer's own when the message names one ("I'm so hurt"), else the one the
    event-to-feeling table (``data/rewrite/phrasebook.yml``) gives the act ("cancel" -> "let down"), else
    "hurt" when the act was done to something of the writer's ("my diary") or without them, else, for a
    grievance told as a plain event with words of its own ("You took a call during the eulogy."), the
    phrasebook's plainest word by register ("upset"; "frustrated" at work). "You make me X" and contempt
    verbs ("you disgust me") are not events.
    Example: Why did you cancel our plans again?
    Result: I felt let down when our plans got cancelled again.
    Safety: safe when the feeling comes from the draft, the table or the plain-event default; otherwise
    (a question, no words of the event, an act that names the damage) review, with the feeling the one
    blank.
    """
    sent = finding_sentence(finding, doc)
    if writers_feeling(sent, inside=True):
        return None  # "I'm frustrated because you ...": the sentence already says how it feels
    if any(insulting(t) for t in sent):
        return None  # the hostile part first: "I feel let down when you're an idiot ..." keeps the insult
    for verb in you_verbs(sent):
        you = you_subject(verb)
        assert you is not None
        if verb.lemma_ == "do" and not [c for c in verb.children if c.dep_ not in ("nsubj", "aux", "neg", "punct")]:
            continue  # "look what you did": no event in the words
        if _label(verb):
            continue  # "you're so selfish" is a verdict, not an event to feel something about
        if in_class(verb, "contempt_verb") or (
            verb_lemma(verb) in ("make", "drive") and verb.i + 1 < sent.end and sent.doc[verb.i + 1].lower_ == "me"
        ):
            # "you disgust me", "you make me sick": contempt, not an event; "you make me X" is i-statement's
            continue
        counted = _counting_on(sent, verb, you)
        if counted is not None:
            return to_sentence_end(sent, you, counted, "safe", "Say what you were counting on")
        event = _event(sent, verb, you)
        if event is None:
            continue
        text, past = event
        reframed = _reframed(sent, verb, you, past)
        text = reframed or text
        first = clause_start(verb, you)
        opening = [t for t in sent if t.i < first.i and not t.is_space]
        if opening and all(t.pos_ in ("INTJ", "ADJ", "ADV", "PUNCT") for t in opening):
            first = opening[0]  # "Oh great, you forgot ..." -> "I felt ... when you forgot ...", not "Oh great, I felt"
        elif opening and not _greeting(opening) and not _lead_in(opening, verb):
            # the writer's words run into the reader's clause ("good thing you are blocked", "how dare you
            # ...", "do some research before you ..."): "I felt ... when" cannot go in the middle
            continue
        # "you hurt me by ...": the feeling is the writer's to name (unless the event is told from their side)
        caused = lemma_in(verb, CAUSE_VERBS) is not None and reframed is None
        # "you haven't replied" is still going on: "I felt ... when you haven't" would mix the tenses
        ongoing = any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ") for c in verb.children)
        ongoing = ongoing and any(c.dep_ == "neg" for c in verb.children)
        # a feeling the writer named in a sentence nearby is not said twice ("I'm hurt. I feel hurt when ...")
        named = writers_feeling(sent)
        feeling = (
            None
            if caused
            else ("this way" if named else None)
            or feeling_for(
                [
                    # a phrasal verb first ("show up" is not "show"; "left me out of", "talked over me"), then
                    # the verb, then the other words
                    *(f"{verb_lemma(verb)} {c.lower_}" for c in verb.children if c.dep_ in ("prt", "prep", "advmod")),
                    verb_lemma(verb),
                    *(t.lemma_.lower() for t in sent if t.i != verb.i and not t.is_stop),
                ]
            )
        )
        if feeling == "ignored" and not any(t.dep_ == "neg" or t.lower_ == "never" for t in sent):
            feeling = None  # "you replied-all", "you took a call": only a call not made or answered ignores
        if feeling is None and not caused and _touches_the_writer(sent, verb):
            feeling = "hurt"  # something of the writer's, taken, told or done without them
        if feeling is None and not caused and not ongoing and _plain_grievance(sent, verb, you):
            # a grievance told as a plain event ("You took a call during the eulogy."): the plainest word
            # for being on the receiving end, by register
            feeling = phrasebook().default_feelings["work" if work_register(sent) else "casual"]
        if ongoing:
            # "I'm ___ that" takes a plain adjective: "I'm upset that", never "I'm ignored that"
            adjective = feeling if feeling in ("upset", "hurt", "worried", "sad", "embarrassed") else "upset"
            replacement = f"I'm {adjective if feeling is not None else '[feeling]'} that {text}."
            safety_now: Safety = "safe" if feeling is not None else "review"
            return to_sentence_end(sent, first, replacement, safety_now, "Say how it feels instead of what they did")
        if feeling is None:
            replacement = f"I {finite('feel', past)} [feeling] when {text}."
            return to_sentence_end(sent, first, replacement, "review", "Say how it felt; fill in the feeling")
        replacement = f"I {finite('feel', past)} {feeling} when {text}."
        # "I felt ignored when you ignored my calls" says it twice, and inside an apology ("I'm sorry I
        # forgot, but ...") an I-message is not what is missing: both left for the writer
        echo = (feeling != "this way" and feeling.split()[-1] in {t.lower_ for t in sent}) or inflect(
            verb_lemma(verb), "VBN"
        ) == feeling
        apology = any(t.lower_ in ("sorry", "apologize", "apologise", "apologies") for t in sent)
        safety: Safety = "review" if echo or apology else "safe"
        return to_sentence_end(sent, first, replacement, safety, "Say how it felt instead of what they did")
    return None


def _counting_on(sent: Span, verb: Token, you: Token) -> str | None:
    """ "You said you'd water the tomatoes while we were away." -> "I was counting on you to water the
    tomatoes while we were away.": a broken promise told as what the writer relied on."""
    before = [t for t in sent if t.i < you.i and not t.is_space]
    if verb_lemma(verb) not in ("say", "promise", "swear") or verb.dep_ != "ROOT":
        return None
    if not all(t.pos_ in ("PROPN", "PUNCT", "INTJ") for t in before):
        return None  # only a name before it ("Dad, you promised ...")
    promised = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.tag_ == "VB"), None)
    if promised is None:
        return None
    subject = you_subject(promised)
    modal = [c for c in promised.children if c.dep_ == "aux" and c.lower_ in ("'d", "would", "will", "'ll")]
    if subject is None or not modal or promised.i != modal[-1].i + 1:
        return None
    words = [t for t in sent if t.i >= promised.i and not t.is_space]
    # "... and you weren't there" / "but you never showed": what "counting on" already says, and a second
    # accusation if kept
    broken = next(
        (
            i
            for i, t in enumerate(words[:-1])
            if t.lower_ in ("and", "but") and words[i + 1].lower_ in sig.YOU_WORDS and t.head.i == verb.i
        ),
        None,
    )
    if broken is not None:
        words = words[:broken]
    while words and (words[-1].is_punct or words[-1].lower_ in ("and", "but")):
        words.pop()
    return Builder().words("I", "was", "counting", "on", "you", "to").tokens(words).word(".").text()


def _plain_grievance(sent: Span, verb: Token, you: Token) -> bool:
    """Whether the reader's clause tells an event with words of its own, so the default feeling fits: not
    "you did this again" (no event in the words), not an act that already names the damage ("you ruined
    ...", the writer's to name), not a question ("why did you ...", which asks rather than tells)."""
    if lemma_in(verb, SPOIL_VERBS) is not None or sent[-1].text == "?" or any(t.text == "?" for t in sent):
        return False
    if any(t.tag_ in ("WRB", "WP") and t.i < you.i for t in sent):
        return False
    content = [t for t in verb.subtree if t.i > verb.i and t.pos_ in ("NOUN", "PROPN", "NUM", "ADJ", "VERB")]
    return bool(content) or any(c.dep_ == "prt" for c in verb.children)


def _touches_the_writer(sent: Span, verb: Token) -> bool:
    """Whether the reader's act was done to something of the writer's ("my diary", "our plans") or
    without them ("without asking", "without me")."""
    after = [t.lower_ for t in sent if t.i > verb.i]
    without = any(
        w == "without" and nxt in ("asking", "me", "us", "telling", "checking") for w, nxt in itertools.pairwise(after)
    )
    return without or any(w in ("my", "our") for w in after)


def _label(verb: Token) -> bool:
    """Whether ``verb`` is "be" / "act" with a character label ("selfish", "like a child", "impossible"):
    a state the event-to-feeling table does not know ("you were late" is an event)."""
    if verb.lemma_ not in ("be", "act"):
        return False
    after = [t for t in verb.subtree if t.i > verb.i]
    if any(in_class(t, "negative_trait") for t in after):
        return True
    complement = [t for t in verb.children if t.dep_ in ("acomp", "attr")]
    return bool(complement) and feeling_for([t.lemma_.lower() for t in complement]) is None


_FEELING_LEADS = frozenset({"i", "feel", "felt", "'m", "am", "was", "so", "really", "very", "just", "m"})


def writers_feeling(sent: Span, inside: bool = False) -> str | None:
    """A feeling the writer names in the sentences around ``sent`` ("I'm so hurt", "I felt stupid"), or
    with ``inside`` in ``sent`` itself."""
    doc = sent.doc
    words = feeling_words()
    near = sent if inside else doc[max(sent.start - 40, 0) : min(sent.end + 40, len(doc))]
    for token in near:
        if token.lower_ not in words or (not inside and sent.start <= token.i < sent.end):
            continue
        lead = [t.lower_ for t in doc[max(token.i - 3, 0) : token.i]]
        if "i" in lead and all(w in _FEELING_LEADS for w in lead[lead.index("i") :]):
            return token.lower_
    return None
