"""What a ``tonecheck serve`` worker needs to know, carried in the environment.

uvicorn starts each worker process from an import string, so the settings cannot be passed as an object:
``tonecheck serve`` writes them to the environment (``to_env``) and every worker reads them back
(``from_env``). The model comes from ``TONECHECK_MODEL``, as everywhere else.
"""

from __future__ import annotations

import os

from pydantic import BaseModel, ConfigDict, Field

ENV_PREFIX = "TONECHECK_SERVER_"


class ServerSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_body_bytes: int = Field(default=64 * 1024, gt=0, description="larger request bodies get 413")
    timeout: float = Field(default=5.0, gt=0, description="seconds a check may take, queueing included, before 503")
    rules: list[str] = Field(default_factory=list, description="rule files or folders; the shipped rules if empty")
    cors_origins: list[str] = Field(default_factory=list, description="browser origins allowed to call the API")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ServerSettings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        if f"{ENV_PREFIX}MAX_BODY_BYTES" in env:
            values["max_body_bytes"] = env[f"{ENV_PREFIX}MAX_BODY_BYTES"]
        if f"{ENV_PREFIX}TIMEOUT" in env:
            values["timeout"] = env[f"{ENV_PREFIX}TIMEOUT"]
        if env.get(f"{ENV_PREFIX}RULES"):
            values["rules"] = env[f"{ENV_PREFIX}RULES"].split(os.pathsep)
        if env.get(f"{ENV_PREFIX}CORS_ORIGINS"):
            values["cors_origins"] = env[f"{ENV_PREFIX}CORS_ORIGINS"].split(",")
        return cls.model_validate(values)

    def to_env(self) -> dict[str, str]:
        return {
            f"{ENV_PREFIX}MAX_BODY_BYTES": str(self.max_body_bytes),
            f"{ENV_PREFIX}TIMEOUT": str(self.timeout),
            f"{ENV_PREFIX}RULES": os.pathsep.join(self.rules),
            f"{ENV_PREFIX}CORS_ORIGINS": ",".join(self.cors_origins),
        }
