"""Changes made in zentrale's inbox reach the trade software: outbox handlers for
``trade.activity.update`` and ``trade.activity.convert``.

The inbox writes the outbox rows in the transaction that changes the activity; the payload only
names the activity (``{"activity_id": ...}``). These handlers run in the
:class:`~zentrale.integrations.worker.OutboxWorker` like
:class:`~zentrale.integrations.trade.delivery.ActivityDelivery`:

``trade.activity.update`` (:class:`ActivityUpdate`)
    reads the activity's **current** row and PATCHes what the contract lets us change: assignee
    (the staff member's ``trade_user``), team, priority, status (open/done) and follow-up. Every
    update sends the whole current state, so several queued updates of one activity may run in
    any order and the last one still leaves the right values; after the PATCH the row is read
    once more and, if it changed meanwhile (another update racing this one on another worker),
    the new state is sent again. Nothing to do without a trade software or for an activity that
    never reached it (``local``/``dead``); an activity still on its way (no ``external_id`` yet)
    waits (:class:`~zentrale.integrations.errors.Defer`, 30 s) and goes out after its delivery.

``trade.activity.convert`` (:class:`ActivityConvert`)
    turns the delivered activity into an order (Auftrag) and stores the order reference
    (``order_ref``) on the activity in the transaction that completes the message. From the second
    attempt on, and when the trade software answers 409 (already converted), it first reads the
    activity there and takes the ``order_ref`` it already has: a convert whose answer was lost
    (timeout after the server committed) never creates a second order. Needs the ``orders:write``
    scope; without it the port raises ``InsufficientScope`` and the worker keeps the message
    waiting with the German hint (stored on the message, see :meth:`_WriteHandler.waiting`).

A permanent refusal (404: the activity is gone from the trade software; 422) is a dead letter:
the handler queues ``notify.dead_letter`` for the assignee (or team, or first staff member) with
the German reason and ``source_kind`` = this kind, so a person learns that the change did not
arrive. 5xx, 429 and timeouts are retried by the worker (PATCH is idempotent; the convert looks
up first).
"""

from __future__ import annotations

import uuid
from typing import Any

from zentrale.integrations.errors import Defer
from zentrale.integrations.trade.delivery import TradeHandler, dead_letter_recipients
from zentrale.integrations.trade.port import ActivityPatch, PermanentError, ReauthRequired
from zentrale.integrations.worker import Settle
from zentrale.logs import get_logger
from zentrale.store import outbox
from zentrale.store.models import DeliveryStatus
from zentrale.store.outbox import ClaimedMessage, Connection, OutboxKind
from zentrale.store.repositories import activities as activities_repo
from zentrale.store.repositories import orders as orders_repo

__all__ = [
    "ActivityConvert",
    "ActivityUpdate",
    "activity_patch_for",
    "convert_message",
    "update_message",
]

log = get_logger(__name__)

# How long an update/convert waits for the activity's own delivery before looking again.
NOT_DELIVERED_DELAY_SECONDS = 30.0
# Rounds of "PATCH, read again, PATCH again if it changed meanwhile".
MAX_PATCH_ROUNDS = 3

NOT_DELIVERED_UPDATE_DE = "Die Aktivität ist noch nicht in der Handwerkersoftware; die Änderung folgt danach."
NOT_DELIVERED_CONVERT_DE = "Die Aktivität ist noch nicht in der Handwerkersoftware; die Umwandlung in einen Auftrag folgt danach."
UPDATE_FAILED_DE = "Die Änderung an der Aktivität ist nicht in der Handwerkersoftware angekommen."
CONVERT_FAILED_DE = "Die Aktivität wurde nicht in einen Auftrag umgewandelt."
CONVERT_NO_TRADE_SYSTEM_DE = "Keine Handwerkersoftware verbunden: ohne sie kann kein Auftrag angelegt werden."
CONVERT_NOT_IN_TRADE_SYSTEM_DE = (
    "Die Aktivität ist nicht in der Handwerkersoftware (ihre Übertragung ist gescheitert); "
    "daher kann dort kein Auftrag angelegt werden."
)


