"""E-mail addresses as callers say them: "rolf punkt happel at web punkt de", "k minus berger ät
gmx punkt de", CH "ruth punkt portmann at bluewin punkt ch", or written ("r.happel@web.de").

One home for the dialogue (which writes the address into the notes) and the summary (which can
quote the written address instead of the spoken words)."""

from __future__ import annotations

import re

# One part of an address: words or digits joined by a spoken or written dot, hyphen or underscore.
_PART = r"[a-z0-9äöüß]+(?:(?:\s+(?:punkt|minus|bindestrich|unterstrich)\s+|[._-])[a-z0-9äöüß]+)*"
# "at", "ät" (DE/AT/CH), "aet" (folded), "et", or "@"; the domain ends in a known top-level domain.
_EMAIL = re.compile(
    rf"(?<![\w.])({_PART})\s*(?:\s(?:at|ät|aet|et)\s|@)\s*"
    rf"({_PART}(?:\s+punkt\s+|\.)(?:de|at|ch|li|com|net|org|eu|info))(?![\w])"
)
_SPOKEN = (
    (re.compile(r"\s+(?:minus|bindestrich)\s+"), "-"),
    (re.compile(r"\s+unterstrich\s+"), "_"),
    (re.compile(r"\s+punkt\s+"), "."),
)


def _written(part: str) -> str:
    for pattern, sign in _SPOKEN:
        part = pattern.sub(sign, part)
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        part = part.replace(umlaut, plain)  # "müller" is written "mueller" in an address
    return re.sub(r"\s+", "", part)


def spoken_emails(text: str) -> list[tuple[int, int, str]]:
    """The e-mail addresses in ``text``, each as (start, end, written address): the span of the
    words in ``text`` and the address written ("k minus berger ät gmx punkt de" → "k-berger@gmx.de").
    "ich bin ab acht at home" is none (no domain)."""
    low = (text or "").lower()
    if len(low) != len(text or ""):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return [(m.start(), m.end(), f"{_written(m.group(1))}@{_written(m.group(2))}") for m in _EMAIL.finditer(low)]
