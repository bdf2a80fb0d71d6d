"""The outbox handlers that tell people: ``notify.activity``, ``notify.follow_up``,
``notify.dead_letter``, ``notify.digest``, ``notify.email_fallback`` and ``sms.reply``.

Who and how: the activity's task's ``notify`` actions (a person or a team; channels per ``via``;
``when: business_hours`` waits for the opening hours); a task without notify actions tells the
activity's assignee (or its team's members) by SMS when they have a mobile number, else by
e-mail. SMS only go to mobile numbers; a person whose number is no mobile gets an e-mail.

When: urgent activities at once, day and night. Others inside the business's quiet hours are
*held* (Notification status ``held``) and go out as one morning digest per person and channel
(``notify.digest``, due at the end of the quiet hours, dedupe ``<staff>:<date>``).

Never twice: every SMS / e-mail is one :class:`~zentrale.store.models.Notification` row per
person, channel and occasion, written before sending; only ``pending`` rows are sent, and the
provider's id and status are recorded in one write right after the hand-over. A retried
message (the worker's retry after a temporary failure of one recipient) finds the rows already
sent and skips them. A refused SMS (Twilio error, no mobile) falls back to e-mail when the
person has an address; so does an SMS whose status callback says undelivered/failed
(``notify.email_fallback``, queued by :mod:`~zentrale.webhooks.sms`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp

from zentrale.bot.readback import display_phone
from zentrale.config.phones import is_withheld
from zentrale.integrations.errors import Defer, GiveUp
from zentrale.integrations.messaging import texts
from zentrale.integrations.messaging.email import MailSender
from zentrale.integrations.messaging.settings import MessagingSettings
from zentrale.integrations.messaging.sms import SmsRefused, SmsSender, is_mobile
from zentrale.integrations.worker import Settle
from zentrale.logs import get_logger
from zentrale.store import outbox
from zentrale.store.db import Database
from zentrale.store.models import ActivityStatus, NotificationStatus, Priority, utcnow
from zentrale.store.outbox import ClaimedMessage, Connection, OutboxKind
from zentrale.store.repositories import activities as activities_repo
from zentrale.store.repositories import notifications as repo

log = get_logger(__name__)

Clock = Callable[[], datetime]
SMS = "sms"
EMAIL = "email"
PENDING = NotificationStatus.PENDING.value
HELD = NotificationStatus.HELD.value
BUSINESS_CLOSED_DE = "Die Benachrichtigung wartet auf die Öffnungszeit des Betriebs."
NOT_CONFIGURED_DE = "Der Betrieb {business} ist nicht mehr konfiguriert; die Benachrichtigung wartet."
MAX_SCAN = timedelta(days=8)


def _nothing(conn: Connection) -> None:
    return None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _next_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)


def quiet_hours_end(business_info: Any, now: datetime) -> datetime:
    """The first minute after ``now`` outside the quiet hours (UTC)."""
    moment = _next_minute(_aware(now))
    limit = moment + timedelta(days=1, minutes=1)
    while moment < limit and business_info.in_quiet_hours(moment):
        moment += timedelta(minutes=1)
    return moment.astimezone(UTC)


def next_opening(business_info: Any, now: datetime) -> datetime | None:
    """The first minute from ``now`` on when the business is open (None: not within 8 days)."""
    moment = _aware(now)
    if business_info.is_open(moment):
        return moment
    moment = _next_minute(moment)
    limit = moment + MAX_SCAN
    while moment < limit:
        if business_info.is_open(moment):
            return moment.astimezone(UTC)
        moment += timedelta(minutes=1)
    return None


# -- planning ------------------------------------------------------------------------------


@dataclass
class Target:
    """One person to tell, on which channels, and whether it must wait for the opening hours."""

    staff: Any
    channels: list[str] = field(default_factory=list)
    business_hours: bool = True


def _add(targets: dict[str, Target], person: Any, channels: Sequence[str], business_hours: bool) -> None:
    target = targets.setdefault(person.id, Target(person))
    for channel in channels:
        if channel not in target.channels:
            target.channels.append(channel)
    target.business_hours = target.business_hours and business_hours


def default_channel(person: Any, region: str) -> list[str]:
    """SMS when the person has a mobile number, else e-mail."""
    if is_mobile(person.mobile, region):
        return [SMS]
    return [EMAIL] if person.email else []


def people_of(business: Any, assignee: str | None, team: str | None) -> list[Any]:
    """The activity's assignee, else its team's members."""
    if assignee:
        person = business.staff_member(assignee)
        if person is not None:
            return [person]
    if team:
        return list(business.team_members(team))
    return []


def activity_targets(business: Any, activity: Any) -> list[Target]:
    """Whom to tell about a new activity (see the module docstring)."""
    region = business.business.region or "DE"
    task = business.task(activity.task_id) if activity.task_id else None
    specs = [a.notify for a in (task.actions if task is not None else []) if a.notify is not None]
    targets: dict[str, Target] = {}
    if specs:
        for spec in specs:
            people = [business.staff_member(spec.staff)] if spec.staff else business.team_members(spec.team)
            for person in people:
                if person is not None:
                    _add(targets, person, spec.via, spec.when == "business_hours")
    else:
        for person in people_of(business, activity.assignee, activity.team):
            _add(targets, person, default_channel(person, region), False)
    return list(targets.values())


def default_targets(business: Any, staff_ids: Sequence[str]) -> list[Target]:
    region = business.business.region or "DE"
    targets: dict[str, Target] = {}
    for staff_id in staff_ids:
        person = business.staff_member(staff_id)
        if person is not None:
            _add(targets, person, default_channel(person, region), False)
    return list(targets.values())


@dataclass(frozen=True)
class Planned:
    """One notification to write (and send unless held)."""

    staff_key: str | None
    channel: str
    recipient: str
    notice: texts.Notice
    kind: str
    activity_id: str | None
    held: bool = False
    match_subject: bool = False  # the occasion is told apart by its subject (follow-up time, digest day)
    key_subject: str | None = None  # stored as the row's subject when it differs from the e-mail's

    @property
    def subject(self) -> str:
        return self.key_subject or self.notice.subject

    @property
    def body(self) -> str:
        return self.notice.sms if self.channel == SMS else self.notice.plain


def plan_for(targets: Sequence[Target], region: str, build: Callable[[], texts.Notice], **common: Any) -> list[Planned]:
    """Rows for ``targets``: an SMS channel without a mobile number becomes e-mail."""
    notice = build()
    planned: list[Planned] = []
    for target in targets:
        person = target.staff
        channels: list[str] = []
        for channel in target.channels:
            if channel == SMS and not is_mobile(person.mobile, region):
                channel = EMAIL  # no mobile (a landline): no SMS
            if channel == EMAIL and not person.email:
                continue
            if channel not in channels:
                channels.append(channel)
        if not channels:
            log.warning("notify_no_channel", staff=person.id, kind=common.get("kind"))
        for channel in channels:
            recipient = person.mobile if channel == SMS else person.email
            planned.append(Planned(person.id, channel, recipient, notice, **common))
    return planned


def notice_from_text(subject: str, body: str) -> texts.Notice:
    """An e-mail made of an SMS's text (the fallback after a failed SMS); links become anchors."""
    parts = []
    for line in body.splitlines():
        if line.startswith(("http://", "https://")):
            parts.append(f'<p><a href="{html.escape(line, quote=True)}">{html.escape(line)}</a></p>')
        elif line.strip():
            parts.append(f"<p>{html.escape(line)}</p>")
    page = '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"></head><body>' + "".join(parts) + "</body></html>"
    return texts.Notice(subject=subject, sms=body, plain=body + "\n\n-- \nzentrale\n", html=page)


