"""The inbox pages (server-rendered, German, mobile first).

Routes (all under ``/inbox``):

- ``GET/POST /inbox/login``, ``POST /inbox/logout``, ``GET/POST /inbox/invite/{token}``
- ``GET /inbox`` the list; ``GET /inbox/list`` its rows as an HTML fragment (``inbox.js``
  refreshes them every 20 s and when a filter changes)
- ``GET /inbox/activities/{id}`` the detail; ``GET .../reply`` the reply SMS status fragment;
  ``POST .../{done|delegate|priority|follow-up|convert|reply}`` the actions (303 back)
- ``GET /inbox/admin`` staff and their access (owner/admin); ``POST /inbox/admin/staff/{key}/
  {invite|block|expiry}``

Sessions, the session cookie, CSRF and roles are :mod:`zentrale.web.auth`'s (shared with the
admin pages): every POST of a logged-in page must carry the session's CSRF token (``csrf``),
else 403 "Sicherheitsprüfung fehlgeschlagen" and nothing changes. The staff admin actions write
their audit entry in the transaction of the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from zentrale.bot.readback import display_phone
from zentrale.config.vocabulary import PRIORITY_LABELS_DE, slot_label
from zentrale.logs import get_logger
from zentrale.runtime import DATABASE, INSTALLATION, SETTINGS
from zentrale.services import activities as repo
from zentrale.store.models import DeliveryStatus, NotificationStatus, Priority, StaffRole
from zentrale.store.repositories import audit
from zentrale.store.repositories import staff_accounts as accounts
from zentrale.web import auth
from zentrale.web.audit import ROLE_DE, describe
from zentrale.web.render import html_response, install_static, render

log = get_logger(__name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
}
CSRF_FAILED = auth.CSRF_FAILED

STATUS_DE = {"open": "offen", "done": "erledigt"}
DELIVERY_DE = {
    DeliveryStatus.LOCAL.value: "nur in zentrale (keine Handwerkersoftware)",
    DeliveryStatus.PENDING.value: "wird an die Handwerkersoftware übertragen",
    DeliveryStatus.DELIVERED.value: "in der Handwerkersoftware angelegt",
    DeliveryStatus.DEAD.value: "von der Handwerkersoftware abgelehnt",
}
REPLY_STATUS_DE = {
    NotificationStatus.PENDING.value: "wird gesendet",
    NotificationStatus.HELD.value: "zurückgehalten",
    NotificationStatus.QUEUED.value: "beim SMS-Dienst eingereiht",
    NotificationStatus.SENT.value: "gesendet",
    NotificationStatus.DELIVERED.value: "zugestellt",
    NotificationStatus.UNDELIVERED.value: "nicht zugestellt",
    NotificationStatus.FAILED.value: "fehlgeschlagen",
}
REPLY_FINAL = {NotificationStatus.DELIVERED.value, NotificationStatus.UNDELIVERED.value, NotificationStatus.FAILED.value}
ACCOUNT_DE = {
    accounts.AccountState.NONE: "nicht eingeladen",
    accounts.AccountState.INVITED: "eingeladen",
    accounts.AccountState.ACTIVE: "aktiv",
    accounts.AccountState.BLOCKED: "gesperrt",
    accounts.AccountState.EXPIRED: "abgelaufen",
}
DONE_MESSAGES = {
    "erledigt": "Als erledigt markiert.",
    "offen": "Wieder geöffnet.",
    "delegiert": "Weitergegeben.",
    "prioritaet": "Priorität geändert.",
    "wiedervorlage": "Wiedervorlage gespeichert.",
    "wiedervorlage-entfernt": "Wiedervorlage entfernt.",
    "auftrag": "Der Auftrag wird in der Handwerkersoftware angelegt.",
    "sms": "Die SMS wird gesendet.",
    "gesperrt": "Zugang gesperrt.",
    "entsperrt": "Zugang entsperrt.",
    "ablauf": "Ablaufdatum gespeichert.",
    "abgemeldet": "Sie sind abgemeldet.",
}


@dataclass(frozen=True)
class Fmt:
    """Formatting for templates in the business's time zone and region."""

    tz: ZoneInfo
    region: str = "DE"

    def when(self, value: datetime | None) -> str:
        return value.astimezone(self.tz).strftime("%d.%m.%Y %H:%M") if value else "–"

    def short(self, value: datetime | None) -> str:
        return value.astimezone(self.tz).strftime("%d.%m. %H:%M") if value else "–"

    def iso(self, value: datetime | None) -> str:
        return value.isoformat() if value else ""

    def local_input(self, value: datetime | None) -> str:
        return value.astimezone(self.tz).strftime("%Y-%m-%dT%H:%M") if value else ""

    def date_input(self, value: datetime | None) -> str:
        # access_expires_at is the start of the day after the last valid one
        return (value.astimezone(self.tz) - timedelta(minutes=1)).strftime("%Y-%m-%d") if value else ""

    def last_day(self, value: datetime | None) -> str:
        return (value.astimezone(self.tz) - timedelta(minutes=1)).strftime("%d.%m.%Y") if value else "–"

    def phone(self, number: str | None) -> str:
        return display_phone(number, self.region) if number else "–"

    @staticmethod
    def duration(seconds: Any) -> str:
        if seconds is None:
            return "–"
        minutes, rest = divmod(int(seconds), 60)
        return f"{minutes} Min. {rest} Sek." if minutes else f"{rest} Sek."


