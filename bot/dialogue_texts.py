"""Everything the caller hears from the dialogue, in German (de-DE, with de-AT variants).

Short sentences, Sie-form, one question at a time: phone speech, not letters. The wording is
kept here so it can be reviewed and changed without touching the state machine. The greeting
itself comes from the business's YAML (it names the automated assistant, EU AI Act Art. 50);
the default questions for known slots come from ``config.schema.DEFAULT_QUESTIONS`` unless a
regional variant is given below.

Placeholders are ``str.format`` fields; every text is checked for its fields by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

# The slot labels live in the vocabulary; importable from here for the read-back's callers.
from zentrale.bot.texts_de import WEEKDAYS
from zentrale.config.vocabulary import CUSTOM_SLOT_LABELS as CUSTOM_SLOT_LABELS
from zentrale.config.vocabulary import custom_slot_label as custom_slot_label


@dataclass(frozen=True)
class DialogueTexts:
    """One language variant of the dialogue's wording."""

    variant: str
    hello: str  # put in front of the caller's name: "Guten Tag, Herr Mustermann."
    what_can_i_do: str
    office_closed: str
    ask_name_to_pick: str  # several contacts share the caller's number
    thanks_name: str
    ask_again_reason: str  # {examples}: "eine Störung, einen Termin oder eine Rechnung"
    ask_again_reason_plain: str
    take_message: str
    not_understood_repeat: str  # no speech, once: then the last question again
    not_understood_retry: str  # speech without the asked detail
    no_speech_goodbye: str
    no_speech_goodbye_known: str  # we know whom to call back
    # Questions the dialogue asks on its own (the task's own `ask` questions come from the YAML).
    question_name: str
    question_callback: str
    questions: dict[str, str] = field(default_factory=dict)  # regional variants of the schema defaults
    # Read-back
    readback_intro_task: str = "Ich habe notiert: {task}."
    readback_intro_message: str = "Ich habe Ihre Nachricht notiert."
    readback_name: str = "Ihr Name: {name}."
    readback_person: str = "Betrifft: {person}."  # the person the call is about, not the caller
    readback_address: str = "Adresse: {address}."
    # A postcode or a place without the street: read back under its own name, and the street asked
    # for instead of "Stimmt das so?" (at the first read-back).
    readback_place: str = "{label}: {place}."
    readback_postcode: str = "Postleitzahl"
    readback_city: str = "Ort"
    readback_postcode_city: str = "Postleitzahl und Ort"
    readback_street_missing: str = "Mir fehlt noch die Straße mit Hausnummer. Wie lautet sie?"
    readback_time: str = "Wunschtermin: {time}."
    readback_callback: str = "Rückrufnummer: {number}."
    readback_details: str = "{details}."
    readback_custom: str = "{label}: {value}."
    readback_question: str = "Stimmt das so?"
    ask_correction: str = "Was soll ich korrigieren?"
    corrected: str = "Danke, ich habe das korrigiert."
    correction_noted: str = "Danke, ich habe Ihre Anmerkung notiert."
    readback_again: str = "Danke, ich habe das korrigiert."  # before the read-back said once more
    # Answers that do not fit the question: asked once more in other words, per slot.
    retry_questions: dict[str, str] = field(
        default_factory=lambda: {
            "caller_name": "Wie ist bitte Ihr Vor- und Nachname?",
            "callback_number": "Bitte sagen Sie mir die Telefonnummer mit Vorwahl, am besten Ziffer für Ziffer.",
            "street": "Wie heißt die Straße, und welche Hausnummer ist es?",
            "postcode": "Wie lautet die Postleitzahl? Das sind {digits} Ziffern.",
            "city": "Wie heißt der Ort?",
            "preferred_time": "An welchem Tag und zu welcher Uhrzeit passt es Ihnen am besten?",
            "device": "Was für ein Gerät ist es, zum Beispiel eine Gastherme oder eine Wärmepumpe?",
            "fault": "Beschreiben Sie mir bitte kurz, was nicht funktioniert.",
        }
    )
    retry_prefix: str = "Entschuldigung, das habe ich nicht richtig verstanden."
    question_postcode_city: str = "Wie lauten Postleitzahl und Ort?"  # an address the task's `ask` does not list
    # A fault task that knows the device only generically (or not at all) or no error code: one
    # question for only what is missing (see Dialogue._fault_details_missing).
    question_device_and_code: str = "Welches Gerät ist es, und zeigt es eine Fehlermeldung oder einen Code an?"
    question_device: str = "Welches Gerät ist es, und von welchem Hersteller?"
    question_code: str = "Wird dabei eine Fehlermeldung oder ein Code angezeigt?"
    # Asked once when the device question was answered without the code it asked for too.
    question_code_once: str = "Zeigt das Gerät einen Fehlercode an?"
    question_maker: str = "Von welchem Hersteller ist das Gerät?"
    # The maker question answered with something else ("die steht draußen im Garten"): once more.
    question_maker_again: str = "Und welche Marke ist das Gerät? Der Name steht meist vorne drauf."
    question_maker_and_code: str = "Von welchem Hersteller ist das Gerät, und zeigt es eine Fehlermeldung oder einen Code an?"
    # After an emergency's questions (water or oil running out of a device): the maker, last and optional.
    # A sanitary fixture named with its fault ("Klo, Spülung läuft nach"): its make, for the spare part.
    question_fixture_maker: str = "Was genau ist da verbaut, wissen Sie das Fabrikat?"
    question_maker_emergency: str = "Zum Schluss noch: Von welchem Hersteller ist das Gerät, falls Sie es wissen?"
    # Only the maker is known ("die Buderus zeigt was an"): which of its devices, the model if known.
    question_model: str = "Welches Gerät von {maker} ist es genau? Das Modell steht meist vorne drauf."
    question_model_and_code: str = "Welches Gerät von {maker} ist es genau, und zeigt es eine Fehlermeldung oder einen Code an?"
    # What a receptionist asks for the other kinds of task when the task's `ask` does not
    # (see Dialogue._kind_questions): the document number, when to call back, the heating today.
    question_invoice_number: str = "Wie lautet die Rechnungsnummer, falls Sie sie zur Hand haben?"
    question_estimate_number: str = "Wie lautet die Angebotsnummer, falls Sie sie zur Hand haben?"
    say_the_number: str = "Bitte nennen Sie mir die Nummer."  # after a bare "ja" to one of those number questions
    question_new_time: str = "Wann würde es Ihnen stattdessen passen?"  # an appointment to move
    # Someone calling for others (a property management, a relative): their own number, not the one shown.
    question_direct_number: str = "Unter welcher Nummer erreichen wir Sie direkt, zum Beispiel Ihre Durchwahl?"
    # A caller not on file whose number is shown: once, before the read-back, whether that number
    # reaches them (the wife's mobile, the office, the landline at home may be better).
    question_shown_number: str = "Können wir Sie unter der Nummer zurückrufen, von der Sie gerade anrufen?"
    # Told to leave the building, calling from a landline there: a number that reaches them outside.
    question_mobile_outside: str = "Unter welcher Handynummer erreichen wir Sie, wenn Sie draußen sind?"
    question_callback_time: str = "Wann passt Ihnen ein Rückruf am besten?"  # "zu erreichen" was answered with the number
    # A callback or visit wished unasked for a day but no hour ("heute", "morgen"): asked once.
    question_wish_hour: str = "Um welche Uhrzeit ungefähr?"
    # A caller who has to leave now ("ich muss gleich wieder weg"): when the technician finds someone.
    question_when_home: str = "Wann sind Sie wieder zu Hause, damit unser Techniker vorbeikommen kann?"
    question_surname: str = "Und Ihr Nachname?"
    # A street said without its house number: the technician has to find the house (asked once).
    question_house_number: str = "Und welche Hausnummer?"
    # Instead of the fault question when the caller wishes work done, nothing is broken
    # ("wir wollen das Bad umbauen lassen"): what is to be done.
    question_wish_work: str = "Was genau soll gemacht werden?"
    question_current_heating: str = "Womit heizen Sie im Moment, zum Beispiel mit Gas, Öl oder Strom?"
    # The caller names another reason later in the call.
    topic_changed: str = "Alles klar, dann geht es um das Thema {task}."
    # Questions back: one sentence, then the question again.
    answer_why_name: str = "Damit wir wissen, wer angerufen hat, und Sie richtig ansprechen können."
    answer_why_number: str = "Damit wir Sie zurückrufen können, falls wir noch Fragen haben."
    answer_why_address: str = "Damit unser Techniker weiß, wohin er kommen soll."
    answer_why: str = "Damit wir Ihr Anliegen richtig weitergeben können."
    answer_who: str = "Sie sprechen mit der digitalen Telefonassistenz von {business}."
    answer_data: str = "Ihre Angaben bekommt nur unser Team, damit es sich um Ihr Anliegen kümmern kann."
    answer_machine: str = "Ja, ich bin eine digitale Assistenz und nehme Ihr Anliegen für das Team von {business} auf."
    # What happens next
    next_person: str = "{person} ruft Sie {when} zurück."
    next_team: str = "Jemand aus unserem Team ruft Sie {when} zurück."
    next_we: str = "Wir rufen Sie {when} zurück."
    next_person_later: str = "{person} kümmert sich darum und meldet sich bei Ihnen."
    next_team_later: str = "Unser Team kümmert sich darum und meldet sich bei Ihnen."
    next_urgent: str = "Wir melden uns so schnell wie möglich bei Ihnen."
    # A wished time was said: the day they hear back all the same (the activity's follow-up).
    next_person_later_when: str = "{person} kümmert sich darum und meldet sich {when} bei Ihnen."
    next_team_later_when: str = "Unser Team kümmert sich darum und meldet sich {when} bei Ihnen."
    next_no_number: str = "Ich habe leider keine Rückrufnummer von Ihnen. Bitte rufen Sie uns {when} noch einmal an."
    when_today: str = "heute noch"
    when_next_workday: str = "am nächsten Werktag"
    goodbye: str = "Vielen Dank für Ihren Anruf. Auf Wiederhören!"
    wrap_up: str = "Ich habe alles Wichtige notiert."
    # Forwarding
    forward_person: str = "Einen Moment bitte, ich verbinde Sie mit {person}."
    forward_office: str = "Einen Moment bitte, ich verbinde Sie mit einem Mitarbeiter."
    forward_emergency: str = "Ich verbinde Sie jetzt mit unserem Notdienst. Bitte bleiben Sie dran."
    forward_failed: str = "Leider ist gerade niemand erreichbar. Ich nehme Ihr Anliegen auf."
    forward_impossible: str = "Im Moment kann ich Sie leider nicht verbinden. Ich nehme Ihr Anliegen auf."
    forward_closed: str = (
        "Unser Büro ist gerade nicht besetzt, deshalb kann ich Sie im Moment nicht verbinden. Ich nehme Ihr Anliegen gern auf."
    )
    forward_again: str = "Es ist leider weiterhin niemand erreichbar. Ich nehme Ihr Anliegen auf."
    # Gas smell: safety first (leave the building, no switches, no phone inside, call the utility).
    gas_safety: str = (
        "Bei Gasgeruch gilt: Verlassen Sie bitte sofort das Gebäude. "
        "Betätigen Sie keine Lichtschalter und keine elektrischen Geräte und telefonieren Sie nicht im Haus. "
        "Rufen Sie von draußen den Entstördienst Ihres Gasversorgers an, bei Gefahr den Notruf 112."
    )
    urgent_message: str = "Ich nehme Ihre Meldung als dringend auf."
    # Someone unconscious or collapsed: the ambulance before anything else (DE 112, AT Rettung 144,
    # CH Sanität 144), said before the danger's own advice.
    rescue_first: str = "Wenn jemand bewusstlos ist oder nicht reagiert, rufen Sie bitte sofort den Notruf 112."
    # An emergency whose kind of danger is not recognised (no gas, smoke, water, oil named or
    # described): what holds for every danger. 112 is the emergency number in DE, AT and CH.
    emergency_general_safety: str = (
        "Falls jemand in Gefahr ist, bringen Sie sich und andere bitte sofort in Sicherheit und rufen Sie den Notruf 112 an."
    )
    # Every emergency (gas, smoke/fire, carbon monoxide, water, oil) is one short call: the advice,
    # the forward to the on-call person; not answered → only what is needed to send help, then the
    # advice once more (``*_safety_repeat``) before the goodbye.
    emergency_message: str = "Ich nehme Ihre Meldung auf und gebe sie sofort an uns weiter."
    emergency_forward_failed: str = (
        "Leider ist gerade niemand erreichbar. Ich gebe Ihre Meldung sofort an unseren Notdienst weiter."
    )
    gas_question_address: str = "Wo genau riecht es nach Gas? Bitte nennen Sie mir Straße, Hausnummer und Ort."
    emergency_question_address: str = "Wohin soll unser Notdienst kommen? Bitte nennen Sie mir Straße, Hausnummer und Ort."
    emergency_question_name: str = "Und wie ist Ihr Name, damit unser Notdienst Sie findet?"
    # The address came without its place: asked once, a city alone is enough.
    emergency_question_place: str = "Und in welchem Ort ist das? Die Postleitzahl genügt auch."
    # the place was said only in the first sentence ("die Praxis in Friedenau"): its postcode
    emergency_question_postcode: str = "Und wie lautet die Postleitzahl in {city}?"
    # The address an unknown caller gave, read back once (not "Stimmt das so?": no full read-back).
    emergency_address_readback: str = "Ich wiederhole die Adresse: {address}. Ist das richtig?"
    emergency_address_corrected: str = "Danke, ich habe das korrigiert: {address}."
    emergency_address_again: str = "Bitte nennen Sie mir die Adresse noch einmal: Straße, Hausnummer und Ort."
    # A caller on file: is help needed at their address? (the phone may be someone else's, the
    # caller somewhere else)
    emergency_question_contact_place: str = (
        "Ist das bei Ihnen, an der Adresse {address}? Sonst nennen Sie mir bitte Straße, Hausnummer und Ort."
    )
    emergency_question_contact_place_on_file: str = (
        "Ist das bei Ihnen, an der Adresse, die wir von Ihnen haben? Sonst nennen Sie mir bitte Straße, Hausnummer und Ort."
    )
    # In the notes when the caller said another name than the person on file for the number.
    note_other_caller: str = "Anruf von der Nummer von {name} ({code}), der Anrufer nannte einen anderen Namen."
    # A second number said with the callback number (the wife's mobile when nobody answers).
    note_other_number: str = "Weitere Nummer: {number}"
    # An e-mail address the caller said (for a copy of an invoice, an offer).
    note_email: str = "E-Mail: {address}"
    gas_safety_repeat: str = "Bitte bleiben Sie draußen, betätigen Sie keine Schalter und rufen Sie bei Gefahr den Notruf 112."
    water_safety: str = (
        "Drehen Sie bitte den Hauptwasserhahn zu, den Haupthahn beim Wasserzähler, wenn Sie gefahrlos herankommen. "
        "Schalten Sie den Strom für nasse Räume an der Sicherung ab, wenn das gefahrlos geht, "
        "und kommen Sie nassen Steckdosen und Geräten nicht zu nahe."
    )
    water_safety_repeat: str = "Bitte drehen Sie den Hauptwasserhahn zu und kommen Sie nassen Steckdosen nicht zu nahe."
    smoke_safety: str = (
        "Bei Rauch oder Feuer gilt: Verlassen Sie bitte mit allen Personen sofort das Gebäude "
        "und schließen Sie die Türen hinter sich. Rufen Sie von draußen die Feuerwehr unter 112 an."
    )
    smoke_safety_repeat: str = "Bitte bleiben Sie draußen, lassen Sie die Türen zu und rufen Sie die Feuerwehr unter 112 an."
    co_safety: str = (
        "Bei Verdacht auf Kohlenmonoxid gilt: Verlassen Sie bitte mit allen Personen sofort das Gebäude, "
        "öffnen Sie im Hinausgehen Fenster und Türen und machen Sie kein offenes Feuer. "
        "Rufen Sie von draußen die Feuerwehr unter 112 an."
    )
    co_safety_repeat: str = "Bitte bleiben Sie an der frischen Luft und rufen Sie bei Beschwerden die Feuerwehr unter 112 an."
    # An emergency of no recognised kind ("general"): the general safety sentence, short.
    general_safety_repeat: str = (
        "Falls jemand in Gefahr ist, bringen Sie sich bitte in Sicherheit und rufen Sie den Notruf 112 an."
    )
    # Heating oil running out: no ignition, keep it out of the drains, the fire brigade for large amounts.
    oil_safety: str = (
        "Bei auslaufendem Heizöl gilt: kein offenes Feuer, nicht rauchen und keine Schalter im Raum betätigen. "
        "Lassen Sie kein Öl in Abfluss oder Kanal laufen. Bei größeren Mengen rufen Sie die Feuerwehr unter 112 an."
    )
    oil_safety_repeat: str = "Bitte kein offenes Feuer, keine Schalter im Raum und kein Öl in den Abfluss."
    # When the caller hears back (see Dialogue._next_steps); {day} is a weekday name.
    when_tomorrow: str = "morgen"
    when_by_day: str = "spätestens am {day}"
    # Closed until {start} ("morgen" or a weekday), the follow-up due on a later {day}.
    when_from_by_day: str = "ab {start}, spätestens am {day},"
    # The next opening day after a closed stretch ("Sabine Berger ruft Sie am Montag zurück").
    when_on_day: str = "am {day}"
    when_soon: str = "so bald wie möglich"
    # Office closed now, the next opening another day ("ruft Sie ab Montag so bald wie möglich zurück"):
    # the caller hears the day nobody calls before; {day} is "morgen" or a weekday name.
    when_soon_from: str = "ab {day} so bald wie möglich"
    weekdays: tuple[str, ...] = WEEKDAYS
    next_no_number_plain: str = "Ich habe leider keine Rückrufnummer von Ihnen. Bitte rufen Sie uns noch einmal an."
    # An emergency without a number: not "am nächsten Werktag" but at once (the forward is tried again).
    next_no_number_urgent: str = (
        "Ich habe leider keine Rückrufnummer von Ihnen. Bitte rufen Sie uns gleich noch einmal an, "
        "dann versuchen wir Sie wieder mit unserem Notdienst zu verbinden."
    )
    when_today_call_again: str = "heute"  # "Bitte rufen Sie uns heute noch einmal an", not "heute noch noch einmal"
    # The fallback (the normal handler failed): take a message without the dialogue.
    fallback_prompt: str = (
        "Entschuldigung, bei uns gibt es gerade eine technische Störung. Bitte sagen Sie mir kurz "
        "Ihren Namen, Ihre Rückrufnummer und worum es geht. Wir melden uns dann bei Ihnen."
    )
    fallback_thanks: str = "Vielen Dank, Ihre Nachricht ist notiert. Wir melden uns bei Ihnen. Auf Wiederhören!"
    fallback_no_message: str = "Wir rufen Sie zurück, sobald es geht. Auf Wiederhören!"
    # Examples for "Worum geht es denn genau?"
    examples_joiner: str = " oder "

    def emergency_advice(self, kind: str) -> str:
        """The safety text for an emergency kind ("gas", "smoke", "co", "water", "oil"; "general" when
        no kind of danger was recognised)."""
        return {
            "gas": self.gas_safety,
            "co": self.co_safety,
            "water": self.water_safety,
            "oil": self.oil_safety,
            "general": self.emergency_general_safety,
        }.get(kind, self.smoke_safety)

    def emergency_advice_repeat(self, kind: str) -> str:
        """The advice once more, short, before the goodbye of an emergency call."""
        return {
            "gas": self.gas_safety_repeat,
            "co": self.co_safety_repeat,
            "water": self.water_safety_repeat,
            "oil": self.oil_safety_repeat,
            "general": self.general_safety_repeat,
        }.get(kind, self.smoke_safety_repeat)

    def emergency_question_where(self, kind: str) -> str:
        """Where to send help, asked of an unknown caller in an emergency."""
        return self.gas_question_address if kind == "gas" else self.emergency_question_address


