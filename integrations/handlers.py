"""The outbox handlers the server and ``zentrale worker`` run, built in one place.

:class:`~zentrale.integrations.worker.OutboxWorker` only delivers what it is given; this module
is where the composition roots (``zentrale.server``'s extensions, ``zentrale.cli.worker``) get
the full set: the trade software (create, update, convert to an order) and messaging (SMS and
e-mail to staff, digests, follow-ups, dead letters, replies).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from zentrale.integrations import worker
from zentrale.integrations.messaging.notify import messaging_handlers
from zentrale.integrations.messaging.settings import MessagingSettings
from zentrale.integrations.trade.delivery import DELIVERY_TIMEOUT_SECONDS, ActivityDelivery
from zentrale.integrations.trade.writeback import ActivityConvert, ActivityUpdate
from zentrale.integrations.worker import OutboxHandler
from zentrale.settings import Settings
from zentrale.store.db import Database
from zentrale.store.models import utcnow
from zentrale.store.secrets import SecretBox


def outbox_handlers(
    db: Database,
    box: SecretBox,
    installation: Any,
    http: aiohttp.ClientSession,
    settings: Settings,
    *,
    clock: Callable[[], Any] = utcnow,
    trade_timeout: float = DELIVERY_TIMEOUT_SECONDS,
) -> list[OutboxHandler]:
    """Every handler, one per outbox kind (:class:`~zentrale.store.outbox.OutboxKind`)."""
    return [
        ActivityDelivery(db, box, installation, http, clock=clock, timeout=trade_timeout),
        ActivityUpdate(db, box, installation, http, clock=clock, timeout=trade_timeout),
        ActivityConvert(db, box, installation, http, clock=clock, timeout=trade_timeout),
        *messaging_handlers(db, installation, http, MessagingSettings.from_settings(settings), clock=clock),
    ]


install: Callable[[web.Application], None] = worker.installer(outbox_handlers)
"""The server extension: one outbox worker with :func:`outbox_handlers` for the app's lifetime."""
