from __future__ import annotations

import pytest
import structlog


@pytest.fixture(autouse=True)
def _fresh_logging():
    """``zentrale.cli.main`` binds structlog to the sys.stderr of the moment (capsys's, closed after
    the test); reset so later log calls do not write to a closed file."""
    yield
    structlog.reset_defaults()
