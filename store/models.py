"""The tables of zentrale (SQLAlchemy 2.0 declarative, ``Mapped[]``).

Rules every table follows:
- every table except ``businesses`` carries ``business_id`` and every repository query filters on it;
- timestamps are timezone-aware UTC (:class:`UTCDateTime`, also on SQLite);
- JSON columns use the portable ``JSON`` type (JSON on PostgreSQL, TEXT on SQLite);
- columns holding ciphertext are marked ``info={"encrypted": True}`` so that secret rotation finds
  them generically (:func:`zentrale.store.secrets.rotate_secrets`);
- constraint names follow :data:`NAMING_CONVENTION`, so migrations can refer to them.

``store/migrations/versions/*`` must describe the same schema; a test compares them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Defined once in the vocabulary; importable from here for the store's callers.
from zentrale.config.vocabulary import Priority as Priority
from zentrale.config.vocabulary import StaffRole as StaffRole

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ENCRYPTED = {"encrypted": True}

# An auto-incrementing 64-bit key on PostgreSQL; SQLite needs INTEGER PRIMARY KEY for rowid aliasing.
BigIntKey = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always stored as UTC and always read back timezone-aware.

    PostgreSQL keeps ``timestamptz``; SQLite stores the UTC wall time as ISO text, which also
    sorts and compares correctly. Naive datetimes are refused: they are a bug waiting to happen.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: zentrale stores timezone-aware UTC timestamps only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _in(column: str, values: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class Speaker(StrEnum):
    CALLER = "caller"
    BOT = "bot"


class PhoneKind(StrEnum):
    LANDLINE = "landline"
    MOBILE = "mobile"
    FAX = "fax"
    UNKNOWN = "unknown"


class ActivityStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    DONE = "done"
    DEAD = "dead"


class DeliveryStatus(StrEnum):
    LOCAL = "local"  # no trade software connected: the activity lives in zentrale's inbox
    PENDING = "pending"  # waiting in the outbox for the trade software
    DELIVERED = "delivered"
    DEAD = "dead"  # refused permanently (e.g. 422); the reason is in delivery_error


class ConnectionStatus(StrEnum):
    DISCONNECTED = "disconnected"
    CONNECTED = "connected"
    REAUTH_REQUIRED = "reauth_required"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[str]: JSON()}


def _business_fk(nullable: bool = False) -> Any:
    return mapped_column(String(64), ForeignKey("businesses.id", ondelete="CASCADE"), nullable=nullable)


class Business(Base):
    """One tenant: the ``business.id`` slug of its YAML config is the primary key."""

    __tablename__ = "businesses"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class StaffMember(Base):
    __tablename__ = "staff_members"
    __table_args__ = (UniqueConstraint("business_id", "staff_key"),)

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    business_id: Mapped[str] = _business_fk()
    staff_key: Mapped[str] = mapped_column(String(64))  # the ``staff[].id`` of the YAML config
    name: Mapped[str] = mapped_column(String(200))
    mobile: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    trade_user: Mapped[str | None] = mapped_column(String(64))
    teams: Mapped[list[str]] = mapped_column(default=list)
    role: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Contact(Base):
    """An address of the trade software's address master (Adressstamm), kept in sync locally."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("business_id", "address_code"),)

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    business_id: Mapped[str] = _business_fk()
    address_code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    salutation: Mapped[str | None] = mapped_column(String(50))
    title: Mapped[str | None] = mapped_column(String(50))
    name2: Mapped[str | None] = mapped_column(String(200))
    street: Mapped[str | None] = mapped_column(String(200))
    zip: Mapped[str | None] = mapped_column(String(16))
    city: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(2))
    main_sweep_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    remote_updated_at: Mapped[datetime | None] = mapped_column()
    synced_at: Mapped[datetime] = mapped_column(default=utcnow)


class ContactPhone(Base):
    """One phone number of a contact: ``raw`` as typed in the trade software, ``e164`` normalised."""

    __tablename__ = "contact_phones"
    __table_args__ = (
        Index(None, "business_id", "e164"),
        CheckConstraint(_in("kind", PhoneKind), name="kind"),
    )

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    business_id: Mapped[str] = _business_fk()
    contact_id: Mapped[int] = mapped_column(BigIntKey, ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    raw: Mapped[str] = mapped_column(String(100))
    e164: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(16), default=PhoneKind.UNKNOWN.value)
    sms_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Call(Base):
    """One phone call. ``version`` is SQLAlchemy's optimistic lock: a stale write raises StaleDataError."""

    __tablename__ = "calls"
    __table_args__ = (Index(None, "business_id", "started_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    business_id: Mapped[str] = _business_fk()
    call_sid: Mapped[str] = mapped_column(String(64), unique=True)
    from_number: Mapped[str | None] = mapped_column(String(32))
    to_number: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32), default="in-progress")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column()
    contact_id: Mapped[int | None] = mapped_column(BigIntKey, ForeignKey("contacts.id", ondelete="SET NULL"))
    task_id: Mapped[str | None] = mapped_column(String(64))
    dialogue_state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    summary: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The last webhook of the call: the watchdog finalizes calls whose status callback never came.
    last_event_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Set once, in the transaction that queues the call's activity: a second finalize is a no-op.
    finalized_at: Mapped[datetime | None] = mapped_column()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy types it as a plain attribute


