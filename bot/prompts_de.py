"""German system prompts for the language-model intent engine.

The prompts are German because the callers and the staff are; the model answers in a strict
JSON schema, so the wording here steers content, never the format. Austrian businesses get
Austrian wording in the summaries ("Jänner", "anläuten", "Rauchfangkehrer").
"""

from __future__ import annotations

from collections.abc import Sequence

from zentrale.bot.intents.base import TaskLike
from zentrale.config.vocabulary import SLOT_LABELS

# How many example sentences per task go into the prompt (keeps the prompt short and fast).
MAX_EXAMPLES_PER_TASK = 5

UNSURE = "unsure"

_REGION_WORDS = {
    "DE": "Deutschland",
    "AT": "Österreich",
    "CH": "der Schweiz",
}

# What the model should put into each slot, in the staff's words.
SLOT_DESCRIPTIONS_DE: dict[str, str] = {
    "caller_name": 'Name des Anrufers, wie er ihn nennt (z. B. "Anna Schmidt", "Herr Maier"), sonst null.',
    "callback_number": (
        'Rückrufnummer als Ziffernfolge mit Vorwahl (gesprochene Ziffern wie "null eins sieben eins" '
        'in Ziffern umwandeln, z. B. "0171 5550123"), sonst null.'
    ),
    "street": 'Straße und Hausnummer (z. B. "Hauptstraße 12"), sonst null.',
    "postcode": "Postleitzahl als Ziffern, sonst null.",
    "city": "Ort bzw. Stadt, sonst null.",
    "preferred_time": 'Wunschtermin oder Erreichbarkeit, so wie gesagt (z. B. "morgen ab 14 Uhr"), sonst null.',
    "device": 'Gerät oder Anlage mit Hersteller, falls genannt (z. B. "Gastherme Vaillant"), sonst null.',
    "fault": 'Fehlerbild in wenigen Worten (z. B. "kein Warmwasser", "Störcode F28"), sonst null.',
    "urgency": (
        'Dringlichkeit: "urgent" bei akuter Gefahr (Gas- oder Abgasgeruch, Rauch, CO-Melder, Wasserrohrbruch, '
        "Wasser lässt sich nicht abstellen, Überschwemmung, Kessel bläst ab, Heizung ganz aus bei Frost), "
        '"high" wenn heute nötig (Heizung aus bei Kälte ohne Frost), "normal" sonst, "low" wenn es Zeit hat '
        '("nicht eilig"); null wenn nicht erkennbar.'
    ),
}

# The extra schema field next to ``preferred_time``: the same time as ISO 8601, when clear.
PREFERRED_TIME_ISO_DESCRIPTION = (
    'Der Wunschtermin als ISO-8601-Zeitpunkt in der Zeitzone des Betriebs (z. B. "2025-03-04T14:00:00+01:00"), '
    "nur wenn Tag und Uhrzeit eindeutig sind, sonst null."
)


def _region_text(region: str) -> str:
    return _REGION_WORDS.get(region.upper(), "dem deutschsprachigen Raum")