DE = DialogueTexts(
    variant="de-DE",
    hello="Guten Tag",
    what_can_i_do="Was kann ich für Sie tun?",
    office_closed="Unser Büro ist gerade nicht besetzt, aber ich nehme Ihr Anliegen gern auf.",
    ask_name_to_pick="Darf ich bitte Ihren Namen erfahren?",
    thanks_name="Danke, {name}.",
    ask_again_reason="Worum geht es denn genau? Zum Beispiel: {examples}?",
    ask_again_reason_plain="Worum geht es denn genau? Sagen Sie es mir bitte in einem Satz.",
    take_message="Ich nehme Ihr Anliegen als Nachricht auf und gebe es weiter.",
    not_understood_repeat="Ich habe Sie leider nicht verstanden.",
    not_understood_retry="Entschuldigung, das habe ich nicht ganz verstanden.",
    no_speech_goodbye=("Ich kann Sie leider nicht hören. Bitte rufen Sie uns noch einmal an. Auf Wiederhören!"),
    no_speech_goodbye_known=("Ich kann Sie leider nicht hören. Wir rufen Sie zurück. Auf Wiederhören!"),
    question_name="Darf ich bitte Ihren Namen erfahren?",
    question_callback="Unter welcher Telefonnummer können wir Sie zurückrufen?",
)

