"""German wordings the bot shows to staff (summaries, slot labels).

Kept in one place so wording can be reviewed and changed without touching the rules.
"""

from __future__ import annotations

# Readable urgency labels; the machine value lives in ``SlotValue.normalized``.
URGENCY_LABELS: dict[str, str] = {
    "low": "nicht eilig",
    "normal": "normal",
    "high": "dringend",
    "urgent": "Notfall",
}

# Weekday names by ``date.weekday()`` (Monday first), for dates read back, noted and promised.
WEEKDAYS: tuple[str, ...] = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")

# Summary building blocks. ``{subject}`` is who called, ``{task}`` the task's name.
SUMMARY_UNKNOWN_CALLER = "Ein Anrufer"
SUMMARY_TASK = "{subject} ruft an wegen „{task}“"
SUMMARY_NO_TASK = "Anruf ohne erkanntes Anliegen"
SUMMARY_NO_TASK_FROM = "Anruf ohne erkanntes Anliegen von: {subject}"
SUMMARY_SAID = "Gesagt wurde: „{quote}“"
SUMMARY_NOTHING_SAID = "Der Anrufer hat nichts Verständliches gesagt"
SUMMARY_ADDRESS = "Adresse: {address}"
SUMMARY_CALLBACK = "Rückruf erbeten unter {number}"
SUMMARY_CALLBACK_TIME = "Rückruf erbeten unter {number}, am liebsten {time}"
SUMMARY_TIME_ONLY = "Terminwunsch: {time}"
SUMMARY_URGENCY_PREFIX: dict[str, str] = {
    "urgent": "NOTFALL: ",
    "high": "Dringend: ",
}
SUMMARY_LOW_URGENCY = "Laut Anrufer nicht eilig"
# How many characters of what the caller said go into a summary without a task.
SUMMARY_QUOTE_CHARS = 160
ELLIPSIS = "…"

# The fault stored for an emergency call when the caller's words gave none (key: the dialogue's
# emergency kind).
EMERGENCY_FAULTS: dict[str, str] = {
    "gas": "Gasgeruch",
    "smoke": "Rauch oder Feuer",
    "co": "Verdacht auf Kohlenmonoxid",
    "water": "Wasser tritt aus",
    "oil": "Heizöl läuft aus",
}
