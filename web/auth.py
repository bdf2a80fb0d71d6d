"""The one login of every page: passwords, invitations, sessions, the session cookie, CSRF, roles.

- Passwords: :func:`hashlib.scrypt` with a random 16-byte salt; the stored string carries the
  parameters, the salt and the hash (``scrypt$n$r$p$salt$hash``, base64), so the cost can be
  raised later without breaking old hashes. Comparison in constant time.
- Invitations: a 32-byte urlsafe token in the link; the store keeps its SHA-256 only. Creating
  one writes an audit entry (the admin's staff key, or ``cli``) in the same transaction.
- Sessions: the cookie ``zentrale_session`` (path ``/``: the inbox and the admin pages) holds a
  32-byte token, the store its SHA-256 and the session's CSRF token; 30 days, sliding (extended at
  most every few minutes). A session stops working as soon as its person is blocked, past the
  access expiry, or no longer in the YAML.
- CSRF: every POST of a logged-in page carries the session's CSRF token; the two forms before
  login (login, set password) carry the token of a short-lived pre-login cookie (double submit).
- Pages: :func:`require_login` wraps a handler ``(request, auth)``: without a session a GET is
  redirected (303) to ``/inbox/login?weiter=<path>`` and comes back after the login; a POST must
  carry the CSRF token; ``roles`` limits the page to e.g. owner and admin (others get 403).
  Roles come from the business's YAML (:func:`yaml_role`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from aiohttp import hdrs, web

from zentrale.config.schema import parse_duration
from zentrale.logs import get_logger
from zentrale.runtime import CLOCK, DATABASE, INSTALLATION, SETTINGS
from zentrale.store.models import StaffRole
from zentrale.store.repositories import audit
from zentrale.store.repositories import staff_accounts as accounts
from zentrale.store.repositories.inbox import Viewer

log = get_logger(__name__)

SESSION_COOKIE = "zentrale_session"
SESSION_COOKIE_PATH = "/"  # the inbox and the admin pages share the login
LEGACY_COOKIE_PATHS = ("/inbox",)  # where sessions of older versions were scoped
PRELOGIN_COOKIE = "zentrale_login_csrf"
PRELOGIN_COOKIE_PATH = "/inbox"  # the login and invitation forms live there
LOGIN_PATH = "/inbox/login"
HOME_PATH = "/inbox"
ADMIN_ROLES = frozenset({StaffRole.OWNER.value, StaffRole.ADMIN.value})
CSRF_FAILED = "Sicherheitsprüfung fehlgeschlagen"
ADMINS_ONLY = "Diese Seite ist nur für Inhaber und Verwaltung."
SESSION_LIFETIME = timedelta(days=30)
SESSION_TOUCH_EVERY = timedelta(minutes=5)
INVITATION_LIFETIME = timedelta(days=7)
PASSWORD_MIN_CHARS = 10
PASSWORD_MAX_CHARS = 1024  # scrypt hashes anything; this only bounds the work per request
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8080"

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_DKLEN = 32


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=SCRYPT_DKLEN)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


_DUMMY_HASH: str | None = None


def verify_password(password: str, stored: str | None) -> bool:
    """Constant-time check; without a stored hash a dummy one is checked, so that unknown users
    take as long as known ones."""
    global _DUMMY_HASH
    if not stored:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_password(secrets.token_urlsafe(16))
        stored, result = _DUMMY_HASH, False
    else:
        result = True
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        raw = base64.b64decode(expected)
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(raw),
            maxmem=128 * int(n) * int(r) * int(p) + 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, raw) and result


def password_problem(password: str, repeated: str) -> str | None:
    """Why this new password is not accepted, in German; None when it is."""
    if len(password) < PASSWORD_MIN_CHARS:
        return f"Das Passwort muss mindestens {PASSWORD_MIN_CHARS} Zeichen lang sein."
    if len(password) > PASSWORD_MAX_CHARS:
        return f"Das Passwort darf höchstens {PASSWORD_MAX_CHARS} Zeichen lang sein."
    if not password.strip():
        return "Das Passwort darf nicht nur aus Leerzeichen bestehen."
    if password != repeated:
        return "Die beiden Passwörter stimmen nicht überein."
    return None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def tokens_match(offered: Any, expected: str | None) -> bool:
    return isinstance(offered, str) and bool(expected) and hmac.compare_digest(offered.encode(), expected.encode())  # type: ignore[union-attr]


def parse_expiry(text: str) -> timedelta:
    """``30m``, ``12h``, ``7d`` (also ``2w``) → timedelta; ValueError in English otherwise."""
    value = parse_duration(text.strip())
    if value <= timedelta(0):
        raise ValueError(f"{text!r} is not a positive duration")
    return value


def public_base(public_url: str | None) -> str:
    return (public_url or DEFAULT_PUBLIC_URL).rstrip("/")


def invite_link(public_url: str | None, token: str) -> str:
    return f"{public_base(public_url)}/inbox/invite/{token}"


def yaml_role(business: Any, staff_key: str) -> str:
    member = business.staff_member(staff_key)
    return StaffRole(member.role).value if member is not None else StaffRole.STAFF.value


class UnknownStaff(KeyError):
    """The staff id is not in the business's YAML."""


