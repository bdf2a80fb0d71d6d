"""Where SMS and e-mail go out: Twilio account, SMTP server, the public URL for links.

Taken from the process settings (:meth:`MessagingSettings.from_settings`: ``settings.py`` reads the
environment); the Twilio account of a business can be overridden in its YAML (``integrations.twilio``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from zentrale.config.schema import BusinessConfig
from zentrale.settings import DEFAULT_MAIL_FROM, DEFAULT_TWILIO_API_URL, Settings

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8080"


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
    def from_settings(cls, settings: Settings) -> MessagingSettings:
        """The messaging part of the process settings (``ZENTRALE_PUBLIC_URL``,
        ``ZENTRALE_TWILIO_API_URL``, ``TWILIO_ACCOUNT_SID`` / ``_AUTH_TOKEN`` / ``_SMS_FROM``,
        ``ZENTRALE_SMTP_HOST`` / ``_PORT`` / ``_USER`` / ``_PASSWORD`` / ``_STARTTLS`` and
        ``ZENTRALE_MAIL_FROM``, all read by :meth:`Settings.from_env`)."""
        return cls(
            public_url=(settings.public_url or DEFAULT_PUBLIC_URL).rstrip("/"),
            twilio_api_url=settings.twilio_api_url.rstrip("/"),
            twilio_account_sid=settings.twilio_account_sid,
            twilio_auth_token=settings.twilio_auth_token,
            sms_from=settings.twilio_sms_from,
            smtp_host=settings.smtp_host,
            smtp_port=settings.smtp_port,
            smtp_user=settings.smtp_user,
            smtp_password=settings.smtp_password,
            smtp_starttls=settings.smtp_starttls,
            mail_from=settings.mail_from,
            status_callbacks=settings.public_url is not None,
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> MessagingSettings:
        """:meth:`from_settings` of ``Settings.from_env(environ)`` (``os.environ`` when None)."""
        return cls.from_settings(Settings.from_env(environ))

    def twilio_for(self, business: BusinessConfig) -> TwilioAccount | None:
        """The business's account (its YAML ``integrations.twilio`` over the environment); None
        when SID, token or sender is missing."""
        twilio = business.integrations.twilio
        sid = twilio.account_sid or self.twilio_account_sid
        token = twilio.auth_token.get_secret_value() if twilio.auth_token is not None else self.twilio_auth_token
        sender = twilio.sms_from or self.sms_from
        if not (sid and token and sender):
            return None
        return TwilioAccount(sid, token, sender)

    def auth_token_for(self, business: BusinessConfig | None) -> str | None:
        if business is not None and business.integrations.twilio.auth_token is not None:
            return str(business.integrations.twilio.auth_token.get_secret_value())
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
