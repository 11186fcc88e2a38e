"""Pydantic data models: the rule format (what YAML files hold) and the report (what checks return).

Everything a user or rule author touches is validated here, with unknown keys rejected, so that a typo in a
rule file or an API payload fails loudly instead of silently changing behaviour.
"""

from __future__ import annotations

import re
import string
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# The ``when:`` model is generated from the condition registry (one entry per condition: name, scope,
# function, doc); that module reads signals only through what it is passed, so this import runs no cycle.
from .engine.conditions import Conditions

SCHEMA_VERSION = "1.0"

Category = Literal["pressuring", "blaming", "missing-i-statement", "desperation", "manipulation", "non-apology"]
CATEGORIES: tuple[str, ...] = (
    "pressuring",
    "blaming",
    "missing-i-statement",
    "desperation",
    "manipulation",
    "non-apology",
)
# The two letters every rule id in a category starts with; the loader checks that id and folder agree.
CATEGORY_PREFIX: dict[str, str] = {
    "pressuring": "PR",
    "blaming": "BL",
    "missing-i-statement": "IS",
    "desperation": "DS",
    "manipulation": "MN",
    "non-apology": "NA",
}
Severity = Literal["info", "warning", "error"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
Verdict = Literal["send", "review", "revise"]
Safety = Literal["safe", "review"]

RULE_ID_RE = re.compile(r"^[A-Z]{2}[0-9]{2}$")
RULE_NAME_RE = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------------------------------
# Rule format
# --------------------------------------------------------------------------------------------------


class TokenPattern(_Strict):
    """A spaCy ``Matcher`` pattern, unchanged: a list of token dicts."""

    kind: Literal["token"]
    pattern: list[dict[str, Any]] = Field(min_length=1)

    @field_validator("pattern")
    @classmethod
    def _valid_for_spacy(cls, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        from spacy.schemas import validate_token_pattern

        errors = validate_token_pattern(value)
        if errors:
            raise ValueError("invalid spaCy token pattern: " + "; ".join(errors))
        _refuse_slow_regexes(value)
        return value


class PhrasePattern(_Strict):
    """Literal phrases for spaCy's ``PhraseMatcher``; compared on ``attr`` (lower-case by default)."""

    kind: Literal["phrase"]
    phrases: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)
    attr: Literal["LOWER", "ORTH", "NORM"] = "LOWER"


class DependencyPattern(_Strict):
    """A spaCy ``DependencyMatcher`` pattern, checked here as a graph: one anchor, every other node hangs
    off a node named before it, names unique."""

    kind: Literal["dependency"]
    pattern: list[dict[str, Any]] = Field(min_length=1)

    @field_validator("pattern")
    @classmethod
    def _is_tree(cls, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        from spacy.schemas import validate_token_pattern

        seen: set[str] = set()
        for index, node in enumerate(value):
            if not isinstance(node, dict):
                raise ValueError(f"node {index} must be a mapping")
            keys = set(node)
            needed = {"RIGHT_ID", "RIGHT_ATTRS"} if index == 0 else {"LEFT_ID", "REL_OP", "RIGHT_ID", "RIGHT_ATTRS"}
            if keys != needed:
                missing, extra = needed - keys, keys - needed
                detail = []
                if missing:
                    detail.append("missing " + ", ".join(sorted(missing)))
                if extra:
                    detail.append("unexpected " + ", ".join(sorted(extra)))
                raise ValueError(f"node {index}: " + "; ".join(detail))
            right_id = node["RIGHT_ID"]
            if not isinstance(right_id, str) or not right_id.isidentifier():
                raise ValueError(f"node {index}: RIGHT_ID must be a name like 'verb'")
            if right_id in seen:
                raise ValueError(f"node {index}: RIGHT_ID {right_id!r} is used twice")
            if index and node["LEFT_ID"] not in seen:
                raise ValueError(
                    f"node {index}: LEFT_ID {node['LEFT_ID']!r} does not name an earlier node, "
                    "so the pattern is not a tree"
                )
            if index and node["REL_OP"] not in _REL_OPS:
                raise ValueError(f"node {index}: unknown REL_OP {node['REL_OP']!r}")
            errors = validate_token_pattern([node["RIGHT_ATTRS"]])
            if errors:
                raise ValueError(f"node {index}: invalid RIGHT_ATTRS: " + "; ".join(errors))
            _refuse_slow_regexes([node["RIGHT_ATTRS"]])
            seen.add(right_id)
        return value


def _refuse_slow_regexes(tokens: list[Any]) -> None:
    """REGEX values that could hang the checker, or do not compile, fail here (see ``tonecheck.engine.guards.regex``),
    and so do word classes (``_: {tc_class: ...}``) the lexicon does not have."""
    from .engine.guards.regex import regex_problems
    from .engine.lexicon import check_pattern

    problems = list(regex_problems(tokens)) + check_pattern(tokens)
    if problems:
        raise ValueError("; ".join(problems))


_REL_OPS = {
    "<",
    ">",
    "<<",
    ">>",
    ".",
    ".*",
    ";",
    ";*",
    "$+",
    "$-",
    "$++",
    "$--",
    ">+",
    ">-",
    ">++",
    ">--",
    "<+",
    "<-",
    "<++",
    "<--",
}


class SentencePattern(_Strict):
    """Matches whole sentences; used with ``when`` for message-level rules (the span is the sentence, or
    from its second-person subject to its end when ``from_subject`` is set)."""

    kind: Literal["sentence"]
    from_subject: bool = False
    unless_found: bool = Field(
        default=False,
        description="skip a sentence where another rule (not itself such a second opinion) already has a "
        "finding: a second opinion, such as the learned signal's, adds only what the rules missed",
    )


class FindingsPattern(_Strict):
    """Matches each sentence that holds a finding of one of ``categories`` from a rule without this kind of
    pattern (such rules are decided after the others), unless a rule of this rule's own category already
    found something there: rules over other rules' findings ("blame aimed at the reader, and no feeling
    statement anywhere")."""

    kind: Literal["findings"]
    categories: list[Category] = Field(min_length=1)


Pattern = Annotated[
    TokenPattern | PhrasePattern | DependencyPattern | SentencePattern | FindingsPattern, Field(discriminator="kind")
]
ExceptionPattern = Annotated[TokenPattern | PhrasePattern | DependencyPattern, Field(discriminator="kind")]


class SuggestionSpec(_Strict):
    """How a rule proposes a gentler wording.

    ``replace`` swaps the matched words for new ones (``{match}``, ``{match_lower}`` and dependency node
    names are available); ``template`` is a whole-sentence wording with ``[blanks]`` for the writer;
    ``transform`` names a rewrite in ``tonecheck.rewrite.transforms`` that uses the parse.
    """

    replace: str | None = None
    template: str | None = None
    transform: str | None = None
    title: str | None = None
    safety: Safety = "review"

    @model_validator(mode="after")
    def _exactly_one(self) -> SuggestionSpec:
        given = [k for k in ("replace", "template", "transform") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a suggestion needs exactly one of replace, template, transform")
        return self


class FlaggedExample(_Strict):
    text: str = Field(min_length=1)
    match: str = Field(min_length=1, description="the words the finding must cover, exactly")
    suggestion: str | None = Field(
        default=None, description="the expected text of the first suggestion, if the rule has one"
    )

    @model_validator(mode="after")
    def _match_in_text(self) -> FlaggedExample:
        if self.match not in self.text:
            raise ValueError(f"match {self.match!r} does not occur in text {self.text!r}")
        return self


class Examples(_Strict):
    flagged: list[FlaggedExample] = Field(min_length=1)
    ok: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)


class Rule(_Strict):
    id: str
    name: str
    category: Category
    severity: Severity
    preview: bool = Field(
        default=False,
        description="a new or experimental rule, off by default: it runs only with preview on (--preview, "
        "`preview = true`) or when selected by its exact id or name",
    )
    message: str = Field(min_length=1)
    why: str = Field(min_length=1)
    source: str | None = Field(default=None, description="the guide or reference the advice comes from")
    aliases: list[str] = Field(default_factory=list)
    patterns: list[Pattern] = Field(min_length=1)
    exceptions: list[ExceptionPattern] = Field(default_factory=list)
    sentence_exceptions: list[ExceptionPattern] = Field(
        default_factory=list,
        description="a match in a sentence holding one of these is dropped wherever it is: softeners such as "
        "'whenever you're free' or 'no rush' change the whole request, not only the words they overlap",
    )
    when: Conditions = Field(default_factory=Conditions)
    ignore_quoted: bool = Field(default=True, description="drop matches inside quotation marks or email-quoted lines")
    suggestions: list[SuggestionSpec] = Field(default_factory=list)
    examples: Examples

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not RULE_ID_RE.match(value):
            raise ValueError("rule id must be two capital letters and two digits, like 'BL01'")
        return value

    @field_validator("name")
    @classmethod
    def _name_shape(cls, value: str) -> str:
        if not RULE_NAME_RE.match(value):
            raise ValueError("rule name must be dotted lower-case words, like 'blame.always-never'")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        prefix = CATEGORY_PREFIX[self.category]
        if not self.id.startswith(prefix):
            raise ValueError(f"rule id {self.id} must start with {prefix} for category {self.category}")
        node_names = {
            str(node["RIGHT_ID"])
            for pattern in self.patterns
            if isinstance(pattern, DependencyPattern)
            for node in pattern.pattern
        }
        allowed = {"match", "match_lower", "sentence"} | node_names
        _check_placeholders("message", self.message, allowed)
        for index, spec in enumerate(self.suggestions):
            for key in ("replace", "template"):
                value = getattr(spec, key)
                if value is not None:
                    _check_placeholders(f"suggestions.{index}.{key}", value, allowed)
        return self


def _check_placeholders(where: str, text: str, allowed: set[str]) -> None:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    for name in fields:
        if name not in allowed:
            raise ValueError(f"{where}: placeholder {{{name}}} does not exist (known: {', '.join(sorted(allowed))})")


# --------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------


class Suggestion(_Strict):
    """A gentler wording: ``replacement`` goes in place of ``text[start:end]``."""

    replacement: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    safety: Safety
    kind: Literal["swap", "transform", "template"]
    title: str


class Finding(_Strict):
    rule_id: str
    name: str
    category: Category
    severity: Severity
    start: int = Field(ge=0, description="character offset into the checked text")
    end: int = Field(ge=0)
    line: int = Field(ge=1, description="1-based line of start")
    column: int = Field(ge=1, description="1-based column of start, in characters")
    text: str
    message: str
    why: str
    suggestions: list[Suggestion] = Field(default_factory=list)


class StrategyHit(_Strict):
    """One politeness strategy seen in a sentence, with the words that showed it (``data/politeness.yml``)."""

    strategy: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class SentenceSignals(_Strict):
    start: int
    end: int
    sentiment: float = Field(description="VADER compound, -1..1")
    you_subjects: int
    i_subjects: int
    question: bool
    imperative: bool
    strategies: list[StrategyHit] = Field(
        default_factory=list, description="politeness strategies in the sentence, with their words"
    )


class TextSpan(_Strict):
    start: int
    end: int
    text: str


class Signals(_Strict):
    sentiment: float = Field(description="VADER compound of the whole message, -1..1")
    you_subjects: int
    i_subjects: int
    feeling_statements: list[TextSpan]
    quoted: list[TextSpan] = Field(description="spans masked as reported speech or quoted replies")
    sentences: list[SentenceSignals]
    profanity: list[TextSpan] = Field(
        default_factory=list, description="swear words and slurs in the writer's own words (not in quotes)"
    )


class SentenceScore(_Strict):
    """The gentleness of one sentence, weighed the way the message is (``tonecheck.verdict.scoring``)."""

    start: int
    end: int
    text: str
    gentleness: float = Field(ge=0.0, le=1.0)


class ScoreFactor(_Strict):
    """What one factor did to the message's gentleness: ``effect`` is its share of the score's log-odds
    (positive raised it, negative lowered it); the effects and the baseline add up to the score."""

    factor: str = Field(description="'strategy:<name>', 'sentiment', 'finding:<severity>' or 'profanity'")
    label: str
    effect: float
    evidence: list[TextSpan] = Field(default_factory=list, description="the words behind it")


class IgnoreComment(_Strict):
    """A ``tonecheck: ignore`` / ``off`` comment in the draft that suppressed nothing (or some of whose codes
    did not)."""

    line: int = Field(ge=1)
    column: int = Field(ge=1)
    comment: str
    unused_codes: list[str] = Field(default_factory=list, description="empty: the comment as a whole was unused")


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: str = SCHEMA_VERSION
    findings: list[Finding]
    gentleness: float = Field(ge=0.0, le=1.0)
    verdict: Verdict
    counts: dict[str, int] = Field(description="findings per category")
    signals: Signals
    unused_ignores: list[IgnoreComment] = Field(
        default_factory=list, description="suppression comments in the draft that suppressed nothing"
    )
    sentences: list[SentenceScore] = Field(default_factory=list, description="gentleness of each sentence")
    score_factors: list[ScoreFactor] = Field(
        default_factory=list, description="what raised or lowered gentleness, largest effect first"
    )

    @property
    def clean(self) -> bool:
        return not self.findings

    @property
    def harshest(self) -> SentenceScore | None:
        """The least gentle sentence (the first of equals), or None for a draft without sentences."""
        return min(self.sentences, key=lambda s: s.gentleness, default=None)

    def explain(self) -> str:
        """In words: the score, what raised and lowered it (with the words behind each), the harshest sentence."""
        lines = [f"gentleness {self.gentleness:.2f} ({self.verdict})"]
        for title, sign in (("lowered by", -1), ("raised by", 1)):
            factors = [f for f in self.score_factors if f.effect * sign > 0]
            if factors:
                lines.append(f"{title}:")
            for factor in factors:
                words = ", ".join(repr(e.text) for e in factor.evidence[:4])
                more = f" (+{len(factor.evidence) - 4} more)" if len(factor.evidence) > 4 else ""
                lines.append(f"  {factor.effect:+.2f}  {factor.label}" + (f": {words}{more}" if words else ""))
        harshest = self.harshest
        if harshest is not None and len(self.sentences) > 1:
            lines.append(f"harshest sentence ({harshest.gentleness:.2f}): {harshest.text!r}")
        return "\n".join(lines)


class VerdictPolicy(_Strict):
    """When a draft should be sent as is, looked at again, or rewritten."""

    revise_at: Severity = Field(default="error", description="any finding this severe -> revise")
    review_at: Severity = Field(default="warning", description="any finding this severe -> review")
    revise_below: float = Field(default=0.5, ge=0.0, le=1.0, description="gentleness under this -> revise")
    review_below: float = Field(default=0.85, ge=0.0, le=1.0, description="gentleness under this -> review")