async def invite(
    db: Any,
    business: Any,
    staff_key: str,
    *,
    expires: timedelta = INVITATION_LIFETIME,
    created_by: str | None = None,
    now: datetime,
) -> str:
    """Create the invitation (and the account, role from the YAML) and return the token.
    ``created_by`` is the inviting admin's staff key; ``None`` means a command (``cli``). The
    audit entry is written in the same transaction."""
    if business.staff_member(staff_key) is None:
        known = ", ".join(s.id for s in business.staff) or "(none)"
        raise UnknownStaff(f"unknown staff id {staff_key!r} for business {business.id}; staff ids are: {known}")
    token = new_token()
    async with db.transaction() as session:
        await accounts.create_invitation(
            session,
            business.id,
            staff_key,
            token_hash(token),
            role=yaml_role(business, staff_key),
            expires_at=now + expires,
            created_by=created_by,
            now=now,
        )
        await audit.record(
            session,
            business.id,
            created_by or audit.ACTOR_CLI,
            audit.AuditAction.STAFF_INVITED,
            subject=staff_key,
            details={"valid_until": (now + expires).isoformat()},
            now=now,
        )
    return token


@dataclass(frozen=True)
class Auth:
    """The logged-in person of a request."""

    viewer: Viewer
    business: Any  # BusinessConfig
    name: str
    csrf: str
    session_hash: str

    @property
    def is_admin(self) -> bool:
        """Owner or admin of the business (sees every activity, manages access and connections)."""
        return self.viewer.sees_all

    @property
    def role(self) -> str:
        return self.viewer.role

    @property
    def staff_key(self) -> str:
        return self.viewer.staff_key

    def has_role(self, roles: Collection[str] | None) -> bool:
        return roles is None or self.viewer.role in roles


def viewer_for(business: Any, staff_key: str) -> Viewer:
    member = business.staff_member(staff_key)
    return Viewer(
        business_id=business.id,
        staff_key=staff_key,
        role=yaml_role(business, staff_key),
        teams=tuple(member.teams) if member is not None else (),
    )


async def start_session(db: Any, business_id: str, staff_key: str, *, now: datetime, session: Any = None) -> str:
    """A new session row; returns the cookie token."""
    token = new_token()

    async def write(s: Any) -> None:
        await accounts.create_session(
            s, business_id, staff_key, token_hash(token), secrets.token_urlsafe(32), expires_at=now + SESSION_LIFETIME, now=now
        )

    if session is not None:
        await write(session)
    else:
        async with db.transaction() as s:
            await write(s)
    return token


