"""Delivering activities to the trade software: the outbox handler for ``trade.activity.create``.

Recording happens elsewhere, in the caller's transaction
(:func:`zentrale.store.repositories.activities.record_activity`, re-exported here); this module
is what the :class:`~zentrale.integrations.worker.OutboxWorker` runs for each queued activity:

1. read the activity row (the payload only names it, so erased data is not sent);
2. map it to the port: ``external_ref`` = the activity id, the assignee is the staff member's
   ``trade_user`` (their employee code in the trade software), the team as configured;
3. from the second attempt on, **look the activity up by ``external_ref`` first** and only
   create it when the trade software does not have it: an earlier attempt may have been applied
   although its answer never arrived (timeout, reset, 5xx after sending);
4. the worker then marks it ``delivered`` with the trade software's id, in the transaction that
   completes the outbox row.

A permanent refusal (e.g. 422 unknown address code) makes the activity ``dead`` with the reason
(shown to the admin) and queues ``notify.dead_letter`` for the assignee (or the team, or the
first staff member) in the same transaction, so the information still reaches a person (the
messaging integration sends it); the activity, with its reason, stays visible in zentrale's own
inbox.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp

from zentrale.integrations.errors import Defer
from zentrale.integrations.trade.port import ActivityCreate, ReauthRequired, TradePort
from zentrale.integrations.worker import Settle
from zentrale.logs import get_logger
from zentrale.store import outbox
from zentrale.store.db import Database
from zentrale.store.models import Activity, DeliveryStatus, utcnow
from zentrale.store.outbox import ClaimedMessage, Connection, OutboxKind
from zentrale.store.repositories import activities as activities_repo
from zentrale.store.repositories.activities import record_activity
from zentrale.store.secrets import SecretBox

__all__ = [
    "ActivityDelivery",
    "activity_create_for",
    "dead_letter_recipients",
    "record_activity",
]

log = get_logger(__name__)

# Client timeout for deliveries: shorter than the lease, long enough for a slow trade software.
DELIVERY_TIMEOUT_SECONDS = 10.0

NO_TRADE_SYSTEM_DE = "Keine Handwerkersoftware mehr konfiguriert: die Aktivität bleibt im Posteingang von zentrale."

PortFactory = Callable[[Any], TradePort]


def activity_create_for(activity: Activity, business_config: Any) -> ActivityCreate:
    """The port's create request for a local activity (assignee = the staff member's ``trade_user``)."""
    staff = business_config.staff_member(activity.assignee) if activity.assignee else None
    return ActivityCreate(
        type=activity.type,
        subject=activity.subject,
        text=activity.text or "",
        external_ref=activity.id,
        address_code=activity.address_code,
        assignee=staff.trade_user if staff is not None else None,
        team=activity.team,
        priority=activity.priority,  # type: ignore[arg-type]  # checked by the table's constraint
        due_at=activity.due_at,
        follow_up_at=activity.follow_up_at,
    )


def dead_letter_recipients(activity: Activity | None, business_config: Any) -> list[str]:
    """Staff ids to tell about a refused activity: its assignee, else its team, else the first staff member."""
    if activity is not None and activity.assignee and business_config.staff_member(activity.assignee):
        return [activity.assignee]
    if activity is not None and activity.team:
        members = [s.id for s in business_config.team_members(activity.team)]
        if members:
            return members
    default = business_config.default_assignee
    return [default.id] if default is not None else []


class TradeHandler:
    """What every outbox handler that talks to the trade software shares: the installation's
    configurations and one port per business (its token manager keeps the access token between
    messages)."""

    def __init__(
        self,
        db: Database,
        box: SecretBox,
        installation: Any,
        http: aiohttp.ClientSession,
        *,
        port_factory: PortFactory | None = None,
        timeout: float = DELIVERY_TIMEOUT_SECONDS,
        clock: Callable[[], Any] = utcnow,
    ) -> None:
        self.db = db
        self.box = box
        self.installation = installation
        self.http = http
        self.timeout = timeout
        self.clock = clock
        self._port_factory = port_factory or self._open_port
        self._ports: dict[str, TradePort] = {}

    def _open_port(self, business_config: Any) -> TradePort:
        from zentrale.integrations.trade.kwp.client import open_port

        return open_port(self.db, self.box, business_config, self.http, timeout=self.timeout)

    def _port(self, business_config: Any) -> TradePort:
        port = self._ports.get(business_config.id)
        if port is None:
            port = self._ports[business_config.id] = self._port_factory(business_config)
        return port

    def _config(self, business_id: str) -> Any:
        try:
            return self.installation.business(business_id)
        except KeyError:
            return None


class ActivityDelivery(TradeHandler):
    """Outbox handler for ``trade.activity.create`` (see the module docstring)."""

    kind = OutboxKind.TRADE_ACTIVITY_CREATE

    async def deliver(self, message: ClaimedMessage) -> Settle:
        business_id = message.business_id
        activity_id = str(message.payload.get("activity_id") or message.dedupe_key)
        config = self._config(business_id)
        if config is None:
            # The business vanished from the configuration (being edited?): keep the activity.
            raise Defer(f"Der Betrieb {business_id} ist nicht mehr konfiguriert; die Aktivität wartet.")
        activity = await self.db.run_read(lambda conn: activities_repo.get_activity_in(conn, business_id, activity_id))
        if activity is None:
            log.info("activity_delivery_skipped", reason="activity erased", message_id=message.id)
            return _nothing
        if activity.delivery_status == DeliveryStatus.DELIVERED.value and activity.external_id:
            return _nothing
        if config.integrations.trade_system is None:
            return _settle_local(business_id, activity_id)

        request = activity_create_for(activity, config)
        port = self._port(config)
        try:
            remote = await port.find_activity(activity_id) if message.attempts > 1 else None
            if remote is None:
                remote = await port.create_activity(request)
        except ReauthRequired:
            self._ports.pop(business_id, None)  # a new connection comes with a new port
            raise
        external_id = remote.id
        now = self.clock()

        def settle(conn: Connection) -> None:
            activities_repo.mark_delivered_in(conn, business_id, activity_id, external_id, now=now)

        return settle

    def failed(self, conn: Connection, message: ClaimedMessage, reason: str) -> bool:
        business_id = message.business_id
        activity_id = str(message.payload.get("activity_id") or message.dedupe_key)
        activity = activities_repo.get_activity_in(conn, business_id, activity_id)
        if activity is not None:
            activities_repo.mark_dead_in(conn, business_id, activity_id, reason)
        config = self._config(business_id)
        recipients = dead_letter_recipients(activity, config) if config is not None else []
        payload = {"activity_id": activity_id, "reason": reason, "staff_ids": recipients, "source_kind": message.kind}
        outbox.enqueue_in(conn, business_id, OutboxKind.NOTIFY_DEAD_LETTER, payload, activity_id)
        return True

    def waiting(self, conn: Connection, message: ClaimedMessage, problem: str | None) -> None:
        activity_id = str(message.payload.get("activity_id") or message.dedupe_key)
        activities_repo.note_delivery_problem_in(conn, message.business_id, activity_id, problem)


def _nothing(conn: Connection) -> None:
    return None


def _settle_local(business_id: str, activity_id: str) -> Settle:
    def settle(conn: Connection) -> None:
        activities_repo.mark_local_in(conn, business_id, activity_id, NO_TRADE_SYSTEM_DE)

    return settle