AT = replace(
    DE,
    variant="de-AT",
    hello="Grüß Gott",
    office_closed="Unsere Kanzlei ist gerade nicht besetzt, aber ich nehme Ihr Anliegen gern auf.",
    question_callback="Unter welcher Nummer dürfen wir Sie anläuten?",
    questions={"callback_number": "Unter welcher Nummer dürfen wir Sie anläuten?"},
    question_shown_number="Dürfen wir Sie unter der Nummer anläuten, von der Sie gerade anrufen?",
    retry_questions={
        **DE.retry_questions,
        "callback_number": "Bitte sagen Sie mir die Nummer mit Vorwahl, unter der wir Sie anläuten dürfen, Ziffer für Ziffer.",
    },
    next_person="{person} ruft Sie {when} zurück.",
    next_no_number=(
        "Ich habe leider keine Nummer, unter der wir Sie anläuten können. Bitte rufen Sie uns {when} noch einmal an."
    ),
    forward_closed=(
        "Unsere Kanzlei ist gerade nicht besetzt, deshalb kann ich Sie im Moment nicht verbinden. "
        "Ich nehme Ihr Anliegen gern auf."
    ),
    no_speech_goodbye_known="Ich kann Sie leider nicht hören. Wir läuten Sie zurück an. Auf Wiederhören!",
    fallback_no_message="Wir läuten Sie zurück an, sobald es geht. Auf Wiederhören!",
    gas_safety=(
        "Bei Gasgeruch gilt: Verlassen Sie bitte sofort das Gebäude. "
        "Betätigen Sie keine Lichtschalter und keine elektrischen Geräte und telefonieren Sie nicht im Haus. "
        "Rufen Sie von draußen den Gas-Notruf 128 an oder den Entstördienst Ihres Gasversorgers."
    ),
    gas_safety_repeat="Bitte bleiben Sie draußen, betätigen Sie keine Schalter und rufen Sie bei Gefahr den Gas-Notruf 128 an.",
    rescue_first="Wenn jemand bewusstlos ist oder nicht reagiert, rufen Sie bitte sofort die Rettung unter 144.",
    smoke_safety=(
        "Bei Rauch oder Feuer gilt: Verlassen Sie bitte mit allen Personen sofort das Gebäude "
        "und schließen Sie die Türen hinter sich. Rufen Sie von draußen die Feuerwehr unter 122 an."
    ),
    smoke_safety_repeat="Bitte bleiben Sie draußen, lassen Sie die Türen zu und rufen Sie die Feuerwehr unter 122 an.",
    co_safety=(
        "Bei Verdacht auf Kohlenmonoxid gilt: Verlassen Sie bitte mit allen Personen sofort das Gebäude, "
        "öffnen Sie im Hinausgehen Fenster und Türen und machen Sie kein offenes Feuer. "
        "Rufen Sie von draußen die Feuerwehr unter 122 an."
    ),
    co_safety_repeat="Bitte bleiben Sie an der frischen Luft und rufen Sie bei Beschwerden die Feuerwehr unter 122 an.",
    water_safety=(
        "Drehen Sie bitte den Hauptwasserhahn zu, meist sitzt er beim Wasserzähler, wenn Sie gefahrlos herankommen. "
        "Schalten Sie den Strom für nasse Räume an der Sicherung ab, wenn das gefahrlos geht, "
        "und kommen Sie nassen Steckdosen und Geräten nicht zu nahe."
    ),
    next_no_number_plain="Ich habe leider keine Nummer, unter der wir Sie anläuten können. Bitte rufen Sie uns noch einmal an.",
    next_no_number_urgent=(
        "Ich habe leider keine Nummer, unter der wir Sie anläuten können. Bitte rufen Sie uns gleich noch einmal an, "
        "dann versuchen wir Sie wieder mit unserem Notdienst zu verbinden."
    ),
    oil_safety=(
        "Bei auslaufendem Heizöl gilt: kein offenes Feuer, nicht rauchen und keine Schalter im Raum betätigen. "
        "Lassen Sie kein Öl in Abfluss oder Kanal laufen. Bei größeren Mengen rufen Sie die Feuerwehr unter 122 an."
    ),
)

