"""``zentrale call``: a simulated phone call against a running server (Twilio's side of it).

Sends signed Twilio webhooks to the server, follows its TwiML, says the scripted sentences one
per ``<Gather>``, prints the conversation and a summary line. Exit 0 when the call ended
normally (the server hung up or the script ran out), 1 on an application error.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING

from zentrale.cli import Subparsers
from zentrale.errors import CliError
from zentrale.settings import Settings

if TYPE_CHECKING:
    from zentrale.callsim import CallResult
    from zentrale.config import BusinessConfig, Installation

DEFAULT_URL = "http://127.0.0.1:8080"
WITHHELD = frozenset({"anonymous", "restricted", "unknown", "private"})


def register(sub: Subparsers) -> None:
    from zentrale.callsim import DIAL_STATUSES

    parser = sub.add_parser(
        "call",
        help="simulate a phone call: play Twilio against a running server and print the conversation",
        description=(
            "Simulates an inbound call as Twilio makes it: signed webhooks to SERVER, the server's "
            'TwiML followed verb by verb, one scripted sentence per <Gather> ("" = silence). '
            "Prints the conversation and a summary; exit 1 on an application error. The auth token "
            "is the business's integrations.twilio.auth_token, else $TWILIO_AUTH_TOKEN (as the server checks it)."
        ),
    )
    parser.add_argument("--config", help="YAML file or directory of business configurations (default: $ZENTRALE_CONFIG)")
    parser.add_argument("--url", default=DEFAULT_URL, metavar="SERVER", help=f"server to call (default {DEFAULT_URL})")
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the public URL the server verifies signatures against (default: $ZENTRALE_PUBLIC_URL or --url)",
    )
    parser.add_argument(
        "--from", dest="from_number", required=True, metavar="NUMBER", help='caller number, or "anonymous" (withheld)'
    )
    parser.add_argument(
        "--to",
        dest="to_number",
        metavar="NUMBER",
        help="called number; picks the business it belongs to (default: the business's first phone number)",
    )
    parser.add_argument(
        "--business", metavar="ID", help="business whose number to call when --to is not given (not needed with one business)"
    )
    parser.add_argument(
        "--dial-status",
        choices=DIAL_STATUSES,
        default="no-answer",
        help="how the callee of a forward (<Dial>) answers (default no-answer)",
    )
    parser.add_argument("--repeat", type=int, default=1, metavar="N", help="send every webhook N times (Twilio retries)")
    parser.add_argument("--no-status", action="store_true", help="do not send the final status callback")
    parser.add_argument("--confidence", type=float, default=0.9, help="speech recognition confidence (default 0.9)")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait per request (default 15, Twilio's)")
    parser.add_argument("sentences", nargs="*", metavar="SATZ", help='what the caller says, in order ("" = silence)')
    parser.set_defaults(func=cmd_call)


def _business_and_to(installation: Installation, args: argparse.Namespace) -> tuple[BusinessConfig | None, str]:
    """The business called and the called number (E.164)."""
    businesses = list(installation.businesses)
    business: BusinessConfig | None
    if args.business:
        try:
            business = installation.business(args.business)
        except KeyError as exc:
            raise CliError(str(exc.args[0])) from None
    else:
        business = businesses[0] if len(businesses) == 1 else None
    if args.to_number:
        if args.business is None:
            # The business whose number this is; a national number is read in each configured
            # region in turn ("0316 555 020" is Graz for an Austrian business).
            for candidate in businesses:
                try:
                    to_number = _e164(args.to_number, candidate.business.region or "DE", "--to", withheld=False)
                except CliError:
                    break
                found = installation.for_number(to_number)
                if found is not None:
                    return found, to_number
        region = business.business.region if business is not None else "DE"
        to_number = _e164(args.to_number, region, "--to", withheld=False)
        return business or installation.for_number(to_number), to_number
    if business is None:
        ids = ", ".join(b.id for b in businesses) or "(none)"
        raise CliError(f"the configuration has {len(businesses)} businesses ({ids}): pass --to NUMBER or --business ID")
    if not business.business.phone_numbers:
        raise CliError(f"business {business.id!r} has no business.phone_numbers: pass --to NUMBER")
    return business, business.business.phone_numbers[0]


def _e164(number: str, region: str, option: str, *, withheld: bool = True) -> str:
    import phonenumbers

    if withheld and number.strip().lower() in WITHHELD:
        return number.strip().lower()
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        hint = ' (or "anonymous")' if withheld else ""
        raise CliError(f"{option}: {number!r} is not a phone number{hint}") from None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _own_account(business: BusinessConfig | None) -> tuple[str | None, str | None]:
    """The business's own Twilio account SID and auth token (``integrations.twilio``), if set."""
    if business is None:
        return None, None
    twilio = business.integrations.twilio
    token = twilio.auth_token.get_secret_value().strip() if twilio.auth_token is not None else ""
    return (twilio.account_sid or "").strip() or None, token or None


def _auth_token(business: BusinessConfig | None, settings: Settings) -> str:
    """The token the server verifies with: the business's own, else the installation's."""
    token = _own_account(business)[1] or settings.twilio_auth_token
    if not token:
        raise CliError(
            "no Twilio auth token: set TWILIO_AUTH_TOKEN or integrations.twilio.auth_token in the business configuration"
        )
    return token


def cmd_call(args: argparse.Namespace) -> int:
    from zentrale.callsim import CallSimulator
    from zentrale.cli.config import load_installation

    if args.repeat < 1:
        raise CliError("--repeat must be at least 1")
    if args.timeout <= 0:
        raise CliError("--timeout must be positive")
    installation = load_installation(args)
    business, to_number = _business_and_to(installation, args)
    region = business.business.region if business is not None else "DE"
    from_number = _e164(args.from_number, region, "--from")
    settings: Settings = args.settings
    token = _auth_token(business, settings)
    account_sid = _own_account(business)[0] or settings.twilio_account_sid
    public_url = args.public_url or settings.public_url or args.url

    async def run() -> CallResult:
        simulator = CallSimulator(
            args.url,
            token,
            public_url=public_url,
            repeat=args.repeat,
            timeout=args.timeout,
            dial_status=args.dial_status,
            account_sid=account_sid,
        )
        try:
            return await simulator.call(
                from_number, to_number, args.sentences, confidence=args.confidence, send_status=not args.no_status
            )
        finally:
            await simulator.close()

    try:
        result = asyncio.run(run())
    except ValueError as exc:  # a malformed --url
        raise CliError(str(exc)) from None
    if result.ended_by == "error" and all(e.status == 0 for e in result.exchanges):
        reason = next((e.error for e in result.exchanges if e.error), "no response")
        raise CliError(f"cannot reach the server at {args.url}: {reason}")
    print(result.transcript())
    status = "" if result.status_callback_status is None else f", status callback HTTP {result.status_callback_status}"
    error = f" ({result.error})" if result.error else ""
    print(f"--- {result.call_sid}: {result.requests} requests, ended by {result.ended_by}{error}{status}")
    return 1 if result.ended_by == "error" else 0