def classify_system_prompt(
    tasks: Sequence[TaskLike], *, business_name: str | None = None, region: str = "DE", current_task: str | None = None
) -> str:
    """The instructions for choosing one task id (or ``unsure``) for the caller's last utterance."""
    firm = f"des Handwerksbetriebs „{business_name}“" if business_name else "eines Handwerksbetriebs"
    lines = [
        f"Du bist die Telefonassistenz {firm} in {_region_text(region)}.",
        "Du bekommst das Gespräch mit einem Anrufer. Die Texte stammen aus einer Spracherkennung: "
        "Kleinschreibung, fehlende Satzzeichen, Zahlen als Wörter, Umgangssprache und regionale Wörter "
        "(Therme, Kessel, Brenner, Rauchfangkehrer, anläuten) sind normal.",
        "Bestimme, aus welchem Grund der Anrufer anruft, bezogen auf seine letzte Äußerung und den Gesprächsverlauf.",
        'Wähle genau eine der folgenden Aufgaben (Feld "task" = die Kennung vor dem Doppelpunkt):',
        "",
    ]
    for task in tasks:
        lines.append(f"- {task.id}: {task.name}. {task.description.strip()}")
        examples = [e.strip() for e in task.examples if e and e.strip()][:MAX_EXAMPLES_PER_TASK]
        if examples:
            lines.append("  Beispiele: " + " | ".join(f"„{e}“" for e in examples))
        keywords = [k.strip() for k in task.keywords if k and k.strip()]
        if keywords:
            lines.append("  Stichwörter: " + ", ".join(keywords))
    lines += [
        "",
        f'Wenn keine Aufgabe sicher passt oder die Äußerung leer bzw. unverständlich ist, wähle "{UNSURE}".',
        "Bei Gefahr für Menschen oder Gebäude hat die Notfall-Aufgabe Vorrang, sofern es eine gibt: Gas-, Abgas- "
        "oder Rauchgeruch, CO- oder Rauchmelder schlägt an, Wasserrohrbruch, Wasser läuft und lässt sich nicht "
        "abstellen, Überschwemmung, Kessel oder Sicherheitsventil bläst ab, Heizung ganz aus bei Frost.",
        "Der Grund des Anrufs geht vor dem Wunsch nach Rückruf oder Termin; ein Nachname wie Rauch, Brand oder "
        "Feuer und der Beruf Rauchfangkehrer sind keine Gefahr.",
        'Gib in "confidence" an, wie sicher du bist, als Zahl von 0 bis 1.',
    ]
    if current_task:
        lines.append(f'Die Assistenz hat zuletzt nach der Aufgabe "{current_task}" gefragt.')
    return "\n".join(lines)


def slots_system_prompt(
    wanted: Sequence[str], *, region: str = "DE", timezone: str = "Europe/Berlin", now_iso: str | None = None
) -> str:
    """The instructions for pulling the wanted details out of the caller's words."""
    lines = [
        f"Du bist die Telefonassistenz eines Handwerksbetriebs in {_region_text(region)}.",
        "Entnimm der letzten Äußerung des Anrufers (und, wo nötig, dem Gesprächsverlauf) die folgenden Angaben. "
        "Die Texte stammen aus einer Spracherkennung (Kleinschreibung, Zahlen als Wörter).",
        "Erfinde nichts: Was der Anrufer nicht gesagt hat, ist null.",
        "",
    ]
    for name in wanted:
        lines.append(f"- {name}: {SLOT_DESCRIPTIONS_DE[name]}")
        if name == "preferred_time":
            lines.append(f"- preferred_time_iso: {PREFERRED_TIME_ISO_DESCRIPTION}")
    lines.append("")
    if now_iso:
        lines.append(f"Jetzt ist {now_iso} (Zeitzone {timezone}).")
    return "\n".join(lines)


def summary_system_prompt(*, region: str = "DE") -> str:
    """The instructions for the note the staff read after the call."""
    austrian = region.upper() == "AT"
    wording = "Verwende österreichische Wortwahl (z. B. „Jänner“, „anläuten“, „Rauchfangkehrer“). " if austrian else ""
    return "\n".join(
        [
            "Du schreibst für die Mitarbeiter eines Handwerksbetriebs eine Notiz zu einem Anruf, "
            "den die Telefonassistenz angenommen hat.",
            "Schreibe zwei oder drei kurze, sachliche deutsche Sätze in der dritten Person: wer angerufen hat, "
            "worum es geht (Gerät, Fehlerbild, Dringlichkeit) und was der Anrufer erwartet (z. B. Rückruf, Termin). "
            + wording
            + "Nenne nur, was im Gespräch gesagt wurde oder in den Angaben steht; erfinde nichts.",
            "Keine Anrede, keine Aufzählung, keine Grußformel.",
        ]
    )


def summary_user_message(
    transcript: Sequence[tuple[str, str]], task_name: str | None, details: dict[str, str], caller: str | None
) -> str:
    """The call as the model reads it: known facts first, then the dialogue line by line."""
    lines = []
    if caller:
        lines.append(f"Bekannter Kunde: {caller}")
    lines.append(f"Anliegen: {task_name}" if task_name else "Anliegen: nicht erkannt")
    for name, value in details.items():
        lines.append(f"{SLOT_LABELS.get(name, name)}: {value}")
    lines.append("")
    lines.append("Gesprächsverlauf:")
    for speaker, text in transcript:
        label = "Anrufer" if speaker == "caller" else "Assistenz"
        lines.append(f"{label}: {text}")
    return "\n".join(lines)