# -- reading what a text needs ---------------------------------------------------------------


@dataclass(frozen=True)
class ActivityContext:
    activity: Any
    who: str
    summary: str


def _who(business: Any, activity: Any, call: Any, contact_name: str | None) -> str:
    if contact_name:
        return contact_name
    slots = ((call.details or {}).get("slots") or {}) if call is not None else {}
    name = (slots.get("caller_name") or {}).get("value") if isinstance(slots.get("caller_name"), dict) else None
    if name:
        return str(name)
    if call is not None and call.from_number and is_withheld(call.from_number):
        return "Anrufer mit unterdrückter Nummer"
    if call is not None and call.from_number:
        return display_phone(call.from_number, business.business.region or "DE") or call.from_number
    subject = activity.subject or ""
    prefix = f"{activity.type}:"
    return subject[len(prefix) :].strip() if subject.startswith(prefix) else subject


def read_context(conn: Connection, business: Any, activity_id: str) -> ActivityContext | None:
    activity = activities_repo.get_activity_in(conn, business.id, activity_id)
    if activity is None:
        return None
    call = repo.call_in(conn, business.id, activity.call_id) if activity.call_id else None
    contact_name = None
    if call is not None and call.contact_id is not None:
        contact_name = repo.contact_name_in(conn, business.id, contact_id=call.contact_id)
    if contact_name is None and activity.address_code:
        contact_name = repo.contact_name_in(conn, business.id, address_code=activity.address_code)
    summary = texts.first_line(call.summary if call is not None else None) or activity.subject
    return ActivityContext(activity, _who(business, activity, call, contact_name), summary)