def _fmt(business: Any) -> Fmt:
    return Fmt(business.business.zone, business.business.region or "DE")


def _now(request: web.Request) -> datetime:
    return auth.now_of(request)


def _page(template: str, *, status: int = 200, headers: dict[str, str] | None = None, **context: Any) -> web.Response:
    return html_response(template, status=status, headers={**SECURITY_HEADERS, **(headers or {})}, **context)


def _message(title: str, text: str, *, status: int, auth_: auth.Auth | None = None) -> web.Response:
    return _page("inbox_message.html", status=status, title=title, text=text, auth=auth_)


def _refuse(request: web.Request, title: str, text: str, status: int, who: auth.Auth | None) -> web.Response:
    return _message(title, text, status=status, auth_=who)


async def _auth(request: web.Request) -> auth.Auth | None:
    return await auth.request_auth(request)


def logged_in(*, fragment: bool = False, admin: bool = False) -> Any:
    """:func:`zentrale.web.auth.require_login` with the inbox's German message page; ``admin``:
    owner and admin only."""
    return auth.require_login(_refuse, roles=auth.ADMIN_ROLES if admin else None, fragment=fragment)


# ----------------------------------------------------------------------------- login, invitation


def _prelogin_token(request: web.Request) -> tuple[str, bool]:
    existing = request.cookies.get(auth.PRELOGIN_COOKIE)
    if existing and len(existing) >= 32:
        return existing, False
    return auth.new_token(), True


def _with_prelogin(request: web.Request, response: web.Response, token: str, new: bool) -> web.Response:
    if new:
        response.set_cookie(
            auth.PRELOGIN_COOKIE,
            token,
            max_age=3600,
            path=auth.PRELOGIN_COOKIE_PATH,
            httponly=True,
            samesite="Strict",
            secure=auth.is_secure(request),
        )
    return response


def _next_path(value: Any) -> str:
    return auth.next_path(value)


def _login_page(
    request: web.Request,
    *,
    error: str | None = None,
    notice: str | None = None,
    identifier: str = "",
    business_id: str = "",
    status: int = 200,
    next_path: str = "/inbox",
) -> web.Response:
    token, new = _prelogin_token(request)
    businesses = [(b.id, b.business.name) for b in request.app[INSTALLATION].businesses]
    response = _page(
        "inbox_login.html",
        status=status,
        csrf=token,
        error=error,
        notice=notice,
        identifier=identifier,
        businesses=businesses if len(businesses) > 1 else [],
        business_id=business_id,
        auth=None,
        next_path=next_path,
    )
    return _with_prelogin(request, response, token, new)


async def login_form(request: web.Request) -> web.StreamResponse:
    if await _auth(request) is not None:
        raise web.HTTPSeeOther(_next_path(request.query.get("weiter")))
    notice = DONE_MESSAGES.get(request.query.get("ok", ""))
    return _login_page(request, notice=notice, next_path=_next_path(request.query.get("weiter")))


def _prelogin_ok(request: web.Request, form: Any) -> bool:
    return auth.tokens_match(form.get("csrf"), request.cookies.get(auth.PRELOGIN_COOKIE))


