"""Local slot extraction from German caller speech (ASR style and typed)."""

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.intents.base import SLOT_NAMES, Slots
from zentrale.bot.slots import extract_slots_local, reference_code

BERLIN = ZoneInfo("Europe/Berlin")
# A Monday morning in the heating season.
NOW = datetime(2025, 3, 3, 10, 0, tzinfo=BERLIN)
SUMMER = datetime(2025, 7, 14, 10, 0, tzinfo=BERLIN)


def slot(text: str, name: str, **kwargs):
    kwargs.setdefault("now", NOW)
    return extract_slots_local(text, (name,), **kwargs).values.get(name)


# ---------------------------------------------------------------- caller_name


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("mein name ist anna schmidt", "Anna Schmidt"),
        ("ja guten tag mein name ist anna schmidt und meine heizung ist kaputt", "Anna Schmidt"),
        ("hier ist frau müller", "Frau Müller"),
        ("müller hier", "Müller"),
        ("ja hallo müller hier meine heizung geht nicht", "Müller"),
        ("ich bin der herr huber", "Herr Huber"),
        ("grüß gott huber sepp", "Sepp Huber"),
        ("schmidt mit dt", "Schmidt"),
        ("ich heiße hans peter", "Hans Peter"),
        ("guten tag hier spricht klaus-peter meyer", "Klaus-Peter Meyer"),
        ("Mein Name ist McAllister, ich rufe wegen der Therme an", "McAllister"),
        ("frau gruber", "Frau Gruber"),
        ("ja hallo hier ist herrn wolf", "Herr Wolf"),
    ],
)
def test_caller_name(said: str, name: str) -> None:
    found = slot(said, "caller_name")
    assert found is not None, said
    assert found.value == name


@pytest.mark.parametrize(
    "said",
    [
        "hier ist es kalt",
        "ich bin nicht zuhause",
        "hier ist die heizung kaputt",
        "guten tag meine heizung ist ausgefallen",
        "hallo ich habe ein problem",
        "die therme hier macht geräusche",
        "ich bin ab vierzehn uhr da",
    ],
)
def test_no_name_is_invented(said: str) -> None:
    assert slot(said, "caller_name") is None


# ---------------------------------------------------------------- callback_number


@pytest.mark.parametrize(
    ("said", "region", "e164", "readable"),
    [
        ("meine nummer ist null eins sieben eins fünf fünf fünf null eins null eins", "DE", "+491715550101", "0171 5550101"),
        ("rufen sie mich an unter 0171 / 555 01 01 danke", "DE", "+491715550101", "0171 5550101"),
        ("0171-5550101", "DE", "+491715550101", "0171 5550101"),
        ("festnetz null drei null fünf fünf fünf null eins null eins", "DE", "+49305550101", "030 5550101"),
        ("plus vier neun eins sieben eins fünf fünf fünf null eins null eins", "DE", "+491715550101", "0171 5550101"),
        ("doppel null vier neun eins sieben eins fünf fünf fünf null eins null eins", "DE", "+491715550101", "0171 5550101"),
        ("+49 (0)171 5550101", "DE", "+491715550101", "0171 5550101"),
        # Austria: national and international, spoken with "zwa"
        ("meine handynummer null sechs sechs vier eins zwa drei vier fünf sechs sieben", "AT", "+436641234567", "0664 1234567"),
        ("plus vier drei sechs sechs vier eins zwei drei vier fünf sechs sieben", "AT", "+436641234567", "0664 1234567"),
        ("erreichbar unter 0316 123456", "AT", "+43316123456", "0316 123456"),
        # Switzerland
        ("meine nummer null sieben neun eins zwei drei vier fünf sechs sieben", "CH", "+41791234567", "079 123 45 67"),
        ("044 668 18 00", "CH", "+41446681800", "044 668 18 00"),
        # a foreign number for a German business stays international
        ("plus vier drei sechs sechs vier eins zwei drei vier fünf sechs sieben", "DE", "+436641234567", "+43 664 1234567"),
        # street number and postcode in front are not glued to the phone number
        ("hauptstraße 12 10115 berlin und meine nummer 0171 5550101", "DE", "+491715550101", "0171 5550101"),
        # not in the numbering plan's lists, but a mobile prefix and a mobile length: written down as said
        ("null eins fünf eins fünf fünf fünf null drei eins null", "DE", "+491515550310", "0151 5550310"),
    ],
)
def test_callback_number(said: str, region: str, e164: str, readable: str) -> None:
    found = slot(said, "callback_number", region=region)
    assert found is not None, said
    assert found.normalized == e164
    assert found.value == readable


@pytest.mark.parametrize(
    ("said", "region"),
    [
        ("null eins sieben eins fünf", "DE"),  # too short
        ("meine nummer ist 0171 555010", "DE"),  # one digit missing: not a valid mobile number
        ("12345 berlin", "DE"),
        ("fehler 28 seit 2019", "DE"),
        ("null null null null null null null null", "DE"),
        ("null neun null null eins zwei drei vier fünf sechs", "DE"),  # premium rate
        ("null sieben neun eins zwei drei vier fünf sechs", "CH"),  # a digit short
    ],
)
def test_invalid_numbers_are_not_returned(said: str, region: str) -> None:
    assert slot(said, "callback_number", region=region) is None


def test_prefers_the_number_introduced_as_callback_number() -> None:
    said = "ich habe schon bei 030 5550101 angerufen bitte rufen sie mich zurück unter 0171 5550101"
    assert slot(said, "callback_number").normalized == "+491715550101"


# ---------------------------------------------------------------- street, postcode, city


@pytest.mark.parametrize(
    ("said", "region", "street", "postcode", "city"),
    [
        ("ich wohne in der hauptstraße 12 10115 berlin", "DE", "Hauptstraße 12", "10115", "Berlin"),
        ("in der lindenallee vierzehn b", "DE", "Lindenallee 14b", None, None),
        ("am kirchberg 3 in graz", "AT", "Am Kirchberg 3", None, "Graz"),
        ("8010 graz annenstraße 5", "AT", "Annenstraße 5", "8010", "Graz"),
        ("Hauptstr. 7, 80331 München", "DE", "Hauptstraße 7", "80331", "München"),
        ("berliner straße zwölf in potsdam", "DE", "Berliner Straße 12", None, "Potsdam"),
        ("alte dorfstraße 5 a", "DE", "Alte Dorfstraße 5a", None, None),
        ("bahnhofstrasse 10 8001 zürich", "CH", "Bahnhofstrasse 10", "8001", "Zürich"),
        ("60311 frankfurt am main", "DE", None, "60311", "Frankfurt am Main"),
        ("ich wohne in bad tölz", "DE", None, None, "Bad Tölz"),
        ("postleitzahl 1100", "AT", None, "1100", None),
        ("hauptstraße 12/3/7 1100 wien", "AT", "Hauptstraße 12/3/7", "1100", "Wien"),
    ],
)
def test_address(said: str, region: str, street: str | None, postcode: str | None, city: str | None) -> None:
    slots = extract_slots_local(said, ("street", "postcode", "city"), region=region, now=NOW)
    assert slots.get("street") == street
    assert slots.get("postcode") == postcode
    assert slots.get("city") == city


@pytest.mark.parametrize(
    "said",
    [
        "ich bin auf dem weg nach hause",
        "der weg zum keller ist frei",
        "die heizung ist seit 2019 drin",  # a year is not an Austrian postcode
        "in ordnung danke",
        "auf der straße steht wasser",
        "die heizung läuft seit 3 tagen nicht",
    ],
)
def test_no_address_is_invented(said: str) -> None:
    slots = extract_slots_local(said, ("street", "postcode", "city"), region="AT", now=NOW)
    assert slots.values == {}


