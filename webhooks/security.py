"""Twilio request signatures (``X-Twilio-Signature``): pure functions, no I/O.

Twilio signs every webhook with HMAC-SHA1 over the full URL it requested plus the sorted POST
parameters, keyed with the account's auth token. The URL is the one Twilio used, which behind a
TLS-terminating proxy is not the one this process sees: it is rebuilt from the configured public
URL (``ZENTRALE_PUBLIC_URL``) plus the raw path and query of the request. The check itself is
twilio's :class:`~twilio.request_validator.RequestValidator` (it also accepts the URL with and
without the default port, as Twilio's own back end is inconsistent there).
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from twilio.request_validator import RequestValidator

SIGNATURE_HEADER = "X-Twilio-Signature"

Params = Mapping[str, str] | Sequence[tuple[str, str]]


def _as_multidict(params: Params) -> dict[str, list[str]]:
    items = params.items() if isinstance(params, Mapping) else params
    grouped: dict[str, list[str]] = {}
    for key, value in items:
        grouped.setdefault(key, []).append(value)
    return grouped


class _Multi(dict[str, list[str]]):
    """What RequestValidator reads repeated form fields from (it calls ``getall``)."""

    def getall(self, key: str) -> list[str]:
        return self[key]


def signed_url(public_url: str | None, raw_path_qs: str, seen_url: str) -> str:
    """The URL Twilio signed: ``public_url`` + the request's raw path and query, or, without a
    configured public URL, the URL as this process saw it."""
    if not public_url:
        return seen_url
    base = public_url.rstrip("/")
    # A public URL with a path prefix (a proxy that strips it) keeps the prefix.
    return base + (raw_path_qs if raw_path_qs.startswith("/") else "/" + raw_path_qs)


def twilio_signature(auth_token: str, url: str, params: Params) -> str:
    """The ``X-Twilio-Signature`` Twilio sends for a POST of ``params`` to ``url`` (for fakes and tests)."""
    return str(RequestValidator(auth_token).compute_signature(url, _Multi(_as_multidict(params))))


def is_valid_signature(auth_token: str | None, url: str, params: Params, signature: str | None) -> bool:
    """True when ``signature`` is Twilio's for ``url`` and ``params``. No token or no signature → False."""
    if not auth_token or not signature:
        return False
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    validator = RequestValidator(auth_token)
    multi = _Multi(_as_multidict(params))
    # The URL exactly as signed is the usual case: one HMAC. Otherwise the validator also tries
    # the URL with and without the default port.
    if hmac.compare_digest(validator.compute_signature(url, multi), signature):
        return True
    return bool(validator.validate(url, multi, signature))
