"""Process settings read from the environment (the YAML holds per-business settings).

Everything an operator sets per installation comes from ``ZENTRALE_*`` variables so that
the same code runs as the quick-start demo, under systemd and in CI.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BODY_BYTES = 256 * 1024
# Outbox deliveries the in-server worker runs at once (0: no worker in the server).
DEFAULT_WORKER_CONCURRENCY = 4
# How often the server's watchdog looks for calls without a final status callback.
DEFAULT_WATCHDOG_SECONDS = 60.0
DEFAULT_TWILIO_API_URL = "https://api.twilio.com"
DEFAULT_MAIL_FROM = "zentrale@localhost"
_BOOLEANS = {"0": False, "1": True, "false": False, "true": True, "no": False, "yes": True}


class SettingsError(Exception):
    """A setting is missing or malformed; the message says which variable to fix."""


def _env(environ: Mapping[str, str], name: str, default: str | None = None) -> str | None:
    value = environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


@dataclass(frozen=True)
class Settings:
    """Installation-wide settings. Build with :meth:`from_env`; tests pass values directly."""

    var_dir: Path = Path("var")
    database_url: str = ""
    config_path: Path | None = None
    secret_key: str | None = None
    secret_key_file: Path | None = None
    public_url: str | None = None
    log_format: str = "console"
    log_level: str = "INFO"
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    # Twilio's own variable names: the account's auth token signs every webhook.
    twilio_auth_token: str | None = field(default=None, repr=False)
    twilio_account_sid: str | None = None
    # SMS and e-mail to staff (``integrations/messaging``); a business's YAML may set its own Twilio account.
    twilio_sms_from: str | None = None
    twilio_api_url: str = DEFAULT_TWILIO_API_URL
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_starttls: bool = False
    mail_from: str = DEFAULT_MAIL_FROM
    worker_concurrency: int = DEFAULT_WORKER_CONCURRENCY
    watchdog_seconds: float = DEFAULT_WATCHDOG_SECONDS

    def __post_init__(self) -> None:
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite+aiosqlite:///{self.var_dir / 'zentrale.db'}")
        if self.log_format not in {"console", "json"}:
            raise SettingsError(f"ZENTRALE_LOG_FORMAT must be 'console' or 'json', not {self.log_format!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """The settings of this process: every variable zentrale reads is read here, once.

        ``environ`` replaces ``os.environ`` (tests); ``overrides`` that are not None win (CLI options)."""
        env: Mapping[str, str] = os.environ if environ is None else environ
        var_dir = Path(_env(env, "ZENTRALE_VAR_DIR", "var") or "var")
        config = _env(env, "ZENTRALE_CONFIG")
        key_file = _env(env, "ZENTRALE_SECRET_KEY_FILE")
        max_body = _env(env, "ZENTRALE_MAX_BODY_BYTES", str(DEFAULT_MAX_BODY_BYTES)) or ""
        try:
            max_body_bytes = int(max_body)
        except ValueError:
            raise SettingsError(f"ZENTRALE_MAX_BODY_BYTES must be a whole number of bytes, not {max_body!r}") from None
        values: dict[str, object] = dict(
            var_dir=var_dir,
            database_url=_env(env, "ZENTRALE_DATABASE_URL", "") or "",
            config_path=Path(config) if config else None,
            secret_key=_env(env, "ZENTRALE_SECRET_KEY"),
            secret_key_file=Path(key_file) if key_file else var_dir / "secret.key",
            public_url=_env(env, "ZENTRALE_PUBLIC_URL"),
            log_format=(_env(env, "ZENTRALE_LOG_FORMAT", "console") or "console").lower(),
            log_level=(_env(env, "ZENTRALE_LOG_LEVEL", "INFO") or "INFO").upper(),
            max_body_bytes=max_body_bytes,
            twilio_auth_token=_env(env, "TWILIO_AUTH_TOKEN"),
            twilio_account_sid=_env(env, "TWILIO_ACCOUNT_SID"),
            twilio_sms_from=_env(env, "TWILIO_SMS_FROM"),
            twilio_api_url=(_env(env, "ZENTRALE_TWILIO_API_URL") or DEFAULT_TWILIO_API_URL).rstrip("/"),
            smtp_host=_env(env, "ZENTRALE_SMTP_HOST") or "localhost",
            smtp_port=_smtp_port(env),
            smtp_user=_env(env, "ZENTRALE_SMTP_USER"),
            smtp_password=_env(env, "ZENTRALE_SMTP_PASSWORD"),
            smtp_starttls=_smtp_starttls(env),
            mail_from=_env(env, "ZENTRALE_MAIL_FROM") or DEFAULT_MAIL_FROM,
            worker_concurrency=_worker_concurrency(env),
            watchdog_seconds=_watchdog_seconds(env),
        )
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def secret_keys(self) -> list[str]:
        """The Fernet keys, newest first: ``ZENTRALE_SECRET_KEY`` (comma separated) or the key file."""
        raw = self.secret_key
        if raw is None and self.secret_key_file is not None and self.secret_key_file.exists():
            raw = self.secret_key_file.read_text(encoding="utf-8")
        if raw is None:
            raise SettingsError(
                "no secret key: set ZENTRALE_SECRET_KEY (Fernet keys, newest first, comma separated) "
                "or run `zentrale secrets init` to create a local key file"
            )
        keys = [k.strip() for k in raw.replace("\n", ",").split(",") if k.strip() and not k.strip().startswith("#")]
        if not keys:
            raise SettingsError("ZENTRALE_SECRET_KEY / key file holds no key")
        return keys


def _smtp_port(env: Mapping[str, str]) -> int:
    raw = _env(env, "ZENTRALE_SMTP_PORT", "25") or "25"
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"ZENTRALE_SMTP_PORT must be a port number, not {raw!r}") from None


def _smtp_starttls(env: Mapping[str, str]) -> bool:
    raw = (_env(env, "ZENTRALE_SMTP_STARTTLS", "0") or "0").lower()
    if raw not in _BOOLEANS:
        raise SettingsError(f"ZENTRALE_SMTP_STARTTLS must be 0 or 1, not {raw!r}")
    return _BOOLEANS[raw]


def _worker_concurrency(env: Mapping[str, str]) -> int:
    """``ZENTRALE_WORKER_CONCURRENCY`` (default 4; 0 = no worker in the server, e.g. when
    separate ``zentrale worker`` processes deliver)."""
    raw = _env(env, "ZENTRALE_WORKER_CONCURRENCY")
    if raw is None:
        return DEFAULT_WORKER_CONCURRENCY
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(
            f"ZENTRALE_WORKER_CONCURRENCY must be a whole number (0 disables the in-server worker), not {raw!r}"
        ) from None
    if value < 0:
        raise SettingsError(f"ZENTRALE_WORKER_CONCURRENCY must be 0 or more, not {value}")
    return value


def _watchdog_seconds(env: Mapping[str, str]) -> float:
    """``ZENTRALE_WATCHDOG_SECONDS`` (default 60, at least 1)."""
    raw = _env(env, "ZENTRALE_WATCHDOG_SECONDS")
    if raw is None:
        return DEFAULT_WATCHDOG_SECONDS
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"ZENTRALE_WATCHDOG_SECONDS must be a number of seconds, not {raw!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise SettingsError(f"ZENTRALE_WATCHDOG_SECONDS must be a number of seconds, not {raw!r}")
    return max(1.0, value)
