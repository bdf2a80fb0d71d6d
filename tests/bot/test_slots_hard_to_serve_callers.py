"""Hard-to-serve callers: name and address in one breath, spelling cues, numbers corrected while
said (DE/AT/CH). What the caller settles on ends up in the slot, nothing else."""

import pytest

from zentrale.bot.intents.base import SlotValue
from zentrale.bot.slots import extract_slots_local
from zentrale.bot.validate import check_answer


def slot(text: str, name: str, region: str = "DE") -> SlotValue | None:
    return extract_slots_local(text, (name,), region=region).values.get(name)


def name_answer(text: str, region: str = "DE") -> str | None:
    checked = check_answer("caller_name", text, slot(text, "caller_name", region), region=region)
    return checked.value if checked else None


# ---------------------------------------------------------------- name and address in one answer


@pytest.mark.parametrize(
    ("said", "region", "name", "street"),
    [
        ("ja also jutta klein lindenstraße acht in bacharach", "DE", "Jutta Klein", "Lindenstraße 8"),
        ("ähm karin lange am anger drei", "DE", "Karin Lange", "Am Anger 3"),
        ("sepp gruber saalfelden seegasse vier", "AT", "Sepp Gruber", "Seegasse 4"),
        ("grüezi, beat keller dorfstrasse sibe", "CH", "Beat Keller", "Dorfstrasse 7"),
    ],
)
def test_the_name_ends_where_the_address_begins(said: str, region: str, name: str, street: str) -> None:
    assert name_answer(said, region) == name
    found = slot(said, "street", region)
    assert found is not None
    assert found.value == street


def test_a_street_said_again_names_nobody() -> None:
    assert slot("am mühlbach elf hab ich doch gesagt", "caller_name") is None
    assert slot("im birkenweg drei, hab ich doch schon gesagt", "caller_name") is None
    named = slot("brandt, hab ich doch gesagt", "caller_name")
    assert named is not None
    assert named.value == "Brandt"


def test_a_street_name_lead_stays_without_a_first_name_before_it() -> None:
    found = slot("neu isenburger straße zwölf", "street")
    assert found is not None
    assert found.value == "Neu Isenburger Straße 12"


# ---------------------------------------------------------------- couples and spelling cues


@pytest.mark.parametrize(
    ("said", "region", "name"),
    [
        ("gisela und werner kurz also kurz wie kurz mit z", "DE", "Gisela und Werner Kurz"),
        ("ursula und dieter lange, lange wie lang mit e am ende", "DE", "Ursula und Dieter Lange"),
        ("hans schmid schmid ohne t", "DE", "Hans Schmid"),
        ("urs schmid, schmid ohni t", "CH", "Urs Schmid"),
        ("maria schmied ohne t", "AT", "Maria Schmied"),
    ],
)
def test_spelling_cues_are_no_part_of_the_name(said: str, region: str, name: str) -> None:
    assert name_answer(said, region) == name


# ---------------------------------------------------------------- corrected inside one answer


@pytest.mark.parametrize(
    ("said", "street"),
    [
        ("im rosenweg dreißig nein dreizehn dreizehn natürlich", "Im Rosenweg 13"),
        ("gartenstraße fünfzig, nein, fünfzehn, fünfzehn", "Gartenstraße 15"),
    ],
)
def test_the_new_house_number_said_twice_is_said_once(said: str, street: str) -> None:
    found = slot(said, "street")
    assert found is not None
    assert found.value == street


@pytest.mark.parametrize(
    ("said", "region", "postcode"),
    [
        ("acht vier null vier nei nöd null vier acht vier null fünf", "CH", "8405"),
        ("acht null zwei null na ned zwei null, acht null zwei zwei", "AT", "8022"),
        ("fünf sechs zwei acht acht nein nicht acht acht acht neun", "DE", "56289"),
    ],
)
def test_a_denied_end_and_the_number_said_anew(said: str, region: str, postcode: str) -> None:
    checked = check_answer("postcode", said, slot(said, "postcode", region), region=region)
    assert checked is not None
    assert checked.value == postcode


def test_a_size_taken_back_is_replaced() -> None:
    found = slot("ich brauch ein angebot für vier heizkörper nee fünf heizkörper", "quantity")
    assert found is not None
    assert found.value == "5 Heizkörper"
    found = slot("zwanzig quadratmeter, ach quatsch, zweiundzwanzig quadratmeter", "quantity")
    assert found is not None
    assert found.value == "22 Quadratmeter"
    both = slot("zwei heizkörper und dreihundert liter speicher", "quantity")
    assert both is not None
    assert "2 Heizkörper" in both.value


