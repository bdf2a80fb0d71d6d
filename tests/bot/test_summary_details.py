"""The parts of a summary a technician acts on: the problem, the wished time, reachability (issue 11)."""

from typing import Any

import pytest

from zentrale.bot.intents.base import ContextTurn, Slots, SlotValue
from zentrale.bot.summary import problem_text, summarize_local, when_text


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"device": SlotValue("Vaillant Gastherme"), "fault": SlotValue("Fehler F28, Heizung bleibt kalt", "F28")},
         "Vaillant Gastherme zeigt F28, Heizung bleibt kalt"),
        ({"fault": SlotValue("Fehler E133")}, "Fehler E133"),
        ({"device": SlotValue("Wärmepumpe"), "fault": SlotValue("Geräusche")}, "Wärmepumpe, Geräusche"),
        ({"device": SlotValue("Buderus")}, "Buderus"),
        ({"fault": SlotValue("fehler f 28")}, "Fehler F28"),
        ({"fault": SlotValue("x" * 200)}, ""),  # free words stay in the transcript
        ({}, ""),
    ],
)  # fmt: skip
def test_problem_text(values: dict[str, SlotValue], problem: str) -> None:
    assert problem_text(Slots(values=values)) == problem


@pytest.mark.parametrize(
    ("value", "normalized", "text"),
    [
        ("nächsten mittwoch vormittag", "2026-12-09T08:00:00+01:00/2026-12-09T12:00:00+01:00",
         "Mittwoch, 9. Dezember, Vormittag (8–12 Uhr)"),
        ("morgen ab 16 uhr", "2026-12-08T16:00:00+01:00/2026-12-08T20:00:00+01:00", "Dienstag, 8. Dezember, ab 16 Uhr"),
        ("morgen zwischen 8 und 10 uhr", "2026-12-08T08:00:00+01:00/2026-12-08T10:00:00+01:00",
         "Dienstag, 8. Dezember, 8–10 Uhr"),
        ("heute um 15 uhr 30", "2026-12-07T15:30:00+01:00", "Montag, 7. Dezember, 15:30 Uhr"),
        ("am freitag", "2026-12-11", "Freitag, 11. Dezember"),
        ("ab 16 uhr", None, "ab 16 Uhr"),
        ("nächste woche", None, "nächste Woche"),
    ],
)  # fmt: skip
def test_when_text_gives_dates_and_hours(value: str, normalized: str | None, text: str) -> None:
    assert when_text(value, normalized, "Europe/Berlin") == text


def test_when_text_uses_the_business_time_zone() -> None:
    # 08:00 in Berlin is 07:00 in London; a business in Vienna reads the Berlin offset as its own.
    assert when_text("morgen vormittag", "2026-12-08T07:00:00+00:00/2026-12-08T11:00:00+00:00", "Europe/Vienna") == (
        "Dienstag, 8. Dezember, Vormittag (8–12 Uhr)"
    )


def test_the_issue_example_reads_like_a_note_for_the_technician() -> None:
    said = "unsere vaillant gastherme zeigt fehler f achtundzwanzig die wohnung ist kalt"
    slots = Slots(
        values={
            "device": SlotValue("Vaillant Gastherme", "therme"),
            "fault": SlotValue("Fehler F28, Heizung bleibt kalt", "F28"),
            "callback_number": SlotValue("030 1234567", "+49301234567"),
            "preferred_time": SlotValue("ab 16 uhr", None),
        }
    )
    turns = [
        ContextTurn("caller", said),
        ContextTurn("bot", "Unter welcher Nummer?"),
        ContextTurn("caller", "null drei null eins zwei drei vier fünf sechs sieben erreichbar bin ich ab sechzehn uhr"),
        ContextTurn("caller", "ja passt"),
    ]
    text = summarize_local(turns, None, slots).text
    assert text == (
        "Anruf ohne erkanntes Anliegen (Vaillant Gastherme zeigt F28, Heizung bleibt kalt). "
        "Rückruf erbeten unter 030 1234567, erreichbar ab 16 Uhr."
    )