# ---------------------------------------------------------------- preferred_time (now = Mon 2025-03-03 10:00)


@pytest.mark.parametrize(
    ("said", "value", "normalized"),
    [
        ("morgen vormittag", "morgen vormittag", "2025-03-04T08:00:00+01:00/2025-03-04T12:00:00+01:00"),
        ("am liebsten morgen vormittag", "morgen vormittag", "2025-03-04T08:00:00+01:00/2025-03-04T12:00:00+01:00"),
        ("am dienstag ab vierzehn uhr", "am dienstag ab 14 uhr", "2025-03-04T14:00:00+01:00/2025-03-04T20:00:00+01:00"),
        ("am freitag", "am freitag", "2025-03-07"),
        ("am montag", "am montag", "2025-03-10"),  # today is Monday: the next one
        ("dienstag nächste woche", "dienstag nächste woche", "2025-03-11"),
        ("nächste woche", "nächste woche", None),
        ("heute nachmittag", "heute nachmittag", "2025-03-03T12:00:00+01:00/2025-03-03T17:00:00+01:00"),
        ("heute um fünfzehn uhr dreißig", "heute um 15 uhr 30", "2025-03-03T15:30:00+01:00"),
        ("so schnell wie möglich", "so schnell wie möglich", None),
        ("übermorgen um halb drei", "übermorgen um halb 3", "2025-03-05T14:30:00+01:00"),
        ("uebermorgen um 9 uhr", "uebermorgen um 9 uhr", "2025-03-05T09:00:00+01:00"),
        ("am dritten märz", "am 3. märz", "2025-03-03"),
        ("am zweiten märz", "am 2. märz", "2026-03-02"),  # already past: next year
        ("am zehnten april um zehn uhr", "am 10. april um 10 uhr", "2025-04-10T10:00:00+02:00"),
        ("am fünften jänner", "am 5. jänner", "2026-01-05"),
        ("am fünften jänner heuer", "am 5. jänner heuer", "2025-01-05"),
        ("am 12.3.", "am 12.3.", "2025-03-12"),
        ("morgen früh um viertel nach acht", "morgen früh um viertel nach 8", "2025-03-04T08:15:00+01:00"),
        ("in drei tagen", "in 3 tagen", "2025-03-06"),
        ("mittwochnachmittag", "mittwochnachmittag", "2025-03-05T12:00:00+01:00/2025-03-05T17:00:00+01:00"),
        (
            "morgen zwischen acht und zehn uhr",
            "morgen zwischen 8 und 10 uhr",
            "2025-03-04T08:00:00+01:00/2025-03-04T10:00:00+01:00",
        ),
        ("heute noch bitte", "heute noch", "2025-03-03"),
        ("anfang nächster woche", "anfang nächster woche", None),
        ("in zwei wochen", "in 2 wochen", None),
        ("am besten vormittags", "vormittags", None),
        ("Am Dienstag ab 14 Uhr wäre gut", "Am Dienstag ab 14 Uhr", "2025-03-04T14:00:00+01:00/2025-03-04T20:00:00+01:00"),
        ("am dienstag ist gut", "am dienstag", "2025-03-04"),
    ],
)
def test_preferred_time(said: str, value: str, normalized: str | None) -> None:
    found = slot(said, "preferred_time")
    assert found is not None, said
    assert found.value == value
    assert found.normalized == normalized


def test_preferred_time_uses_business_timezone_and_naive_now() -> None:
    vienna = slot(
        "morgen um acht uhr", "preferred_time", now=datetime(2025, 3, 3, 23, 30, tzinfo=ZoneInfo("UTC")), timezone="Europe/Vienna"
    )
    # 23:30 UTC is already Tuesday in Vienna, so "morgen" is Wednesday.
    assert vienna.normalized == "2025-03-05T08:00:00+01:00"
    naive = slot("morgen um acht uhr", "preferred_time", now=datetime(2025, 3, 3, 10, 0))
    assert naive.normalized == "2025-03-04T08:00:00+01:00"


@pytest.mark.parametrize(
    "said",
    [
        "seit heute morgen kein warmwasser",
        "heute ist die heizung ausgefallen",
        "seit dienstag geht nichts mehr",
        "gestern abend hat es geknallt",
        "die heizung ist seit 3 tagen kalt",
        "abends wird es immer kalt",
    ],
)
def test_past_times_are_not_a_wish(said: str) -> None:
    assert slot(said, "preferred_time") is None


# ---------------------------------------------------------------- device, fault, urgency


@pytest.mark.parametrize(
    ("said", "device"),
    [
        ("meine vaillant gastherme zeigt fehler f28", "Vaillant Gastherme"),
        ("die therme geht nicht", "Therme"),
        ("unsere wärmepumpe von viessmann ist laut", "Viessmann Wärmepumpe"),
        ("die waermepumpe brummt", "Wärmepumpe"),
        ("die oelheizung springt nicht an", "Ölheizung"),
        ("der boiler tropft", "Boiler"),
        ("der durchlauferhitzer wird nicht warm", "Durchlauferhitzer"),
        ("ein buderus kessel", "Buderus Kessel"),
        ("ein wolf brennwertgerät", "Wolf Brennwertgerät"),
        ("der brenner von weishaupt", "Weishaupt Brenner"),
        ("meine heizung ist kaputt", "Heizung"),
    ],
)
def test_device(said: str, device: str) -> None:
    assert slot(said, "device").value == device


def test_a_caller_called_wolf_is_no_manufacturer() -> None:
    assert slot("hier ist herr wolf", "device") is None


@pytest.mark.parametrize(
    ("said", "fault"),
    [
        ("meine gastherme zeigt fehler f28 und ich habe kein warmwasser", "Fehler F28, kein Warmwasser"),
        ("display zeigt F.28", "Fehler F28"),
        ("fehler vier eins", "Fehler 41"),
        ("der druck ist zu niedrig", "Druck zu niedrig"),
        ("die heizung bleibt kalt", "Heizung bleibt kalt"),
        ("die heizkörper werden nicht warm", "Heizung bleibt kalt"),
        ("seit heute morgen kein warmes wasser", "kein Warmwasser"),
        ("es riecht nach gas im keller", "Gasgeruch"),
        ("im keller ist wasser überall", "Wasser tritt aus"),
        ("die heizung ist ausgefallen", "ausgefallen"),
        ("die therme macht komische geräusche", "Geräusche"),
        ("Heizungsstörung", "funktioniert nicht"),
        ("der boiler tropft", "undicht / tropft"),
    ],
)
def test_fault(said: str, fault: str) -> None:
    assert slot(said, "fault").value == fault


@pytest.mark.parametrize(
    ("said", "level", "now"),
    [
        ("es riecht nach gas", "urgent", SUMMER),
        ("gasgeruch im heizungsraum", "urgent", SUMMER),
        ("im keller steht alles unter wasser", "urgent", SUMMER),
        ("wasser überall im bad", "urgent", SUMMER),
        ("bitte dringend zurückrufen", "high", SUMMER),
        ("kommen sie sofort", "high", SUMMER),
        ("die heizung ist ausgefallen", "high", NOW),  # no heat in winter
        ("die heizung ist ausgefallen", "normal", SUMMER),
        ("das ist nicht dringend", "low", NOW),
        ("keine eile, irgendwann nächste woche", "low", NOW),
        # A denied danger is no emergency; what else was said decides.
        ("es riecht nicht nach gas aber die heizung ist ausgefallen", "high", NOW),
        ("kein gasgeruch, die heizung ist ausgefallen", "normal", SUMMER),
        ("gasgeruch haben wir keinen aber die heizung geht nicht", "normal", SUMMER),
        ("es riecht nach gas nicht nur im keller", "urgent", SUMMER),
    ],
)
def test_urgency(said: str, level: str, now: datetime) -> None:
    found = slot(said, "urgency", now=now)
    assert found.normalized == level
    assert found.value  # a readable German label