# ---------------------------------------------------------------- document numbers and error codes


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("k v zwei null zwei sechs moment ich such die brille eins zwei drei", "KV2026123"),
        ("a g zwei null zwei acht wart schnell null null sieben", "AG2028007"),
        ("warten sie, er e zwei null zwei sieben null drei drei", "RE2027033"),
        ("es e zwei null zwei sieben vier vier", "SE202744"),
        ("ef a zwei null zwei sechs eins eins", "FA202611"),
    ],
)
def test_a_document_number_read_out_with_pauses_and_letter_names(said: str, code: str) -> None:
    checked = check_answer("rechnungsnummer", said, None, region="DE")
    assert checked is not None
    assert checked.value == code


def test_a_pause_with_another_number_named_joins_nothing() -> None:
    checked = check_answer(
        "rechnungsnummer", "r e zwei null zwei sechs und meine telefonnummer ist null drei null", None, region="DE"
    )
    assert checked is not None
    assert checked.value == "RE2026"


@pytest.mark.parametrize(
    ("said", "region", "code"),
    [
        ("der buderus zeigt ef zwo neun", "DE", "F29"),
        ("die therme zeigt ef drei drei", "AT", "F33"),
        ("d störig isch zweihundert also zwei null null", "CH", "200"),
    ],
)
def test_an_error_code_with_its_letter_spoken(said: str, region: str, code: str) -> None:
    found = slot(said, "fault", region)
    assert found is not None
    assert found.normalized == code


# ---------------------------------------------------------------- a time said in a long first sentence


def _time(text: str, at: str) -> SlotValue | None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    now = datetime.fromisoformat(at).replace(tzinfo=ZoneInfo("Europe/Berlin"))
    return extract_slots_local(text, ("preferred_time",), now=now).values.get("preferred_time")


def test_a_greeting_morgen_is_no_day_and_far_apart_nothing_joins() -> None:
    said = (
        "ja morgen also ganz kurz bei mir tropft der wasserhahn in der küche seit gestern "
        "und mein mann kann das nicht reparieren ab fünf bin ich daheim"
    )
    found = _time(said, "2028-03-01T08:15")  # a Wednesday morning
    assert found is not None
    assert found.value == "ab 17 Uhr"
    assert found.normalized is not None and found.normalized.startswith("2028-03-01T17:00")


def test_an_hour_when_the_caller_is_home_is_today_while_still_ahead() -> None:
    found = _time("ab drei bin i dahoam, vorher ned", "2028-03-01T09:00")
    assert found is not None
    assert found.normalized is not None and found.normalized.startswith("2028-03-01T15:00")
    later = _time("ab drei bin ich daheim", "2028-03-01T18:00")
    assert later is not None and later.normalized is None  # past for today: no day guessed


def test_a_day_and_an_hour_close_together_still_join() -> None:
    found = _time("am freitag ginge es, ab acht bin ich da", "2028-03-01T09:00")
    assert found is not None
    assert found.normalized is not None and found.normalized.startswith("2028-03-03T08:00")


# ---------------------------------------------------------------- a town named like a street, a red lamp


def test_a_town_after_a_bare_in_is_no_street() -> None:
    found = slot("des haus is in zeltweg in der bahnhofstraße", "street", "AT")
    assert found is not None
    assert found.value == "Bahnhofstraße"
    found = slot("wir wohnen in wegscheid im birkenweg zwölf", "street")
    assert found is not None
    assert found.value == "Im Birkenweg 12"


@pytest.mark.parametrize(
    ("said", "region"),
    [
        ("am kessel blinkt das lämpchen rot", "DE"),
        ("do leuchtet so a rote lampe an der therme", "AT"),
        ("bim boiler lüüchtet es rots lämpli", "CH"),
    ],
)
def test_a_red_lamp_keeps_its_colour(said: str, region: str) -> None:
    found = slot(said, "fault", region)
    assert found is not None
    assert "rot" in found.value  # "rote Störlampe"; a dialect word as said ("rots lämpli")
    assert "Störlampe leuchtet" not in found.value


def test_a_swiss_burner_that_does_not_light_with_its_red_lamp() -> None:
    found = slot("s rote lämpli lüchtet, er zündet nöd", "fault", "CH")
    assert found is not None
    assert found.value == "springt nicht an, rote lämpli"


@pytest.mark.parametrize(
    ("said", "region", "name"),
    [
        ("hans peter müller, lindenweg vier", "DE", "Hans Peter Müller"),
        ("xaver oberlechner mittersill felberstraße zwölf", "AT", "Xaver Oberlechner"),
        ("noldi zgraggen altdorf schmiedgass drü", "CH", "Noldi Zgraggen"),
    ],
)
def test_a_name_the_rules_do_not_know_before_the_street(said: str, region: str, name: str) -> None:
    checked = check_answer("caller_name", said, None, region=region)
    assert checked is not None
    assert checked.value == name


def test_a_street_alone_to_the_name_question_is_no_name() -> None:
    assert check_answer("caller_name", "ja also die bergstraße sieben", None, region="DE") is None
    assert check_answer("caller_name", "wohne in der hauptstraße drei", None, region="DE") is None
