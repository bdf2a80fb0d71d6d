"""What the office acts on reaches the summary in words it can read: an offer accepted without
"an" or turned down for another firm, an offer found too dear (maybe a question of price), the
matter named anew after "ah na, warten Sie, eigentlich …", the month a trainee wants to start, a
short word that tells ("PV aufs Dach"), and the request in a long run-on utterance."""

from tests.bot.summary_calls import Task, caller_turns, summary_of
from zentrale.bot.intents.base import SlotValue

OFFER = Task("offerte", "Offerte")
INVOICE = Task("rechnung", "Rechnung")
SWEEP = Task("kehrtermin", "Kehrtermin")
JOB = Task("bewerbung", "Bewerbung")
NEW_HEATING = Task("neue-heizung", "Interesse an neuer Heizung")


def test_an_offer_declined_for_another_firm_says_so() -> None:
    said = (
        "grüezi do isch de frei vo wohlen mir hend vo ihne e offerte für e neui heizig becho "
        "aber mir hend üs jetzt für en andere entschide ich wollt das nur no säge"
    )
    text = summary_of(caller_turns(said, "ja"), OFFER, {"device": SlotValue("Heizung")})
    assert "lehnt das Angebot ab" in text
    assert "anderen Anbieter" in text


def test_an_offer_taken_without_the_word_an_is_accepted() -> None:
    said = "wir haben ihr angebot für den neuen speicher bekommen und wollten sagen das passt wir nehmen das"
    text = summary_of(caller_turns(said, "ja"), OFFER, {"device": SlotValue("Speicher")})
    assert "möchte das Angebot annehmen" in text


def test_too_dear_is_noted_but_not_as_declined() -> None:
    said = (
        "guten tag hier ist die frau kaiser wir haben von ihnen das angebot für die wärmepumpe mit dem pufferspeicher "
        "und der ganzen installation bekommen und das ist uns ehrlich gesagt zu teuer also so wie es jetzt ist"
    )
    text = summary_of(caller_turns(said, "ja"), OFFER, {"device": SlotValue("Wärmepumpe, Pufferspeicher")})
    assert "Angebot laut Anrufer zu teuer" in text
    assert "lehnt" not in text


def test_a_question_whether_it_is_too_dear_is_no_finding() -> None:
    said = "ist das angebot für die wärmepumpe nicht zu teuer für so ein kleines haus"
    text = summary_of(caller_turns(said, "ja"), OFFER, {"device": SlotValue("Wärmepumpe")})
    assert "laut Anrufer zu teuer" not in text


def test_the_matter_named_anew_after_warten_sie_is_quoted() -> None:
    turns = caller_turns(
        "grüß gott i hätt a frage zur rechnung vom letzten kehren",
        "ah na wartens eigentlich wollt i nur wissen wann ihr des nächste mal kommts weil mir ham jetzt a katz und a haustür de klemmt",
        "maria berger",
    )
    text = summary_of(turns, SWEEP, {"caller_name": SlotValue("Maria Berger")})
    assert "nächste mal" in text
    assert "rechnung vom letzten kehren" not in text


def test_the_month_a_trainee_wants_to_start_said_before_the_job() -> None:
    said = (
        "hallo ich bin siebzehn und mach grad die zehnte klasse an der gesamtschule und ich hab in den ferien "
        "schon mal bei einem sanitärbetrieb ausgeholfen das hat mir gefallen und jetzt wollt ich fragen ob sie "
        "für august noch einen ausbildungsplatz als anlagenmechaniker haben"
    )
    text = summary_of(caller_turns(said, "jonas weber"), JOB, {"caller_name": SlotValue("Jonas Weber")})
    assert "Beginn ab August" in text


def test_a_month_off_is_no_start_of_a_job() -> None:
    said = "ich hab als installateur gearbeitet und bin im märz im urlaub, ich bewerbe mich um die stelle"
    text = summary_of(caller_turns(said, "jonas weber"), JOB, {"caller_name": SlotValue("Jonas Weber")})
    assert "Beginn ab März" not in text


def test_a_short_word_that_tells_keeps_its_clause() -> None:
    said = (
        "hallo wir haben letztes jahr pv aufs dach bekommen und wollen jetzt die alten nachtspeicheröfen "
        "rausschmeißen und ne wärmepumpe mit fußbodenheizung oder so machen"
    )
    values = {"device": SlotValue("Wärmepumpe, Fußbodenheizung")}
    text = summary_of(caller_turns(said, "ja"), NEW_HEATING, values)
    assert "pv aufs dach" in text.lower()