def test_no_urgency_without_a_cue() -> None:
    assert slot("ich hätte gern ein angebot für eine neue heizung", "urgency") is None


# ---------------------------------------------------------------- whole utterances, bad input


def test_full_asr_utterance() -> None:
    said = (
        "ja grüß gott hier ist frau müller meine vaillant therme zeigt fehler f achtundzwanzig "
        "und wir haben kein warmwasser ich wohne in der lindenallee vierzehn b in null eins null "
        "eins fünf berlin erreichbar bin ich unter null eins sieben eins fünf fünf fünf null eins "
        "null eins am besten morgen vormittag"
    )
    slots = extract_slots_local(said, now=NOW)
    assert slots.engine == "local"
    assert slots.ms >= 0
    assert {name: value.value for name, value in slots.values.items()} == {
        "caller_name": "Frau Müller",
        "callback_number": "0171 5550101",
        "street": "Lindenallee 14b",
        "postcode": "01015",
        "city": "Berlin",
        "preferred_time": "morgen vormittag",
        "device": "Vaillant Therme",
        "fault": "Fehler F28, kein Warmwasser",
    }
    assert slots.values["callback_number"].normalized == "+491715550101"


def test_only_wanted_slots_are_returned() -> None:
    slots = extract_slots_local("mein name ist anna schmidt 0171 5550101", ("callback_number",), now=NOW)
    assert list(slots.values) == ["callback_number"]


@pytest.mark.parametrize("text", ["", "   \n\t ", None, 42, "äöü" * 10, "\x00\x01", "1" * 5000, "null " * 3000])
def test_bad_input_gives_empty_slots_not_a_crash(text) -> None:
    slots = extract_slots_local(text, now=NOW)
    assert isinstance(slots, Slots)
    assert slots.engine == "local"
    assert set(slots.values) <= set(SLOT_NAMES)
    assert "callback_number" not in slots.values


def test_huge_text_is_truncated_fast_and_still_read() -> None:
    text = "mein name ist anna schmidt " + "die heizung macht geräusche und " * 400
    assert len(text) > 10_000
    started = time.perf_counter()
    slots = extract_slots_local(text, now=NOW)
    assert time.perf_counter() - started < 5.0  # no runaway backtracking (speed itself is for the benchmarks)
    assert slots.get("caller_name") == "Anna Schmidt"
    assert slots.get("fault") == "Geräusche"


def test_unknown_region_and_timezone_do_not_crash() -> None:
    slots = extract_slots_local("morgen um acht uhr 0171 5550101", region="XX", timezone="Mars/Olympus", now=NOW)
    assert slots.values["callback_number"].normalized == "+491715550101"
    assert slots.values["preferred_time"].normalized == "2025-03-04T08:00:00+01:00"


def test_austrian_dialect_utterance() -> None:
    said = (
        "servus do is da maier franz aus linz unser kessel is hin bitte anläuten unter "
        "null sechs sechs vier zwa zwa drei drei vier vier fünf"
    )
    slots = extract_slots_local(said, region="AT", now=NOW, timezone="Europe/Vienna")
    assert slots.get("caller_name") == "Franz Maier"
    assert slots.values["callback_number"].normalized == "+436642233445"
    assert slots.get("city") == "Linz"
    assert slots.get("device") == "Kessel"
    assert slots.get("fault") == "funktioniert nicht"


def test_typed_text_with_punctuation_and_buderus_code() -> None:
    said = (
        "Guten Tag, Schneider hier. Unsere Buderus zeigt 6A und die Heizkörper bleiben kalt. Bitte heute noch, Tel. 089 1234567"
    )
    slots = extract_slots_local(said, now=NOW)
    assert slots.get("caller_name") == "Schneider"
    assert slots.values["callback_number"].normalized == "+49891234567"
    assert slots.get("device") == "Buderus, Heizkörper"
    assert slots.get("fault") == "Fehler 6A, Heizung bleibt kalt"
    assert slots.values["preferred_time"].normalized == "2025-03-03"
    assert slots.values["urgency"].normalized == "high"


def test_subordinate_clause_fault_in_winter_is_high() -> None:
    said = "ich ruf an weil unsere heizung seit gestern nicht mehr geht"
    slots = extract_slots_local(said, now=NOW)
    assert slots.get("fault") == "funktioniert nicht"
    assert slots.values["urgency"].normalized == "high"
    assert "preferred_time" not in slots.values


def test_pressure_reading_is_no_error_code() -> None:
    assert slot("das manometer zeigt 3 bar", "fault") is None


# ---------------------------------------------------------------- issue 11: codes, ranges, references, makers


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("fehler f achtundzwanzig", "F28"),
        ("die therme zeigt f achtundzwanzig", "F28"),
        ("Störung F.28", "F28"),
        ("E 133", "E133"),
        ("die anzeige zeigt e eins drei drei", "E133"),
        ("es blinkt F 75", "F75"),
        ("Fehlercode F dreiundzwanzig", "F23"),
        # Swiss "eis" is 1 (seen in the dev call scripts: "zeigt fehler eis zwei" gave no code)
        ("grüezi de ölbrenner vo elco gaht nöd und zeigt fehler eis zwei", "12"),
        ("d heizig zeigt f eis drü", "F13"),
    ],
)
def test_spoken_error_codes_become_codes(said: str, code: str) -> None:
    found = slot(said, "fault")
    assert found is not None, said
    assert found.normalized == code
    assert found.value.startswith(f"Fehler {code}")


@pytest.mark.parametrize("said", ["hausnummer f 12", "rechnung e 123", "ich wohne in der berliner straße 12"])
def test_no_error_code_is_invented(said: str) -> None:
    found = slot(said, "fault")
    assert found is None or "Fehler" not in found.value


@pytest.mark.parametrize(
    ("said", "normalized"),
    [
        ("nächsten mittwoch vormittag", "2025-03-05T08:00:00+01:00/2025-03-05T12:00:00+01:00"),
        ("morgen ab sechzehn uhr", "2025-03-04T16:00:00+01:00/2025-03-04T20:00:00+01:00"),
        ("freitag abends", "2025-03-07T17:00:00+01:00/2025-03-07T20:00:00+01:00"),
    ],
)
def test_parts_of_the_day_are_ranges_in_the_business_time_zone(said: str, normalized: str) -> None:
    found = slot(said, "preferred_time")
    assert found is not None and found.normalized == normalized


def test_ranges_follow_the_business_time_zone() -> None:
    found = extract_slots_local("morgen vormittag", ["preferred_time"], now=NOW, timezone="Europe/Zurich")
    assert found.values["preferred_time"].normalized == "2025-03-04T08:00:00+01:00/2025-03-04T12:00:00+01:00"
    summer = datetime(2025, 7, 1, 10, 0, tzinfo=BERLIN)
    found = extract_slots_local("morgen vormittag", ["preferred_time"], now=summer, timezone="Europe/Vienna")
    assert found.values["preferred_time"].normalized == "2025-07-02T08:00:00+02:00/2025-07-02T12:00:00+02:00"


@pytest.mark.parametrize(
    ("said", "name", "value"),
    [
        ("es geht um den voranschlag nummer a b zwei drei vier fünf", "angebotsnummer", "AB2345"),
        ("der kostenvoranschlag 4711 ist uns zu teuer", "angebotsnummer", "4711"),
        ("zur Offerte Nr. 2024-118", "angebotsnummer", "2024-118"),
        ("rechnung nummer zwanzig vierundzwanzig null null eins zwei", "rechnungsnummer", "20240012"),
        ("zur Rechnung RE-2024-0012 vom 3. März", "rechnungsnummer", "RE-2024-0012"),
        ("meine auftragsnummer ist 88321", "auftragsnummer", "88321"),
    ],
)
def test_estimate_invoice_and_order_numbers(said: str, name: str, value: str) -> None:
    found = extract_slots_local(said, [*SLOT_NAMES, "angebotsnummer", "rechnungsnummer", "auftragsnummer"], now=NOW)
    assert found.values[name].value == value
    assert "postcode" not in found.values and "callback_number" not in found.values