# -- sending ---------------------------------------------------------------------------------


class Messenger:
    """What the handlers share: the store, the configuration, both senders and the clock."""

    def __init__(
        self,
        db: Database,
        installation: Any,
        http: aiohttp.ClientSession | None,
        settings: MessagingSettings,
        *,
        clock: Clock = utcnow,
        sms: SmsSender | None = None,
        mail: MailSender | None = None,
    ) -> None:
        self.db = db
        self.installation = installation
        self.clock = clock
        self.settings = settings
        self.sms = sms or SmsSender(self.settings, http)
        self.mail = mail or MailSender(self.settings)

    def business(self, business_id: str) -> Any:
        try:
            return self.installation.business(business_id)
        except KeyError:
            raise Defer(NOT_CONFIGURED_DE.format(business=business_id)) from None

    async def dispatch(self, business: Any, planned: Sequence[Planned]) -> None:
        """Write the rows that do not exist yet, then send those still pending. Held rows get
        their person's morning digest queued in the same write."""
        if not planned:
            return
        now = self.clock()
        digest_at = quiet_hours_end(business.business, now) if any(p.held for p in planned) else None

        def ensure(conn: Connection) -> list[tuple[int, str, Planned]]:
            rows = []
            for item in planned:
                row = repo.find_in(
                    conn,
                    business.id,
                    activity_id=item.activity_id,
                    staff_key=item.staff_key,
                    kind=item.kind,
                    channel=item.channel,
                    subject=item.subject,
                    match_subject=item.match_subject,
                )
                if row is None:
                    notification_id = repo.insert_in(
                        conn,
                        {
                            "business_id": business.id,
                            "activity_id": item.activity_id,
                            "staff_key": item.staff_key,
                            "kind": item.kind,
                            "channel": item.channel,
                            "recipient": item.recipient,
                            "subject": item.subject,
                            "body": item.body,
                            "status": HELD if item.held else PENDING,
                            "created_at": now,
                        },
                    )
                    rows.append((notification_id, HELD if item.held else PENDING, item))
                    if item.held and digest_at is not None and item.staff_key is not None:
                        day = digest_at.astimezone(business.business.zone).date().isoformat()
                        outbox.enqueue_in(
                            conn,
                            business.id,
                            OutboxKind.NOTIFY_DIGEST,
                            {"staff_key": item.staff_key, "date": day},
                            f"{item.staff_key}:{day}",
                            available_at=digest_at,
                            now=now,
                        )
                else:
                    rows.append((row.id, row.status, item))
            return rows

        rows = await self.db.run_write(ensure)
        if digest_at is not None:
            outbox.notify_enqueued()
        for notification_id, status, item in rows:
            if status == PENDING:
                await self.send_one(business, notification_id, item)
            elif status == NotificationStatus.FAILED.value and item.channel == SMS and item.staff_key is not None:
                # A retry after the fallback e-mail met a temporary failure: it is still due.
                await self.fall_back_to_email(business, item)

    async def send_one(self, business: Any, notification_id: int, item: Planned, *, also: Sequence[int] = ()) -> bool:
        """Send one pending row (and mark the rows in ``also`` with the same result, for a
        digest). True when handed over; a refused SMS falls back to e-mail."""
        ids = [notification_id, *also]
        try:
            if item.channel == SMS:
                account = self.settings.twilio_for(business)
                if account is None:
                    raise SmsRefused(texts.NO_SMS_SETUP_DE)
                if not is_mobile(item.recipient, business.business.region or "DE"):
                    raise SmsRefused(texts.NOT_MOBILE_DE)
                sent = await self.sms.send(
                    account, item.recipient, item.notice.sms, status_callback=self.settings.status_callback
                )
                provider_id, status = sent.sid, repo.TWILIO_STATUS.get(sent.status, "queued")
            else:
                provider_id = (await self.mail.send(item.recipient, item.notice, sender_name=business.business.display_name))[:64]
                status = NotificationStatus.SENT.value
        except GiveUp as exc:  # this one SMS / e-mail is refused for good (SmsRefused, MailRefused)
            reason = exc.reason_de
            now = self.clock()

            def failed(conn: Connection) -> None:
                for one in ids:
                    repo.mark_failed_in(conn, business.id, one, reason, now=now)

            await self.db.run_write(failed)
            log.info("notification_failed", kind=item.kind, channel=item.channel, notification_id=notification_id)
            if item.channel == SMS and item.staff_key is not None:
                await self.fall_back_to_email(business, item)
            return False
        now = self.clock()

        def sent_write(conn: Connection) -> None:
            repo.mark_sent_in(conn, business.id, ids, provider_id=provider_id, status=status, now=now)

        await self.db.run_write(sent_write)
        log.info("notification_sent", kind=item.kind, channel=item.channel, notification_id=notification_id)
        return True

    async def fall_back_to_email(self, business: Any, item: Planned, notice: texts.Notice | None = None) -> None:
        """The SMS to a staff member failed: send the same as e-mail, if they have an address
        and have not got this one by e-mail already."""
        person = business.staff_member(item.staff_key) if item.staff_key else None
        if person is None or not person.email:
            log.info("notification_no_fallback", kind=item.kind, staff=item.staff_key)
            return
        fallback = Planned(
            item.staff_key,
            EMAIL,
            person.email,
            notice or item.notice,
            item.kind,
            item.activity_id,
            match_subject=item.match_subject,
            key_subject=item.key_subject or (item.subject if item.match_subject else None),
        )
        await self.dispatch(business, [fallback])

    def held(self, business: Any, urgent: bool) -> bool:
        return not urgent and business.business.in_quiet_hours(self.clock())


