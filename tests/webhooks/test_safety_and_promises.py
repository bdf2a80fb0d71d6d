"""Issue 11, safety first and true promises: calls played through the real webhooks (the Twilio
call simulator against ``create_app``, the server's clock set), asserting on what the caller
heard and on the stored activity.

The business is a small plumbing and heating firm whose emergency task "Notfall" is NOT marked
``priority: urgent`` (the configuration that filed gas calls as "Anruf ohne erkanntes Anliegen").
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from zentrale.callsim import CallResult, CallSimulator
from zentrale.config import BusinessConfig
from zentrale.config.loader import Installation
from zentrale.integrations.messaging.notify import messaging_handlers
from zentrale.integrations.messaging.settings import MessagingSettings
from zentrale.integrations.worker import OutboxWorker
from zentrale.runtime import CLOCK
from zentrale.server import create_app
from zentrale.settings import Settings
from zentrale.store.models import Activity, Notification
from zentrale.store.repositories import contacts
from zentrale.store.repositories.businesses import sync_business
from zentrale.store.repositories.contacts import ContactInput, PhoneInput
from zentrale.store.secrets import generate_key
from zentrale.tests.messaging.conftest import ACCOUNT_SID, AUTH_TOKEN, PUBLIC_URL, SMS_FROM, Clock, FakeTwilio
from zentrale.tests.messaging.conftest import fake_twilio as fake_twilio
from zentrale.webhooks import voice

BERLIN = ZoneInfo("Europe/Berlin")
ON_CALL = "+491715550100"  # the business's emergency number (Notdienst-Handy)
KM_MOBILE = "+491715550101"
SB_MOBILE = "+491715550102"
TW_MOBILE = "+491715550103"
KNOWN = "+491605550177"  # Petra Schmidt, in the address master
STRANGER = "+491705551234"
HOURS = {"mon-fri": "07:30-17:00"}

# All in the future of the real clock, so outbox rows written with the real time are due.
WEDNESDAY_MORNING = datetime(2027, 3, 10, 10, 0, tzinfo=BERLIN)
WEDNESDAY_NIGHT = datetime(2027, 3, 10, 23, 10, tzinfo=BERLIN)  # inside the quiet hours 20:00-07:00
SUNDAY_LATE = datetime(2027, 3, 14, 23, 35, tzinfo=BERLIN)


def business(
    *,
    opening_hours: dict[str, str] | None = HOURS,
    stoerung_priority: str = "high",
    wartung: bool = False,
    **business_fields: Any,
) -> BusinessConfig:
    data: dict[str, Any] = {
        "version": 1,
        "business": {
            "id": "sanitaer-test",
            "name": "Sanitär Test GmbH",
            "region": "DE",
            "timezone": "Europe/Berlin",
            "phone_numbers": [SMS_FROM],
            "greeting": "Guten Tag, Sie sprechen mit der digitalen Telefonassistenz von Sanitär Test. Was kann ich für Sie tun?",
            "emergency_number": ON_CALL,
            "quiet_hours": "20:00-07:00",
        },
        "staff": [
            {"id": "km", "name": "Klaus Meister", "mobile": KM_MOBILE, "teams": ["buero"]},
            {"id": "sb", "name": "Sabine Berger", "mobile": SB_MOBILE, "teams": ["buero"]},
            {"id": "tw", "name": "Tobias Wagner", "mobile": TW_MOBILE, "teams": ["monteure"]},
        ],
        "tasks": [
            {
                "id": "rueckruf",
                "name": "Rückrufwunsch",
                "description": "Der Anrufer möchte zurückgerufen werden, ohne dass ein anderes Anliegen im Vordergrund steht.",
                "examples": ["Können Sie mich bitte zurückrufen?", "Rufen Sie mich bitte zurück."],
                "keywords": ["zurückrufen", "rückruf"],
                "actions": [
                    {"activity": {"assignee": "sb", "follow_up": "4h"}},
                    {"forward": {"to": "tw", "when": "on_request"}},
                ],
            },
            {
                "id": "stoerung",
                "name": "Heizungsstörung",
                "description": "Heizung, Therme oder Brenner funktioniert nicht, bleibt kalt oder zeigt einen Fehler.",
                "examples": ["Meine Heizung ist ausgefallen.", "Die Therme zeigt einen Fehler an."],
                "keywords": ["heizung", "ausgefallen", "therme", "störung"],
                "priority": stoerung_priority,
                "actions": [{"activity": {"team": "monteure", "follow_up": "2h"}}],
            },
            {
                "id": "notfall",
                "name": "Notfall",
                "description": "Gasgeruch, Rohrbruch, Wasser läuft aus, Überschwemmung, Rauch aus der Anlage.",
                "examples": ["Hier riecht es nach Gas!", "Bei uns ist ein Rohr geplatzt."],
                "keywords": ["notfall", "rohrbruch", "gasgeruch", "überschwemmung"],
                "ask": ["caller_name", "callback_number", "street", "postcode"],
                "actions": [
                    {"forward": {"to": "emergency", "when": "always", "timeout_seconds": 25}},
                    {"activity": {"assignee": "km"}},
                    {"notify": {"staff": "km", "via": ["sms"]}},
                ],
            },
            {
                "id": "rechnung",
                "name": "Rechnung",
                "description": "Fragen zu einer Rechnung, Mahnung oder Zahlung.",
                "examples": ["Ich habe eine Frage zu meiner Rechnung."],
                "keywords": ["rechnung", "mahnung"],
                "priority": "low",
                "actions": [{"activity": {"assignee": "sb", "follow_up": "2d"}}],
            },
        ],
    }
    if opening_hours is not None:
        data["business"]["opening_hours"] = opening_hours
    data["business"].update(business_fields)
    if wartung:
        data["tasks"].append(
            {
                "id": "wartung",
                "name": "Wartungstermin",
                "description": "Wartung oder Inspektion der Heizung vereinbaren.",
                "examples": ["Ich hätte gern einen Wartungstermin."],
                "keywords": ["wartung", "wartungstermin"],
                "ask": ["preferred_time"],
                "actions": [{"activity": {"assignee": "sb", "follow_up": "1d"}}],
            }
        )
    return BusinessConfig.model_validate(data)


class Firm:
    """The app for one configuration, its store, the fake Twilio Messages API and the clock."""

    def __init__(self, database: Any, config: BusinessConfig, clock: Clock, twilio: FakeTwilio, client: Any) -> None:
        self.db = database
        self.config = config
        self.clock = clock
        self.twilio = twilio
        self.client = client

    async def call(self, sentences: list[str], *, from_number: str = KNOWN, dial_status: str = "no-answer") -> CallResult:
        base = str(self.client.make_url("")).rstrip("/")
        async with CallSimulator(base, AUTH_TOKEN, public_url=PUBLIC_URL, dial_status=dial_status) as caller:
            result = await caller.call(from_number, SMS_FROM, sentences)
        assert result.error is None and result.ended_by == "hangup", result.transcript()
        return result

    async def activity(self) -> Activity:
        async with self.db.read() as session:
            [activity] = list(await session.scalars(select(Activity)))
        return activity

    async def notify(self) -> list[Notification]:
        """Run the messaging worker (clock standing still) and return the notifications."""
        settings = MessagingSettings(
            public_url=PUBLIC_URL,
            twilio_api_url=self.twilio.url,
            twilio_account_sid=ACCOUNT_SID,
            twilio_auth_token=AUTH_TOKEN,
            sms_from=SMS_FROM,
            timeout=5.0,
        )
        handlers = messaging_handlers(self.db, Installation([self.config]), None, settings, clock=self.clock)
        worker = OutboxWorker(self.db, handlers=handlers, clock=self.clock)
        await asyncio.wait_for(worker.run_until_idle(horizon=3), timeout=20)
        async with self.db.read() as session:
            return list(await session.scalars(select(Notification)))


@pytest.fixture
def make_firm(database, fake_twilio, aiohttp_client, tmp_path):
    async def make(moment: datetime, config: BusinessConfig | None = None) -> Firm:
        config = config or business()
        async with database.transaction() as session:
            await sync_business(session, config)
            await contacts.upsert_contacts(
                session,
                config.id,
                [
                    ContactInput(
                        "SCH01",
                        "Schmidt, Petra",
                        (PhoneInput(KNOWN, "mobile"),),
                        salutation="Frau",
                        street="Lindenstraße 5",
                        zip="10115",
                        city="Berlin",
                    )
                ],
                region="DE",
            )
        settings = Settings(var_dir=tmp_path, secret_key=generate_key(), twilio_auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
        app = create_app(settings, Installation([config]), database=database, extensions=(voice.install,))
        clock = Clock(moment)
        app[CLOCK] = clock
        return Firm(database, config, clock, fake_twilio, await aiohttp_client(app))

    return make


def heard(result: CallResult) -> list[str]:
    return result.said("zentrale")


# --------------------------------------------------------------------------------------------
# emergencies


async def test_gas_with_a_non_urgent_notfall_task_lands_in_notfall(make_firm):
    firm = await make_firm(WEDNESDAY_MORNING)
    assert firm.config.task("notfall").priority == "normal"  # not marked urgent: found by its name and description
    result = await firm.call(
        ["Hier riecht es ganz stark nach Gas!", "Lindenstraße 5 in 10115 Berlin", "Karin Vogel"], from_number=STRANGER
    )

    lines = heard(result)
    safety = next(i for i, line in enumerate(lines) if "Bei Gasgeruch gilt" in line)
    assert "Verlassen Sie bitte sofort das Gebäude" in lines[safety] and "112" in lines[safety]
    assert f"[Weiterleitung an {ON_CALL} — nicht angenommen]" in result.transcript()
    # Unknown caller, number shown: only where to send help, then the advice once more.
    assert "Wo genau riecht es nach Gas?" in lines[safety + 1]
    assert "Bitte bleiben Sie draußen" in lines[-1] and lines[-1].endswith("Auf Wiederhören!")
    assert not any("Darf ich bitte Ihren Namen" in line or "Stimmt das so?" in line for line in lines)

    activity = await firm.activity()
    assert (activity.task_id, activity.type, activity.priority) == ("notfall", "Notfall", "urgent")
    assert "Anruf ohne erkanntes Anliegen" not in activity.text


async def test_gas_call_known_caller_unanswered_forward_at_night_is_short_and_notifies_the_on_call_person_at_once(make_firm):
    """Acceptance 4: at most 3 bot turns after the safety text (whether help is needed at the
    address on file, then the goodbye); urgent activity in the emergency task; the SMS goes out at
    once although it is inside the quiet hours."""
    firm = await make_firm(WEDNESDAY_NIGHT)
    assert firm.config.business.in_quiet_hours(WEDNESDAY_NIGHT)
    result = await firm.call(["Guten Abend, bei uns im Keller riecht es ganz stark nach Gas", "ja"])

    lines = heard(result)
    assert lines[0].startswith("Guten Tag, Frau Schmidt.")
    safety = next(i for i, line in enumerate(lines) if "Bei Gasgeruch gilt" in line)
    after = lines[safety + 1 :]
    assert 1 <= len(after) <= 3, result.transcript()
    assert after[0].startswith("Leider ist gerade niemand erreichbar. Ich gebe Ihre Meldung sofort an unseren Notdienst weiter.")
    assert after[0].endswith("Sonst nennen Sie mir bitte Straße, Hausnummer und Ort."), result.transcript()
    assert "Bitte bleiben Sie draußen" in after[-1] and "112" in after[-1] and after[-1].endswith("Auf Wiederhören!")
    assert not any("Ihr Name" in line or "Ich wiederhole die Adresse" in line for line in lines)
    assert f"[Weiterleitung an {ON_CALL} — nicht angenommen]" in result.transcript()

    activity = await firm.activity()
    assert (activity.task_id, activity.priority, activity.assignee) == ("notfall", "urgent", "km")
    assert activity.address_code == "SCH01"

    [notification] = await firm.notify()
    assert (notification.staff_key, notification.channel, notification.recipient) == ("km", "sms", KM_MOBILE)
    assert notification.status == "queued"  # sent, not held for the morning digest
    [sms] = firm.twilio.messages
    assert sms["To"] == KM_MOBILE and sms["Body"].startswith("NOTFALL: ")


async def test_burst_pipe_at_night_is_urgent_with_the_main_valve_advice_and_no_false_promise(make_firm):
    firm = await make_firm(WEDNESDAY_NIGHT)
    result = await firm.call(["Bei uns ist ein Rohr geplatzt, das Wasser läuft und läuft", "ja"])

    lines = heard(result)
    advice = next(i for i, line in enumerate(lines) if "Drehen Sie bitte den Hauptwasserhahn zu" in line)
    assert "Notdienst" in lines[advice]  # then the forward to the on-call person
    assert f"[Weiterleitung an {ON_CALL} — nicht angenommen]" in result.transcript()
    assert "so schnell wie möglich" in lines[-1]
    assert not any("heute noch" in line or "nächsten Werktag" in line for line in lines)

    activity = await firm.activity()
    assert (activity.task_id, activity.priority) == ("notfall", "urgent")


async def test_smoke_from_the_boiler_gets_the_leave_the_building_advice_and_the_emergency_task(make_firm):
    firm = await make_firm(WEDNESDAY_MORNING)
    result = await firm.call(["Aus unserer Therme kommt schwarzer Rauch", "ja"])

    lines = heard(result)
    advice = next(i for i, line in enumerate(lines) if "Verlassen Sie bitte mit allen Personen sofort das Gebäude" in line)
    assert "Feuerwehr unter 112" in lines[advice]
    activity = await firm.activity()
    assert (activity.task_id, activity.priority) == ("notfall", "urgent")


async def test_a_caller_named_rauch_is_no_emergency(make_firm):
    firm = await make_firm(WEDNESDAY_MORNING)
    result = await firm.call(["Ich habe eine Frage zu meiner Rechnung", "Anna Rauch", "nein", "ja"], from_number=STRANGER)

    assert not any("Gebäude" in line or "Hauptwasserhahn" in line for line in heard(result)), result.transcript()
    activity = await firm.activity()
    assert (activity.task_id, activity.priority) == ("rechnung", "low")


@pytest.mark.parametrize(
    ("sentence", "advice"),
    [
        # Seen in the dev call scripts: wordings the safety rules missed (the engine filed them under
        # Notfall, but the caller heard no advice and was asked for name, street and postcode).
        ("ja guten abend wir haben gas geruch im keller", "Bei Gasgeruch gilt"),
        ("Unser Gasmelder piepst die ganze Zeit", "Bei Gasgeruch gilt"),
        ("Ich glaub bei uns tritt Gas aus", "Bei Gasgeruch gilt"),
        (
            "Das Wasser hört einfach nicht auf zu laufen, unter der Spüle ist alles nass",
            "Drehen Sie bitte den Hauptwasserhahn zu",
        ),
        ("Beim Boiler bläst das Überdruckventil die ganze Zeit ab", "Drehen Sie bitte den Hauptwasserhahn zu"),
        ("an der heizung spritzt das sicherheits ventil wasser raus", "Drehen Sie bitte den Hauptwasserhahn zu"),
        ("hallo der c o melder piepst im heizungsraum", "Verlassen Sie bitte mit allen Personen sofort das Gebäude"),
        ("Ich glaub bei uns brennt der Kamin, da kommen Funken oben raus", "Verlassen Sie bitte mit allen Personen"),
        ("Aus unserem Öltank läuft Heizöl aus, der Keller stinkt", "Bei auslaufendem Heizöl gilt"),
        ("Gasgestank im ganzen Haus", "Bei Gasgeruch gilt"),
        ("Es schmeckt nach Gas in der Küche", "Bei Gasgeruch gilt"),
        ("Aus dem Boiler kommt Wasser und es hört nicht auf", "Drehen Sie bitte den Hauptwasserhahn zu"),
        ("Das Rohr ist undicht und es spritzt überall", "Drehen Sie bitte den Hauptwasserhahn zu"),
        ("i glaub da brennt was im Kamin", "Verlassen Sie bitte mit allen Personen"),
        ("Es riecht stark nach Heizöl im Keller, da ist eine Pfütze am Tank", "Bei auslaufendem Heizöl gilt"),
        ("Unser Keller läuft voll", "Drehen Sie bitte den Hauptwasserhahn zu"),
        ("das Ausdehnungsgefäß ist geplatzt", "Drehen Sie bitte den Hauptwasserhahn zu"),
        ("ein Schlauch von der Waschmaschine ist abgerissen und alles schwimmt", "Drehen Sie bitte den Hauptwasserhahn zu"),
        ("Gas Alarm im Keller", "Bei Gasgeruch gilt"),
        ("es riecht nach faulen Eiern im Keller", "Bei Gasgeruch gilt"),
        ("der Kamin glüht ganz rot", "Verlassen Sie bitte mit allen Personen"),
        # A cry for help: "Feuer" alone may be a surname, said twice or after "Hilfe" it is a fire.
        ("Feuer! Feuer!", "Verlassen Sie bitte mit allen Personen"),
        ("Hilfe, Feuer!", "Verlassen Sie bitte mit allen Personen"),
        # Said as callers say them (dev set H): CO spoken apart or only by what it does to people,
        # the rotten-egg smell in dialect, a glow "coming out" of the chimney, a room full of haze
        # that stings the eyes, water rushing out of a wall that nobody can shut off.
        ("jetzt piept der Kohlen mono oxid Melder im Flur", "Bei Verdacht auf Kohlenmonoxid"),
        ("der zeh oh melder im bad piept", "Bei Verdacht auf Kohlenmonoxid"),
        (
            "mir ist ganz schwindlig und meine Tochter hat Kopfweh, seit die Therme läuft, und an der Decke piepst was",
            "Bei Verdacht auf Kohlenmonoxid",
        ),
        ("im Treppenhaus stinkt es wie faule Eier", "Bei Gasgeruch gilt"),
        ("es schmöckt im Chäller wie fuuli Eier", "Bei Gasgeruch gilt"),
        ("oben beim Schornstein kommt so ein rotes Glühen raus", "Verlassen Sie bitte mit allen Personen"),
        (
            "das Wohnzimmer ist ganz voll mit grauem Dunst vom Ofen, das beißt in den Augen",
            "Verlassen Sie bitte mit allen Personen",
        ),
        (
            "im Keller rauscht es aus der Wand und alles ist nass, ich weiß nicht wo man das abstellt",
            "Drehen Sie bitte den Hauptwasserhahn zu",
        ),
        # Recognised by the engine only ("Notfall" and a word about gas): the advice still comes first.
        ("Notfall, wir haben hier Gas in der Wohnung", "Bei Gasgeruch gilt"),
    ],
)
async def test_every_emergency_wording_gets_its_advice_and_the_emergency_task(make_firm, sentence, advice):
    firm = await make_firm(WEDNESDAY_NIGHT)
    result = await firm.call([sentence, "ja", "ja"])

    lines = heard(result)
    first = next(i for i, line in enumerate(lines) if "Notdienst" in line)
    assert advice in lines[first], result.transcript()  # the advice before the forward
    assert not any("Ihren Namen" in line for line in lines), result.transcript()
    activity = await firm.activity()
    assert (activity.task_id, activity.priority) == ("notfall", "urgent")


@pytest.mark.parametrize(
    "sentence",
    [
        "Der Gasmelder piepst nicht, aber die Heizung ist ausgefallen",
        "Gasgeruch? Nein, haben wir keinen, aber die Heizung ist aus",
    ],
)
async def test_a_denied_gas_smell_is_no_gas_call(make_firm, sentence):
    firm = await make_firm(WEDNESDAY_MORNING)
    result = await firm.call([sentence, "ja", "ja", "ja"])

    assert not any("Bei Gasgeruch gilt" in line for line in heard(result)), result.transcript()
    assert (await firm.activity()).task_id == "stoerung"


@pytest.mark.parametrize(
    "sentence",
    [
        "Mir ist nicht schwindlig oder so, aber die Therme zeigt seit gestern einen Fehler",
        "Ich bekomme Kopfweh, wenn ich Ihre Rechnung lese",
    ],
)
async def test_a_headache_without_a_burning_device_or_an_alarm_is_no_co_call(make_firm, sentence):
    firm = await make_firm(WEDNESDAY_MORNING)
    result = await firm.call([sentence, "ja", "ja", "ja", "ja"])

    assert not any("Kohlenmonoxid" in line or "Gebäude" in line for line in heard(result)), result.transcript()
    assert (await firm.activity()).priority != "urgent"


async def test_a_burst_pipe_said_with_the_name_is_an_emergency(make_firm):
    """Seen in played calls: the answer to the name question was never checked for a hazard, so
    'Schmidt, und jetzt ist auch noch ein Rohr geplatzt' stayed a heating fault without advice."""
    firm = await make_firm(WEDNESDAY_NIGHT)
    result = await firm.call(
        [
            "Meine Heizung ist ausgefallen",
            "Schmidt, und jetzt ist auch noch ein Rohr geplatzt und das Wasser läuft überall",
            *["Karl Schmidt", "Lindenstraße 5", "10115 Berlin", "ja", "ja", "ja"],
        ],
        from_number=STRANGER,
    )

    assert any("Drehen Sie bitte den Hauptwasserhahn zu" in line for line in heard(result)), result.transcript()
    activity = await firm.activity()
    assert (activity.task_id, activity.priority) == ("notfall", "urgent")


async def test_a_name_and_street_with_rauch_are_still_no_fire(make_firm):
    firm = await make_firm(WEDNESDAY_MORNING)
    result = await firm.call(
        ["Ich habe eine Frage zu meiner Rechnung", "Anna Rauch aus der Gartenstraße", "nein", "ja", "ja", "ja"],
        from_number=STRANGER,
    )

    assert not any("Gebäude" in line for line in heard(result)), result.transcript()
    assert (await firm.activity()).task_id == "rechnung"


async def test_an_emergency_without_a_number_is_not_put_off_to_the_next_working_day(make_firm):
    """Seen in played calls: a withheld gas caller who gave no number at 23:10 on a Wednesday heard
    'Bitte rufen Sie uns morgen noch einmal an' (Friday night: 'am nächsten Werktag')."""
    firm = await make_firm(WEDNESDAY_NIGHT)
    result = await firm.call(
        ["Es riecht nach Gas im Keller", "die sag ich nicht", "Hauptstraße 1 in 10115 Berlin", "Karin Vogel"],
        from_number="anonymous",
    )

    last = heard(result)[-1]
    assert "Bitte rufen Sie uns gleich noch einmal an" in last, result.transcript()
    assert "morgen" not in last and "Werktag" not in last
    assert "Bitte bleiben Sie draußen" in last
    assert (await firm.activity()).task_id == "notfall"


async def test_a_wished_time_still_says_when_they_hear_back(make_firm):
    """Seen in the dev call scripts: with a wished time the caller only heard 'kümmert sich darum
    und meldet sich bei Ihnen'; the activity's follow-up (1d, Wednesday → Thursday) is said too."""
    firm = await make_firm(WEDNESDAY_MORNING, business(wartung=True))
    result = await firm.call(["Ich hätte gern einen Wartungstermin", "nächste Woche vormittags", "ja"])

    assert "Sabine Berger kümmert sich darum und meldet sich morgen bei Ihnen." in heard(result)[-1], result.transcript()
    assert (await firm.activity()).task_id == "wartung"


# --------------------------------------------------------------------------------------------
# promises


async def test_without_opening_hours_the_promise_is_neutral(make_firm):
    firm = await make_firm(SUNDAY_LATE, business(opening_hours=None))
    result = await firm.call(["Können Sie mich bitte zurückrufen?", "ist egal", "ja"])

    lines = heard(result)
    assert "Sabine Berger ruft Sie so bald wie möglich zurück." in lines[-1]
    assert not any("heute noch" in line for line in lines)
    activity = await firm.activity()
    assert activity.task_id == "rueckruf"


async def test_sunday_night_is_not_today(make_firm):
    firm = await make_firm(SUNDAY_LATE)
    result = await firm.call(["Können Sie mich bitte zurückrufen?", "ist egal", "ja"])

    lines = heard(result)
    assert not any("heute noch" in line for line in lines)
    # The follow-up (4h, 03:35 on Monday) is handled when the office opens on Monday: tomorrow.
    assert "Sabine Berger ruft Sie morgen zurück." in lines[-1]
    activity = await firm.activity()
    assert activity.follow_up_at is not None
    assert activity.follow_up_at.astimezone(BERLIN).date() == (SUNDAY_LATE + timedelta(days=1)).date()


async def test_without_a_number_the_caller_is_asked_to_call_again_when_someone_is_there(make_firm):
    firm = await make_firm(WEDNESDAY_MORNING)
    result = await firm.call(
        ["Ich habe eine Frage zu meiner Rechnung", "Anna Schmidt", "die weiß ich nicht", "nicht zur Hand", "ja"],
        from_number="anonymous",
    )

    assert "Bitte rufen Sie uns heute noch einmal an." in heard(result)[-1], result.transcript()


@pytest.mark.parametrize(
    ("moment", "promise"),
    [
        (datetime(2027, 3, 10, 10, 0, tzinfo=BERLIN), "ruft Sie heute noch zurück"),  # due 12:00, open
        (datetime(2027, 3, 10, 16, 0, tzinfo=BERLIN), "ruft Sie morgen zurück"),  # due 18:00, closed: Thursday
        (datetime(2027, 3, 12, 16, 0, tzinfo=BERLIN), "ruft Sie am Montag zurück"),  # Friday: the day named
    ],
    ids=["wednesday-morning", "wednesday-afternoon", "friday-afternoon"],
)
async def test_the_heating_fault_promise_matches_the_activity_follow_up(make_firm, moment, promise):
    firm = await make_firm(moment)
    result = await firm.call(["Meine Heizung ist ausgefallen, die Heizkörper bleiben kalt", "weiß ich nicht", "ja"])

    lines = heard(result)
    assert promise in lines[-1], result.transcript()
    activity = await firm.activity()
    assert (activity.task_id, activity.priority) == ("stoerung", "high")
    assert activity.follow_up_at is not None
    due = activity.follow_up_at.astimezone(BERLIN)
    assert abs(due - (moment + timedelta(hours=2))) < timedelta(minutes=5)


@pytest.mark.parametrize(
    ("moment", "fields", "promise"),
    [
        # Thursday before Good Friday (26 March 2027) and Easter Monday: nobody is there until Tuesday.
        (datetime(2027, 3, 25, 16, 0, tzinfo=BERLIN), {}, "ruft Sie am Dienstag zurück"),
        # Friday 5 March 2027 in Berlin: 8 March (Frauentag) is a holiday in Berlin only.
        (datetime(2027, 3, 5, 16, 0, tzinfo=BERLIN), {"holidays": "DE-BE"}, "ruft Sie am Dienstag zurück"),
        (datetime(2027, 3, 5, 16, 0, tzinfo=BERLIN), {"holidays": "DE-BY"}, "ruft Sie am Montag zurück"),
        # Company holidays from Monday to Wednesday.
        (
            datetime(2027, 3, 12, 16, 0, tzinfo=BERLIN),
            {"closed_dates": ["2027-03-15..2027-03-17"]},
            "ruft Sie am Donnerstag zurück",
        ),
    ],
    ids=["easter", "berlin-frauentag", "bavaria-no-frauentag", "company-holidays"],
)
async def test_the_promise_skips_public_holidays_and_closed_days(make_firm, moment, fields, promise):
    firm = await make_firm(moment, business(**fields))
    result = await firm.call(["Meine Heizung ist ausgefallen, die Heizkörper bleiben kalt", "weiß ich nicht", "ja"])

    assert promise in heard(result)[-1], result.transcript()


async def test_on_a_holiday_morning_nobody_calls_back_today(make_firm):
    # Easter Monday 2027, 10:00: a weekday inside the opening hours, but the office is closed.
    firm = await make_firm(datetime(2027, 3, 29, 10, 0, tzinfo=BERLIN))
    result = await firm.call(["Können Sie mich bitte zurückrufen?", "ist egal", "ja"])

    lines = heard(result)
    assert "heute noch" not in lines[-1] and "ruft Sie morgen zurück" in lines[-1], result.transcript()


async def test_an_urgent_heating_fault_is_never_put_off_to_the_next_working_day(make_firm):
    firm = await make_firm(datetime(2027, 3, 12, 18, 0, tzinfo=BERLIN), business(stoerung_priority="urgent"))
    result = await firm.call(["Meine Heizung ist ausgefallen, die Heizkörper bleiben kalt", "eine Vaillant Therme, F28", "ja"])

    # The urgent task is the business's emergency task: the short emergency course (no read-back);
    # the device told on the way is still noted for the technician.
    lines = heard(result)
    assert "so schnell wie möglich" in lines[-1], result.transcript()
    assert not any("nächsten Werktag" in line or "heute noch" in line for line in lines)
    activity = await firm.activity()
    assert (activity.task_id, activity.priority) == ("stoerung", "urgent")
    assert "Vaillant" in activity.text.split("Gesprächsverlauf:")[0] and "F28" in activity.text.split("Gesprächsverlauf:")[0], (
        activity.text
    )


# --------------------------------------------------------------------------------------------
# forwarding on request


@pytest.mark.parametrize(
    "sentence",
    [
        "Ich möchte mit einem Menschen sprechen",
        "Kann ich bitte mit jemandem sprechen?",
        "Verbinden Sie mich bitte mit einem Mitarbeiter",
    ],
)
async def test_an_on_request_forward_catches_a_request_for_a_person(make_firm, sentence):
    firm = await make_firm(WEDNESDAY_MORNING)
    result = await firm.call([sentence], from_number=STRANGER, dial_status="completed")

    # The task's `forward: {to: tw, when: on_request}`, not the office.
    assert f"[Weiterleitung an {TW_MOBILE} — angenommen]" in result.transcript()
    assert "Tobias Wagner" in heard(result)[-1]


# --------------------------------------------------------------------------------------------
# which task is the emergency task, and `zentrale config check`


def test_the_emergency_task_is_the_urgent_one_else_the_one_about_emergencies():
    config = business()
    assert config.emergency_task().id == "notfall"  # not urgent, but named "Notfall"
    urgent = business(stoerung_priority="urgent")
    assert urgent.emergency_task().id == "stoerung"  # marked urgent: that one
    without = config.model_copy(update={"tasks": [t for t in config.tasks if t.id != "notfall"]})
    assert without.emergency_task() is None


def test_config_check_warns_about_a_business_without_an_emergency_task(tmp_path, capsys):
    import yaml

    from zentrale.cli import main

    config = business()
    data = config.model_dump(mode="json", exclude_none=True)
    with_one = tmp_path / "mit.yaml"
    with_one.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["config", "check", str(with_one)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "OK: 1 business, 4 tasks" and "warning" not in captured.err

    data["tasks"] = [t for t in data["tasks"] if t["id"] != "notfall"]
    without = tmp_path / "ohne.yaml"
    without.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["config", "check", str(without)]) == 0  # a warning, not an error
    captured = capsys.readouterr()
    assert captured.out.strip() == "OK: 1 business, 3 tasks"
    assert f"{without}: warning: business 'sanitaer-test' has no emergency task" in captured.err