def test_reference_numbers_only_when_asked_for() -> None:
    found = extract_slots_local("frage zur rechnung r e zwei drei vier fünf sechs", now=NOW)
    assert "rechnungsnummer" not in found.values
    assert "postcode" not in found.values  # its digits are no postcode either
    assert extract_slots_local("die rechnung über 300 euro", ["rechnungsnummer"], now=NOW).values == {}


@pytest.mark.parametrize(
    ("said", "device"),
    [("wolf", None), ("Frau Wolf hier", None), ("die heizung von wolf", "Wolf"), ("eine wolf therme", "Wolf Therme")],
)
def test_wolf_is_a_maker_only_in_context(said: str, device: str | None) -> None:
    found = slot(said, "device")
    assert (found.value if found else None) == device


@pytest.mark.parametrize(
    ("said", "street"),
    [
        ("ich wohne in der annenstraße fünf stiege zwei top drei in achttausendzehn graz", "Annenstraße 5, Stiege 2, Top 3"),
        ("hauptstraße 4 top 7", "Hauptstraße 4, Top 7"),
        ("Annenstraße 5/3, 8010 Graz", "Annenstraße 5/3"),
    ],
)
def test_austrian_flats_keep_stiege_and_top(said: str, street: str) -> None:
    found = extract_slots_local(said, ["street"], region="AT", now=NOW)
    assert found.values["street"].value == street


def test_a_postcode_said_apart_after_tausend() -> None:
    # Speech recognisers split "achttausendzehn" after "tausend".
    found = extract_slots_local("achttausend zehn graz", ["postcode", "city"], region="AT", now=NOW)
    assert found.values["postcode"].value == "8010" and found.values["city"].value == "Graz"
    found = extract_slots_local("zehntausend einhundertfünfzehn berlin", ["postcode"], region="DE", now=NOW)
    assert found.values["postcode"].value == "10115"


@pytest.mark.parametrize(
    ("said", "fault"),
    [
        ("i brauch an termin für die abgasmessung", None),
        ("der rauchfangkehrer soll kommen", None),
        ("es riecht nach abgas in der küche", "Brand- oder Abgasgeruch"),
        ("aus der therme kommt rauch", "Brand- oder Abgasgeruch"),
        ("der rauchmelder piept", "Brand- oder Abgasgeruch"),
    ],
)
def test_exhaust_words_are_a_fault_only_when_something_smells_or_smokes(said: str, fault: str | None) -> None:
    found = slot(said, "fault")
    assert (found.value if found else None) == fault


@pytest.mark.parametrize(("said", "code"), [("die buderus zeigt fehler sechs a", "6A"), ("die anzeige zeigt 4 y", "4Y")])
def test_buderus_style_codes_with_a_letter_after(said: str, code: str) -> None:
    found = slot(said, "fault")
    assert found is not None and found.normalized == code


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("r e zwei null zwei sechs null drei drei sieben", "RE20260337"),
        ("o f zwei null zwei sieben, vier fünf sechs", "OF2027456"),  # a pause between the digit groups
        ("rechnung nummer zwei null zwei sechs, null sieben null drei", "20260703"),
        ("ja das ist a g zwei null zwei sechs minus null vier eins eins", "AG2026-0411"),
        ("vier vier zwei eins", "4421"),
        ("die rechnung nummer zwölf drei vier fünf", "12345"),
        ("ja genau", None),
        ("am dienstag um drei", None),
    ],
)
def test_reference_code_of_an_answer(said: str, code: str | None) -> None:
    assert reference_code(said) == code


def test_a_greeting_is_no_wished_time() -> None:
    """Seen in the dev scripts: "guten Morgen" became the wished date "morgen"."""
    assert "preferred_time" not in extract_slots_local("ja guten morgen äh meine gastherme", now=NOW).values
    assert extract_slots_local("guten abend, ginge es morgen?", now=NOW).values["preferred_time"].normalized == "2025-03-04"


@pytest.mark.parametrize(
    "said",
    [
        "ich hab einen zettel bekommen wegen kehren am dienstag da bin ich aber nicht daheim",
        "am freitag bin ich im urlaub",
        "morgen ist niemand da",
    ],
)
def test_a_day_the_caller_is_not_there_is_no_wished_time(said: str) -> None:
    """Seen in the dev scripts: "am Dienstag, da bin ich aber nicht daheim" became the wished
    time Dienstag, so the caller was never asked when it suits."""
    assert "preferred_time" not in extract_slots_local(said, now=NOW).values


def test_the_day_that_suits_is_taken_after_the_one_that_does_not() -> None:
    value = extract_slots_local("am dienstag geht es nicht, lieber donnerstag nachmittag", now=NOW).values["preferred_time"]
    assert value.value == "donnerstag nachmittag"


@pytest.mark.parametrize("said", ["bahnhofstrasse zehn in achtvierhundert winterthur", "in acht vierhundert winterthur"])
def test_a_swiss_postcode_said_as_digit_and_hundreds(said: str) -> None:
    """Seen in the dev scripts: "achtvierhundert Winterthur" (8400) was neither postcode nor city."""
    values = extract_slots_local(said, region="CH", now=NOW).values
    assert values["postcode"].value == "8400" and values["city"].value == "Winterthur"


def test_a_surname_that_is_also_a_word_after_a_first_name() -> None:
    """Seen in the dev scripts: "Birgit Lange" was stored as "Birgit" ("lange" is also a word)."""
    assert extract_slots_local("Birgit Lange", now=NOW).values["caller_name"].value == "Birgit Lange"
    assert "caller_name" not in extract_slots_local("das dauert lange", now=NOW).values


@pytest.mark.parametrize(
    "said", ["unsere therme von junkers zeigt e a und geht nicht mehr", "es steht e a im display", "fehler e a"]
)
def test_a_code_of_two_spelled_letters(said: str) -> None:
    """Seen in the dev scripts: the Junkers code "e a" (EA) was nowhere in the activity."""
    fault = extract_slots_local(said, now=NOW).values["fault"]
    assert fault.normalized == "EA" and "Fehler EA" in fault.value
    assert "fault" not in extract_slots_local("die therme zeigt a und b", now=NOW).values


# ---------------------------------------------------------------- issue 11, second dev set

REFERENCES = ("angebotsnummer", "rechnungsnummer", "auftragsnummer", "kundennummer")