async def current(db: Any, installation: Any, cookie: str | None, *, now: datetime) -> Auth | None:
    """The person behind the session cookie, or None (no/unknown/expired session, blocked or
    expired access, removed from the YAML). A session of a person who lost access is deleted."""
    if not cookie:
        return None
    hashed = token_hash(cookie)
    async with db.read() as session:
        row = await accounts.find_session(session, hashed)
        if row is None:
            return None
        account = await accounts.get_account(session, row.business_id, row.staff_key)
        business_id, staff_key, csrf = row.business_id, row.staff_key, row.csrf_token
        expires_at, last_seen = row.expires_at, row.last_seen_at
    business = None
    try:
        business = installation.business(business_id)
    except KeyError:
        pass
    member = business.staff_member(staff_key) if business is not None else None
    if expires_at <= now or member is None or not accounts.may_log_in(account, now):
        async with db.transaction() as session:
            await accounts.delete_session(session, hashed)
        return None
    if now - last_seen >= SESSION_TOUCH_EVERY:
        async with db.transaction() as session:
            await accounts.extend_session(session, row.id, expires_at=now + SESSION_LIFETIME, now=now)
    return Auth(viewer=viewer_for(business, staff_key), business=business, name=member.name, csrf=csrf, session_hash=hashed)


@dataclass(frozen=True)
class LoginResult:
    token: str | None = None
    error: str | None = None


LOGIN_FAILED = "E-Mail-Adresse/Kürzel oder Passwort ist falsch."
BLOCKED = "Ihr Zugang ist gesperrt."
EXPIRED = "Ihr Zugang ist abgelaufen."


def candidates(installation: Any, identifier: str, business_id: str | None) -> list[tuple[Any, Any]]:
    """(business, staff member) pairs the login name can mean: an e-mail address of the YAML, or a
    staff id (Kürzel), optionally narrowed to one business."""
    wanted = identifier.strip().lower()
    found = []
    for business in installation.businesses:
        if business_id and business.id != business_id:
            continue
        for member in business.staff:
            if "@" in wanted:
                if member.email and member.email.strip().lower() == wanted:
                    found.append((business, member))
            elif member.id.lower() == wanted:
                found.append((business, member))
    return found


async def login(
    db: Any, installation: Any, identifier: str, password: str, *, business_id: str | None, now: datetime
) -> LoginResult:
    if not identifier.strip() or not password or len(password) > PASSWORD_MAX_CHARS:
        return LoginResult(error=LOGIN_FAILED)
    pairs = candidates(installation, identifier, business_id)
    async with db.read() as session:
        found = [(business, member, await accounts.get_account(session, business.id, member.id)) for business, member in pairs]
    matched = None
    for business, member, account in found:
        if account is not None and account.password_hash and verify_password(password, account.password_hash):
            matched = (business, member, account)
            break
    if matched is None:
        if not any(account is not None and account.password_hash for _, _, account in found):
            verify_password(password, None)  # same time as a wrong password
        return LoginResult(error=LOGIN_FAILED)
    business, member, account = matched
    state = accounts.account_state(account, now)
    if state == accounts.AccountState.BLOCKED:
        return LoginResult(error=BLOCKED)
    if state == accounts.AccountState.EXPIRED:
        return LoginResult(error=EXPIRED)
    async with db.transaction() as session:
        fresh = await accounts.get_account(session, business.id, member.id)
        if fresh is None or not accounts.may_log_in(fresh, now):
            return LoginResult(error=BLOCKED)
        await accounts.ensure_account(session, business.id, member.id, yaml_role(business, member.id), now=now)
        await accounts.record_login(session, fresh, now=now)
        token = await start_session(db, business.id, member.id, now=now, session=session)
    return LoginResult(token=token)


async def end_session(db: Any, session_hash: str, *also: str) -> None:
    """Delete the session (and ``also``: further session hashes of the same browser)."""
    async with db.transaction() as session:
        for hashed in (session_hash, *also):
            await accounts.delete_session(session, hashed)


# ----------------------------------------------------------------------------- pages (aiohttp)


def is_secure(request: web.Request) -> bool:
    """Cookies get the Secure flag behind https (the request's own or the public URL's)."""
    return request.secure or (request.app[SETTINGS].public_url or "").startswith("https://")


def set_session_cookie(request: web.Request, response: web.StreamResponse, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path=SESSION_COOKIE_PATH,
        httponly=True,
        samesite="Lax",  # Lax, not Strict: the trade software's OAuth redirect must find the session
        secure=is_secure(request),
    )