class Turn(Base):
    """One utterance in a call. ``request_key`` makes a retried webhook append nothing twice."""

    __tablename__ = "turns"
    __table_args__ = (
        UniqueConstraint("call_id", "seq"),
        UniqueConstraint("call_id", "request_key"),
        CheckConstraint(_in("speaker", Speaker), name="speaker"),
    )

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    business_id: Mapped[str] = _business_fk()
    call_id: Mapped[str] = mapped_column(String(36), ForeignKey("calls.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    request_key: Mapped[str | None] = mapped_column(String(128))
    # The TwiML answered to the webhook ``request_key`` (bot turns): a retried webhook gets it again.
    response: Mapped[str | None] = mapped_column(Text)


class Activity(Base):
    """The record a call leaves behind (Aktivität); ``external_id`` is its id in the trade software."""

    __tablename__ = "activities"
    __table_args__ = (
        Index(None, "business_id", "status", "created_at"),
        CheckConstraint(_in("status", ActivityStatus), name="status"),
        CheckConstraint(_in("priority", Priority), name="priority"),
        CheckConstraint(_in("delivery_status", DeliveryStatus), name="delivery_status"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    business_id: Mapped[str] = _business_fk()
    call_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("calls.id", ondelete="SET NULL"), index=True)
    task_id: Mapped[str | None] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text, default="")
    address_code: Mapped[str | None] = mapped_column(String(64))
    assignee: Mapped[str | None] = mapped_column(String(64))
    team: Mapped[str | None] = mapped_column(String(64))
    priority: Mapped[str] = mapped_column(String(16), default=Priority.NORMAL.value)
    status: Mapped[str] = mapped_column(String(16), default=ActivityStatus.OPEN.value)
    follow_up_at: Mapped[datetime | None] = mapped_column()
    due_at: Mapped[datetime | None] = mapped_column()
    done_at: Mapped[datetime | None] = mapped_column()
    done_by: Mapped[str | None] = mapped_column(String(64))  # staff_key
    external_id: Mapped[str | None] = mapped_column(String(64))
    order_ref: Mapped[str | None] = mapped_column(String(64))
    delivery_status: Mapped[str] = mapped_column(
        String(16), default=DeliveryStatus.LOCAL.value, server_default=DeliveryStatus.LOCAL.value
    )
    delivered_at: Mapped[datetime | None] = mapped_column()
    delivery_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class OutboxMessage(Base):
    """Work that leaves the process (trade software, SMS, e-mail), written in the caller's transaction."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        UniqueConstraint("business_id", "kind", "dedupe_key"),
        Index(None, "status", "available_at"),
        CheckConstraint(_in("status", OutboxStatus), name="status"),
    )

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    business_id: Mapped[str] = _business_fk()
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    dedupe_key: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    available_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    lease_until: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column()


class TradeConnection(Base):
    """The OAuth connection of a business to its trade software; ``version`` is for compare-and-swap."""

    __tablename__ = "trade_connections"
    __table_args__ = (CheckConstraint(_in("status", ConnectionStatus), name="status"),)

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    business_id: Mapped[str] = mapped_column(String(64), ForeignKey("businesses.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    base_url: Mapped[str] = mapped_column(String(500))
    firm_code: Mapped[str | None] = mapped_column(String(64))
    tenant_code: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default=ConnectionStatus.DISCONNECTED.value)
    access_token: Mapped[str | None] = mapped_column(Text, info=ENCRYPTED)
    refresh_token: Mapped[str | None] = mapped_column(Text, info=ENCRYPTED)
    expires_at: Mapped[datetime | None] = mapped_column()
    scopes: Mapped[list[str]] = mapped_column(default=list)
    remote_user: Mapped[str | None] = mapped_column(String(128))
    connected_at: Mapped[datetime | None] = mapped_column()
    # Why the connection needs attention (shown to the admin); never a token.
    last_error: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class OAuthAuthorization(Base):
    """A started connect flow: ``state`` and the PKCE verifier, used once by the callback."""

    __tablename__ = "oauth_authorizations"

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    business_id: Mapped[str] = _business_fk()
    state: Mapped[str] = mapped_column(String(128), unique=True)
    code_verifier: Mapped[str] = mapped_column(Text, info=ENCRYPTED)
    redirect_uri: Mapped[str] = mapped_column(String(500))
    scopes: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    completed_at: Mapped[datetime | None] = mapped_column()
    error: Mapped[str | None] = mapped_column(String(500))


class AddressSyncState(Base):
    """Where the address sync of a business stands: the incremental watermark and a resumable cursor."""

    __tablename__ = "address_sync_states"

    business_id: Mapped[str] = mapped_column(String(64), ForeignKey("businesses.id", ondelete="CASCADE"), primary_key=True)
    # Largest ``updated_at`` seen; the next incremental sync asks for ``updated_since`` = this.
    watermark: Mapped[datetime | None] = mapped_column()
    # Cursor of an interrupted full sync, so a restart resumes instead of starting over.
    full_sync_cursor: Mapped[str | None] = mapped_column(String(500))
    full_sync_started_at: Mapped[datetime | None] = mapped_column()
    last_full_sync_at: Mapped[datetime | None] = mapped_column()
    last_sync_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    # A lease so that only one process syncs a business at a time.
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    lease_until: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Secret(Base):
    """Any other secret at rest. ``business_id`` NULL = installation-wide secret."""

    __tablename__ = "secrets"
    __table_args__ = (
        UniqueConstraint("business_id", "name"),
        # NULLs are distinct in the unique constraint above; this keeps global names unique too.
        Index(
            "ix_secrets_name_global",
            "name",
            unique=True,
            sqlite_where=text("business_id IS NULL"),
            postgresql_where=text("business_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    business_id: Mapped[str | None] = _business_fk(nullable=True)
    name: Mapped[str] = mapped_column(String(128))
    value: Mapped[str] = mapped_column(Text, info=ENCRYPTED)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# --------------------------------------------------------------------------------------------
# staff login, notifications (the inbox and messaging)


class NotificationStatus(StrEnum):
    PENDING = "pending"  # written, not yet handed to the provider
    HELD = "held"  # waits for the end of the quiet hours (morning digest)
    QUEUED = "queued"  # the provider took it (Twilio: queued/accepted)
    SENT = "sent"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    FAILED = "failed"


class StaffAccount(Base):
    """The login of a staff member of the YAML (``staff_key``) for the inbox.

    Exists from the first invitation on; ``password_hash`` is NULL until the invitation is used.
    ``blocked`` and ``access_expires_at`` are set by an owner/admin; the role comes from the YAML
    (``staff[].role``) unless ``role`` overrides it here."""

    __tablename__ = "staff_accounts"
    __table_args__ = (UniqueConstraint("business_id", "staff_key"), CheckConstraint(_in("role", StaffRole), name="role"))

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    business_id: Mapped[str] = _business_fk()
    staff_key: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16), default=StaffRole.STAFF.value)
    password_hash: Mapped[str | None] = mapped_column(Text)  # scrypt, salted; never a plain password
    blocked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    access_expires_at: Mapped[datetime | None] = mapped_column()
    password_set_at: Mapped[datetime | None] = mapped_column()
    last_login_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Invitation(Base):
    """A one-time link to set a password. Only the SHA-256 of the token is stored."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    business_id: Mapped[str] = _business_fk()
    staff_key: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    created_by: Mapped[str | None] = mapped_column(String(64))  # staff_key of the admin, None = CLI
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebSession(Base):
    """A logged-in browser. Only the SHA-256 of the cookie's token is stored; ``csrf_token`` is
    the per-session token every form post must carry."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    business_id: Mapped[str] = _business_fk()
    staff_key: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(Base):
    """One SMS or e-mail to a person (staff, or the caller for a reply), with its delivery status.

    ``provider_id`` is Twilio's MessageSid for SMS (status callbacks find the row by it)."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index(None, "business_id", "activity_id"),
        Index(None, "provider_id"),
        CheckConstraint(_in("status", NotificationStatus), name="status"),
    )

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    business_id: Mapped[str] = _business_fk()
    activity_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("activities.id", ondelete="SET NULL"))
    staff_key: Mapped[str | None] = mapped_column(String(64))  # None: to the caller (reply SMS)
    kind: Mapped[str] = mapped_column(String(32))  # activity | digest | follow_up | dead_letter | reply
    channel: Mapped[str] = mapped_column(String(8))  # sms | email
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=NotificationStatus.PENDING.value)
    provider_id: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()


def encrypted_columns() -> dict[str, list[str]]:
    """``{table name: [column names]}`` of every column marked ``info={"encrypted": True}``."""
    found: dict[str, list[str]] = {}
    for table in Base.metadata.sorted_tables:
        names = [c.name for c in table.columns if c.info.get("encrypted")]
        if names:
            found[table.name] = names
    return found


class AuditEntry(Base):
    """One admin action of a business: who (``actor``: a staff key of the YAML, ``cli`` for a
    command, ``config`` for the start-up mirror of the YAML), what (``action``, see
    :mod:`zentrale.store.repositories.audit`), on whom (``subject``: a staff key, if any) and when.

    Written in the transaction of the action it records. ``details`` holds only what the admin
    page shows (a date, a role, the technical user's name): never a phone number, password or token."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index(None, "business_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    business_id: Mapped[str] = _business_fk()
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