def test_a_wished_appointment_is_not_reachability() -> None:
    slots = Slots(values={"preferred_time": SlotValue("am freitag", "2026-12-11")})
    turns = [ContextTurn("caller", "ein termin am freitag wäre gut")]
    text = summarize_local(turns, None, slots).text
    assert text == (
        "Anruf ohne erkanntes Anliegen. Gesagt wurde: „ein termin am freitag wäre gut“. Wunschtermin: Freitag, 11. Dezember."
    )


def test_reference_numbers_are_in_the_first_sentence() -> None:
    class Task:
        id = "angebot"
        name = "Angebot"

    slots = Slots(values={"angebotsnummer": SlotValue("AB2345", "AB2345")})
    text = summarize_local([ContextTurn("caller", "zum voranschlag ab zwei drei vier fünf")], Task(), slots).text  # type: ignore[arg-type]
    assert text == "Ein Anrufer ruft an wegen „Angebot“: Voranschlag/Angebot AB2345."


def test_the_quote_is_the_reason_not_a_later_answer() -> None:
    turns = [
        ContextTurn("caller", "ja hallo"),
        ContextTurn("caller", "können sie mich zurückrufen"),
        ContextTurn("caller", "Musterstraße 12 in 10115 Berlin bei Familie Vogel"),
    ]
    text = summarize_local(turns, None, Slots()).text
    assert text == "Anruf ohne erkanntes Anliegen. Gesagt wurde: „können sie mich zurückrufen“."


def test_a_customer_number_is_in_the_first_sentence_instead_of_a_quote() -> None:
    class Task:
        id = "rechnung"
        name = "Rechnung"

    said = "es geht um meine letzte rechnung, meine kundennummer ist vier sieben eins eins"
    slots = Slots(values={"kundennummer": SlotValue("4711", "4711"), "caller_name": SlotValue("Günter Franke")})
    text = summarize_local([ContextTurn("caller", said)], Task(), slots).text  # type: ignore[arg-type]
    assert text == "Günter Franke ruft an wegen „Rechnung“: Kundennummer 4711."


def test_several_devices_and_the_room_stay_together_with_the_code() -> None:
    slots = Slots(
        values={
            "device": SlotValue("Pelletkessel, ELCO Ölbrenner in der Küche"),
            "fault": SlotValue("Fehler F7, springt nicht an", "F7"),
        }
    )
    assert problem_text(slots) == "Pelletkessel, ELCO Ölbrenner in der Küche zeigt F7, springt nicht an"


def test_an_invoice_number_keeps_the_callers_concern() -> None:
    class Task:
        id = "rechnung"
        name = "Rechnung"

    said = "ich hab eine mahnung bekommen obwohl ich die rechnung schon vor zwei wochen bezahlt habe"
    slots = Slots(values={"rechnungsnummer": SlotValue("RE20261108", "RE20261108")})
    text = summarize_local([ContextTurn("caller", said)], Task(), slots).text  # type: ignore[arg-type]
    assert "RE20261108" in text and "mahnung bekommen" in text, text


def test_a_device_alone_keeps_what_the_caller_wants() -> None:
    class Task:
        id = "heizungstausch"
        name = "Beratung Heizungstausch"

    said = "wir wollen von öl auf pellets umsteigen passt da unser rauchfang"
    slots = Slots(values={"device": SlotValue("Fröling, ÖkoFEN")})
    text = summarize_local([ContextTurn("caller", said)], Task(), slots).text  # type: ignore[arg-type]
    assert "Fröling" in text and "pellets" in text, text


def test_a_fault_needs_no_quote() -> None:
    class Task:
        id = "stoerung"
        name = "Heizungsstörung"

    said = "meine vaillant therme zeigt f achtundzwanzig und bleibt kalt"
    slots = Slots(values={"device": SlotValue("Vaillant Therme"), "fault": SlotValue("Fehler F28, kalt", "F28")})
    text = summarize_local([ContextTurn("caller", said)], Task(), slots).text  # type: ignore[arg-type]
    assert "Gesagt wurde" not in text, text


