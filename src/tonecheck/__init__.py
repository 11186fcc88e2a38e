"""tonecheck: reads a draft before it is sent and says where it sounds pressuring or blaming, or where
feelings come out as accusations instead of "I" statements, with the exact words, why, and a gentler
wording."""

from .api import Checker, check, default_checker, presend
from .engine.chunking import DEFAULT_MAX_CHARS, DraftTooLargeError
from .engine.pipeline import ModelNotFoundError
from .loader import RuleError, RuleLoadError, RuleSet, load_rules
from .models import SCHEMA_VERSION, Finding, Report, Rule, Signals, Suggestion, VerdictPolicy
from .presend import CategoryPolicy, PresendPolicy, PresendResult

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_MAX_CHARS",
    "SCHEMA_VERSION",
    "CategoryPolicy",
    "Checker",
    "DraftTooLargeError",
    "Finding",
    "ModelNotFoundError",
    "PresendPolicy",
    "PresendResult",
    "Report",
    "Rule",
    "RuleError",
    "RuleLoadError",
    "RuleSet",
    "Signals",
    "Suggestion",
    "VerdictPolicy",
    "__version__",
    "check",
    "default_checker",
    "load_rules",
    "presend",
]
