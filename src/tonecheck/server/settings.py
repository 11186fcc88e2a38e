"""What a ``tonecheck serve`` worker needs to know, carried in the environment.

uvicorn starts each worker process from an import string, so the settings cannot be passed as an object:
``tonecheck serve`` writes them to the environment as one JSON value (``to_env``; JSON, so that a rule path
holding ``:`` or ``,`` arrives whole) and every worker reads them back (``from_env``). What to check with
(rules, selectors, allow, severity, verdict, model) is ``checker``: the same ``tonecheck.settings.Settings``
every entry point builds.
"""

from __future__ import annotations

import os

from pydantic import BaseModel, ConfigDict, Field

from ..settings import Settings

ENV_NAME = "TONECHECK_SERVER_SETTINGS"
# Names a loopback server answers to: a page on another site cannot reach it by DNS rebinding (pointing its
# own name at 127.0.0.1), because the browser then sends that site's name as the Host.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


class ServerSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_body_bytes: int = Field(default=64 * 1024, gt=0, description="larger request bodies get 413")
    timeout: float = Field(default=5.0, gt=0, description="seconds a check may take, queueing included, before 503")
    checker: Settings = Field(default_factory=Settings, description="what to check with, as everywhere else")
    cors_origins: list[str] = Field(default_factory=list, description="browser origins allowed to call the API")
    allowed_hosts: list[str] = Field(
        default_factory=lambda: list(LOOPBACK_HOSTS),
        description="Host header values (without port) answered; others get 400. '*' answers any",
    )
    max_requests: int = Field(default=200, gt=0, description="checks before the check process is replaced")
    max_memory_mb: float = Field(default=1024, gt=0, description="resident MB past which it is replaced")
    header_timeout: float = Field(default=10.0, gt=0, description="seconds a client may take to send its headers")
    body_timeout: float = Field(default=10.0, gt=0, description="seconds a client may take to send its body")
    max_connections: int = Field(default=500, gt=0, description="open connections; past it the slowest are closed")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ServerSettings:
        env = os.environ if environ is None else environ
        return cls.model_validate_json(env.get(ENV_NAME) or "{}")

    def to_env(self) -> dict[str, str]:
        return {ENV_NAME: self.model_dump_json()}
