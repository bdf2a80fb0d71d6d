"""One taxonomy for every failed delivery: what the outbox worker does about it.

Every outbound adapter (the trade software, SMS, e-mail) raises one of these four, or a
subclass of its own that maps onto them (e.g. :class:`~zentrale.integrations.trade.port.ReauthRequired`
is a :class:`Defer`); the :class:`~zentrale.integrations.worker.OutboxWorker` interprets them in
one place (:meth:`~zentrale.integrations.worker.OutboxWorker._failed`):

:class:`RetryLater`
    a passing problem (5xx, 429, timeouts and resets before the request was sent): the message is
    due again after the worker's backoff, never earlier than the server's Retry-After.
:class:`Ambiguous` (a :class:`RetryLater`)
    the request may have taken effect (timeout, reset or 5xx after sending): retried like any
    :class:`RetryLater`, and the handler looks its work up before repeating it
    (``message.attempts > 1``), so it never makes a duplicate. Errors nobody classified count
    as ambiguous.
:class:`GiveUp`
    permanent (the request itself is refused, e.g. 422): a dead letter with ``reason_de``, the
    German reason a person reads; the handler records it where a person sees it.
:class:`Defer`
    a person must act first (a new login, a missing right, wrong provider credentials) or
    something else must happen first (the activity is not delivered yet, the business is
    closed): kept pending with ``problem_de`` (German) on the waiting record, due again after
    ``delay`` seconds (``None``: the worker's re-auth delay). Nothing is dropped.

An error that is both (a missing right is a permanent refusal of this request *and* something a
person fixes) is treated as :class:`Defer`.
"""

from __future__ import annotations


class DeliveryError(Exception):
    """Base of the taxonomy. ``str()`` is an English one-liner for developers and logs."""


class RetryLater(DeliveryError):
    """Try again later; ``retry_after`` = the server's Retry-After in seconds, if it sent one."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Ambiguous(RetryLater):
    """The request may have been applied: look it up before repeating it."""


class GiveUp(DeliveryError):
    """Permanent: retrying will not help. ``reason_de`` is German, for the people who read it."""

    def __init__(self, reason_de: str, *, message: str | None = None) -> None:
        super().__init__(message or reason_de)
        self.reason_de = reason_de


class Defer(DeliveryError):
    """Not now: wait for ``problem_de`` (German, shown on the waiting record) to be fixed.

    ``delay``: seconds until the next try (``None``: the worker's re-auth delay). ``note``: the
    developer's one-liner stored on the outbox row (default: ``problem_de``)."""

    def __init__(self, problem_de: str, *, delay: float | None = None, note: str | None = None) -> None:
        super().__init__(note or problem_de)
        self.problem_de = problem_de
        self.delay = delay
        self.note = note or problem_de
