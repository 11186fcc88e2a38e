"""The ``tonecheck`` spaCy component (the components that prepare the Doc for it are in ``preprocess``).

``tonecheck`` annotates a Doc with findings: ``__call__ -> match() -> set_annotations()`` as in spaCy's own
span ruler. It writes ``doc.spans[spans_key]`` (label = category, id = rule id) and ``Doc._.tonecheck``
(plain data, so Docs survive ``nlp.pipe(n_process=...)``); ``Doc._.tonecheck_findings`` and
``Doc._.tonecheck_signals`` read it back as pydantic models.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..loader import RuleSet, load_rules
from ..models import Conditions, Finding, Rule, SentencePattern, SentenceSignals, Signals
from . import signals as sig
from .matcher import EXCEPTION_SUFFIX, SENTENCE_EXCEPTION_SUFFIX, RawMatch, RuleMatcher

DEFAULT_SPANS_KEY = "tonecheck"

if not Doc.has_extension("tonecheck"):
    Doc.set_extension("tonecheck", default=None)
if not Doc.has_extension("tonecheck_findings"):
    Doc.set_extension(
        "tonecheck_findings",
        getter=lambda doc: [Finding.model_validate(f) for f in (doc._.tonecheck or {}).get("findings", [])],
    )
if not Doc.has_extension("tonecheck_signals"):
    Doc.set_extension(
        "tonecheck_signals",
        getter=lambda doc: Signals.model_validate(doc._.tonecheck["signals"]) if doc._.tonecheck else None,
    )


@Language.factory(
    "tonecheck",
    default_config={"rules": [], "select": [], "ignore": [], "spans_key": DEFAULT_SPANS_KEY},
)
def make_tonecheck(
    nlp: Language,
    name: str,
    rules: list[str],
    select: list[str],
    ignore: list[str],
    spans_key: str,
) -> ToneCheck:
    ruleset = load_rules(rules or None).select(select, ignore)
    return ToneCheck(nlp, ruleset, name=name, spans_key=spans_key)


class ToneCheck:
    """Finds rule matches in a Doc and turns those that pass conditions and exceptions into findings."""

    def __init__(self, nlp: Language, ruleset: RuleSet, *, name: str = "tonecheck", spans_key: str = DEFAULT_SPANS_KEY):
        self.name = name
        self.spans_key = spans_key
        self.ruleset = ruleset
        self.rules = {rule.id: rule for rule in ruleset}
        self.why = {rule.id: " ".join(rule.why.split()) for rule in ruleset}  # YAML folds lines; reports don't
        self.matcher = RuleMatcher(nlp.vocab, ruleset, nlp.make_doc)
        self.sentence_rules = [rule for rule in ruleset if any(isinstance(p, SentencePattern) for p in rule.patterns)]

    def __call__(self, doc: Doc) -> Doc:
        findings, signals = self.match(doc)
        self.set_annotations(doc, findings, signals)
        return doc

    def match(self, doc: Doc) -> tuple[list[Finding], Signals]:
        text = doc.text  # Doc.text joins every token: read it once, not once a finding
        masked = sig.quoted_spans(text)
        sents = list(doc.sents)
        sent_starts = [sent.start for sent in sents]
        _cache_sentences(doc, sents, sent_starts)
        signals = sig.compute(doc, masked, sents)
        raw = self.matcher(doc) + list(self._sentence_matches(sents))
        exceptions: dict[str, list[tuple[int, int]]] = {}
        sentence_exceptions: dict[str, list[tuple[int, int]]] = {}
        for match in raw:
            if match.rule_id.endswith(EXCEPTION_SUFFIX):
                span = doc[match.start : match.end]
                exceptions.setdefault(match.rule_id[: -len(EXCEPTION_SUFFIX)], []).append(
                    (span.start_char, span.end_char)
                )
            elif match.rule_id.endswith(SENTENCE_EXCEPTION_SUFFIX):
                span = doc[match.start : match.end]
                sentence_exceptions.setdefault(match.rule_id[: -len(SENTENCE_EXCEPTION_SUFFIX)], []).append(
                    (span.start_char, span.end_char)
                )
        # Indexed, so a long draft full of quotes and matches costs n log n, not n squared.
        quoted = sig.SpanIndex(masked)
        excepted = {key: sig.SpanIndex(spans) for key, spans in exceptions.items()}
        sentence_excepted = {key: sig.SpanIndex(spans) for key, spans in sentence_exceptions.items()}
        candidates: list[tuple[Rule, Span, RawMatch]] = []
        for match in raw:
            rule = self.rules.get(match.rule_id)
            if rule is None:
                continue
            span = doc[match.start : match.end]
            if rule.ignore_quoted and quoted.overlaps(span.start_char, span.end_char):
                continue
            if rule.id in excepted and excepted[rule.id].overlaps(span.start_char, span.end_char):
                continue
            index = bisect.bisect_right(sent_starts, span.start) - 1
            sent = sents[index]
            if rule.id in sentence_excepted and sentence_excepted[rule.id].overlaps(sent.start_char, sent.end_char):
                continue
            if not conditions_hold(rule.when, span, sent, signals.sentences[index], signals):
                continue
            candidates.append((rule, span, match))
        lines = _LineIndex(text)
        candidates = _decide_found_in_sentence(candidates)
        findings = [
            self._finding(rule, span, match, span.sent, lines)  # answered by _cache_sentences' hook
            for rule, span, match in _longest_per_rule(candidates)
        ]
        findings.sort(key=lambda f: (f.start, f.end, f.rule_id))
        return findings, signals

    def set_annotations(self, doc: Doc, findings: Sequence[Finding], signals: Signals) -> None:
        spans = []
        for finding in findings:
            span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
            if span is not None:
                spans.append(Span(doc, span.start, span.end, label=finding.category, span_id=finding.rule_id))
        doc.spans[self.spans_key] = spans
        doc._.tonecheck = {
            "findings": [f.model_dump() for f in findings],
            "signals": signals.model_dump(),
        }

    def _sentence_matches(self, sents: list[Span]) -> Iterable[RawMatch]:
        for rule in self.sentence_rules:
            from_subject = any(isinstance(p, SentencePattern) and p.from_subject for p in rule.patterns)
            for sent in sents:
                tokens = [t for t in sent if not t.is_space]
                if not tokens:
                    continue
                start, end = tokens[0].i, tokens[-1].i + 1
                if from_subject:
                    you = sig.subjects(sent, sig.YOU_WORDS)
                    if not you:
                        continue
                    start = you[0].i
                yield RawMatch(rule.id, start, end)

    def _finding(self, rule: Rule, span: Span, match: RawMatch, sentence: Span, lines: _LineIndex) -> Finding:
        doc = span.doc
        text = span.text
        values: dict[str, str] = {"match": text, "match_lower": text.lower()}
        if "{sentence" in rule.message:
            values["sentence"] = sentence.text.strip()
        values.update({name: doc[index].text for name, index in match.nodes})
        line, column = lines.line_and_column(span.start_char)
        return Finding(
            rule_id=rule.id,
            name=rule.name,
            category=rule.category,
            severity=rule.severity,
            start=span.start_char,
            end=span.end_char,
            line=line,
            column=column,
            text=text,
            message=rule.message.format_map(values),
            why=self.why[rule.id],
        )


def _cache_sentences(doc: Doc, sents: list[Span], starts: list[int]) -> None:
    """Answer ``doc.sents``, ``Span.sent`` and ``Token.sent`` from the list made once here.

    spaCy finds a span's sentence by walking ``doc.sents``, which builds every sentence anew, so each
    ``.sent`` in conditions and rewrites cost a pass over the whole Doc. The parse is final by now, so the
    list stays true; the hooks are not serialised, so a Doc sent to another process just loses the speed-up.
    """
    if not sents:
        return
    doc.user_hooks["sents"] = lambda _doc: iter(sents)
    doc.user_span_hooks["sent"] = lambda span: sents[max(0, bisect.bisect_right(starts, span.start) - 1)]


def conditions_hold(when: Conditions, span: Span, sent: Span, sentence: SentenceSignals, signals: Signals) -> bool:
    """Whether every condition a rule sets holds for a match; ``sent``/``sentence`` are the sentence the match
    starts in and its signals. Checks stop at the first that fails, cheap signal look-ups before parse walks."""
    if when.sentence_sentiment is not None and not when.sentence_sentiment.holds(sentence.sentiment):
        return False
    if when.message_sentiment is not None and not when.message_sentiment.holds(signals.sentiment):
        return False
    if when.question is not None and sentence.question != when.question:
        return False
    if when.imperative is not None and sentence.imperative != when.imperative:
        return False
    if when.you_subject is not None and (sentence.you_subjects > 0) != when.you_subject:
        return False
    if when.i_subject is not None and (sentence.i_subjects > 0) != when.i_subject:
        return False
    if when.feeling_statement is not None and bool(signals.feeling_statements) != when.feeling_statement:
        return False
    if when.min_you_subjects is not None and signals.you_subjects < when.min_you_subjects:
        return False
    if when.sentence_start is not None:
        first = sig.first_content_token(sent)
        at_start = first is not None and span.start <= first.i
        if at_start != when.sentence_start:
            return False
    if when.reader_mentioned is not None and sig.mentions_reader(sent) != when.reader_mentioned:
        return False
    if when.command is not None and sig.is_command(span[0]) != when.command:
        return False
    if when.directive is not None and sig.is_directive(span, sent) != when.directive:
        return False
    if when.you_did is not None and sig.reader_did(sent) != when.you_did:
        return False
    return when.you_did_to_me is None or sig.reader_did_to_writer(sent) == when.you_did_to_me


def _decide_found_in_sentence(
    candidates: list[tuple[Rule, Span, RawMatch]],
) -> list[tuple[Rule, Span, RawMatch]]:
    """Rules with ``when.found_in_sentence`` keep a match only where the other rules found something of
    those categories in the same sentence ("blame aimed at the reader, and no feeling statement anywhere"),
    and only where no other rule of their own category already found something there (no double count)."""
    if not any(rule.when.found_in_sentence for rule, _, _ in candidates):
        return candidates
    base = [c for c in candidates if not c[0].when.found_in_sentence]
    found = {(rule.category, span.sent.start) for rule, span, _ in base}
    kept = [
        (rule, span, match)
        for rule, span, match in candidates
        if rule.when.found_in_sentence
        and any((category, span.sent.start) in found for category in rule.when.found_in_sentence)
        and (rule.category, span.sent.start) not in found
    ]
    return base + kept


def _longest_per_rule(
    candidates: list[tuple[Rule, Span, RawMatch]],
) -> list[tuple[Rule, Span, RawMatch]]:
    """One finding a place a rule: of overlapping matches of the same rule, keep the longest (then first)."""
    kept: list[tuple[Rule, Span, RawMatch]] = []
    # A rule's kept spans never overlap, so sorted by start one bisect finds the only neighbours to test.
    taken: dict[str, list[tuple[int, int]]] = {}
    ordered = sorted(candidates, key=lambda c: (-(c[1].end - c[1].start), c[1].start, c[0].id))
    for candidate in ordered:
        rule, span, _ = candidate
        spans = taken.setdefault(rule.id, [])
        at = bisect.bisect_left(spans, (span.start, span.end))
        if (at > 0 and spans[at - 1][1] > span.start) or (at < len(spans) and spans[at][0] < span.end):
            continue
        spans.insert(at, (span.start, span.end))
        kept.append(candidate)
    return kept


class _LineIndex:
    """1-based line and column of character offsets, from the line starts found once."""

    def __init__(self, text: str):
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def line_and_column(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1
