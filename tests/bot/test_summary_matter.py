"""What the caller said about the matter reaches the summary: the question beside a known device or
document, an appointment to cancel, a reminder paid already, the month a paper is from, the start
of a job applied for; no greeting, no chatter and no day taken back."""

from tests.bot.summary_calls import Task, caller_turns, summary_of
from zentrale.bot.intents.base import SlotValue

OFFER = Task("angebot", "Kostenvoranschlag")
INVOICE = Task("rechnung", "Rechnung")
BOOKING = Task("termin", "Termin")
JOB = Task("bewerbung", "Bewerbung")
NEW_HEATING = Task("neue-heizung", "Interesse an neuer Heizung")


def test_a_question_about_an_estimate_beside_the_device_is_kept() -> None:
    said = (
        "guten abend also wir haben von ihnen den kostenvoranschlag für den neuen warmwasserspeicher bekommen "
        "und ich wollte wissen ob die entsorgung vom alten speicher da schon eingerechnet ist"
    )
    text = summary_of(caller_turns(said, "petra haas"), OFFER, {"device": SlotValue("Warmwasserspeicher")})
    assert "entsorgung" in text, text
    assert "guten abend" not in text, text
    assert text.count(".") <= 4, text  # still two or three sentences


def test_the_question_which_heating_to_choose_is_kept_beside_the_old_boiler() -> None:
    said = (
        "grüß gott unser ölkessel ist jetzt fünfundzwanzig jahre alt und wir denken drüber nach was danach kommt "
        "und ob so eine luftwärmepumpe bei unserem altbau überhaupt sinn macht"
    )
    text = summary_of(caller_turns(said), NEW_HEATING, {"device": SlotValue("Ölkessel")})
    assert "luftwärmepumpe" in text and "altbau" in text, text
    assert "25 Jahre alt" in text, text


def test_chatter_beside_the_details_is_not_quoted() -> None:
    said = (
        "hallo ich weiß es ist schon spät und eigentlich wollte ich nur kurz bescheid geben "
        "ich hätte gern einen termin für die wartung von unserer gastherme die ist von vaillant "
        "das wäre alles was ich wollte"
    )
    values = {"device": SlotValue("Vaillant Gastherme"), "subject": SlotValue("Wartung")}
    text = summary_of(caller_turns(said), BOOKING, values)
    assert "Gesagt wurde" not in text, text


def test_an_appointment_to_cancel_says_so() -> None:
    said = (
        "guten morgen hier spricht frau brandt es geht um den termin den ich bei ihnen für übermorgen habe "
        "den muss ich leider absagen weil ich überraschend ins krankenhaus muss und keiner daheim ist"
    )
    text = summary_of(caller_turns(said), BOOKING, {"device": SlotValue("Buderus")})
    assert "möchte den Termin absagen" in text, text


def test_a_swiss_cancellation_says_so_too() -> None:
    said = "grüezi ich mues de service vom fritig leider abmälde mir sind i de ferie"
    text = summary_of(caller_turns(said), BOOKING, {"device": SlotValue("Boiler")})
    assert "möchte den Termin absagen" in text, text


def test_no_cancellation_when_the_caller_only_moves_it() -> None:
    said = "ich will den termin nicht absagen nur auf nächste woche verschieben"
    text = summary_of(caller_turns(said), BOOKING, {"device": SlotValue("Therme")})
    assert "möchte den Termin absagen" not in text, text


def test_a_swiss_reminder_paid_on_a_date_is_named_in_standard_words() -> None:
    said = (
        "grüezi mitenand ich rüef aa will ich ha hüt e mahnig übercho vo eu obwohl ich die rechnig "
        "am vierte november scho per e-banking zahlt ha und ich weiss nöd was da los isch"
    )
    turns = caller_turns(said, "hans keller")
    text = summary_of(turns, INVOICE, {"rechnungsnummer": SlotValue("RE2026555", "RE2026555")})
    assert "Mahnung" in text, text
    assert "bezahlt am 4. November" in text, text


def test_a_question_who_pays_is_no_payment() -> None:
    turns = caller_turns("wer zahlt denn jetzt die rechnung für den notdienst der vermieter oder ich", "eva roth")
    text = summary_of(turns, INVOICE, {"rechnungsnummer": SlotValue("RE2026556", "RE2026556")})
    assert "bezahlt" not in text, text


