"""E-mail through SMTP with the standard library: plain text plus an HTML alternative.

``smtplib`` runs in a thread (:func:`asyncio.to_thread`) so the event loop never waits for the
mail server. Failures are the delivery-error taxonomy (:mod:`zentrale.integrations.errors`):
refusals of the recipient or the message (5xx) are :class:`MailRefused`, a
:class:`~zentrale.integrations.errors.GiveUp` for this one e-mail; a refused login is
:class:`~zentrale.integrations.errors.Defer`; connection problems and 4xx answers are
:class:`~zentrale.integrations.errors.RetryLater`.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from zentrale.integrations.errors import Defer, GiveUp, RetryLater
from zentrale.integrations.messaging.settings import MessagingSettings
from zentrale.integrations.messaging.texts import Notice
from zentrale.logs import get_logger

log = get_logger(__name__)


class MailRefused(GiveUp):
    """The mail server refused this e-mail for good (reason in German)."""


def build_message(settings: MessagingSettings, to: str, notice: Notice, *, sender_name: str = "zentrale") -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((sender_name, settings.mail_from))
    message["To"] = to
    message["Subject"] = notice.subject
    domain = settings.mail_from.rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(notice.plain)
    message.add_alternative(notice.html, subtype="html")
    return message


class MailSender:
    def __init__(self, settings: MessagingSettings) -> None:
        self.settings = settings

    async def send(self, to: str, notice: Notice, *, sender_name: str = "zentrale") -> str:
        """Send; returns the Message-ID (stored as the notification's provider id)."""
        message = build_message(self.settings, to, notice, sender_name=sender_name)
        await asyncio.to_thread(self._send_sync, message)
        return str(message["Message-ID"])

    def _send_sync(self, message: EmailMessage) -> None:
        s = self.settings
        try:
            with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.timeout) as smtp:
                if s.smtp_starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if s.smtp_user:
                    smtp.login(s.smtp_user, s.smtp_password or "")
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if codes and all(code >= 500 for code in codes):
                raise MailRefused(f"Der Mailserver hat die Adresse abgelehnt (SMTP {codes[0]}).") from exc
            raise RetryLater(f"SMTP: recipient refused temporarily {codes}") from exc
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
            if exc.smtp_code >= 500:
                raise MailRefused(f"Der Mailserver hat die E-Mail abgelehnt (SMTP {exc.smtp_code}).") from exc
            raise RetryLater(f"SMTP: {exc.smtp_code}") from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise Defer(
                "Der Mailserver lehnt die Anmeldung ab (ZENTRALE_SMTP_USER / ZENTRALE_SMTP_PASSWORD prüfen); E-Mails warten.",
                delay=300,
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise RetryLater(f"SMTP: {type(exc).__name__}") from exc