async def login_submit(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    if not _prelogin_ok(request, form):
        return _message(CSRF_FAILED, "Bitte die Anmeldeseite neu laden und es noch einmal versuchen.", status=403)
    identifier = str(form.get("login", ""))
    business_id = str(form.get("betrieb", "")) or None
    result = await auth.login(
        request.app[DATABASE],
        request.app[INSTALLATION],
        identifier,
        str(form.get("passwort", "")),
        business_id=business_id,
        now=_now(request),
    )
    if result.token is None:
        log.info("inbox_login_refused")
        return _login_page(
            request,
            error=result.error,
            identifier=identifier,
            business_id=business_id or "",
            status=401,
            next_path=_next_path(form.get("weiter")),
        )
    log.info("inbox_login")
    response = web.HTTPSeeOther(_next_path(form.get("weiter")))
    auth.set_session_cookie(request, response, result.token)
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    who = await _auth(request)
    if who is not None:
        form = await request.post()
        if not auth.csrf_ok(form, who):
            return _message(CSRF_FAILED, "Bitte die Seite neu laden.", status=403, auth_=who)
        # this browser logs out: also a session cookie an older version left on /inbox
        others = [h for h in map(auth.token_hash, auth.session_tokens(request)) if h != who.session_hash]
        await auth.end_session(request.app[DATABASE], who.session_hash, *others)
    response = web.HTTPSeeOther(f"{auth.LOGIN_PATH}?ok=abgemeldet")
    auth.clear_session_cookie(response)
    raise response


async def _invitation(request: web.Request) -> tuple[Any, Any] | None:
    """The usable invitation of the link and its business, or None."""
    hashed = auth.token_hash(request.match_info["token"])
    async with request.app[DATABASE].read() as session:
        invitation = await accounts.find_invitation(session, hashed)
    if invitation is None or not accounts.invitation_usable(invitation, _now(request)):
        return None
    try:
        business = request.app[INSTALLATION].business(invitation.business_id)
    except KeyError:
        return None
    if business.staff_member(invitation.staff_key) is None:
        return None
    return invitation, business


_INVITATION_GONE = "Dieser Einladungslink ist ungültig, abgelaufen oder wurde schon benutzt. Bitte um eine neue Einladung bitten."


def _invite_page(
    request: web.Request, invitation: Any, business: Any, *, error: str | None = None, status: int = 200
) -> web.Response:
    token, new = _prelogin_token(request)
    member = business.staff_member(invitation.staff_key)
    response = _page(
        "inbox_invite.html",
        status=status,
        csrf=token,
        error=error,
        person_name=member.name,
        business_name=business.business.name,
        minimum=auth.PASSWORD_MIN_CHARS,
        auth=None,
    )
    return _with_prelogin(request, response, token, new)


async def invite_form(request: web.Request) -> web.StreamResponse:
    found = await _invitation(request)
    if found is None:
        return _message("Einladung ungültig", _INVITATION_GONE, status=404)
    return _invite_page(request, *found)


async def invite_submit(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    if not _prelogin_ok(request, form):
        return _message(CSRF_FAILED, "Bitte den Einladungslink neu öffnen und es noch einmal versuchen.", status=403)
    found = await _invitation(request)
    if found is None:
        return _message("Einladung ungültig", _INVITATION_GONE, status=404)
    invitation, business = found
    password, repeated = str(form.get("passwort", "")), str(form.get("passwort2", ""))
    problem = auth.password_problem(password, repeated)
    if problem:
        return _invite_page(request, invitation, business, error=problem, status=400)
    now = _now(request)
    db = request.app[DATABASE]
    async with db.transaction() as session:
        fresh = await accounts.find_invitation(session, invitation.token_hash, lock=True)
        if fresh is None or not accounts.invitation_usable(fresh, now):
            return _message("Einladung ungültig", _INVITATION_GONE, status=404)
        try:
            account = await accounts.use_invitation(session, fresh, auth.hash_password(password), now=now)
        except LookupError:
            return _message("Einladung ungültig", _INVITATION_GONE, status=404)
        if not accounts.may_log_in(account, now):
            blocked = account.blocked
        else:
            blocked = None
            await accounts.record_login(session, account, now=now)
            token = await auth.start_session(db, business.id, fresh.staff_key, now=now, session=session)
    if blocked is not None:
        return _message("Passwort gespeichert", auth.BLOCKED if blocked else auth.EXPIRED, status=403)
    log.info("inbox_invitation_used", business=business.id)
    response = web.HTTPSeeOther("/inbox")
    auth.set_session_cookie(request, response, token)
    raise response


# ----------------------------------------------------------------------------- list


def _filters(request: web.Request) -> repo.InboxFilter:
    query = request.query
    return repo.InboxFilter(
        mine=query.get("meine") == "1",
        my_teams=query.get("teams") == "1",
        open_only=query.get("offen") == "1",
        type=query.get("typ") or None,
        search=(query.get("suche") or "").strip()[:80] or None,
    )


def _people(business: Any) -> dict[str, str]:
    return {member.id: member.name for member in business.staff}


def _team_label(team: str) -> str:
    return "Team " + team.replace("-", " ").replace("_", " ").title()


def _common(who: auth.Auth) -> dict[str, Any]:
    return {
        "auth": who,
        "fmt": _fmt(who.business),
        "people": _people(who.business),
        "team_label": _team_label,
        "priority_de": PRIORITY_LABELS_DE,
        "status_de": STATUS_DE,
    }


async def _rows(request: web.Request, who: auth.Auth, filters: repo.InboxFilter) -> list[repo.InboxRow]:
    async with request.app[DATABASE].read() as session:
        return await repo.list_activities(session, who.viewer, filters)


async def list_page(request: web.Request, who: auth.Auth) -> web.StreamResponse:
    filters = _filters(request)
    rows = await _rows(request, who, filters)
    async with request.app[DATABASE].read() as session:
        types = await repo.activity_types(session, who.viewer)
    return _page(
        "inbox_list.html",
        rows=rows,
        filters=filters,
        types=types,
        notice=DONE_MESSAGES.get(request.query.get("ok", "")),
        **_common(who),
    )


async def list_fragment(request: web.Request, who: auth.Auth) -> web.StreamResponse:
    rows = await _rows(request, who, _filters(request))
    text = render("inbox_rows.html", rows=rows, **_common(who))
    response = web.Response(text=text, content_type="text/html", charset="utf-8")
    response.headers.update({"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", **SECURITY_HEADERS})
    return response


# ----------------------------------------------------------------------------- detail and actions


def _not_found(who: auth.Auth) -> web.Response:
    return _message(
        "Nicht gefunden", "Diese Aktivität gibt es nicht, oder sie ist für Sie nicht sichtbar.", status=404, auth_=who
    )


def _slot_rows(detail: repo.ActivityDetail, fmt: Fmt) -> list[tuple[str, str]]:
    rows = []
    for name, entry in detail.slots.items():
        if not isinstance(entry, dict) or not entry.get("value"):
            continue
        shown = str(entry["value"])
        if name == "callback_number" and entry.get("normalized"):
            shown = fmt.phone(str(entry["normalized"]))
        rows.append((slot_label(name), shown))
    return rows


def _has_trade(business: Any) -> bool:
    return business.integrations is not None and business.integrations.trade_system is not None


async def _detail_page(
    request: web.Request, who: auth.Auth, *, error: str | None = None, status: int = 200, reply_text: str = ""
) -> web.StreamResponse:
    activity_id = request.match_info["activity_id"]
    async with request.app[DATABASE].read() as session:
        detail = await repo.get_detail(session, who.viewer, activity_id)
        converting = detail is not None and await repo.order_requested(session, who.viewer.business_id, activity_id)
    if detail is None:
        return _not_found(who)
    business = who.business
    common = _common(who)
    fmt: Fmt = common["fmt"]
    call = detail.call
    task = business.task(detail.activity.task_id) if detail.activity.task_id else None
    call_number = None
    if call is not None:
        given = detail.slots.get("callback_number")
        call_number = (given.get("normalized") if isinstance(given, dict) else None) or call.from_number
        if call_number and not call_number.startswith("+"):
            call_number = None  # withheld / anonymous
    length = None
    if call is not None:
        length = (call.details or {}).get("duration_seconds")
        if length is None and call.ended_at is not None:
            length = int((call.ended_at - call.started_at).total_seconds())
    return _page(
        "inbox_detail.html",
        status=status,
        detail=detail,
        a=detail.activity,
        call=call,
        task=task,
        call_number=call_number,
        length=length,
        slot_rows=_slot_rows(detail, fmt),
        reply_possible=repo.reply_number(call, business.business.region or "DE") is not None,
        reply=detail.reply,
        reply_max=repo.REPLY_MAX_CHARS,
        reply_text=reply_text,
        reply_status=REPLY_STATUS_DE,
        reply_final=REPLY_FINAL,
        delivery_de=DELIVERY_DE,
        trade=_has_trade(business),
        converting=converting,
        teams=business.teams,
        priorities=[p.value for p in reversed(Priority)],
        error=error,
        notice=DONE_MESSAGES.get(request.query.get("ok", "")),
        **common,
    )


async def detail_page(request: web.Request, who: auth.Auth) -> web.StreamResponse:
    return await _detail_page(request, who)


async def reply_fragment(request: web.Request, who: auth.Auth) -> web.StreamResponse:
    async with request.app[DATABASE].read() as session:
        detail = await repo.get_detail(session, who.viewer, request.match_info["activity_id"])
    if detail is None:
        return web.Response(status=404, text="")
    text = render("inbox_reply.html", reply=detail.reply, reply_status=REPLY_STATUS_DE, reply_final=REPLY_FINAL, **_common(who))
    response = web.Response(text=text, content_type="text/html", charset="utf-8")
    response.headers.update({"Cache-Control": "no-store", **SECURITY_HEADERS})
    return response


def _parse_local(value: str, tz: ZoneInfo) -> datetime:
    return datetime.strptime(value.strip(), "%Y-%m-%dT%H:%M").replace(tzinfo=tz)


async def action(request: web.Request, who: auth.Auth) -> web.StreamResponse:
    activity_id = request.match_info["activity_id"]
    name = request.match_info["action"]
    form = await request.post()
    business, viewer, now = who.business, who.viewer, _now(request)
    db = request.app[DATABASE]
    ok = ""
    try:
        async with db.transaction() as session:
            if name == "done":
                done = form.get("erledigt") == "1"
                await repo.set_done(session, viewer, business, activity_id, done, now=now)
                ok = "erledigt" if done else "offen"
            elif name == "delegate":
                target = str(form.get("an", ""))
                kind, _, key = target.partition(":")
                if kind == "person":
                    await repo.delegate(session, viewer, business, activity_id, assignee=key, now=now)
                elif kind == "team":
                    await repo.delegate(session, viewer, business, activity_id, team=key, now=now)
                else:
                    raise repo.InboxError("Bitte eine Person oder ein Team auswählen.")
                ok = "delegiert"
            elif name == "priority":
                await repo.set_priority(session, viewer, business, activity_id, str(form.get("prioritaet", "")), now=now)
                ok = "prioritaet"
            elif name == "follow-up":
                raw = str(form.get("wiedervorlage", "")).strip()
                when = None
                if raw:
                    try:
                        when = _parse_local(raw, business.business.zone)
                    except ValueError:
                        raise repo.InboxError("Bitte Datum und Uhrzeit der Wiedervorlage angeben.") from None
                    if when <= now:
                        raise repo.InboxError("Die Wiedervorlage muss in der Zukunft liegen.")
                await repo.set_follow_up(session, viewer, business, activity_id, when, now=now)
                ok = "wiedervorlage" if when else "wiedervorlage-entfernt"
            elif name == "convert":
                await repo.request_order(session, viewer, business, activity_id, now=now)
                ok = "auftrag"
            elif name == "reply":
                await repo.reply_by_sms(session, viewer, business, activity_id, str(form.get("text", "")), now=now)
                ok = "sms"
            else:
                raise web.HTTPNotFound()
    except LookupError:
        return _not_found(who)
    except repo.InboxError as exc:
        return await _detail_page(request, who, error=str(exc), status=400, reply_text=str(form.get("text", "")))
    log.info("inbox_action", business=viewer.business_id, action=name, activity=activity_id)
    async with db.read() as session:
        still_visible = await repo.get_visible(session, viewer, activity_id) is not None
    if not still_visible:  # handed to someone this person does not cover
        raise web.HTTPSeeOther(f"/inbox?ok={ok}")
    raise web.HTTPSeeOther(f"/inbox/activities/{activity_id}?ok={ok}")


# ----------------------------------------------------------------------------- admin


async def _admin_page(
    request: web.Request,
    who: auth.Auth,
    *,
    link: str | None = None,
    link_for: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> web.StreamResponse:
    business, now = who.business, _now(request)
    async with request.app[DATABASE].read() as session:
        found = await accounts.list_accounts(session, business.id)
        entries = await audit.list_recent(session, business.id)
    staff = []
    for member in business.staff:
        account = found.get(member.id)
        state = accounts.account_state(account, now)
        staff.append(
            {
                "member": member,
                "account": account,
                "state": state,
                "state_de": ACCOUNT_DE[state],
                "role_de": ROLE_DE.get(member.role, member.role),
            }
        )
    return _page(
        "inbox_admin.html",
        status=status,
        staff=staff,
        audit_entries=[describe(entry, business) for entry in entries],
        link=link,
        link_for=link_for,
        error=error,
        notice=DONE_MESSAGES.get(request.query.get("ok", "")),
        **_common(who),
    )


async def admin_page(request: web.Request, who: auth.Auth) -> web.StreamResponse:
    return await _admin_page(request, who)


async def admin_action(request: web.Request, who: auth.Auth) -> web.StreamResponse:
    business, now = who.business, _now(request)
    staff_key, name = request.match_info["staff_key"], request.match_info["action"]
    member = business.staff_member(staff_key)
    if member is None:
        return _message("Nicht gefunden", "Diese Person gibt es in diesem Betrieb nicht.", status=404, auth_=who)
    if name != "invite":
        if staff_key == who.viewer.staff_key:
            return await _admin_page(
                request, who, error="Den eigenen Zugang können Sie nicht sperren oder befristen.", status=400
            )
        if member.role == StaffRole.OWNER.value and who.viewer.role != StaffRole.OWNER.value:
            return await _admin_page(request, who, error="Den Zugang des Inhabers kann nur der Inhaber ändern.", status=400)
    form = await request.post()
    db = request.app[DATABASE]
    if name == "invite":
        token = await auth.invite(db, business, staff_key, created_by=who.viewer.staff_key, now=now)
        log.info("inbox_invitation_created", business=business.id, staff=staff_key)
        link = auth.invite_link(request.app[SETTINGS].public_url, token)
        return await _admin_page(request, who, link=link, link_for=member.name)
    if name == "block":
        blocked = form.get("sperren") == "1"
        async with db.transaction() as session:
            done = await accounts.set_blocked(session, business.id, staff_key, blocked, now=now)
            if done is not None:
                action = audit.AuditAction.STAFF_BLOCKED if blocked else audit.AuditAction.STAFF_UNBLOCKED
                await audit.record(session, business.id, who.staff_key, action, subject=staff_key, now=now)
        if done is None:
            return await _admin_page(request, who, error="Diese Person wurde noch nicht eingeladen.", status=400)
        raise web.HTTPSeeOther(f"/inbox/admin?ok={'gesperrt' if blocked else 'entsperrt'}")
    if name == "expiry":
        raw = str(form.get("bis", "")).strip()
        expires: datetime | None = None
        last: date | None = None
        if raw:
            try:
                last = date.fromisoformat(raw)
            except ValueError:
                return await _admin_page(request, who, error="Bitte ein gültiges Datum angeben.", status=400)
            expires = datetime.combine(last + timedelta(days=1), time(0, 0), tzinfo=business.business.zone)
        async with db.transaction() as session:
            done = await accounts.set_access_expiry(session, business.id, staff_key, expires, now=now)
            if done is not None:
                await audit.record(
                    session,
                    business.id,
                    who.staff_key,
                    audit.AuditAction.ACCESS_EXPIRY_SET if last else audit.AuditAction.ACCESS_EXPIRY_CLEARED,
                    subject=staff_key,
                    details={"until": last.isoformat()} if last else None,
                    now=now,
                )
        if done is None:
            return await _admin_page(request, who, error="Diese Person wurde noch nicht eingeladen.", status=400)
        raise web.HTTPSeeOther("/inbox/admin?ok=ablauf")
    raise web.HTTPNotFound()


def install_routes(app: web.Application) -> None:
    install_static(app)
    r = app.router
    r.add_get("/inbox", logged_in()(list_page))
    r.add_get("/inbox/list", logged_in(fragment=True)(list_fragment))
    r.add_get("/inbox/login", login_form)
    r.add_post("/inbox/login", login_submit)
    r.add_post("/inbox/logout", logout)
    r.add_get("/inbox/invite/{token}", invite_form)
    r.add_post("/inbox/invite/{token}", invite_submit)
    r.add_get("/inbox/activities/{activity_id}", logged_in()(detail_page))
    r.add_get("/inbox/activities/{activity_id}/reply", logged_in(fragment=True)(reply_fragment))
    r.add_post("/inbox/activities/{activity_id}/{action}", logged_in()(action))
    r.add_get("/inbox/admin", logged_in(admin=True)(admin_page))
    r.add_post("/inbox/admin/staff/{staff_key}/{action}", logged_in(admin=True)(admin_action))
