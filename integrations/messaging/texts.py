"""German texts of notifications (pure functions) and the GSM-7 arithmetic of SMS.

An SMS stays within two concatenated GSM-7 segments (2 x 153 = 306 septets; characters of the
extension table such as ``€`` count two). Characters outside GSM 03.38 are transliterated
(``„`` → ``"``, ``–`` → ``-``, ``…`` → ``...``, accents dropped) so that Twilio never switches to
UCS-2 (70 characters per segment). When the text is too long the summary line is shortened,
never the link.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

# GSM 03.38 basic character set (the escape 0x1B left out) and its extension table.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
SMS_MAX_SEPTETS = 306  # two concatenated segments of 153
ELLIPSIS = "..."
URGENT_PREFIX = "NOTFALL: "
SUBJECT_MAX = 200  # notifications.subject

_TRANSLITERATE = {
    "„": '"',
    "“": '"',
    "”": '"',
    "«": '"',
    "»": '"',
    "‚": "'",
    "‘": "'",
    "’": "'",
    "´": "'",
    "`": "'",
    "–": "-",
    "—": "-",
    "‑": "-",
    "−": "-",
    "…": "...",
    "\u00a0": " ",
    "\u202f": " ",
    "\t": " ",
    "•": "-",
    "·": "-",
    "°": " Grad",
    "²": "2",
    "³": "3",
    "½": "1/2",
    "×": "x",
    "Ł": "L",
    "ł": "l",
    "Đ": "D",
    "đ": "d",
    "Œ": "OE",
    "œ": "oe",
    "ı": "i",
    "Þ": "Th",
    "þ": "th",
}


def gsm7_length(text: str) -> int | None:
    """Septets ``text`` takes in GSM-7 (extension characters count 2); None if not encodable."""
    total = 0
    for char in text:
        if char in GSM7_BASIC:
            total += 1
        elif char in GSM7_EXTENSION:
            total += 2
        else:
            return None
    return total


def to_gsm7(text: str) -> str:
    """``text`` with every character outside GSM-7 replaced by a close GSM-7 equivalent."""
    out = []
    for char in text:
        if char in GSM7_BASIC or char in GSM7_EXTENSION:
            out.append(char)
            continue
        if char in _TRANSLITERATE:
            out.append(_TRANSLITERATE[char])
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if base and all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in base):
            out.append(base)
        elif unicodedata.category(char).startswith(("Z", "C")):
            out.append(" ")
        else:
            out.append("?")
    return "".join(out)


def shorten_gsm7(text: str, septets: int) -> str:
    """``text`` (GSM-7 already) cut to at most ``septets``, ending in "..." when cut."""
    length = gsm7_length(text)
    if length is not None and length <= septets:
        return text
    if septets <= len(ELLIPSIS):
        return ""
    budget = septets - len(ELLIPSIS)
    out: list[str] = []
    used = 0
    for char in text:
        cost = 2 if char in GSM7_EXTENSION else 1
        if used + cost > budget:
            break
        out.append(char)
        used += cost
    cut = "".join(out)
    # Cut at a word boundary when one is near.
    space = cut.rfind(" ")
    if space >= len(cut) - 15 and space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + ELLIPSIS


def fit_sms(head: str, summary: str, link: str, *, limit: int = SMS_MAX_SEPTETS) -> str:
    """``head``, ``summary`` and ``link`` on three lines within ``limit`` septets: the summary is
    shortened first, then the head; the link is never touched."""
    head, summary, link = to_gsm7(_one_line(head)), to_gsm7(_one_line(summary)), to_gsm7(link.strip())
    link_cost = gsm7_length(link) or 0
    head = shorten_gsm7(head, max(limit - link_cost - 1 - 20, 20))  # keep room for some summary
    fixed = (gsm7_length(head) or 0) + link_cost + 1 + (1 if summary else 0)
    summary = shorten_gsm7(summary, limit - fixed) if summary else ""
    lines = [head, summary, link] if summary else [head, link]
    return "\n".join(line for line in lines if line)


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def first_line(text: str | None) -> str:
    for line in (text or "").splitlines():
        if line.strip():
            return _one_line(line)
    return ""


def _subject(text: str) -> str:
    text = _one_line(text)
    return text if len(text) <= SUBJECT_MAX else text[: SUBJECT_MAX - 1].rstrip() + "…"


@dataclass(frozen=True)
class Notice:
    """One notification's text in every form: e-mail subject, SMS, plain and HTML e-mail body."""

    subject: str
    sms: str
    plain: str
    html: str


