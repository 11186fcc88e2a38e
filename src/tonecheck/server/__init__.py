"""``tonecheck serve``: the HTTP service and the page. Needs the ``server`` extra (FastAPI, uvicorn); the core
library never imports this package."""

from .app import app_from_env, create_app
from .settings import ServerSettings

__all__ = ["ServerSettings", "app_from_env", "create_app"]