def clear_session_cookie(response: web.StreamResponse) -> None:
    """Delete the session cookie, also where older versions scoped it (``/inbox``). The response's
    cookie jar holds one entry per name, so the older paths go out as plain headers."""
    response.del_cookie(SESSION_COOKIE, path=SESSION_COOKIE_PATH)
    for path in LEGACY_COOKIE_PATHS:
        response.headers.add(
            hdrs.SET_COOKIE, f'{SESSION_COOKIE}=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path={path}'
        )


def session_tokens(request: web.Request) -> list[str]:
    """Every session token the browser sent: after an upgrade it may hold an older cookie of path
    ``/inbox`` beside the current one, and a logout must end both."""
    found: list[str] = []
    for header in request.headers.getall(hdrs.COOKIE, []):
        for pair in header.split(";"):
            name, _, value = pair.strip().partition("=")
            value = value.strip().strip('"')
            if name == SESSION_COOKIE and value and value not in found:
                found.append(value)
    return found


def now_of(request: web.Request) -> datetime:
    return request.app[CLOCK]()


async def request_auth(request: web.Request) -> Auth | None:
    """The logged-in person of this request, or None."""
    return await current(
        request.app[DATABASE], request.app[INSTALLATION], request.cookies.get(SESSION_COOKIE), now=now_of(request)
    )


def csrf_ok(form: Any, who: Auth) -> bool:
    return tokens_match(form.get("csrf"), who.csrf)


def _plain_path(text: str) -> bool:
    return text.startswith("/") and "//" not in text and "\\" not in text and all(c.isprintable() for c in text)


def next_path(value: Any) -> str:
    """Where to go after the login: a page of the inbox or an admin page, nothing else (no open
    redirect); the inbox otherwise."""
    text = str(value or "")
    if _plain_path(text) and (text.startswith("/inbox/activities/") or text == "/inbox/admin" or text.startswith("/admin/")):
        return text
    return HOME_PATH


def login_location(path: str) -> str:
    """The login page, coming back to ``path`` afterwards."""
    return f"{LOGIN_PATH}?{urlencode({'weiter': path})}" if next_path(path) != HOME_PATH else LOGIN_PATH


Handler = Callable[[web.Request, Auth], Awaitable[web.StreamResponse]]
Wrapped = Callable[[web.Request], Awaitable[web.StreamResponse]]
# How a page area answers a refusal in German: (request, title, text, status, person or None).
Refusal = Callable[[web.Request, str, str, int, Auth | None], web.StreamResponse]


def require_login(
    refuse: Refusal,
    *,
    roles: Collection[str] | None = None,
    fragment: bool = False,
    roles_text: str = ADMINS_ONLY,
) -> Callable[[Handler], Wrapped]:
    """Wrap a handler ``(request, auth)`` of a logged-in page.

    No session: a GET is redirected (303) to the login page with the return path (a fragment
    answers 401, a POST 403). A POST must carry the session's CSRF token (else 403, nothing
    changes). With ``roles``, a person of another role gets 403 ``Kein Zugriff``."""

    def wrap(handler: Handler) -> Wrapped:
        async def inner(request: web.Request) -> web.StreamResponse:
            who = await request_auth(request)
            if who is None:
                if request.method == "POST":
                    return refuse(request, CSRF_FAILED, "Sie sind nicht angemeldet. Bitte neu anmelden.", 403, None)
                if fragment:
                    return web.Response(status=401, text="")
                raise web.HTTPSeeOther(login_location(request.path))
            if request.method == "POST":
                form = await request.post()
                if not csrf_ok(form, who):
                    log.info("csrf_refused", business=who.viewer.business_id, route=request.path.split("/")[-1])
                    return refuse(
                        request,
                        CSRF_FAILED,
                        "Das Formular ist abgelaufen oder kam nicht von dieser Seite. Bitte die Seite neu laden.",
                        403,
                        who,
                    )
            if not who.has_role(roles):
                log.info("role_refused", business=who.viewer.business_id, route=request.path.split("/")[-1])
                return refuse(request, "Kein Zugriff", roles_text, 403, who)
            return await handler(request, who)

        return inner

    return wrap