def test_a_quote_naming_another_day_than_the_wish_is_left_out() -> None:
    class Task:
        id = "termin"
        name = "Termin"

    said = "ich hab am donnerstag den kundendienst termin und muss den leider verschieben"
    slots = Slots(
        values={
            "device": SlotValue("Buderus Logamax"),
            "preferred_time": SlotValue("dienstag ab 4", "2025-03-04T16:00:00+01:00/2025-03-04T20:00:00+01:00"),
        }
    )
    text = summarize_local([ContextTurn("caller", said)], Task(), slots).text  # type: ignore[arg-type]
    assert "Donnerstag" not in text and "donnerstag" not in text and "Dienstag" in text, text


class _Stoerung:
    id = "stoerung"
    name = "Heizungsstörung"


STOERUNG_TASK: Any = _Stoerung()


class _Invoice:
    id = "rechnung"
    name = "Rechnung"


class _Sanitary:
    id = "sanitaer"
    name = "Sanitär"


class _NewHeating:
    id = "neue-heizung"
    name = "Interesse an neuer Heizung"


def test_a_measured_pressure_said_in_passing_is_next_to_the_fault() -> None:
    said = (
        "eigentlich ruf ick an weil die heizung seit gestern abend kalt is die wolf therme verliert andauernd druck "
        "die steht jetzt bei null komma fünf bar"
    )
    slots = Slots(values={"device": SlotValue("Wolf Therme"), "fault": SlotValue("Druck zu niedrig")})
    text = summarize_local([ContextTurn("caller", said)], _Sanitary(), slots).text  # type: ignore[arg-type]
    assert "Druck zu niedrig (0,5 bar)" in text, text


def test_age_and_year_of_the_installation_from_a_later_answer() -> None:
    turns = [
        ContextTurn("caller", "wir haben eine ölheizung die ist über dreißig jahre alt und wollen auf eine wärmepumpe umsteigen"),
        ContextTurn("bot", "Darf ich bitte Ihren Namen erfahren?"),
        ContextTurn("caller", "monika richter"),
        ContextTurn("bot", "Womit heizen Sie im Moment, und wie alt ist die Anlage ungefähr?"),
        ContextTurn("caller", "öl ein buderus kessel von neunzehnhundertvierundneunzig"),
    ]
    slots = Slots(values={"device": SlotValue("Ölheizung, Wärmepumpe")})
    text = summarize_local(turns, _NewHeating(), slots).text  # type: ignore[arg-type]
    assert "Baujahr 1994" in text, text
    assert "über 30 jahre alt" in text.lower(), text  # in the facts or the quote (numbers as digits)


def test_the_callers_own_age_is_no_age_of_the_heating() -> None:
    turns = [ContextTurn("caller", "ich bin achtzig jahre alt und meine heizung von neunzehnhundertneunzig ist ausgefallen")]
    slots = Slots(values={"device": SlotValue("Heizung"), "fault": SlotValue("ausgefallen")})
    text = summarize_local(turns, _NewHeating(), slots).text  # type: ignore[arg-type]
    assert "80" not in text and "Jahre alt" not in text and "Baujahr 1990" in text, text


def test_the_part_named_is_in_the_summary() -> None:
    said = "unter der spüle in der küche tropft es aus dem eckventil ich hab das wasser jetzt abgedreht"
    slots = Slots(values={"fault": SlotValue("undicht / tropft")})
    text = summarize_local([ContextTurn("caller", said)], _Sanitary(), slots).text  # type: ignore[arg-type]
    assert "undicht / tropft, Eckventil" in text, text


def test_a_lost_payment_slip_too_long_to_quote_is_still_said() -> None:
    said = (
        "grüß gott ich hab die rechnung vom kehren im jänner bekommen die rechnungsnummer ist vierundachtzig zwölf "
        "aber den erlagschein hab ich verschlampt könnten sie mir einen neuen schicken"
    )
    slots = Slots(values={"rechnungsnummer": SlotValue("8412", "8412")})
    text = summarize_local([ContextTurn("caller", said)], _Invoice(), slots).text  # type: ignore[arg-type]
    assert text.startswith("Ein Anrufer ruft an wegen „Rechnung“: Rechnung 8412, Erlagschein verloren, Ersatz gewünscht."), text
    assert "…" not in text and "kehren im jänner" not in text, text  # no quote cut in the middle


