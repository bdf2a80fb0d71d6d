"""German words and phrases that more than one part of the bot recognises, defined once.

The slot extractor, the read-back, the dialogue and the summary all meet month names, parts of the
day and callers who cancel an appointment. Each used to spell its own table; a word added to one (Austrian
"Feber", Swiss "abmälde") was missing from the others. The patterns here work on lower-case text
with umlauts and on folded text ("ä" → "ae") alike.
"""

from __future__ import annotations

import re

# The months as said back and written into the activity; Austria says "Jänner".
MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
MONTHS_AT = ("Jänner", *MONTHS[1:])

# Every way a month is said or transcribed (lower case) → its number.
MONTH_NUMBERS: dict[str, int] = {
    **{m.lower(): n for n, m in enumerate(MONTHS, start=1)},
    "jänner": 1, "jaenner": 1, "feber": 2, "maerz": 3,
}  # fmt: skip

# The standard name for a month word as said: "feber" → "Februar", the Austrian "jänner" stays.
MONTH_DISPLAY: dict[str, str] = {
    word: (MONTHS_AT if word.startswith("j") and "nner" in word else MONTHS)[number - 1] for word, number in MONTH_NUMBERS.items()
}

# Cancelling an appointment or an order ("absagen", "stornieren", Swiss "abseit", "abmälde"), also
# with the verb split ("ich sage den Termin ab", "wir sagen das ganz ab, weil …"; "ab wann" is no
# cancelling).
CANCEL = re.compile(
    r"\b(?:absag\w*|abzusagen|abgesagt|abs(?:ä|ae)g\w*|abzs(?:ä|ae)g\w*|abseit|abseite|abbestell\w*|abm(?:ä|ae|e)ld\w*"
    r"|stornier\w*|storno|canceln|gecancelt)\b"
    r"|\bsag\w*\s+(?:\S+\s+){0,4}?ab(?=\s*(?:$|[,.;!?]|(?:und|weil|denn|da|wir|ich|bitte|mir|es|wel|will)\b))"
)

# No new appointment wanted where a time was asked: cancelling, or "keinen neuen Termin", Swiss
# "kei neue Termin", Austrian "koan neichn Termin".
NO_NEW_APPOINTMENT = re.compile(
    CANCEL.pattern + r"|\bk(?:ein|ei|oa|een|ai)\w*\s+(?:neu\w*\s+|neich\w*\s+|andere\w*\s+)?termin\w*\b"
)

# A part of the day as said → the noun for it. Swiss and Austrian afternoon ("am namittag",
# "nomittag") come before "mittag", which they contain: the first word found wins.
PARTS_OF_DAY: dict[str, str] = {
    "vormittag": "Vormittag",
    "nachmittag": "Nachmittag",
    "namittag": "Nachmittag",
    "nomittag": "Nachmittag",
    "mittag": "Mittag",
    "abend": "Abend",
}