# -- the handlers -----------------------------------------------------------------------------


class _Handler:
    kind: OutboxKind

    def __init__(
        self,
        db: Database,
        messenger: Messenger,
    ) -> None:
        self.messenger = messenger
        self.db = db

    @property
    def settings(self) -> MessagingSettings:
        return self.messenger.settings

    def failed(self, conn: Connection, message: ClaimedMessage, reason: str) -> bool:
        log.warning("notification_message_dead", kind=message.kind, message_id=message.id)
        return False

    def waiting(self, conn: Connection, message: ClaimedMessage, problem: str | None) -> None:
        return None

    async def _context(self, business: Any, activity_id: str) -> ActivityContext | None:
        return await self.db.run_read(lambda conn: read_context(conn, business, activity_id))


class ActivityNotifier(_Handler):
    """``notify.activity`` {activity_id}: tell the task's people about a new activity."""

    kind = OutboxKind.NOTIFY_ACTIVITY

    async def deliver(self, message: ClaimedMessage) -> Settle:
        m = self.messenger
        business = m.business(message.business_id)
        activity_id = str(message.payload.get("activity_id") or message.dedupe_key)
        context = await self._context(business, activity_id)
        if context is None or context.activity.status == ActivityStatus.DONE.value:
            return _nothing
        activity = context.activity
        urgent = activity.priority == Priority.URGENT.value
        region = business.business.region or "DE"
        targets = activity_targets(business, activity)
        now = m.clock()
        waiting = [t for t in targets if t.business_hours and not urgent and not business.business.is_open(now)]
        now_targets = [t for t in targets if t not in waiting]
        held = m.held(business, urgent)

        def build() -> texts.Notice:
            return texts.activity_notice(
                type=activity.type,
                who=context.who,
                summary=context.summary,
                link=self.settings.activity_link(activity.id),
                urgent=urgent,
            )

        await m.dispatch(business, plan_for(now_targets, region, build, kind="activity", activity_id=activity.id, held=held))
        if waiting:
            opening = next_opening(business.business, now)
            delay = (opening - now).total_seconds() if opening is not None else 86400.0
            raise Defer(BUSINESS_CLOSED_DE, delay=max(delay, 1.0))
        return _nothing