@pytest.mark.parametrize(
    ("said", "slot_name", "value"),
    [
        ("ich hab eine frage zur rechnung nummer zwei null zwei sechs strich eins sieben drei, da ist was doppelt",
         "rechnungsnummer", "2026-173"),
        ("rechnung nummer zwei null zwei sechs schrägstrich zwei eins, der betrag passt ned", "rechnungsnummer", "2026/21"),
        ("die rechnung re zwei null zwei sechs bindestrich null vier", "rechnungsnummer", "RE2026-04"),
        ("es geht um meine rechnung, meine kundennummer ist vier sieben eins eins", "kundennummer", "4711"),
        ("grüezi ich han e mahnig becho, mini kundenummer isch eis zwöi drü vier foif", "kundennummer", "12345"),
        ("ich han e frag zur rechnig nummer foif sächs sibe acht, die isch z hoch", "rechnungsnummer", "5678"),
        # the Swiss "a[n]" after the number is no letter of it
        ("ich rufe wäge de offerte nummer acht acht eis zwöi a, mir händ no e frag", "angebotsnummer", "8812"),
        ("kv nummer acht acht eins zwei", "angebotsnummer", "8812"),
    ],
)  # fmt: skip
def test_document_numbers_with_spoken_separators_and_dialect(said: str, slot_name: str, value: str) -> None:
    found = extract_slots_local(said, REFERENCES, region="CH").values
    assert found[slot_name].value == value


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("r e null vier fünf neun", "RE-0459"),
        ("die rechnungsnummer ist r e null null acht eins", "RE-0081"),
        # no zero after the letters: written together as before
        ("r e zwei null zwei sechs eins eins acht neun", "RE20261189"),
    ],
)
def test_a_number_starting_with_zero_is_kept_apart_from_its_letters(said: str, code: str) -> None:
    # "RE0459" reads as "REO459" and a search for the number 0459 does not find it.
    assert reference_code(said) == code


def test_a_document_number_with_a_leading_zero_in_a_sentence_is_kept_apart_too() -> None:
    found = extract_slots_local("es geht um die rechnung nummer r e null vier fünf neun", REFERENCES, region="DE").values
    assert found["rechnungsnummer"].value == "RE-0459"


def test_a_document_number_answer_keeps_its_slash() -> None:
    assert reference_code("ja moment ähm r e zwei null zwei sechs schrägstrich null acht neun") == "RE2026/089"


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("unsere viessmann zeigt seit heute früh f vier und es bleibt alles kalt", "F4"),
        ("da blinkt der code u vier", "U4"),
        ("die zeigt h null eins", "H01"),
        ("üse boiler zeigt fehler e drü sibe", "E37"),
        ("de brenner vo elco zeigt störig f sibe", "F7"),
        ("f acht", "F8"),  # the answer to "Welchen Fehlercode zeigt das Gerät?"
        ("nein f zweiundsechzig", "F62"),  # a correction once the negated part is cut
    ],
)
def test_error_codes_a_few_words_after_the_display_or_alone(said: str, code: str) -> None:
    fault = slot(said, "fault")
    assert fault is not None and fault.normalized == code


@pytest.mark.parametrize(
    "said",
    [
        "wir wohnen in der hauptstraße f 12",
        "die zeigt um vier uhr nichts an",
        "ich bin ab f 4 da",  # no display, no code word
    ],
)
def test_house_numbers_and_times_are_no_error_codes(said: str) -> None:
    fault = slot(said, "fault")
    assert fault is None or fault.normalized is None


@pytest.mark.parametrize(
    ("said", "fault"),
    [
        ("es bleibt alles kalt", "Heizung bleibt kalt"),
        ("üse boiler macht kei warms wasser meh", "kein Warmwasser"),
        ("d fussbodeheizig wird nöd warm", "Heizung bleibt kalt"),
    ],
)
def test_fault_symptoms_in_plain_and_swiss_words(said: str, fault: str) -> None:
    assert fault in slot(said, "fault").value


@pytest.mark.parametrize(
    ("said", "device"),
    [
        # each maker with the device next to it, every device named
        ("ich interessiere mich für einen pelletkessel, wir heizen noch mit einem alten ölbrenner von elco",
         "Pelletkessel, ELCO Ölbrenner"),
        ("e neui wärmepumpe vo daikin statt em ölbrenner", "Daikin Wärmepumpe, Ölbrenner"),
        # sanitary makers and devices, the room
        ("bei uns tropft der grohe wasserhahn in der küche", "Grohe Wasserhahn in der Küche"),
        ("die spülung von unserem geberit wc läuft dauernd nach", "Geberit WC"),
        ("die junkers therme im keller hat keinen druck", "Junkers Therme im Keller"),
        # more heating makers
        ("ein hackgutkessel von kwb", "KWB Hackgutkessel"),
        ("ein pelletkessel von froling", "Fröling Pelletkessel"),
        ("unsere vitocal", "Viessmann Vitocal"),
    ],
)  # fmt: skip
def test_devices_makers_and_rooms(said: str, device: str) -> None:
    assert slot(said, "device").value == device


def test_a_mother_called_wolf_is_no_manufacturer() -> None:
    assert slot("ja ich bin die mutter, sandra wolf", "device") is None


WEDNESDAY = datetime(2026, 12, 9, 10, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("said", "normalized"),
    [
        # "Montag in einer Woche" is the Monday after the coming one
        ("montag in einer woche ab acht uhr", "2026-12-21T08:00:00+01:00/2026-12-21T20:00:00+01:00"),
        ("freitag in acht tagen", "2026-12-18"),
        ("heute in zwei wochen", "2026-12-23"),
        # Swiss day words
        ("chönd sie mi morn am vormittag zruggrüefe", "2026-12-10T08:00:00+01:00/2026-12-10T12:00:00+01:00"),
        ("am nächste mittwuch am namittag", "2026-12-16T12:00:00+01:00/2026-12-16T17:00:00+01:00"),
        ("am zischtig", "2026-12-15"),
        ("am zwölften jänner am vormittag", "2027-01-12T08:00:00+01:00/2027-01-12T12:00:00+01:00"),
    ],
)
def test_relative_weeks_and_dialect_days(said: str, normalized: str) -> None:
    wish = slot(said, "preferred_time", now=WEDNESDAY)
    assert wish is not None and wish.normalized == normalized


@pytest.mark.parametrize(
    "said",
    [
        "wegen kehren am freitag, do bin i ned daham",
        "am dienstag, da bin i net dahoam",
        "am mäntig gaht nöd",
    ],
)
def test_a_day_the_caller_is_not_there_in_dialect_is_no_wish(said: str) -> None:
    assert slot(said, "preferred_time", now=WEDNESDAY) is None


@pytest.mark.parametrize(
    ("said", "street", "postcode", "city"),
    [
        ("mir wohned am rosenweg foif in acht vier null sächs winterthur", "Am Rosenweg 5", "8406", "Winterthur"),
        ("lindenstrasse sächs, acht vier null eis winterthur", "Lindenstrasse 6", "8401", "Winterthur"),
    ],
)
def test_swiss_addresses_in_swiss_digits(said: str, street: str, postcode: str, city: str) -> None:
    found = extract_slots_local(said, ("street", "postcode", "city"), region="CH").values
    assert found["street"].value == street
    assert found["postcode"].value == postcode
    assert found["city"].value == city


@pytest.mark.parametrize(
    ("said", "street"),
    [("am markt zwei", "Am Markt 2"), ("wir wohnen am ring fünf in berlin", "Am Ring 5"), ("am anger drei", "Am Anger 3")],
)
def test_a_street_named_by_preposition_and_place_word(said: str, street: str) -> None:
    assert slot(said, "street").value == street


def test_a_lone_street_word_with_a_preposition_is_no_street() -> None:
    assert slot("an der straße fünf", "street") is None


def test_a_code_with_a_spoken_point() -> None:
    assert slot("die vaillant zeigt fehler f punkt achtundzwanzig", "fault").normalized == "F28"


@pytest.mark.parametrize("said", ["morgen äh guten morgen, die therme zeigt f 28", "morgen, hier ist müller"])
def test_morgen_at_the_start_as_a_greeting_is_no_wish(said: str) -> None:
    assert slot(said, "preferred_time") is None


