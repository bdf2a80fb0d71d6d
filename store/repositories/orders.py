"""The order (Auftrag) a delivered activity became in the trade software.

A Core statement on a sync ``Connection``, for the outbox handler's one-hop write
(``Database.run_write``) that completes ``trade.activity.convert``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, update

from zentrale.store.models import Activity

_ACTIVITIES = cast(Table, Activity.__table__)


def set_order_ref_in(conn: Any, business_id: str, activity_id: str, order_ref: str, *, now: datetime) -> bool:
    """Store the trade software's order reference on the activity."""
    result = conn.execute(
        update(_ACTIVITIES)
        .where(_ACTIVITIES.c.business_id == business_id, _ACTIVITIES.c.id == activity_id)
        .values(order_ref=order_ref, updated_at=now)
    )
    return int(result.rowcount or 0) == 1
