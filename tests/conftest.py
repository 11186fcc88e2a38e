from __future__ import annotations

import pytest

from tonecheck import Checker


@pytest.fixture(scope="session")
def checker() -> Checker:
    """One real pipeline with the shipped rules for the whole run: loading the model is the slow part."""
    return Checker()
