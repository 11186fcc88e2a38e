"""Parse-based rewrites that rules name in ``suggestions: [{transform: NAME}]``, one module a transform.

Each transform reads the finding's sentence from the spaCy parse and returns one ``Suggestion`` (or
``None`` when the sentence does not have the shape it knows). A transform marks its result ``safe`` only
when it keeps all of the writer's own words apart from the flagged construction; ``Checker.rewrite``
then re-checks a safe result before applying it. Results with ``[blanks]`` are always ``review``.
"""

from __future__ import annotations

from . import (  # noqa: F401  (importing a module registers its transform)
    apology_only,
    calm_plea,
    calm_punctuation,
    cause_to_feeling,
    drop_aside,
    drop_insult,
    drop_label,
    drop_threat,
    guilt_to_wish,
    i_message,
    i_statement,
    lower_case,
    mock_praise,
    own_apology,
    question_to_wish,
    soften_absolute,
    soften_demand,
)
from ._registry import REGISTRY, TRANSFORMS, Registered, Transform, register

__all__ = ["REGISTRY", "TRANSFORMS", "Registered", "Transform", "register"]
