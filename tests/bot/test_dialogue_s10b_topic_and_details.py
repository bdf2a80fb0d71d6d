"""Round s10b of the dialogue. The matter named anew after a question back ("chönd Sie mir das nöd
säge, es gaht um …"), after "ich frag nur, weil …" or after "ach quatsch, was sag ich da, das ist
keine X, das ist …" switches the task; a document number corrected in its answer keeps it. A long
reason used as the fault is brought down at a clause, never cut inside a word. E-mail addresses
said have one home (``emails_de.spoken_emails``). A device answer that repeats the device adds only
what is new. CH "Husnummere" corrects the house number. Sentences of our own."""

from __future__ import annotations

from tests.bot.dialogue_calls import (
    CALLER_DE,
    TUESDAY_MORNING,
    TUESDAY_MORNING_AT,
    TUESDAY_MORNING_CH,
    Call,
    played,
)
from zentrale.bot.dialogue import _TOPIC_CHANGE, _fold, _with_new_parts
from zentrale.bot.emails_de import spoken_emails


async def test_the_matter_named_after_a_question_back_switches_the_task(meier):
    call = await played(
        meier,
        TUESDAY_MORNING_CH,
        "anonymous",
        "grüezi ich möcht gern mit em chef rede",
        "aber chönd sie mir das eigentli au säge, es gaht um d rechnig vom service im november, die isch doppelt cho",
    )
    assert call.state.task_id == "rechnung", call.heard


async def test_a_question_back_alone_still_switches_nothing(meier):
    call = await played(
        meier,
        TUESDAY_MORNING_CH,
        "anonymous",
        "grüezi ich möcht gern mit em chef rede",
        "chönd sie mir nöd eifach säge wänn er zrugg isch",
    )
    assert call.state.task_id != "rechnung", call.heard


def test_the_purpose_of_a_question_marks_a_topic_change():
    for said in (
        "ich frage nur, weil wir die wohnung vermieten",
        "i frag halt weil mir des haus übergeben",
        "ich frog wil mir umbaue",
    ):
        assert _TOPIC_CHANGE.search(_fold(said)), said
    assert not _TOPIC_CHANGE.search(_fold("da frag ich lieber meinen mann"))


async def test_a_question_then_its_purpose_is_the_report(huber):
    call = await played(
        huber,
        TUESDAY_MORNING_AT,
        "anonymous",
        "grüß gott wann warn sie denn des letzte mal bei uns kehren",
        "ich frag nur weil wir die wohnung übergeben und die hausverwaltung will einen befund vom rauchfangkehrer",
    )
    assert call.state.task_id == "befund", call.heard


def test_taking_back_what_was_said_marks_a_topic_change():
    for said in (
        "ach quatsch, das war die offerte",
        "was sag ich denn da, es ist der wartungsvertrag",
        "das ist ja gar keine mahnung das ist die schlussrechnung",
    ):
        assert _TOPIC_CHANGE.search(_fold(said)), said
    assert not _TOPIC_CHANGE.search(_fold("das ist kein problem, das ist die nummer vom büro"))


async def test_a_corrected_estimate_number_keeps_the_estimate(mueller):
    call = await played(
        mueller,
        TUESDAY_MORNING,
        CALLER_DE,
        "guten tag ich hab eine frage zu ihrem angebot für den neuen heizkessel",
    )
    await call.answer_until("Angebotsnummer", {"Namen": "Gerda Pfleiderer"})
    assert call.state.task_id == "angebot", call.heard
    await call.say(
        "a n zwei null zwei sieben null fünf eins acht nein warten sie ich hab die zahlen vertauscht also a n zwei null zwei sieben null fünf acht eins"
    )
    assert call.state.task_id == "angebot", call.heard
    assert "0581" in str(call.state.slots.get("angebotsnummer")), call.state.slots


async def test_a_long_reason_as_fault_is_never_cut_inside_a_word(mueller):
    long_turn = (
        "ja guten tag ich weiß nicht ob ich da bei ihnen richtig bin aber wir haben da so ein problem "
        "mit unserer heizung im keller und zwar ist das so dass die seit vorgestern immer wieder ausgeht "
        "und dann muss ich unten den knopf drücken und dann läuft sie wieder eine weile und dann wieder "
        "nicht und mein mann meint das liegt am wetter aber ich glaub das nicht weil das letztes jahr auch "
        "schon so war und der monteur damals hat irgendwas gesagt von einer pumpe oder so genau weiß ich das nicht mehr"
    )
    call = await played(mueller, TUESDAY_MORNING, CALLER_DE, long_turn)
    fault = str((call.state.slots.get("fault") or {}).get("value") or "")
    assert len(fault) <= 300, fault
    if fault and len(fault) < len(long_turn) - 20:
        words = set(long_turn.replace(",", " ").split())
        last = fault.rstrip(" .,…").split()[-1]
        assert last in words, fault


def test_spoken_emails_give_span_and_written_address():
    said = "meine Mail ist hans punkt müller minus bau ät gmx punkt de, danke"
    [(start, end, address)] = spoken_emails(said)
    assert address == "hans.mueller-bau@gmx.de"
    assert said[start:end] == "hans punkt müller minus bau ät gmx punkt de"
    assert spoken_emails("ab acht bin ich at home") == []
    assert spoken_emails("schreiben Sie an r.happel@web.de") == [(17, 32, "r.happel@web.de")]


async def test_a_spoken_address_with_an_umlaut_is_noted(mueller):
    call = await played(
        mueller, TUESDAY_MORNING, CALLER_DE, "schicken Sie mir bitte das Angebot an jörg punkt süß at web punkt de"
    )
    assert "E-Mail: joerg.suess@web.de" in call.state.notes, call.state.notes


def test_a_device_part_said_again_is_not_added_twice():
    assert _with_new_parts("Kachelofen", "Kachelofen, Heizeinsatz") == "Kachelofen, Heizeinsatz"
    assert _with_new_parts("Heizkörper, Thermostat", "Viessmann, Heizkörpern") == "Heizkörper, Thermostat, Viessmann"
    assert _with_new_parts("Fußbodenheizung im Bad", "Nibe Wärmepumpe") == "Fußbodenheizung im Bad, Nibe Wärmepumpe"


async def test_a_swiss_husnummere_is_corrected_at_the_readback(meier):
    call = Call(meier, TUESDAY_MORNING_CH)
    await call.start("anonymous")
    await call.say("grüezi d heizig lauft nöd, d heizkörper sind chalt")
    await call.answer_until(
        "Stimmt das so?",
        {
            "Namen": "Urs Wyss",
            "Telefonnummer": "null sieben neun eins zwei drei vier fünf sechs sieben",
            "Strasse": "lindenweg acht",
            "Postleitzahl": "acht vier null null winterthur",
            "Gerät": "weiss ich nöd",
            "Hersteller": "weiss ich nöd",
        },
    )
    await call.say("nei d husnummere isch nöd acht sondern achtzäh")
    assert call.slot("street")["value"].startswith("Lindenweg 18"), (call.slot("street"), call.heard)
