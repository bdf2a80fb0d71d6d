"""Where SMS and e-mail go out: Twilio account, SMTP server, the public URL for links.

Read from the environment (:meth:`MessagingSettings.from_env`); the Twilio account of a business
can be overridden in its YAML (``integrations.twilio``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from zentrale.settings import SettingsError

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8080"
DEFAULT_TWILIO_API_URL = "https://api.twilio.com"
DEFAULT_MAIL_FROM = "zentrale@localhost"


def _get(env: Mapping[str, str], name: str, default: str | None = None) -> str | None:
    value = env.get(name)
    if value is None or not value.strip():
        return default
    return value.strip()


@dataclass(frozen=True)
class TwilioAccount:
    """The account SMS are sent from (per business)."""

    account_sid: str
    auth_token: str = field(repr=False)
    sms_from: str


@dataclass(frozen=True)
class MessagingSettings:
    public_url: str = DEFAULT_PUBLIC_URL
    twilio_api_url: str = DEFAULT_TWILIO_API_URL
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = field(default=None, repr=False)
    sms_from: str | None = None
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_starttls: bool = False
    mail_from: str = DEFAULT_MAIL_FROM
    timeout: float = 10.0
    # Ask Twilio for status callbacks (only sensible when Twilio can reach public_url).
    status_callbacks: bool = True

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> MessagingSettings:
        """``ZENTRALE_PUBLIC_URL``, ``ZENTRALE_TWILIO_API_URL``, ``TWILIO_ACCOUNT_SID``,
        ``TWILIO_AUTH_TOKEN``, ``TWILIO_SMS_FROM``, ``ZENTRALE_SMTP_HOST`` / ``_PORT`` / ``_USER`` /
        ``_PASSWORD`` / ``_STARTTLS`` (0/1) and ``ZENTRALE_MAIL_FROM``."""
        env = os.environ if environ is None else environ
        port_text = _get(env, "ZENTRALE_SMTP_PORT", "25") or "25"
        try:
            port = int(port_text)
        except ValueError:
            raise SettingsError(f"ZENTRALE_SMTP_PORT must be a port number, not {port_text!r}") from None
        starttls = (_get(env, "ZENTRALE_SMTP_STARTTLS", "0") or "0").lower()
        if starttls not in {"0", "1", "true", "false", "yes", "no"}:
            raise SettingsError(f"ZENTRALE_SMTP_STARTTLS must be 0 or 1, not {starttls!r}")
        return cls(
            public_url=(_get(env, "ZENTRALE_PUBLIC_URL", DEFAULT_PUBLIC_URL) or DEFAULT_PUBLIC_URL).rstrip("/"),
            twilio_api_url=(_get(env, "ZENTRALE_TWILIO_API_URL", DEFAULT_TWILIO_API_URL) or DEFAULT_TWILIO_API_URL).rstrip("/"),
            twilio_account_sid=_get(env, "TWILIO_ACCOUNT_SID"),
            twilio_auth_token=_get(env, "TWILIO_AUTH_TOKEN"),
            sms_from=_get(env, "TWILIO_SMS_FROM"),
            smtp_host=_get(env, "ZENTRALE_SMTP_HOST", "localhost") or "localhost",
            smtp_port=port,
            smtp_user=_get(env, "ZENTRALE_SMTP_USER"),
            smtp_password=_get(env, "ZENTRALE_SMTP_PASSWORD"),
            smtp_starttls=starttls in {"1", "true", "yes"},
            mail_from=_get(env, "ZENTRALE_MAIL_FROM", DEFAULT_MAIL_FROM) or DEFAULT_MAIL_FROM,
            status_callbacks=_get(env, "ZENTRALE_PUBLIC_URL") is not None,
        )

    def twilio_for(self, business: Any) -> TwilioAccount | None:
        """The business's account (its YAML ``integrations.twilio`` over the environment); None
        when SID, token or sender is missing."""
        twilio = business.integrations.twilio
        sid = twilio.account_sid or self.twilio_account_sid
        token = twilio.auth_token.get_secret_value() if twilio.auth_token is not None else self.twilio_auth_token
        sender = twilio.sms_from or self.sms_from
        if not (sid and token and sender):
            return None
        return TwilioAccount(sid, token, sender)

    def auth_token_for(self, business: Any | None) -> str | None:
        if business is not None and business.integrations.twilio.auth_token is not None:
            return business.integrations.twilio.auth_token.get_secret_value()
        return self.twilio_auth_token

    def activity_link(self, activity_id: str) -> str:
        return f"{self.public_url}/inbox/activities/{activity_id}"

    def inbox_link(self) -> str:
        return f"{self.public_url}/inbox"

    @property
    def status_callback(self) -> str | None:
        """``{public_url}/twilio/sms-status``; None without a configured public URL (Twilio
        could not reach this process's own default address)."""
        from zentrale.integrations.messaging import STATUS_CALLBACK_PATH

        return self.public_url + STATUS_CALLBACK_PATH if self.status_callbacks else None
