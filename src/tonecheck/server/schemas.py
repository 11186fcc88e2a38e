"""The request and response bodies of the HTTP API that are not the library's own models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..models import Category, Severity
from ..presend import PresendPolicy


class _Body(BaseModel):
    # Unknown fields are refused (422 naming the field) so that a typo such as "polcy" is not silently ignored.
    model_config = ConfigDict(extra="forbid")


class DraftRequest(_Body):
    """A draft to check, with optional per-request rule selection and verdict policy."""

    text: str = Field(description="the draft, as the writer typed it")
    select: list[str] | None = Field(
        default=None,
        description="only these rules: ids, id prefixes, categories, names (of the rules the server runs; a "
        "preview rule only if the server runs it: `serve --preview`, or its exact id in the server's select)",
    )
    ignore: list[str] | None = Field(default=None, description="not these rules (same selectors as select)")
    policy: PresendPolicy | None = Field(default=None, description="thresholds that decide the verdict")

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"text": "Answer me right now. You never listen.", "ignore": ["BL"]}]}
    )


class PresendRequest(DraftRequest):
    rewrite: bool = Field(default=True, description="also offer a gentler rewrite of the whole draft")


class RewriteRequest(_Body):
    text: str = Field(description="the draft to rewrite")
    select: list[str] | None = Field(default=None, description="only these rules")
    ignore: list[str] | None = Field(default=None, description="not these rules")
    include_review: bool = Field(default=False, description="also apply 'review' suggestions, not only 'safe' ones")


class RuleInfo(_Body):
    id: str
    name: str
    category: Category
    severity: Severity
    preview: bool = Field(
        default=False, description="a preview rule (off by default; listed because this server runs it)"
    )
    message: str
    why: str
    source: str | None = None
    aliases: list[str] = Field(default_factory=list)


class Health(_Body):
    status: str = "ok"
    version: str
    model: str
    rules: int
    pid: int
    check_pid: int | None = Field(default=None, description="the current check process (replaced after a timeout)")


class ErrorBody(_Body):
    error: str = Field(
        description=(
            "a stable code: invalid_request (422), too_large (413), timeout (503), not_found (404), "
            "method_not_allowed (405), internal_error (500)"
        )
    )
    message: str = Field(description="what went wrong, for a person")
    fields: list[dict[str, str]] | None = Field(default=None, description="for invalid_request: field and message")
