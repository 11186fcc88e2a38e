"""The ``tonecheck`` command: thin adapters over ``tonecheck.api``, one module a command group."""

from __future__ import annotations

from . import check, eval, fix, lsp, rules, serve  # noqa: F401  (each module registers its commands on ``app``)
from .app import app

__all__ = ["app"]