def test_the_wish_after_a_question_about_the_call_is_quoted() -> None:
    turns = [
        ContextTurn("caller", "ja hallo sind sie ein computer oder ein mensch"),
        ContextTurn("bot", "Was kann ich für Sie tun?"),
        ContextTurn("caller", "ich hätte gern ne kopie von der rechnung per mail, für die steuer"),
        ContextTurn("bot", "Darf ich bitte Ihren Namen erfahren?"),
        ContextTurn("caller", "köhler"),
        ContextTurn("caller", "ja"),
    ]
    text = summarize_local(turns, _Invoice(), Slots(values={"caller_name": SlotValue("Köhler")})).text  # type: ignore[arg-type]
    assert "kopie von der rechnung per mail" in text and "computer" not in text, text


def test_the_matter_taken_back_later_replaces_the_first_words() -> None:
    turns = [
        ContextTurn("caller", "hoi, i rüef aa wäg em service termin"),
        ContextTurn("bot", "Darf ich bitte Ihren Namen erfahren?"),
        ContextTurn("caller", "nei entschuldigung, es gaht um d rechnig vom service, die han i zweimal übercho"),
        ContextTurn("caller", "bruno kälin"),
    ]
    text = summarize_local(turns, _Invoice(), Slots(values={"caller_name": SlotValue("Bruno Kälin")})).text  # type: ignore[arg-type]
    assert "zweimal übercho" in text and "service termin" not in text, text


def test_an_invoice_received_twice_and_a_copy_wanted_are_facts_when_the_words_are_too_long_to_quote() -> None:
    said = (
        "ja grüß gott ich ruf an wegen der rechnung vom dezember für die wartung von meinem kessel im keller "
        "die rechnung habe ich doppelt bekommen und ich hätte gern eine kopie per post"
    )
    slots = Slots(values={"rechnungsnummer": SlotValue("RE2027", "RE2027")})
    text = summarize_local([ContextTurn("caller", said), ContextTurn("caller", "ja")], _Invoice(), slots).text  # type: ignore[arg-type]
    assert "Rechnung doppelt erhalten" in text and "Kopie gewünscht per Post" in text, text


def test_a_corrected_pressure_keeps_the_last_value() -> None:
    turns = [
        ContextTurn("caller", "der druck ist bei eins komma zwei bar"),
        ContextTurn("caller", "nein moment jetzt steht er bei null komma acht bar"),
    ]
    slots = Slots(values={"fault": SlotValue("Druck zu niedrig")})
    text = summarize_local(turns, _Sanitary(), slots).text  # type: ignore[arg-type]
    assert "(0,8 bar)" in text and "1,2" not in text, text


def test_a_wish_given_up_for_another_matter_is_not_in_the_summary() -> None:
    turns = [
        ContextTurn("caller", "ich bräuchte eine kopie von einer rechnung"),
        ContextTurn("caller", "ach nein warten sie eigentlich geht es um die heizung, die vaillant zeigt f fünfundsiebzig"),
        ContextTurn("caller", "ja"),
    ]
    slots = Slots(values={"device": SlotValue("Vaillant"), "fault": SlotValue("Fehler F75", "F75")})
    text = summarize_local(turns, STOERUNG_TASK, slots).text
    assert "Vaillant zeigt F75" in text and "Kopie" not in text, text


class _Estimate:
    id = "angebot"
    name = "Kostenvoranschlag"


class _Application:
    id = "bewerbung"
    name = "Bewerbung"


