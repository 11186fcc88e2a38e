"""The ``tonecheck`` spaCy component (the components that prepare the Doc for it are in ``preprocess``).

``tonecheck`` annotates a Doc with findings: ``__call__ -> match() -> set_annotations()`` as in spaCy's own
span ruler. It writes ``doc.spans[spans_key]`` (label = category, id = rule id) and ``Doc._.tonecheck``
(plain data, so Docs survive ``nlp.pipe(n_process=...)``); ``Doc._.tonecheck_findings`` and
``Doc._.tonecheck_signals`` read it back as pydantic models.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..loader import RuleSet, load_rules
from ..models import Finding, FindingsPattern, Rule, SentencePattern, Signals
from . import conditions, politeness
from . import signals as sig
from .matcher import RawMatch, Role, RuleMatcher

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
    default_config={"rules": [], "select": [], "ignore": [], "preview": False, "spans_key": DEFAULT_SPANS_KEY},
)
def make_tonecheck(
    nlp: Language,
    name: str,
    rules: list[str],
    select: list[str],
    ignore: list[str],
    preview: bool,
    spans_key: str,
) -> ToneCheck:
    ruleset = load_rules(rules or None).select(select, ignore, preview=preview)
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
        politeness.add_patterns(self.matcher)  # one matcher pass finds rule matches and politeness strategies
        self.sentence_rules = [rule for rule in ruleset if any(isinstance(p, SentencePattern) for p in rule.patterns)]
        self.findings_rules = [rule for rule in ruleset if any(isinstance(p, FindingsPattern) for p in rule.patterns)]
        # Sentence and findings rules have a candidate in most drafts, so their exceptions would be matched in
        # every draft; they are matched only once one of their sentences passes its conditions (filters
        # commute: the findings are the same, the matcher runs less).
        self.deferred = frozenset(rule.id for rule in (*self.sentence_rules, *self.findings_rules))
        self.second_opinions = {
            rule.id for rule in ruleset if any(isinstance(p, SentencePattern) and p.unless_found for p in rule.patterns)
        }
        self.conditions = {rule.id: rule.when.active() for rule in ruleset}
        # Conditions on the whole draft are decided before matching: a rule they rule out is not matched.
        self.message_conditions = {
            rule_id: message
            for rule_id, active in self.conditions.items()
            if (message := [(c, value) for c, value in active if c.scope == "message"])
        }

    def __call__(self, doc: Doc, raw: Sequence[RawMatch] | None = None) -> Doc:
        findings, signals = self.match(doc, raw)
        self.set_annotations(doc, findings, signals)
        return doc

    def match(self, doc: Doc, raw: Sequence[RawMatch] | None = None) -> tuple[list[Finding], Signals]:
        """Findings and signals of a Doc. ``raw``: ``self.matcher(doc)``'s matches when the caller already has
        them (the language server keeps them per paragraph while the paragraph is unchanged, see
        ``tonecheck.lsp.incremental``); signals, conditions and exceptions always look at the whole Doc."""
        text = doc.text  # Doc.text joins every token: read it once, not once a finding
        masked = sig.quoted_spans(text)
        sents = list(doc.sents)
        sent_starts = [sent.start for sent in sents]
        _cache_sentences(doc, sents, sent_starts)
        signals = sig.compute(doc, masked, sents)
        skip = self._ruled_out(doc, sents, signals)
        deferred = self.deferred.difference(skip) if raw is None else frozenset()
        raw = (self.matcher(doc, skip, deferred) if raw is None else list(raw)) + list(
            self._sentence_matches(sents, skip)
        )
        strategy_matches = [m for m in raw if m.rule_id.startswith(politeness.KEY_PREFIX)]
        if strategy_matches:
            raw = [m for m in raw if not m.rule_id.startswith(politeness.KEY_PREFIX)]
        hits = politeness.find(doc, sents, strategy_matches, signals, sig.SpanIndex(masked))
        signals = politeness.with_strategies(signals, hits)
        exceptions: dict[str, list[tuple[int, int]]] = {}
        sentence_exceptions: dict[str, list[tuple[int, int]]] = {}
        for match in raw:
            if match.role is not Role.PATTERN:
                span = doc[match.start : match.end]
                into = exceptions if match.role is Role.EXCEPTION else sentence_exceptions
                into.setdefault(match.rule_id, []).append((span.start_char, span.end_char))
        # Indexed, so a long draft full of quotes and matches costs n log n, not n squared.
        quoted = sig.SpanIndex(masked)
        excepted = {key: sig.SpanIndex(spans) for key, spans in exceptions.items()}
        sentence_excepted = {key: sig.SpanIndex(spans) for key, spans in sentence_exceptions.items()}
        pending = set(deferred)

        def fetch(rule_id: str) -> None:
            """Match a deferred rule's exceptions, once, adding them to those found with the rest."""
            if rule_id not in pending:
                return
            pending.discard(rule_id)
            for found in self.matcher.exceptions(doc, rule_id):
                span = doc[found.start : found.end]
                into = exceptions if found.role is Role.EXCEPTION else sentence_exceptions
                into.setdefault(rule_id, []).append((span.start_char, span.end_char))
            if rule_id in exceptions:
                excepted[rule_id] = sig.SpanIndex(exceptions[rule_id])
            if rule_id in sentence_exceptions:
                sentence_excepted[rule_id] = sig.SpanIndex(sentence_exceptions[rule_id])

        candidates: list[tuple[Rule, Span, RawMatch]] = []
        for match in raw:
            if match.role is not Role.PATTERN:
                continue
            rule = self.rules[match.rule_id]
            span = doc[match.start : match.end]
            if rule.ignore_quoted and quoted.overlaps(span.start_char, span.end_char):
                continue
            index = bisect.bisect_right(sent_starts, span.start) - 1
            sent = sents[index]
            late = rule.id in pending
            if not late and self._excepted(rule.id, span, sent, excepted, sentence_excepted):
                continue
            context = conditions.Context(span, sent, index, sents, signals.sentences[index], signals)
            if not conditions.holds(self.conditions[rule.id], context):
                continue
            if late:
                fetch(rule.id)
                if self._excepted(rule.id, span, sent, excepted, sentence_excepted):
                    continue
            candidates.append((rule, span, match))
        over: list[tuple[Rule, Span, RawMatch]] = []
        if self.findings_rules:
            # A second opinion counts as a finding to build on ("blame without feeling" over BL19), but does
            # not take a sentence away from a rule over findings of its category (IS05 yields to IS03).
            produced = {rule.category for rule in self.findings_rules}
            basis = [c for c in candidates if c[0].id not in self.second_opinions or c[0].category not in produced]
            over = self._over_findings(basis, sents, signals, sentence_excepted, fetch)
        if self.second_opinions:
            candidates = _without_second_opinions(candidates, over, self.second_opinions, sent_starts)
        candidates += over
        lines = _LineIndex(text)
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

    @staticmethod
    def _excepted(
        rule_id: str,
        span: Span,
        sent: Span,
        excepted: dict[str, sig.SpanIndex],
        sentence_excepted: dict[str, sig.SpanIndex],
    ) -> bool:
        """Does an exception of the rule overlap the match, or a sentence exception its sentence?"""
        if rule_id in excepted and excepted[rule_id].overlaps(span.start_char, span.end_char):
            return True
        return rule_id in sentence_excepted and sentence_excepted[rule_id].overlaps(sent.start_char, sent.end_char)

    def _ruled_out(self, doc: Doc, sents: list[Span], signals: Signals) -> set[str]:
        """Rules whose message-scope conditions fail for this draft (they read only draft-wide signals)."""
        if not sents or not self.message_conditions:
            return set()
        context = conditions.Context(doc[:], sents[0], 0, sents, signals.sentences[0], signals)
        return {rule_id for rule_id, active in self.message_conditions.items() if not conditions.holds(active, context)}

    def _sentence_matches(self, sents: list[Span], skip: set[str]) -> Iterable[RawMatch]:
        for rule in self.sentence_rules:
            if rule.id in skip:
                continue
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

    def _over_findings(
        self,
        candidates: list[tuple[Rule, Span, RawMatch]],
        sents: list[Span],
        signals: Signals,
        sentence_excepted: dict[str, sig.SpanIndex],
        fetch: Callable[[str], None],
    ) -> list[tuple[Rule, Span, RawMatch]]:
        """Matches of rules over findings: a sentence holding a finding of the categories such a rule names,
        and none of its own category (no double count), that passes its sentence exceptions and conditions."""
        found: dict[int, set[str]] = {}
        for rule, span, _ in candidates:
            found.setdefault(span.sent.start, set()).add(rule.category)
        kept = []
        for rule in self.findings_rules:
            wanted = {c for p in rule.patterns if isinstance(p, FindingsPattern) for c in p.categories}
            for index, sent in enumerate(sents):
                categories = found.get(sent.start, set())
                if not categories & wanted or rule.category in categories:
                    continue
                fetch(rule.id)  # its sentence exceptions, if they were deferred
                if rule.id in sentence_excepted and sentence_excepted[rule.id].overlaps(sent.start_char, sent.end_char):
                    continue
                tokens = [t for t in sent if not t.is_space]
                span = sent.doc[tokens[0].i : tokens[-1].i + 1]
                context = conditions.Context(span, sent, index, sents, signals.sentences[index], signals)
                if conditions.holds(self.conditions[rule.id], context):
                    kept.append((rule, span, RawMatch(rule.id, span.start, span.end)))
        return kept

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