def test_the_request_in_a_long_run_on_utterance_is_kept() -> None:
    said = (
        "morgen also ich bräucht für die steuererklärung die rechnung von der thermenwartung im oktober noch mal "
        "die ist irgendwie weg und am besten per post an meine adresse und wenn sie schon dabei sind bitte mit "
        "dem lohnanteil extra ausgewiesen wegen haushaltsnahe handwerkerleistungen"
    )
    text = summary_of(caller_turns(said, "ja"), INVOICE, {"subject": SlotValue("Wartung")})
    assert "lohnanteil" in text.lower()


STOERUNG = Task("stoerung", "Heizungsstörung")


def test_the_gauge_read_now_not_the_value_filled_to() -> None:
    said = (
        "bei uns verliert die heizung dauernd druck ich hab heut morgen noch auf eins komma fünf bar "
        "aufgefüllt und jetzt steht sie schon wieder bei null komma sechs das ist eine ältere gastherme"
    )
    text = summary_of(caller_turns(said, "ja"), STOERUNG, {"fault": SlotValue("Druck zu niedrig")})
    assert "Druck zu niedrig (0,6 bar)" in text
    assert "aufgefüllt auf 1,5 bar" in text


def test_a_gauge_read_without_bar() -> None:
    text = summary_of(
        caller_turns("die heizung geht immer aus", "der zeiger am manometer war heut früh bei null komma fünf"),
        STOERUNG,
        {"fault": SlotValue("Druck zu niedrig")},
    )
    assert "0,5 bar" in text


def test_an_amount_with_a_comma_is_no_pressure() -> None:
    text = summary_of(
        caller_turns("die rechnung ist auf zwei komma fünf tausend euro gestiegen und der druck passt"), INVOICE, {}
    )
    assert "bar" not in text


def test_a_first_turn_that_only_introduces_the_caller_is_not_the_quote() -> None:
    turns = caller_turns(
        "ja guten morgen da is die anna moser aus lech dorf hundertzwölf postleitzahl sechs sieben sechs vier",
        "und zwar wollt i fragen wann kommts denn heuer zum kehren weil mir san im august zwei wochen weg",
    )
    values = {
        "caller_name": SlotValue("Anna Moser"),
        "street": SlotValue("Dorf 112"),
        "postcode": SlotValue("6764"),
        "city": SlotValue("Lech"),
    }
    text = summary_of(turns, SWEEP, values)
    assert "august" in text.lower()
    assert "postleitzahl" not in text.lower()


def test_a_name_with_the_matter_in_one_turn_stays_the_quote() -> None:
    turns = caller_turns("ja hallo feuer hier ich habe eine frage zu meiner rechnung", "klaus feuer", "das weiß ich nicht")
    text = summary_of(turns, INVOICE, {"caller_name": SlotValue("Klaus Feuer")})
    assert "weiß ich nicht" not in text


CALLBACK = Task("rueckruf", "Rückrufwunsch")


def test_what_the_fitter_promised_is_kept_from_a_run_on_turn() -> None:
    said = (
        "hallo ist da jemand ah so ein computer gut also hier ist die erna vogt aus lich der monteur der herr wagner "
        "war letzte woche da wegen dem heizkörper im flur und wollte sich melden wegen dem preis für die reparatur und hat "
        "er aber nicht und ich wollte nur fragen ob der sich mal meldet"
    )
    values = {
        "caller_name": SlotValue("Erna Vogt"),
        "person": SlotValue("Herrn Wagner"),
        "device": SlotValue("Heizkörper im Flur"),
    }
    text = summary_of(caller_turns(said, "ja"), CALLBACK, values)
    assert "reparatur" in text.lower()
    assert "computer" not in text.lower()


def test_a_spoken_e_mail_address_is_quoted_as_written() -> None:
    said = "ich bräuchte die rechnung noch mal per mail an k minus berger ät gmx punkt de die ist weg"
    text = summary_of(caller_turns(said, "ja"), INVOICE, {})
    assert "k-berger@gmx.de" in text
    assert "punkt" not in text