def test_an_invoice_amount_and_the_hours_charged_are_in_the_summary_when_the_words_are_too_long() -> None:
    said = (
        "guten tag ich habe hier eine rechnung von ihnen über neunhundertdreiundsechzig euro fünfzig für den"
        " heizungsservice im november und da sind drei stunden arbeitszeit berechnet obwohl der techniker nur"
        " eine halbe stunde da war"
    )
    slots = Slots(values={"rechnungsnummer": SlotValue("RE20261877", "RE20261877")})
    text = summarize_local([ContextTurn("caller", said)], _Invoice(), slots).text  # type: ignore[arg-type]
    assert "RE20261877" in text and "963,50 €" in text and "3 Stunden Arbeitszeit" in text, text


def test_an_amount_in_the_quote_reads_as_digits() -> None:
    said = "ich hab eine mahnung über zweihundertachtzig euro bekommen aber das ist längst bezahlt"
    slots = Slots(values={"rechnungsnummer": SlotValue("RE20261342", "RE20261342")})
    text = summarize_local([ContextTurn("caller", said)], _Invoice(), slots).text  # type: ignore[arg-type]
    assert "280 euro" in text and "zweihundertachtzig" not in text, text


def test_an_estimate_amount_in_francs_is_in_the_summary() -> None:
    turns = [
        ContextTurn("caller", "grüezi, es gaht um d offerte"),
        ContextTurn("caller", "die isch über dreitausendfünfhundert franken und mir händ e frag zum material"),
    ]
    slots = Slots(values={"angebotsnummer": SlotValue("OF2027118", "OF2027118")})
    text = summarize_local(turns, _Estimate(), slots).text  # type: ignore[arg-type]
    assert "3500 CHF" in text or "3500 franken" in text, text


@pytest.mark.parametrize(
    ("said", "job"),
    [
        ("hallo hier ist jan becker null eins fünf eins eins zwei drei vier fünf sechs sieben, ich hab mich vor"
         " einem monat als heizungsbauer bei ihnen beworben und wollte fragen wie der stand ist, ich hab nämlich"
         " noch ein anderes angebot", "Stelle als Heizungsbauer"),
        ("guten abend, meine tochter sucht für den herbst eine ausbildung zum anlagenmechaniker und wollte fragen"
         " ob sie da noch plätze frei haben und wohin sie die unterlagen schicken soll", "Ausbildung als Anlagenmechaniker"),
    ],
)  # fmt: skip
def test_the_job_applied_for_is_in_the_summary(said: str, job: str) -> None:
    text = summarize_local([ContextTurn("caller", said)], _Application(), Slots(values={})).text  # type: ignore[arg-type]
    assert job in text, text


@pytest.mark.parametrize(
    ("said", "accepted"),
    [
        ("guten tag, wir haben letzte woche ihr angebot für das neue bad mit der bodengleichen dusche bekommen und"
         " möchten es gerne annehmen, jetzt wollten wir wissen wie es weitergeht und wann sie anfangen könnten", True),
        ("mir händ d offerte für d wärmepumpe übercho und mir würded die gern aanäh", True),
        ("wir haben ihr angebot bekommen und wissen noch nicht ob wir das annehmen, wir hätten noch fragen", False),
    ],
)  # fmt: skip
def test_an_estimate_accepted_is_in_the_summary(said: str, accepted: bool) -> None:
    slots = Slots(values={"angebotsnummer": SlotValue("AN20270077", "AN20270077")})
    text = summarize_local([ContextTurn("caller", said)], _Estimate(), slots).text  # type: ignore[arg-type]
    assert ("möchte das Angebot annehmen" in text) is accepted, text


def test_a_quote_with_a_number_corrected_later_is_left_out() -> None:
    turns = [
        ContextTurn("caller", "grüezi, es gaht um d offerte nummer sächs drü eis vier"),
        ContextTurn("caller", "nei, d nummer isch sächs drü eis foif"),
    ]
    slots = Slots(values={"angebotsnummer": SlotValue("6315", "6315")})
    text = summarize_local(turns, _Estimate(), slots).text  # type: ignore[arg-type]
    assert "6315" in text and "6314" not in text and "eis vier" not in text, text