def test_the_month_of_an_invoice_without_number_is_kept() -> None:
    turns = caller_turns(
        "können sie mir die rechnung vom oktober für die reparatur nochmal schicken", "nein nummer hab ich nicht"
    )
    text = summary_of(turns, INVOICE, {})
    assert "oktober" in text.lower(), text


def test_the_month_of_a_numbered_invoice_is_not_repeated() -> None:
    said = (
        "grüß gott ich hab da die rechnung vom märz für die heizungsreparatur die nummer ist r e zwei null zwei "
        "sechs eins eins und der betrag passt nicht den sie da draufgeschrieben haben das waren doch nur zwei stunden"
    )
    text = summary_of(caller_turns(said), INVOICE, {"rechnungsnummer": SlotValue("RE202611", "RE202611")})
    assert "Rechnung vom März" not in text, text


def test_the_start_of_a_job_is_kept_and_the_trade_said_once() -> None:
    said = (
        "hallo schönen guten tag ich bin gelernter installateur habe lange in hamburg gearbeitet und ziehe "
        "jetzt zurück in die gegend und suche eine stelle ab dem ersten mai haben sie da vielleicht etwas frei"
    )
    values = {"subject": SlotValue("Installateur")}
    text = summary_of(caller_turns(said, "jonas beck"), JOB, values)
    assert "ab 1. Mai" in text, text
    assert text.count("Installateur") == 1, text


def test_a_quote_without_its_greeting() -> None:
    text = summary_of(caller_turns("grüezi mitenand de boiler macht so es komisches gräusch"), BOOKING, {})
    assert "„de boiler macht so es komisches gräusch“" in text, text


def test_a_day_corrected_later_is_not_quoted_beside_the_wish() -> None:
    said = (
        "guten tag hier ist müller ich rufe an weil ich gern die jährliche wartung für unsere ölheizung "
        "von weishaupt machen lassen würde am liebsten am montag so gegen neun"
    )
    turns = caller_turns(said, "nein nicht montag sondern dienstag")
    values = {
        "device": SlotValue("Weishaupt Ölheizung"),
        "subject": SlotValue("Wartung"),
        "preferred_time": SlotValue("dienstag", "2026-12-08"),
    }
    text = summary_of(turns, BOOKING, values)
    assert "montag" not in text.lower(), text


def test_a_move_taken_back_for_a_cancellation_quotes_the_cancellation() -> None:
    turns = caller_turns(
        "grüß gott wir haben am mittwoch die wartung bei ihnen können wir die auf freitag legen",
        "nein warten sie wir sagen das ganz ab wir ziehen nächsten monat aus und der vermieter kümmert sich",
        "nein keinen neuen termin bitte",
    )
    values = {
        "device": SlotValue("Gastherme"),
        "preferred_time": SlotValue("nein keinen neuen termin bitte"),
        "bisheriger_termin": SlotValue("mittwoch", "2026-12-09"),
    }
    text = summary_of(turns, BOOKING, values)
    assert "vermieter" in text, text  # why it is cancelled, not the move asked for first
    assert "Wunschtermin" not in text, text  # "keinen neuen Termin" is no wish
    assert "Bisheriger Termin: Mittwoch" in text, text


def test_declining_an_estimate_is_no_cancelled_appointment() -> None:
    said = (
        "guten tag es geht um ihren kostenvoranschlag für die neue badheizung den haben wir uns angeschaut "
        "und besprochen und der ist uns leider viel zu teuer da sagen wir ab und machen das erst nächstes jahr"
    )
    text = summary_of(caller_turns(said), OFFER, {"device": SlotValue("Badheizkörper")})
    assert "Termin absagen" not in text, text
    assert "lehnt das Angebot ab" in text or "sagen wir ab" in text, text


def test_who_in_a_firm_is_calling_is_not_quoted_as_the_matter() -> None:
    said = (
        "guten morgen autohaus becker wolff am apparat wir hätten gern einen kostenvoranschlag für zwei neue "
        "durchlauferhitzer in der werkstatt die alten sind fünfzehn jahre alt und heizen kaum noch"
    )
    values = {"caller_name": SlotValue("Wolff"), "device": SlotValue("Durchlauferhitzer")}
    text = summary_of(caller_turns(said), OFFER, values)
    assert "am apparat" not in text and "werkstatt" in text, text
