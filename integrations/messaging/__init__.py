"""Notifications to staff and callers: SMS through Twilio's Messages API, e-mail through SMTP.

Everything is sent from the outbox (:mod:`zentrale.integrations.messaging.notify` holds the
handlers), never from a request handler; :mod:`~zentrale.webhooks.sms` adds the
signed SMS status callback ``POST /twilio/sms-status``. Each SMS or e-mail is one
:class:`~zentrale.store.models.Notification` row with its delivery status.
"""

from __future__ import annotations

NOTIFY_ACTIVITY = "notify.activity"
NOTIFY_FOLLOW_UP = "notify.follow_up"
NOTIFY_DEAD_LETTER = "notify.dead_letter"
NOTIFY_DIGEST = "notify.digest"
NOTIFY_EMAIL_FALLBACK = "notify.email_fallback"
SMS_REPLY = "sms.reply"

STATUS_CALLBACK_PATH = "/twilio/sms-status"