@pytest.mark.parametrize("said", ["morgen", "morgen wäre gut", "morgen vormittag"])
def test_morgen_as_an_answer_stays_a_wish(said: str) -> None:
    assert slot(said, "preferred_time") is not None


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("ja da spricht meier, karl meier", "Karl Meier"),  # the surname again after the first name
        ("mein name ist özdemir, mehmet özdemir", "Mehmet Özdemir"),
        ("ich bin der max, max mustermann", "Max Mustermann"),
        ("grüezi, da isch de hanspeter zürcher", "Hanspeter Zürcher"),  # Swiss "da isch de …"
        ("mis name isch käser roland", "Roland Käser"),  # Swiss introduction, surname first
        ("i bi de roland käser", "Roland Käser"),
        ("grüezi, käser roland", "Roland Käser"),  # a greeting, a comma, the name
        ("ich bin die frau doktor schneider-hagen", "Frau Dr. Schneider-Hagen"),
        ("herr dr. weber", "Herr Dr. Weber"),
    ],
)
def test_names_repeated_swiss_and_with_a_title(said: str, name: str) -> None:
    assert slot(said, "caller_name").value == name


@pytest.mark.parametrize(
    ("said", "street"),
    [
        ("wiener straße zwölf strich drei", "Wiener Straße 12/3"),  # Austrian house/door
        ("schulgasse einundzwanzig, stiege a, tür drei", "Schulgasse 21, Stiege A, Tür 3"),
    ],
)
def test_austrian_flats_with_a_slash_and_a_lettered_stiege(said: str, street: str) -> None:
    assert slot(said, "street", region="AT").value == street


@pytest.mark.parametrize(
    ("said", "normalized"),
    [
        ("am montag den vierzehnten", "2026-12-14"),
        ("zum dritten", "2027-01-03"),  # the 3rd has passed this month: the next one
        ("donnerstag zwischen zehn und zwölf", "2026-12-10T10:00:00+01:00/2026-12-10T12:00:00+01:00"),
        ("morgen zwischen zwölf und eins", "2026-12-10T12:00:00+01:00/2026-12-10T13:00:00+01:00"),
    ],
)
def test_a_day_of_the_month_and_a_time_between_two_hours(said: str, normalized: str) -> None:
    assert slot(said, "preferred_time", now=WEDNESDAY).normalized == normalized


@pytest.mark.parametrize(
    ("said", "device", "fault"),
    [
        ("das klo ist verstopft", "Klo", "verstopft"),
        ("der abfluss läuft ganz langsam ab", "Abfluss", "verstopft"),
        ("die spülung läuft dauernd nach", None, "Spülung läuft nach"),
        ("unser heizkessel macht klopfgeräusche", "Heizkessel", "Geräusche (klopft)"),
        ("im gäste-wc ist das wc verstopft", "WC", "verstopft"),  # no "WC im Gäste-WC"
    ],
)
def test_sanitary_faults_and_devices(said: str, device: str | None, fault: str) -> None:
    found = extract_slots_local(said, ("device", "fault"), now=NOW).values
    assert (found["device"].value if "device" in found else None) == device
    assert found["fault"].value == fault


def test_a_later_time_of_day_after_running_is_no_sanitary_fault() -> None:
    assert slot("die heizung läuft erst nach zehn minuten", "fault") is None


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("ja ich bin die mutter, sandra wolf", "Sandra Wolf"),
        ("hier ist der hausmeister, herr gruber", "Herr Gruber"),
        ("ich bin die nachbarin von frau huber, anna koch", "Anna Koch"),
    ],
)
def test_who_the_caller_is_to_the_household_is_no_name(said: str, name: str) -> None:
    assert slot(said, "caller_name").value == name


def test_a_role_alone_is_no_name() -> None:
    assert slot("ich bin die mutter", "caller_name") is None


@pytest.mark.parametrize("now", [datetime(2026, 12, 14, 9, 0, tzinfo=BERLIN), datetime(2026, 12, 9, 9, 0, tzinfo=BERLIN)])
def test_monday_in_a_week_is_the_monday_a_week_after_today_on(now: datetime) -> None:
    assert slot("am montag in einer woche", "preferred_time", now=now).normalized == "2026-12-21"


@pytest.mark.parametrize("said", ["meine junkers therme verliert ständig druck", "der druck fällt immer ab"])
def test_pressure_loss_in_other_words(said: str) -> None:
    assert "Druck zu niedrig" in slot(said, "fault").value


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("fehler nummer dreiunddreißig", "33"),
        ("meine brennwerttherme sagt störung e zwei null", "E20"),
        ("es chunnt d meldig e nüün", "E9"),  # Swiss "Meldig"
    ],
)
def test_more_ways_to_say_an_error_code(said: str, code: str) -> None:
    assert slot(said, "fault").normalized == code


def test_the_word_ort_before_the_place_is_no_place() -> None:
    found = extract_slots_local("postleitzahl acht null vier fünf, ort graz", ("postcode", "city"), region="AT").values
    assert (found["postcode"].value, found["city"].value) == ("8045", "Graz")


@pytest.mark.parametrize(
    "said",
    ["die rechnung vom zwölften november über dreihundert euro", "rechnung vom dreizehnten elften", "die rechnung vom zwölften"],
)
def test_the_date_of_a_document_is_no_wished_time(said: str) -> None:
    assert slot(said, "preferred_time", now=WEDNESDAY) is None


@pytest.mark.parametrize(
    ("said", "normalized"),
    [
        ("ich möchte die wartung am freitag", "2026-12-11"),
        ("am friitig am morge", "2026-12-11T07:00:00+01:00/2026-12-11T10:00:00+01:00"),  # Swiss "am Morge"
        ("ein termin vom zwölften bis vierzehnten", "2026-12-12"),
    ],
)
def test_wished_days_next_to_document_words_and_in_swiss(said: str, normalized: str) -> None:
    assert slot(said, "preferred_time", now=WEDNESDAY).normalized == normalized


def test_an_erlagschein_number_is_an_invoice_reference() -> None:
    found = extract_slots_local("erlagschein nummer null null vier vier fünf", REFERENCES, region="AT").values
    assert found["rechnungsnummer"].value == "00445"


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("na, ned mittwoch, sondern donnerstag in der früh", "donnerstag in der früh"),
        ("nicht am dienstag, lieber am mittwoch", "am mittwoch"),
    ],
)
def test_a_negated_day_before_the_wished_one_is_skipped(said: str, value: str) -> None:
    assert slot(said, "preferred_time", now=WEDNESDAY).value == value


def test_a_negated_day_alone_is_no_wish() -> None:
    assert slot("ich kann nicht am montag", "preferred_time", now=WEDNESDAY) is None


@pytest.mark.parametrize("said", ["nachmittags", "nein nachmittags", "eher vormittags"])
def test_a_part_of_the_day_as_the_whole_answer_is_a_clear_wish(said: str) -> None:
    wish = slot(said, "preferred_time")
    assert wish is not None and wish.confidence >= 0.75


def test_a_part_of_the_day_in_a_fault_description_is_no_wish() -> None:
    assert slot("abends wird es immer kalt", "preferred_time") is None


@pytest.mark.parametrize(
    ("said", "fault"),
    [
        ("die heizung macht keinen mucks mehr", "ausgefallen"),
        ("die heizkörper werden nur lauwarm", "nur lauwarm"),
        ("die wärmepumpe taktet ständig", "taktet"),
        ("der brenner startet nicht", "springt nicht an"),
        ("das display ist dunkel", "Anzeige dunkel"),
        ("d heizig isch kalt", "Heizung bleibt kalt"),  # Swiss
        ("de boiler gaht nöd", "funktioniert nicht"),
        ("d heizig lauft nümme", "funktioniert nicht"),
    ],
)
def test_more_fault_phrasings(said: str, fault: str) -> None:
    assert slot(said, "fault").value == fault


def test_a_plain_it_does_not_work_is_no_ignition_fault() -> None:
    assert slot("das geht nicht", "fault").value == "funktioniert nicht"