CH = replace(
    DE,
    variant="de-CH",
    hello="Grüezi",
    questions={"street": "Wie lautet die Strasse und Hausnummer?"},  # no ß in Swiss German
    readback_street_missing="Mir fehlt noch die Strasse mit Hausnummer. Wie lautet sie?",
    question_estimate_number="Wie lautet die Offertnummer, falls Sie sie zur Hand haben?",
    retry_questions={
        **DE.retry_questions,
        "street": "Wie heisst die Strasse, und welche Hausnummer ist es?",
        "city": "Wie heisst der Ort?",
    },
    gas_safety=(
        "Bei Gasgeruch gilt: Verlassen Sie bitte sofort das Gebäude. "
        "Betätigen Sie keine Lichtschalter und keine elektrischen Geräte und telefonieren Sie nicht im Haus. "
        "Rufen Sie von draussen den Pikettdienst Ihres Gasversorgers an, bei Gefahr den Notruf 112."
    ),
    forward_emergency="Ich verbinde Sie jetzt mit unserem Pikettdienst. Bitte bleiben Sie dran.",
    rescue_first="Wenn jemand bewusstlos ist oder nicht reagiert, rufen Sie bitte sofort die Sanität unter 144.",
    emergency_forward_failed="Leider ist gerade niemand erreichbar. Ich gebe Ihre Meldung sofort an unseren Pikettdienst weiter.",
    emergency_question_address="Wohin soll unser Pikettdienst kommen? Bitte nennen Sie mir Strasse, Hausnummer und Ort.",
    emergency_question_name="Und wie ist Ihr Name, damit unser Pikettdienst Sie findet?",
    emergency_address_again="Bitte nennen Sie mir die Adresse noch einmal: Strasse, Hausnummer und Ort.",
    emergency_question_contact_place="Ist das bei Ihnen, an der Adresse {address}? Sonst nennen Sie mir bitte Strasse, Hausnummer und Ort.",
    emergency_question_contact_place_on_file=(
        "Ist das bei Ihnen, an der Adresse, die wir von Ihnen haben? Sonst nennen Sie mir bitte Strasse, Hausnummer und Ort."
    ),
    gas_safety_repeat="Bitte bleiben Sie draussen, betätigen Sie keine Schalter und rufen Sie bei Gefahr den Notruf 112.",
    question_mobile_outside="Unter welcher Handynummer erreichen wir Sie, wenn Sie draussen sind?",
    gas_question_address="Wo genau riecht es nach Gas? Bitte nennen Sie mir Strasse, Hausnummer und Ort.",
    water_safety=(
        "Drehen Sie bitte den Hauptwasserhahn zu, den Haupthahn beim Wasserzähler, wenn Sie gefahrlos herankommen. "
        "Schalten Sie den Strom für nasse Räume an der Sicherung ab, wenn das gefahrlos geht, "
        "und kommen Sie nassen Steckdosen und Geräten nicht zu nahe."
    ),
    smoke_safety=(
        "Bei Rauch oder Feuer gilt: Verlassen Sie bitte mit allen Personen sofort das Gebäude "
        "und schliessen Sie die Türen hinter sich. Rufen Sie von draussen die Feuerwehr unter 118 an."
    ),
    smoke_safety_repeat="Bitte bleiben Sie draussen, lassen Sie die Türen zu und rufen Sie die Feuerwehr unter 118 an.",
    co_safety=(
        "Bei Verdacht auf Kohlenmonoxid gilt: Verlassen Sie bitte mit allen Personen sofort das Gebäude, "
        "öffnen Sie im Hinausgehen Fenster und Türen und machen Sie kein offenes Feuer. "
        "Rufen Sie von draussen die Feuerwehr unter 118 an."
    ),
    co_safety_repeat="Bitte bleiben Sie an der frischen Luft und rufen Sie bei Beschwerden die Feuerwehr unter 118 an.",
    oil_safety=(
        "Bei auslaufendem Heizöl gilt: kein offenes Feuer, nicht rauchen und keine Schalter im Raum betätigen. "
        "Lassen Sie kein Öl in Abfluss oder Kanal laufen. Bei grösseren Mengen rufen Sie die Feuerwehr unter 118 an."
    ),
    next_no_number_urgent=(
        "Ich habe leider keine Rückrufnummer von Ihnen. Bitte rufen Sie uns gleich noch einmal an, "
        "dann versuchen wir Sie wieder mit unserem Pikettdienst zu verbinden."
    ),
)

_BY_REGION = {"DE": DE, "AT": AT, "CH": CH}
_BY_LANGUAGE = {"de-DE": DE, "de-AT": AT, "de-CH": CH}


def texts_for(region: str | None, language: str | None = None) -> DialogueTexts:
    """The wording for a business: its language first (de-AT), else its region, else de-DE."""
    if language and language in _BY_LANGUAGE:
        return _BY_LANGUAGE[language]
    return _BY_REGION.get((region or "DE").upper(), DE)
