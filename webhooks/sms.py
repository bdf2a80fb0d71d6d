"""``POST /twilio/sms-status``: Twilio's status callback for the SMS zentrale sends.

Signed like every Twilio webhook: the ``X-Twilio-Signature`` must match ``ZENTRALE_PUBLIC_URL`` +
path for the auth token of the business the message belongs to (its YAML
``integrations.twilio.auth_token``, else ``TWILIO_AUTH_TOKEN``); otherwise 403 and nothing is
written. The notification with that ``MessageSid`` moves forward only (queued → sent →
delivered / undelivered / failed; a late "sent" after "delivered" changes nothing), with Twilio's
error code. An undelivered or failed SMS to a staff member queues ``notify.email_fallback`` in
the same transaction.
"""

from __future__ import annotations

from aiohttp import web

from zentrale.integrations.messaging import STATUS_CALLBACK_PATH
from zentrale.integrations.messaging.texts import twilio_error_de
from zentrale.logs import get_logger
from zentrale.runtime import CLOCK, DATABASE, INSTALLATION, SETTINGS
from zentrale.store import outbox
from zentrale.store.outbox import Connection, OutboxKind
from zentrale.store.repositories import notifications as repo
from zentrale.webhooks.security import SIGNATURE_HEADER, is_valid_signature, signed_url

log = get_logger(__name__)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


async def sms_status(request: web.Request) -> web.Response:
    form = await request.post()
    items = [(k, v) for k, v in form.items() if isinstance(v, str)]
    sid = str(form.get("MessageSid") or form.get("SmsSid") or "")
    db = request.app[DATABASE]
    installation = request.app[INSTALLATION]
    settings = request.app[SETTINGS]

    rows = await db.run_read(lambda conn: repo.by_provider_id_in(conn, sid)) if sid else []
    business = None
    if rows:
        try:
            business = installation.business(rows[0].business_id)
        except KeyError:
            business = None
    else:  # an SMS we do not know: still check that Twilio sent it (the account's business)
        account = form.get("AccountSid")
        business = next((b for b in installation if b.integrations.twilio.account_sid == account), None)
    token = (
        business.integrations.twilio.auth_token.get_secret_value()
        if business is not None and business.integrations.twilio.auth_token is not None
        else settings.twilio_auth_token
    )
    url = signed_url(settings.public_url, request.raw_path, str(request.url))
    if not is_valid_signature(token, url, items, request.headers.get(SIGNATURE_HEADER)):
        log.warning("twilio_signature_invalid", route=STATUS_CALLBACK_PATH)
        raise web.HTTPForbidden(text="invalid or missing X-Twilio-Signature\n")
    status = repo.TWILIO_STATUS.get(str(form.get("MessageStatus") or form.get("SmsStatus") or "").lower())
    if not rows or status is None:
        return web.Response(status=204)
    code = _int(str(form.get("ErrorCode") or "")) if form.get("ErrorCode") else None
    error = twilio_error_de(code) if code is not None or status in repo.FINAL_FAILURES else None
    business_id = rows[0].business_id
    now = request.app[CLOCK]()

    def write(conn: Connection) -> int:
        changed = repo.apply_status_in(conn, business_id, sid, status, error=error, now=now)
        queued = 0
        if status in repo.FINAL_FAILURES:
            # A digest SMS stands for several held rows: only the digest itself falls back.
            digests = [row for row in changed if row.kind == "digest"]
            for row in digests or changed:
                if row.channel == "sms" and row.staff_key is not None:
                    outbox.enqueue_in(
                        conn, business_id, OutboxKind.NOTIFY_EMAIL_FALLBACK, {"notification_id": row.id}, str(row.id), now=now
                    )
                    queued += 1
        return queued

    if await db.run_write(write):
        outbox.notify_enqueued()
    log.info("sms_status", status=status, error_code=code)
    return web.Response(status=204)


def install(app: web.Application) -> None:
    """Add ``POST /twilio/sms-status``."""
    app.router.add_post(STATUS_CALLBACK_PATH, sms_status)