@pytest.mark.parametrize(
    "said",
    [
        "wir nehmen das angebot für den neuen speicher an, wann können sie kommen",
        "mir nämed d offerte für d heizigspumpe a wenn sie im mai chönd",
    ],
)
def test_an_estimate_accepted_with_the_separable_verb_is_in_the_summary(said: str) -> None:
    text = summarize_local([ContextTurn("caller", said)], _Estimate(), Slots(values={})).text  # type: ignore[arg-type]
    assert "möchte das Angebot annehmen" in text, text


def test_hours_charged_against_hours_there_are_in_the_summary() -> None:
    said = "i ha e rechnig übercho da stönd föif stund für de monteur aber de isch höchstens drü stund do gsi"
    text = summarize_local([ContextTurn("caller", said)], _Invoice(), Slots(values={})).text  # type: ignore[arg-type]
    assert "5 Stunden Arbeitszeit berechnet" in text and "nur 3 Stunden vor Ort" in text, text


@pytest.mark.parametrize(
    ("said", "instead"),
    [
        ("wir hätten gern ein angebot für eine ebenerdige dusche statt der wanne, meine frau kommt nicht mehr rein", "statt Badewanne"),
        ("mir wänd e offerte für e wärmepumpe anstatt em ölchessel", "statt Ölchessel"),
    ],
)  # fmt: skip
def test_what_a_job_replaces_is_in_the_summary(said: str, instead: str) -> None:
    text = summarize_local([ContextTurn("caller", said)], _Estimate(), Slots(values={})).text  # type: ignore[arg-type]
    assert instead in text, text


@pytest.mark.parametrize(
    ("said", "deadline"),
    [
        ("mir nämed d offerte für de boiler a aber nur wenn er vor ostere igbaut wird", "gewünscht vor Ostern"),
        ("das angebot für die wärmepumpe passt, aber die muss vor dem winter drin sein", "gewünscht vor dem Winter"),
    ],
)  # fmt: skip
def test_a_job_wanted_before_a_holiday_or_the_winter_is_in_the_summary(said: str, deadline: str) -> None:
    text = summarize_local([ContextTurn("caller", said)], _Estimate(), Slots(values={})).text  # type: ignore[arg-type]
    assert deadline in text, text


@pytest.mark.parametrize(
    ("said", "kept", "gone"),
    [
        ("ich bräuchte ein angebot für vier heizkörper nee fünf heizkörper im dachgeschoss", "5 Heizkörper", "4 heizkörper"),
        ("wir brauchen einen neuen speicher mit zweihundert nein dreihundert liter für die pension", "300 liter", "200"),
    ],
)  # fmt: skip
def test_a_value_taken_back_in_the_same_breath_is_not_quoted(said: str, kept: str, gone: str) -> None:
    text = summarize_local([ContextTurn("caller", said)], _Estimate(), Slots(values={})).text  # type: ignore[arg-type]
    assert kept.lower() in text.lower() and gone not in text.lower(), text


def test_a_matter_named_anew_with_eigentlich_is_the_quote() -> None:
    turns = [
        ContextTurn("caller", "grüezi es gaht um de boiler vo letschtem monet"),
        ContextTurn("caller", "also eigentlich um d rechnig vom boiler, die isch vill z höch"),
    ]
    text = summarize_local(turns, _Invoice(), Slots(values={})).text  # type: ignore[arg-type]
    assert "vill z höch" in text and "letschtem monet" not in text, text


@pytest.mark.parametrize(
    ("said", "wanted"),
    [
        ("kann ich die rechnung von der wartung in raten zahlen, das ist gerade viel", True),
        ("chan ich die rächnig i rate zahle", True),
        ("die rechnung zahle ich auf einmal, nicht in raten, ich brauche nur die kontonummer", False),
    ],
)  # fmt: skip
def test_instalments_asked_for_are_in_the_summary(said: str, wanted: bool) -> None:
    text = summarize_local([ContextTurn("caller", said)], _Invoice(), Slots(values={})).text  # type: ignore[arg-type]
    assert ("Ratenzahlung gewünscht" in text) is wanted, text