@pytest.mark.parametrize(
    ("said", "postcode"),
    [
        ("meine adresse ist mozartweg neun in vierzehn vierhundertsiebzig potsdam", "14470"),
        ("postleitzahl zwölf dreihundertfünf", "12305"),
        ("zehn vierhundertfünfunddreißig berlin", "10435"),
    ],
)
def test_a_german_postcode_said_as_two_and_three_digits(said: str, postcode: str) -> None:
    assert slot(said, "postcode").value == postcode


def test_two_numbers_before_an_ordinary_word_are_no_postcode() -> None:
    assert slot("wir sind zwölf dreihundert leute in berlin", "postcode") is None


# ---------------------------------------------------------------- blind set A: streets, corrections, makers


@pytest.mark.parametrize(
    ("said", "street"),
    [
        ("andritzer reichsstraße zweiundvierzig tür drei", "Andritzer Reichsstraße 42, Tür 3"),
        ("ich wohne in der wiener hauptstraße zwölf", "Wiener Hauptstraße 12"),
        ("tegeler weg drei, ja die nummer", "Tegeler Weg 3"),
        ("berliner straße fünfzehn nein moment nicht fünfzehn sondern fünfundfünfzig", "Berliner Straße 55"),
        ("berliner straße fünfzehn nein moment fünfundfünfzig", "Berliner Straße 55"),
        ("hauptstraße zwölf äh nein dreizehn", "Hauptstraße 13"),
    ],
)
def test_place_words_and_corrected_house_numbers_in_streets(said: str, street: str) -> None:
    found = slot(said, "street")
    assert found is not None and found.value == street


def test_a_surname_before_a_street_is_no_part_of_it() -> None:
    found = slot("mein name ist peter müller hauptstraße fünf", "street")
    assert found is not None and found.value == "Hauptstraße 5"


def test_a_lone_weg_without_a_house_number_is_no_street() -> None:
    assert slot("der schlüssel ist weg drei tage schon", "street") is None
    assert slot("die kälte ist weg", "street") is None


def test_a_document_number_corrected_while_said() -> None:
    said = "r e zwei null zwei sechs null neun drei drei äh nein nicht drei drei sondern drei acht"
    assert reference_code(said) == "RE20260938"
    assert reference_code("r e zwei null zwei sechs null neun drei drei äh nein drei acht") == "RE20260938"


def test_a_correction_that_does_not_fit_the_number_leaves_it() -> None:
    assert reference_code("r e zwei null zwei sechs null neun drei drei nicht vier vier sondern fünf fünf") == "RE20260933"


def test_a_report_number_is_a_reference() -> None:
    said = "wir brauchen eine kopie vom letzten befund die nummer ist b f zwei null zwei sechs null drei eins vier"
    found = slot(said, "befundnummer")
    assert found is not None and found.value == "BF20260314"


def test_a_stove_maker_that_is_a_surname_too() -> None:
    device = slot("ein kachelofen vom hafner mit einem heizeinsatz von brunner", "device")
    assert device is not None and "Brunner" in device.value
    assert slot("ursula brunner", "device") is None


def test_model_lines_name_their_maker() -> None:
    device = slot("eine windhager biowin zwei", "device")
    assert device is not None and device.value == "Windhager BioWIN 2"  # its type number too
    device = slot("en hoval ultragas", "device")
    assert device is not None and device.value == "Hoval UltraGas"


def test_swiss_afternoon_from_four() -> None:
    found = slot("am dunschtig am namittag ab vieri", "preferred_time")
    assert found is not None
    assert found.normalized == "2025-03-06T16:00:00+01:00/2025-03-06T20:00:00+01:00"


def test_swiss_am_before_an_hour_after_the_part_of_the_day() -> None:
    found = slot("am dunschtig am namittag am zwei", "preferred_time")
    assert found is not None
    assert found.normalized == "2025-03-06T14:00:00+01:00"
    assert slot("am zweiten dezember", "preferred_time").normalized.startswith("2025-12-02")  # a date, no hour


@pytest.mark.parametrize(
    ("said", "normalized"),
    [
        ("am friitig zwüsche zähni und zwölfi", "2025-03-07T10:00:00+01:00/2025-03-07T12:00:00+01:00"),
        ("morn am achti", "2025-03-04T08:00:00+01:00"),  # "morn": tomorrow
    ],
)
def test_swiss_hours_and_ranges(said: str, normalized: str) -> None:
    found = slot(said, "preferred_time")
    assert found is not None and found.normalized == normalized


def test_a_day_something_was_done_is_no_wish() -> None:
    assert slot("ich hab die rechnung am fünften januar überwiesen und jetzt kommt eine mahnung", "preferred_time") is None
    assert slot("am montag hab ich bezahlt", "preferred_time") is None
    assert slot("am montag wäre gut", "preferred_time") is not None


def test_stove_makers_of_the_chimney_sweeps_customers() -> None:
    device = slot("mir ham an kaminofen von rika", "device")
    assert device is not None and device.value == "Rika Kaminofen"  # a word to say, not letters to spell


def test_the_month_of_the_work_an_invoice_is_for_is_no_wish() -> None:
    assert slot("der erlagschein für die rechnung vom kehren im jänner is verloren gegangen", "preferred_time") is None
    found = slot("ich hätte gern einen termin im jänner", "preferred_time")
    assert found is not None and "jänner" in found.value


@pytest.mark.parametrize(
    ("said", "code"),
    [("die therme zeigt eff achtundzwanzig", "F28"), ("im display steht err vier", "R4"), ("fehler ess zwei eins", "S21")],
)
def test_a_letter_said_by_its_name_starts_the_error_code(said: str, code: str) -> None:
    fault = extract_slots_local(said, ["fault"], region="DE").values["fault"]
    assert fault.normalized == code


def test_a_verb_that_sounds_like_a_letter_is_no_code() -> None:
    assert "fault" not in extract_slots_local("ich geh zwei mal in der woche", ["fault"], region="DE").values


@pytest.mark.parametrize(
    ("said", "name"),
    [
        # the surname, the first name and the surname again, after an apology or a long lead
        ("entschuldigung ich hab sie schlecht verstanden koller renate koller", "Renate Koller"),
        ("entschuldigung, ähm, richter, gisela richter", "Gisela Richter"),
        ("entschuldigung. zollinger, marco zollinger", "Marco Zollinger"),
        ("kowalski gertrud kowalski k o w a l s k i", "Gertrud Kowalski"),
        # the name before the words that introduce it, after other talk
        ("so, entschuldigung, der hund. pohl ist mein name, p o h l", "Pohl"),
        ("huber heiß ich", "Huber"),
        # a first name and a surname first, then more about someone else
        ("sandra lehmann und mein sohn heißt luca", "Sandra Lehmann"),
    ],
)
def test_a_name_said_around_other_words(said: str, name: str) -> None:
    found = slot(said, "caller_name")
    assert found is not None, said
    assert found.value == name


@pytest.mark.parametrize(
    "said", ["nee nee nee", "bitte, bitte schnell", "mein sohn heißt luca", "der hund ist mein ein und alles"]
)
def test_no_name_from_repeated_or_other_peoples_words(said: str) -> None:
    assert slot(said, "caller_name") is None


# ---------------------------------------------------------------- issue: blind dev sets C/D/E


@pytest.mark.parametrize(
    ("said", "value"),
    [
        # without a day the hour is written as meant, so the note is clear without the call
        ("am nachmittag so nach drei", "am nachmittag so nach 15 Uhr"),
        ("am besten um halb acht in der früh, bevor i in die arbeit fahr", "um 7:30 Uhr in der früh"),
        ("so ab vier uhr nachmittags, vorher bin ich auf arbeit", "so ab 16 Uhr nachmittags"),
        ("am nachmittag zwischen drei und fünf", "am nachmittag zwischen 15 und 17 Uhr"),
        ("chönd sie mi zruggrüefe am beschte am zwei am namittag", "um 14 Uhr am namittag"),
        ("um 14 uhr", "um 14 uhr"),  # said as meant: as said
    ],
)
def test_an_hour_without_a_day_is_written_as_meant(said: str, value: str) -> None:
    wish = slot(said, "preferred_time")
    assert wish is not None, said
    assert wish.value == value


