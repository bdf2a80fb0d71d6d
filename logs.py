"""structlog setup: console for people, JSON for machines.

Privacy rule: INFO and above never carry phone numbers, names or transcripts. Code logs
identifiers (call id, business id, task id); anything personal goes to DEBUG only, and the
``redact_personal_data`` processor drops known personal keys from INFO events as a net.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog
from structlog.typing import EventDict, WrappedLogger

# Event keys that may carry personal data. They are allowed at DEBUG only.
PERSONAL_KEYS = frozenset(
    {"phone", "number", "from_number", "to_number", "caller", "name", "email", "text", "transcript", "speech", "address"}
)


def redact_personal_data(_logger: WrappedLogger, method_name: str, event_dict: EventDict) -> EventDict:
    if method_name != "debug":
        for key in PERSONAL_KEYS.intersection(event_dict):
            event_dict[key] = "[redacted]"
    return event_dict


class _CurrentStderr:
    """Writes to whatever ``sys.stderr`` is at the moment of writing (tests swap it)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(log_format: str = "console", level: str = "INFO") -> None:
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        numeric = logging.INFO
    renderer: Any = structlog.processors.JSONRenderer() if log_format == "json" else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            redact_personal_data,
            structlog.processors.format_exc_info if log_format == "json" else structlog.processors.StackInfoRenderer(),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(file=_CurrentStderr()),  # type: ignore[arg-type]
        cache_logger_on_first_use=False,
    )
    # Library loggers (aiohttp access log, SQLAlchemy, alembic) through the std logging module.
    logging.basicConfig(level=max(numeric, logging.WARNING), stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")


def get_logger(name: str | None = None) -> Any:
    return structlog.get_logger(name)