# How many sentences each side a second opinion reads (the learned model's window): a finding of its
# category that near is what raised its score, so the second opinion would only echo it.
_SECOND_OPINION_REACH = 2


def _without_second_opinions(
    candidates: list[tuple[Rule, Span, RawMatch]],
    over: list[tuple[Rule, Span, RawMatch]],
    second: set[str],
    sent_starts: Sequence[int],
) -> list[tuple[Rule, Span, RawMatch]]:
    """Drop matches of ``unless_found`` rules in sentences where another rule matched: any rule of the
    rule set's own patterns, or a rule over findings of the same category (one built on the second opinion
    itself, such as IS03 over BL19, does not silence it); and where another rule found the same category
    within ``_SECOND_OPINION_REACH`` sentences ("Fine. I apologise. Are we done now?" is one non-apology,
    not one a sentence)."""

    def index(span: Span) -> int:
        return bisect.bisect_right(sent_starts, span.start) - 1

    found = {span.sent.start for rule, span, _ in candidates if rule.id not in second}
    found_as = {(span.sent.start, rule.category) for rule, span, _ in over}
    near: dict[str, list[int]] = {}
    for rule, span, _ in [*candidates, *over]:
        if rule.id not in second:
            near.setdefault(rule.category, []).append(index(span))

    for places in near.values():
        places.sort()

    def echo(rule: Rule, span: Span) -> bool:
        places = near.get(rule.category, [])
        at = bisect.bisect_left(places, index(span) - _SECOND_OPINION_REACH)
        return at < len(places) and places[at] <= index(span) + _SECOND_OPINION_REACH

    return [
        c
        for c in candidates
        if c[0].id not in second
        or (
            c[1].sent.start not in found
            and (c[1].sent.start, c[0].category) not in found_as
            and not echo(c[0], c[1])
        )
    ]


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