def _notice(head: str, summary: str, link: str, *, extra: Sequence[str] = (), link_label: str = "Zur Aktivität") -> Notice:
    subject = _subject(f"{head} – {summary}" if summary else head)
    sms = fit_sms(head, summary, link)
    plain_lines = [head, *([summary] if summary else []), *extra, "", f"{link_label}: {link}", "", "-- ", "zentrale"]
    html_parts = [f"<p><strong>{html.escape(head)}</strong></p>"]
    if summary:
        html_parts.append(f"<p>{html.escape(summary)}</p>")
    html_parts.extend(f"<p>{html.escape(line)}</p>" for line in extra)
    html_parts.append(f'<p><a href="{html.escape(link, quote=True)}">{html.escape(link_label)}</a></p>')
    html_parts.append('<p style="color:#666">zentrale</p>')
    body = '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"></head><body>' + "".join(html_parts) + "</body></html>"
    return Notice(subject=subject, sms=sms, plain="\n".join(plain_lines) + "\n", html=body)


def activity_notice(*, type: str, who: str, summary: str, link: str, urgent: bool) -> Notice:
    """ "Störung: Klaus Müller" / one line of summary / the link; "NOTFALL: " in front when urgent."""
    head = f"{URGENT_PREFIX if urgent else ''}{type}: {who}"
    return _notice(head, first_line(summary), link)


def follow_up_notice(*, type: str, who: str, summary: str, link: str, when: datetime, urgent: bool) -> Notice:
    head = f"{URGENT_PREFIX if urgent else ''}Wiedervorlage {when:%d.%m.%Y %H:%M}: {type}: {who}"
    return _notice(head, first_line(summary), link)


def dead_letter_notice(*, type: str, who: str, reason: str, link: str, update: bool = False) -> Notice:
    what = "Änderung nicht übertragen" if update else "Nicht übertragen"
    head = f"{what}: {type}: {who}"
    summary = f"Die Handwerkersoftware hat die Aktivität abgelehnt: {first_line(reason)}"
    return _notice(head, summary, link)


@dataclass(frozen=True)
class DigestItem:
    type: str  # the activity's type ("Störung")
    title: str  # the line the notification had on its own ("Störung: Klaus Müller – ...")
    link: str


def digest_notice(items: Sequence[DigestItem], *, day: datetime, inbox_link: str) -> Notice:
    """The morning digest: a count and the types in the SMS (with the inbox link), every item
    with its own link in the e-mail."""
    count = len(items)
    noun = "neue Aktivität" if count == 1 else "neue Aktivitäten"
    subject = f"Zusammenfassung {day:%d.%m.%Y}: {count} {noun}"
    types: list[str] = []
    for item in items:
        if item.type not in types:
            types.append(item.type)
    sms = fit_sms(f"{count} {noun} seit gestern Abend", ", ".join(types), inbox_link)
    plain = [subject, ""]
    rows = []
    for item in items:
        line = _one_line(item.title) or item.type
        plain.extend([f"- {line}", f"  {item.link}"])
        rows.append(f'<li><a href="{html.escape(item.link, quote=True)}">{html.escape(line)}</a></li>')
    plain.extend(["", f"Posteingang: {inbox_link}", "", "-- ", "zentrale"])
    body = (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"></head><body>'
        f"<p><strong>{html.escape(subject)}</strong></p><ul>{''.join(rows)}</ul>"
        f'<p><a href="{html.escape(inbox_link, quote=True)}">Zum Posteingang</a></p></body></html>'
    )
    return Notice(subject=_subject(subject), sms=sms, plain="\n".join(plain) + "\n", html=body)


# Reasons shown to staff when an SMS could not be sent (German).
TWILIO_ERRORS_DE = {
    21211: "Die Nummer ist ungültig.",
    21408: "SMS in dieses Land sind im Twilio-Konto nicht freigeschaltet.",
    21610: "Der Empfänger hat SMS von dieser Nummer abbestellt.",
    21612: "An diese Nummer kann keine SMS gesendet werden.",
    21614: "Die Nummer ist keine Mobilnummer.",
    30003: "Das Handy ist nicht erreichbar.",
    30004: "Der Empfänger hat die SMS blockiert.",
    30005: "Die Nummer ist unbekannt oder existiert nicht mehr.",
    30006: "Die Nummer ist ein Festnetzanschluss oder der Netzbetreiber ist nicht erreichbar.",
    30007: "Die SMS wurde vom Netzbetreiber gefiltert.",
    30008: "Die SMS konnte aus unbekanntem Grund nicht zugestellt werden.",
}
NOT_MOBILE_DE = "Die Nummer ist keine Mobilnummer; eine SMS ist nicht möglich."
NO_SMS_SETUP_DE = "Der SMS-Versand ist nicht eingerichtet (Twilio-Konto oder Absender fehlt)."


def twilio_error_de(code: int | None, fallback: str | None = None) -> str:
    if code is not None and code in TWILIO_ERRORS_DE:
        return f"{TWILIO_ERRORS_DE[code]} (Twilio {code})"
    detail = f" (Twilio {code})" if code is not None else ""
    return (fallback or "Die SMS konnte nicht gesendet werden.") + detail