class FollowUpNotifier(_Handler):
    """``notify.follow_up`` {activity_id, follow_up_at}: "Wiedervorlage" to the assignee (or team)."""

    kind = OutboxKind.NOTIFY_FOLLOW_UP

    async def deliver(self, message: ClaimedMessage) -> Settle:
        m = self.messenger
        business = m.business(message.business_id)
        activity_id = str(message.payload.get("activity_id"))
        try:
            due = _aware(datetime.fromisoformat(str(message.payload.get("follow_up_at"))))
        except ValueError:
            log.warning("follow_up_bad_payload", message_id=message.id)
            return _nothing
        context = await self._context(business, activity_id)
        if context is None:
            return _nothing
        activity = context.activity
        current = _aware(activity.follow_up_at) if activity.follow_up_at is not None else None
        if activity.status == ActivityStatus.DONE.value or current != due:
            log.info("follow_up_skipped", message_id=message.id, reason="done" if activity.status == "done" else "moved")
            return _nothing
        if m.clock() < due:  # claimed early (clock skew between processes): not before its time
            raise Defer("Die Wiedervorlage ist noch nicht fällig.", delay=(due - m.clock()).total_seconds())
        urgent = activity.priority == Priority.URGENT.value
        targets = default_targets(business, [p.id for p in people_of(business, activity.assignee, activity.team)])
        local = due.astimezone(business.business.zone)

        def build() -> texts.Notice:
            return texts.follow_up_notice(
                type=activity.type,
                who=context.who,
                summary=context.summary,
                link=self.settings.activity_link(activity.id),
                when=local,
                urgent=urgent,
            )

        planned = plan_for(
            targets,
            business.business.region or "DE",
            build,
            kind="follow_up",
            activity_id=activity.id,
            held=m.held(business, urgent),
            match_subject=True,
            key_subject=f"Wiedervorlage {local:%d.%m.%Y %H:%M}",
        )
        await m.dispatch(business, planned)
        return _nothing


class DeadLetterNotifier(_Handler):
    """``notify.dead_letter`` {activity_id, reason, staff_ids, source_kind}: the trade software
    refused the activity (or a change of it) for good."""

    kind = OutboxKind.NOTIFY_DEAD_LETTER

    async def deliver(self, message: ClaimedMessage) -> Settle:
        m = self.messenger
        business = m.business(message.business_id)
        payload = message.payload
        activity_id = str(payload.get("activity_id") or message.dedupe_key)
        context = await self._context(business, activity_id)
        if context is None:
            return _nothing
        activity = context.activity
        source = str(payload.get("source_kind") or "")
        update_refused = source in OutboxKind.trade() and source != OutboxKind.TRADE_ACTIVITY_CREATE
        staff_ids = [str(s) for s in payload.get("staff_ids") or []]
        targets = default_targets(business, staff_ids)

        def build() -> texts.Notice:
            return texts.dead_letter_notice(
                type=activity.type,
                who=context.who,
                reason=str(payload.get("reason") or ""),
                link=self.settings.activity_link(activity.id),
                update=update_refused,
            )

        planned = plan_for(
            targets,
            business.business.region or "DE",
            build,
            kind="dead_letter",
            activity_id=activity.id,
            match_subject=True,
            key_subject=f"Nicht übertragen ({source or 'trade'}) {message.id}"[:200],
        )
        await m.dispatch(business, planned)
        return _nothing