def update_message(business_id: str, activity_id: str, *, now: Any = None) -> dict[str, Any]:
    """The outbox row (for :func:`zentrale.store.outbox.insert_message`) that sends the activity's
    current state to the trade software; one per change."""
    return outbox.message_values(
        business_id, OutboxKind.TRADE_ACTIVITY_UPDATE, {"activity_id": activity_id}, f"{activity_id}:{uuid.uuid4()}", now=now
    )


def convert_message(business_id: str, activity_id: str, *, now: Any = None) -> dict[str, Any]:
    """The outbox row that turns the activity into an order (once per activity)."""
    return outbox.message_values(
        business_id, OutboxKind.TRADE_ACTIVITY_CONVERT, {"activity_id": activity_id}, activity_id, now=now
    )


def activity_patch_for(activity: Any, business_config: Any) -> ActivityPatch:
    """What the contract lets us change, from the local row (assignee = the staff's ``trade_user``)."""
    staff = business_config.staff_member(activity.assignee) if activity.assignee else None
    return ActivityPatch(
        fields={
            "assignee": staff.trade_user if staff is not None else None,
            "team": activity.team,
            "priority": activity.priority,
            "status": activity.status,
            "follow_up_at": activity.follow_up_at,
        }
    )


def _activity_id(message: ClaimedMessage) -> str:
    return str(message.payload.get("activity_id") or message.dedupe_key.split(":", 1)[0])


def _nothing(conn: Connection) -> None:
    return None


def _enqueue_dead_letter(conn: Connection, business_config: Any, message: ClaimedMessage, activity_id: str, reason: str) -> None:
    activity = activities_repo.get_activity_in(conn, message.business_id, activity_id)
    recipients = dead_letter_recipients(activity, business_config) if business_config is not None else []
    payload = {"activity_id": activity_id, "reason": reason, "staff_ids": recipients, "source_kind": message.kind}
    # Its own key: the activity's creation may have had a dead letter of its own.
    key = f"{activity_id}:{message.kind}:{message.id}"
    outbox.enqueue_in(conn, message.business_id, OutboxKind.NOTIFY_DEAD_LETTER, payload, key)


class _WriteHandler(TradeHandler):
    """Shared by both handlers: reading the activity, waiting and dead letters."""

    kind: OutboxKind
    failed_prefix_de: str

    async def _read(self, business_id: str, activity_id: str) -> Any:
        return await self.db.run_read(lambda conn: activities_repo.get_activity_in(conn, business_id, activity_id))

    def _require_config(self, business_id: str) -> Any:
        config = self._config(business_id)
        if config is None:
            raise Defer(f"Der Betrieb {business_id} ist nicht mehr konfiguriert; die Änderung wartet.")
        return config

    def failed(self, conn: Connection, message: ClaimedMessage, reason: str) -> bool:
        """Tell a person that the change did not reach the trade software (the activity itself
        stays as it is in zentrale)."""
        activity_id = _activity_id(message)
        config = self._config(message.business_id)
        _enqueue_dead_letter(conn, config, message, activity_id, f"{self.failed_prefix_de} {reason}")
        return True

    def waiting(self, conn: Connection, message: ClaimedMessage, problem: str | None) -> None:
        """Keep the German problem on the waiting message (the worker stores the developer's
        one-liner, e.g. ``missing scope orders:write``); the inbox shows it for the activity."""
        if problem:
            outbox.note_problem_in(conn, message.id, problem)


