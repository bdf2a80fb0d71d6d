"""Notifications to staff and callers: SMS through Twilio's Messages API, e-mail through SMTP.

Everything is sent from the outbox (:mod:`zentrale.integrations.messaging.notify` holds the
handlers), never from a request handler; :mod:`~zentrale.webhooks.sms` adds the
signed SMS status callback ``POST /twilio/sms-status``. Each SMS or e-mail is one
:class:`~zentrale.store.models.Notification` row with its delivery status. The outbox kinds are
:class:`zentrale.store.outbox.OutboxKind`.
"""

from __future__ import annotations

STATUS_CALLBACK_PATH = "/twilio/sms-status"