def test_an_hour_with_a_day_keeps_the_words_and_carries_the_time() -> None:
    wish = slot("morgen so nach drei", "preferred_time")
    assert wish is not None and wish.normalized is not None
    assert wish.normalized.startswith("2025-03-04T15:00")


@pytest.mark.parametrize(
    ("said", "value"),
    [
        # the visit announced, then a day asked for instead
        (
            "ich hab einen zettel bekommen dass sie am dienstag zum kehren kommen aber da bin ich bei meiner "
            "tochter in wien ginge das nicht am donnerstag in der früh so zwischen sieben und neun",
            "am donnerstag in der früh so zwischen 7 und 9",
        ),
        (
            "der monteur wollte morgen früh um acht zur wartung kommen aber da muss ich leider zum arzt "
            "geht das auch am donnerstag nachmittag so ab vierzehn uhr",
            "am donnerstag nachmittag so ab 14 uhr",
        ),
        ("am donnerstag, na, freitag in der früh wär besser", "freitag in der früh"),
        ("ginge das nicht am donnerstag", "am donnerstag"),  # a question, no negation
        ("am freitag in der früh, so um achte", "am freitag in der früh, so um 8"),
    ],
)
def test_the_day_asked_for_is_the_wish_not_the_one_announced(said: str, value: str) -> None:
    wish = slot(said, "preferred_time", now=WEDNESDAY)
    assert wish is not None, said
    assert wish.value == value


@pytest.mark.parametrize(
    "said",
    [
        "i hab an zettel kriegt, dass der rauchfangkehrer am mittwoch kommt, aber da bin i ned daheim",
        "ich hab an zettel bekommen dass sie morgen zum kehren kommen da bin i aber ned daheim",
        "ich kann nicht am montag",
    ],
)
def test_an_announced_visit_that_does_not_suit_is_no_wish(said: str) -> None:
    assert slot(said, "preferred_time", now=WEDNESDAY) is None


@pytest.mark.parametrize(
    ("said", "device"),
    [
        ("eine feilant gastherme die hängt in der küche", "Vaillant Gastherme in der Küche"),  # as ASR writes it
        ("en elektroboiler vo cipag", "Cipag Elektroboiler"),  # a Swiss maker
        ("das ist ne junkers, nee quatsch, vaillant, ecotec steht da drauf", "Vaillant ecoTEC"),  # taken back
        ("da tropft es aus dem eckventil", "Eckventil"),
    ],
)
def test_makers_as_heard_swiss_makers_and_a_maker_taken_back(said: str, device: str) -> None:
    found = slot(said, "device")
    assert found is not None, said
    assert found.value == device


def test_two_makers_both_meant_stay() -> None:
    assert slot("ein viessmann kessel und ein buderus speicher", "device").value == "Viessmann Kessel, Buderus Speicher"


@pytest.mark.parametrize(
    ("said", "street"),
    [("am rosenhain sieben, die nummer, von der i anruf", "Am Rosenhain 7"), ("im birkengrund zwölf", "Im Birkengrund 12")],
)
def test_more_street_endings_with_a_house_number(said: str, street: str) -> None:
    assert slot(said, "street").value == street


@pytest.mark.parametrize(
    ("said", "region", "value"),
    [
        # the end of the number said again from an earlier group on, after "na halt" / "nei halt"
        (
            "null sechs sechs vier, fünf fünf fünf, dreiundsiebzig, null null, na halt, dreiundsiebzig null neun",
            "AT",
            "+436645557309",
        ),
        ("null sieben neun, fünf fünf fünf, dreiundneunzig, vierundsechzig, nei halt, vierundfünfzig", "CH", "+41795559354"),
    ],
)
def test_a_phone_number_repaired_after_halt(said: str, region: str, value: str) -> None:
    found = slot(said, "callback_number", region=region)
    assert found is not None and found.normalized == value


def test_a_repaired_postcode_keeps_the_house_number_before_it() -> None:
    assert slot("berliner straße 15, 10245, nein 10247 berlin", "postcode").value == "10247"
    assert slot("berliner straße 15, 10245, nein 10247 berlin", "street").value == "Berliner Straße 15"


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("de brenner vo hoval zeigt de fehler e eins neunundzwanzig nei e eins neunzehn sorry", "E119"),  # said again
        ("fehler e eins neunzehn", "E119"),  # a three-digit code said as one and nineteen
        ("die zeigt f achtundzwanzig", "F28"),
    ],
)
def test_an_error_code_said_in_groups_or_said_again(said: str, code: str) -> None:
    found = slot(said, "fault", region="CH")
    assert found is not None and found.normalized == code


def test_a_digit_and_letter_code_before_swiss_a_for_an() -> None:
    found = slot("üsi wärmepumpe zeigt de fehler sechs a a und d heizkörper sind chalt", "fault", region="CH")
    assert found is not None and found.normalized == "6A"


@pytest.mark.parametrize(
    ("said", "normalized"),
    [
        # the day after the one named, then its hour
        ("am donnerstag drauf, so ab zwei am nachmittag", "2025-03-06T14:00:00+01:00/2025-03-06T18:00:00+01:00"),
        # a day taken back after a filler ("ah nei"), a day that does not suit, then the wish
        (
            "am mittwuch, nei, am dunschtig, ah nei, mittwuch gaht doch nöd, also dunschtig namittag am zwei",
            "2025-03-06T14:00:00+01:00",
        ),
        # Swiss "Donnschtig", and "au" (also) joins the hour to the day
        ("nei, nöd am mittwuch, sondern am donnschtig, au um halb neun", "2025-03-06T08:30:00+01:00"),
    ],
)
def test_a_wished_day_and_hour_said_with_swiss_words_and_takebacks(said: str, normalized: str) -> None:
    found = slot(said, "preferred_time")
    assert found is not None and found.normalized is not None
    assert found.normalized.split("/")[0] == normalized.split("/")[0]


@pytest.mark.parametrize(
    "said",
    [
        "der monteur sollte ja morgen früh kommen wegen der wartung das schaff ich aber nicht ich muss morgen doch arbeiten",
        "am freitag muss ich arbeiten",
    ],
)
def test_the_planned_visit_or_a_busy_day_is_no_wish(said: str) -> None:
    assert slot(said, "preferred_time") is None


def test_a_busy_day_gives_way_to_the_day_that_suits() -> None:
    found = slot("am freitag muss ich arbeiten, aber samstag geht", "preferred_time")
    assert found is not None and found.normalized == "2025-03-08"


@pytest.mark.parametrize(
    ("said", "street"),
    [
        ("sankt peter hauptstraße neunundzwanzig, die nummer von der i anruf", "Sankt Peter Hauptstraße 29"),
        ("St. Peter Hauptstraße 29", "St. Peter Hauptstraße 29"),
        ("wir wohnen in der hauptstraße vier", "Hauptstraße 4"),
    ],
)
def test_a_saint_in_front_of_a_street_belongs_to_it(said: str, street: str) -> None:
    found = slot(said, "street")
    assert found is not None and found.value == street


def test_a_day_and_an_hour_said_apart_in_one_sentence_are_one_wish() -> None:
    found = slot("am freitag ginge es, ab acht bin ich da", "preferred_time")
    assert found is not None and found.normalized is not None
    assert found.normalized.startswith("2025-03-07T08:00")