class ActivityUpdate(_WriteHandler):
    """Outbox handler for ``trade.activity.update`` (see the module docstring)."""

    kind = OutboxKind.TRADE_ACTIVITY_UPDATE
    failed_prefix_de = UPDATE_FAILED_DE

    async def deliver(self, message: ClaimedMessage) -> Settle:
        business_id = message.business_id
        activity_id = _activity_id(message)
        config = self._require_config(business_id)
        if config.integrations.trade_system is None:
            return _nothing
        activity = await self._read(business_id, activity_id)
        if activity is None or activity.delivery_status in (DeliveryStatus.LOCAL.value, DeliveryStatus.DEAD.value):
            log.info(
                "activity_update_skipped",
                message_id=message.id,
                reason="erased" if activity is None else activity.delivery_status,
            )
            return _nothing
        if not activity.external_id:
            raise Defer(NOT_DELIVERED_UPDATE_DE, delay=NOT_DELIVERED_DELAY_SECONDS)

        port = self._port(config)
        sent: dict[str, object] | None = None
        try:
            for _ in range(MAX_PATCH_ROUNDS):
                patch = activity_patch_for(activity, config)
                if patch.fields == sent:
                    break
                await port.update_activity(activity.external_id, patch)
                sent = patch.fields
                # Another worker may have sent an older state after ours: if the row changed since
                # we read it, its own update may already be done, so send the new state ourselves.
                activity = await self._read(business_id, activity_id)
                if activity is None or not activity.external_id:
                    break
        except ReauthRequired:
            self._ports.pop(business_id, None)
            raise
        return _nothing


class ActivityConvert(_WriteHandler):
    """Outbox handler for ``trade.activity.convert`` (see the module docstring)."""

    kind = OutboxKind.TRADE_ACTIVITY_CONVERT
    failed_prefix_de = CONVERT_FAILED_DE

    async def deliver(self, message: ClaimedMessage) -> Settle:
        business_id = message.business_id
        activity_id = _activity_id(message)
        config = self._require_config(business_id)
        activity = await self._read(business_id, activity_id)
        if activity is None:
            log.info("activity_convert_skipped", message_id=message.id, reason="erased")
            return _nothing
        if activity.order_ref:
            return _nothing
        if config.integrations.trade_system is None:
            return self._refuse(message, activity_id, CONVERT_NO_TRADE_SYSTEM_DE)
        if activity.delivery_status in (DeliveryStatus.LOCAL.value, DeliveryStatus.DEAD.value):
            return self._refuse(message, activity_id, CONVERT_NOT_IN_TRADE_SYSTEM_DE)
        if not activity.external_id:
            raise Defer(NOT_DELIVERED_CONVERT_DE, delay=NOT_DELIVERED_DELAY_SECONDS)

        external_id = activity.external_id
        port = self._port(config)
        try:
            order_ref = None
            if message.attempts > 1:
                # An earlier attempt may have converted it although its answer never arrived.
                order_ref = (await port.get_activity(external_id)).order_ref
            if order_ref is None:
                try:
                    order_ref = await port.convert_to_order(external_id)
                except PermanentError as exc:
                    if exc.status != 409:
                        raise
                    # Already converted (by a lost answer of ours or in the office): take that order.
                    order_ref = (await port.get_activity(external_id)).order_ref
                    if order_ref is None:
                        raise
        except ReauthRequired:
            self._ports.pop(business_id, None)
            raise
        now = self.clock()

        def settle(conn: Connection) -> None:
            orders_repo.set_order_ref_in(conn, business_id, activity_id, order_ref, now=now)

        log.info("activity_converted", message_id=message.id, attempt=message.attempts)
        return settle

    def _refuse(self, message: ClaimedMessage, activity_id: str, reason: str) -> Settle:
        """The conversion is impossible: complete the message and tell a person why."""
        log.warning("activity_convert_impossible", message_id=message.id)
        config = self._config(message.business_id)

        def settle(conn: Connection) -> None:
            _enqueue_dead_letter(conn, config, message, activity_id, f"{CONVERT_FAILED_DE} {reason}")

        return settle
