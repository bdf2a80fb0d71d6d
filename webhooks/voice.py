"""Twilio's voice webhooks: verify → parse → :class:`~zentrale.services.calls.CallService` → TwiML.

Routes (configure the number's *Voice URL*, *Fallback URL* and *Status callback URL* in Twilio
as ``{ZENTRALE_PUBLIC_URL}/twilio/voice``, ``/twilio/fallback`` and ``/twilio/status``, all POST):

* ``POST /twilio/voice``            — a call comes in; ``To`` selects the business.
* ``POST /twilio/gather?step=N``    — what the caller said (``SpeechResult``) or silence.
* ``POST /twilio/dial?step=N``      — a forward ended (``DialCallStatus``).
* ``POST /twilio/status``           — status callback; a final status finalizes the call.
* ``POST /twilio/fallback``         — Twilio's fallback when a handler above failed: takes a
  message without the dialogue, stored even when the database is down (spool).
* ``POST /twilio/fallback/message?n=N`` — that message.

Every request must carry a valid ``X-Twilio-Signature`` for ``ZENTRALE_PUBLIC_URL`` + path +
query (without a public URL: the URL as this process sees it), keyed with the business's
``integrations.twilio.auth_token`` or ``TWILIO_AUTH_TOKEN``: otherwise 403 and nothing is
written. A background task (the watchdog) finalizes calls whose status callback never comes and
writes spooled fallback messages into the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from datetime import timedelta

from aiohttp import web
from multidict import MultiDict, MultiDictProxy

from zentrale.bot.dialogue_texts import texts_for
from zentrale.config import BusinessConfig, Installation
from zentrale.config.phones import caller_e164
from zentrale.logs import get_logger
from zentrale.runtime import CLOCK, DATABASE, INSTALLATION, SECRETS, SETTINGS
from zentrale.services.calls import CallService
from zentrale.webhooks import twiml
from zentrale.webhooks.security import SIGNATURE_HEADER, is_valid_signature, signed_url
from zentrale.webhooks.spool import Spool

log = get_logger("zentrale.twilio")

CALL_SERVICE: web.AppKey[CallService] = web.AppKey("call_service", CallService)
SPOOL: web.AppKey[Spool] = web.AppKey("spool", Spool)

TWIML = "text/xml"
# A call without any webhook for this long has ended without telling us.
IDLE_BEFORE_FINALIZE = timedelta(minutes=10)
# ... unless it was being forwarded: a person may still be talking to the caller.
FORWARD_IDLE_BEFORE_FINALIZE = timedelta(hours=3)


def _business_for(installation: Installation, form: MultiDictProxy[str]) -> BusinessConfig | None:
    called = form.get("To") or form.get("Called") or ""
    business = installation.for_number(called)
    if business is None:
        e164 = caller_e164(called, installation.businesses[0].business.region or "DE") if installation.businesses else None
        business = installation.for_number(e164) if e164 else None
    if business is None and len(installation.businesses) == 1:
        # One business, one account: a number not (yet) listed in its YAML still rings it.
        business = installation.businesses[0]
    return business


def auth_token_for(request: web.Request, business: BusinessConfig | None) -> str | None:
    if business is not None and business.integrations.twilio.auth_token is not None:
        return business.integrations.twilio.auth_token.get_secret_value()
    return request.app[SETTINGS].twilio_auth_token


async def verified(request: web.Request) -> tuple[BusinessConfig, MultiDictProxy[str]]:
    """The business and the form of a genuine Twilio request; 403 for anything else."""
    # Twilio posts url-encoded text only: file fields (never sent by Twilio) are left out.
    items = [(k, v) for k, v in (await request.post()).items() if isinstance(v, str)]
    form = MultiDictProxy(MultiDict(items))
    business = _business_for(request.app[INSTALLATION], form)
    token = auth_token_for(request, business)
    url = signed_url(request.app[SETTINGS].public_url, request.raw_path, str(request.url))
    if token is None:
        log.error("twilio_no_auth_token", hint="set TWILIO_AUTH_TOKEN or integrations.twilio.auth_token")
        raise web.HTTPForbidden(text="webhook signature cannot be checked: no Twilio auth token configured\n")
    if not is_valid_signature(token, url, items, request.headers.get(SIGNATURE_HEADER)):
        log.warning(
            "twilio_signature_invalid",
            route=request.match_info.route.resource.canonical if request.match_info.route.resource else None,
        )
        raise web.HTTPForbidden(text="invalid or missing X-Twilio-Signature\n")
    if business is None:
        raise web.HTTPNotFound(text="the called number (To) belongs to no configured business\n")
    if not form.get("CallSid"):
        raise web.HTTPBadRequest(text="CallSid is missing\n")
    return business, form


def _step(request: web.Request, name: str = "step") -> int:
    try:
        value = int(request.query.get(name, ""))
    except ValueError:
        raise web.HTTPBadRequest(text=f"query parameter {name} must be a whole number\n") from None
    if value < 0:
        raise web.HTTPBadRequest(text=f"query parameter {name} must not be negative\n")
    return value


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _xml(body: str) -> web.Response:
    return web.Response(text=body, content_type=TWIML)


async def voice(request: web.Request) -> web.Response:
    business, form = await verified(request)
    service = request.app[CALL_SERVICE]
    return _xml(await service.answer(business, form["CallSid"], form.get("From"), form.get("To")))


async def gather(request: web.Request) -> web.Response:
    business, form = await verified(request)
    step = _step(request)
    service = request.app[CALL_SERVICE]
    body = await service.gather(
        business,
        form["CallSid"],
        step,
        form.get("SpeechResult"),
        _float(form.get("Confidence")),
        from_number=form.get("From"),
        to_number=form.get("To"),
    )
    return _xml(body)


async def dial(request: web.Request) -> web.Response:
    business, form = await verified(request)
    step = _step(request)
    service = request.app[CALL_SERVICE]
    body = await service.dial_result(
        business, form["CallSid"], step, form.get("DialCallStatus"), from_number=form.get("From"), to_number=form.get("To")
    )
    return _xml(body)


async def status(request: web.Request) -> web.Response:
    business, form = await verified(request)
    service = request.app[CALL_SERVICE]
    await service.status(
        business,
        form["CallSid"],
        form.get("CallStatus", ""),
        from_number=form.get("From"),
        to_number=form.get("To"),
        duration=_int(form.get("CallDuration")),
    )
    return web.Response(status=204)


async def _keep_message(request: web.Request, business: BusinessConfig, form: MultiDictProxy[str], key: str, text: str) -> None:
    """Into the store, else into the spool: a fallback message is never dropped."""
    service = request.app[CALL_SERVICE]
    try:
        await service.fallback_note(business, form["CallSid"], key, text, from_number=form.get("From"), to_number=form.get("To"))
    except Exception as exc:
        log.error("fallback_store_failed", business=business.id, error=type(exc).__name__)
        record = {
            "business_id": business.id,
            "call_sid": form["CallSid"],
            "key": key,
            "text": text,
            "from": form.get("From"),
            "to": form.get("To"),
        }
        request.app[SPOOL].append(record)


async def fallback(request: web.Request) -> web.Response:
    business, form = await verified(request)
    log.error("twilio_fallback", business=business.id, error_code=form.get("ErrorCode"))
    said = (form.get("SpeechResult") or "").strip()
    if said:
        # The failed request carried the caller's words: keep them before anything else.
        await _keep_message(request, business, form, "fallback:0", said)
    texts = texts_for(business.business.region, business.business.language)
    voice = twiml.voice_of(business)
    return _xml(
        twiml.render_message_prompt(texts.fallback_prompt, voice, "fallback/message?n=1", ("Rückruf", "Störung", "Termin"))
    )


async def fallback_message(request: web.Request) -> web.Response:
    business, form = await verified(request)
    n = _step(request, "n")
    said = (form.get("SpeechResult") or "").strip()
    texts = texts_for(business.business.region, business.business.language)
    voice = twiml.voice_of(business)
    if said:
        await _keep_message(request, business, form, f"fallback:{n}", said)
        return _xml(twiml.render_hangup(texts.fallback_thanks, voice))
    return _xml(twiml.render_hangup(texts.fallback_no_message, voice))


async def watchdog_once(app: web.Application) -> int:
    """Store spooled messages, then finalize calls that ended without a final status callback."""
    service = app[CALL_SERVICE]
    with contextlib.suppress(Exception):
        await app[SPOOL].replay(service.store_spooled)
    return await service.finalize_stale(idle=IDLE_BEFORE_FINALIZE, forwarding_idle=FORWARD_IDLE_BEFORE_FINALIZE)


def install(app: web.Application) -> None:
    async def calls_ctx(app: web.Application) -> AsyncIterator[None]:
        settings = app[SETTINGS]
        app[CALL_SERVICE] = CallService(
            app[DATABASE], app[INSTALLATION], twiml.TwimlRenderer(app[INSTALLATION]), clock=app[CLOCK]
        )
        app[SPOOL] = Spool(settings.var_dir / "spool" / "fallback.jsonl", app[SECRETS])
        # Everything loaded so far (configs, lexicons, compiled statements) lives as long as the
        # process: keep it out of the garbage collector's full passes, which otherwise walk it
        # every few seconds under load and stall every call for tens of milliseconds.
        gc.collect()
        gc.freeze()
        if settings.twilio_auth_token is None and not any(b.integrations.twilio.auth_token for b in app[INSTALLATION].businesses):
            log.warning("twilio_no_auth_token", hint="webhooks answer 403 until TWILIO_AUTH_TOKEN is set")

        stop = asyncio.Event()

        async def loop() -> None:
            while not stop.is_set():
                try:
                    finalized = await watchdog_once(app)
                    if finalized:
                        log.info("watchdog_finalized", calls=finalized)
                except Exception as exc:  # the database may be away; try again next round
                    log.warning("watchdog_failed", error=type(exc).__name__)
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(stop.wait(), settings.watchdog_seconds)

        task = asyncio.create_task(loop(), name="zentrale-call-watchdog")
        yield
        # Let a round in progress finish (it holds a database connection), then stop.
        stop.set()
        try:
            await asyncio.wait_for(task, 10)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    app.cleanup_ctx.append(calls_ctx)
    app.router.add_post("/twilio/voice", voice)
    app.router.add_post("/twilio/gather", gather)
    app.router.add_post("/twilio/dial", dial)
    app.router.add_post("/twilio/status", status)
    app.router.add_post("/twilio/fallback", fallback)
    app.router.add_post("/twilio/fallback/message", fallback_message)