class DigestNotifier(_Handler):
    """``notify.digest`` {staff_key, date}: one message per channel with everything held for
    the person during the quiet hours."""

    kind = OutboxKind.NOTIFY_DIGEST

    async def deliver(self, message: ClaimedMessage) -> Settle:
        m = self.messenger
        business = m.business(message.business_id)
        staff_key = str(message.payload.get("staff_key"))
        person = business.staff_member(staff_key)
        day = datetime.fromisoformat(str(message.payload.get("date")))
        key = f"Zusammenfassung {day:%d.%m.%Y}"

        def read(conn: Connection) -> dict[str, list[tuple[Any, str | None]]]:
            held: dict[str, list[tuple[Any, str | None]]] = {}
            for channel in (SMS, EMAIL):
                rows = repo.held_in(conn, business.id, staff_key, channel)
                found = repo.activity_kinds_in(conn, business.id, [r.activity_id for r in rows if r.activity_id])
                types = {a.id: a.type for a in found}
                created = {a.id: _aware(a.created_at) for a in found}
                # In the order the activities came in.
                rows.sort(key=lambda r: (created.get(r.activity_id) or _aware(r.created_at), r.id))
                held[channel] = [(r, types.get(r.activity_id)) for r in rows]
            return held

        held = await self.db.run_read(read)
        carried: list[tuple[Any, str | None]] = []  # SMS items that go by e-mail after all
        for channel in (SMS, EMAIL):
            items = held[channel] + (carried if channel == EMAIL else [])
            if not items:
                continue
            recipient = (person.mobile if channel == SMS else person.email) if person is not None else None
            ids = [row.id for row, _ in held[channel]]
            notice = texts.digest_notice(
                [
                    texts.DigestItem(
                        type or "Aktivität",
                        row.subject or "",
                        self.settings.activity_link(row.activity_id) if row.activity_id else self.settings.inbox_link(),
                    )
                    for row, type in items
                ],
                day=day,
                inbox_link=self.settings.inbox_link(),
            )
            if recipient is None:
                continue
            planned = Planned(staff_key, channel, recipient, notice, "digest", None, match_subject=True, key_subject=key)
            sent = await self._send_digest(business, planned, ids)
            if channel == SMS and not sent and person is not None and person.email:
                carried = items
        return _nothing

    async def _send_digest(self, business: Any, planned: Planned, held_ids: list[int]) -> bool:
        m = self.messenger
        now = m.clock()

        def ensure(conn: Connection) -> tuple[int, str]:
            row = repo.find_in(
                conn,
                business.id,
                activity_id=None,
                staff_key=planned.staff_key,
                kind="digest",
                channel=planned.channel,
                subject=planned.subject,
                match_subject=True,
            )
            if row is not None:
                return row.id, row.status
            new_id = repo.insert_in(
                conn,
                {
                    "business_id": business.id,
                    "activity_id": None,
                    "staff_key": planned.staff_key,
                    "kind": "digest",
                    "channel": planned.channel,
                    "recipient": planned.recipient,
                    "subject": planned.subject,
                    "body": planned.body,
                    "status": PENDING,
                    "created_at": now,
                },
            )
            return new_id, PENDING

        notification_id, status = await self.db.run_write(ensure)
        if status != PENDING:
            return status not in repo.FINAL_FAILURES
        # No e-mail fallback from inside send_one (staff_key None): the e-mail digest carries
        # the SMS digest's items itself.
        sender_item = Planned(None, planned.channel, planned.recipient, planned.notice, planned.kind, None)
        return await m.send_one(business, notification_id, sender_item, also=held_ids)


class EmailFallbackNotifier(_Handler):
    """``notify.email_fallback`` {notification_id}: a staff SMS came back undelivered/failed."""

    kind = OutboxKind.NOTIFY_EMAIL_FALLBACK

    async def deliver(self, message: ClaimedMessage) -> Settle:
        m = self.messenger
        business = m.business(message.business_id)
        notification_id = int(message.payload.get("notification_id") or message.dedupe_key)
        row = await self.db.run_read(lambda conn: repo.get_in(conn, business.id, notification_id))
        if row is None or row.channel != SMS or row.staff_key is None or row.status not in repo.FINAL_FAILURES:
            return _nothing
        subject = row.subject or "Benachrichtigung"
        item = Planned(
            row.staff_key,
            SMS,
            row.recipient,
            notice_from_text(subject, row.body),
            row.kind,
            row.activity_id,
            match_subject=row.kind != "activity",
            key_subject=subject if row.kind != "activity" else None,
        )
        await m.fall_back_to_email(business, item)
        return _nothing


class ReplySender(_Handler):
    """``sms.reply`` {activity_id, notification_id}: the staff's reply SMS to the caller."""

    kind = OutboxKind.SMS_REPLY

    async def deliver(self, message: ClaimedMessage) -> Settle:
        m = self.messenger
        business = m.business(message.business_id)
        notification_id = int(message.payload["notification_id"])
        row = await self.db.run_read(lambda conn: repo.get_in(conn, business.id, notification_id))
        if row is None or row.status != PENDING:
            return _nothing  # sent already (a retry) or withdrawn
        item = Planned(None, SMS, row.recipient, notice_from_text(row.subject or "", row.body), "reply", row.activity_id)
        await m.send_one(business, row.id, item)
        return _nothing


HANDLER_CLASSES = (ActivityNotifier, FollowUpNotifier, DeadLetterNotifier, DigestNotifier, EmailFallbackNotifier, ReplySender)


def messaging_handlers(
    db: Database,
    installation: Any,
    http: aiohttp.ClientSession | None,
    settings: MessagingSettings,
    *,
    clock: Clock = utcnow,
    messenger: Messenger | None = None,
) -> list[Any]:
    """Every messaging handler, sharing one :class:`Messenger` (for ``default_handlers``)."""
    shared = messenger or Messenger(db, installation, http, settings, clock=clock)
    return [cls(db, shared) for cls in HANDLER_CLASSES]
