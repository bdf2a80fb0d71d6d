"""Notifications through the outbox, end to end: the fake Twilio Messages API receives the SMS,
a real SMTP server (aiosmtpd) the e-mails; quiet hours, digest, follow-up, fallbacks and retries
with a clock the tests move. Both databases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from zentrale.integrations.messaging.texts import gsm7_length
from zentrale.store import outbox
from zentrale.store.models import Activity, Notification, OutboxMessage

from .conftest import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    KM_MOBILE,
    LANDLINE,
    PUBLIC_URL,
    SMS_FROM,
    TW_MOBILE,
    Setup,
    berlin,
)


async def notifications(setup: Setup, **where: Any) -> list[Notification]:
    async with setup.db.transaction() as session:
        query = select(Notification).order_by(Notification.id)
        for key, value in where.items():
            query = query.where(getattr(Notification, key) == value)
        return list(await session.scalars(query))


def link(activity_id: str) -> str:
    return f"{PUBLIC_URL}/inbox/activities/{activity_id}"


async def test_sms_reaches_twilio_with_to_from_body_callback_and_basic_auth(setup: Setup) -> None:
    activity_id = await setup.activity("stoerung")
    await setup.run()

    assert len(setup.twilio.requests) == 1
    request = setup.twilio.requests[0]
    assert request["auth"] == f"{ACCOUNT_SID}:{AUTH_TOKEN}"
    assert request["account"] == ACCOUNT_SID
    assert request["content_type"] == "application/x-www-form-urlencoded"
    form = request["form"]
    assert form["To"] == KM_MOBILE
    assert form["From"] == SMS_FROM
    assert form["StatusCallback"] == f"{PUBLIC_URL}/twilio/sms-status"
    lines = form["Body"].split("\n")
    assert lines[0] == "Störung: Petra Schmidt"
    assert lines[1] == "Die Heizung ist ausgefallen, die Wohnung wird kalt."
    assert lines[-1] == link(activity_id)

    sms = await notifications(setup, channel="sms")
    assert [(n.staff_key, n.kind, n.status, n.recipient) for n in sms] == [("km", "activity", "queued", KM_MOBILE)]
    assert sms[0].provider_id == setup.twilio.messages[0]["sid"]
    assert sms[0].provider_id.startswith("SM")


async def test_email_has_plain_and_html_and_a_german_subject_starting_with_the_type(setup: Setup) -> None:
    activity_id = await setup.activity("stoerung")  # notify km via sms and email
    await setup.run()

    [message] = setup.mailbox.to("km@heizung-test.de")
    assert message["Subject"].startswith("Störung: Petra Schmidt")
    assert "Heizung ist ausgefallen" in message["Subject"]
    assert "zentrale@heizung-test.de" in message["From"]
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",))
    page = message.get_body(("html",))
    assert plain is not None and page is not None
    assert "Störung: Petra Schmidt" in plain.get_content()
    assert link(activity_id) in plain.get_content()
    assert f'href="{link(activity_id)}"' in page.get_content()
    [row] = await notifications(setup, channel="email")
    assert row.status == "sent" and row.staff_key == "km"


async def test_without_notify_actions_the_assignee_gets_an_sms_or_else_an_email(setup: Setup) -> None:
    to_km = await setup.activity("rueckruf", summary="Bitte um Rückruf wegen Angebot.")  # default: first staff (km)
    to_anna = await setup.activity("rueckruf", assignee="al", caller_name=None)  # Anna has no mobile
    await setup.run()

    assert [m["To"] for m in setup.twilio.messages] == [KM_MOBILE]
    assert setup.twilio.messages[0]["Body"].startswith("Rückruf: Petra Schmidt\nBitte um Rückruf")
    assert setup.twilio.messages[0]["Body"].endswith(link(to_km))
    [mail] = setup.mailbox.to("al@heizung-test.de")
    # Without a name the caller's number stands in.
    assert mail["Subject"].startswith("Rückruf: 0160 555 01 77")
    assert link(to_anna) in mail.get_body(("plain",)).get_content()


async def test_team_members_with_a_mobile_get_an_sms_each(setup: Setup) -> None:
    await setup.activity("wartung", summary="Jährliche Wartung der Gastherme.")
    await setup.run()
    assert sorted(m["To"] for m in setup.twilio.messages) == sorted([TW_MOBILE, TW_MOBILE.replace("103", "104")])
    assert all(m["Body"].startswith("Wartung: Petra Schmidt") for m in setup.twilio.messages)


async def test_long_texts_stay_within_two_gsm7_segments_and_keep_the_link(setup: Setup) -> None:
    summary = "Die Heizung „Vaillant ecoTEC“ zeigt Störung F.28 – kein Warmwasser, Kosten ca. 300 € " * 8
    activity_id = await setup.activity("stoerung", summary=summary, caller_name="Dr. Maximilian Müller-Lüdenscheidt")
    await setup.run()
    [sms] = setup.twilio.messages
    body = sms["Body"]
    assert gsm7_length(body) is not None and gsm7_length(body) <= 306
    assert body.endswith(link(activity_id))
    assert body.startswith('Störung: Dr. Maximilian Müller-Lüdenscheidt\nDie Heizung "Vaillant ecoTEC" zeigt Störung F.28 - kein')
    assert "..." in body  # the summary was shortened, not the link


async def test_urgent_activity_goes_out_at_once_at_night(setup: Setup) -> None:
    setup.clock.set(berlin("2027-03-10T22:00:00"))
    activity_id = await setup.activity("rueckruf", priority="urgent")
    await setup.run()
    [sms] = setup.twilio.messages
    assert sms["Body"].startswith("NOTFALL: Rückruf: Petra Schmidt")
    assert sms["Body"].endswith(link(activity_id))
    assert [n.status for n in await notifications(setup)] == ["queued"]


async def test_quiet_hours_hold_non_urgent_activities_for_one_morning_digest(setup: Setup) -> None:
    setup.clock.set(berlin("2027-03-10T22:00:00"))
    first = await setup.activity("rueckruf")
    setup.clock.set(berlin("2027-03-11T03:30:00"))
    second = await setup.activity("stoerung", caller_name="Hans Vogel")
    await setup.run()

    assert setup.twilio.requests == []
    assert setup.mailbox.received == []
    rows = await notifications(setup)
    assert {(n.channel, n.status) for n in rows} == {("sms", "held"), ("email", "held")}
    async with setup.db.transaction() as session:
        [digest] = await outbox.list_messages(session, setup.config.id, kinds=["notify.digest"])
    assert digest.dedupe_key == "km:2027-03-11"
    assert digest.available_at == berlin("2027-03-11T07:00:00")

    setup.clock.set(berlin("2027-03-11T06:59:00"))
    await setup.run()
    assert setup.twilio.requests == []

    setup.clock.set(berlin("2027-03-11T07:00:00"))
    await setup.run()
    [sms] = setup.twilio.messages
    assert sms["To"] == KM_MOBILE
    assert sms["Body"].startswith("2 neue Aktivitäten seit gestern Abend\nRückruf, Störung\n")
    assert sms["Body"].endswith(f"{PUBLIC_URL}/inbox")
    [mail] = setup.mailbox.to("km@heizung-test.de")
    # Only the "Störung" task notifies by e-mail as well: the e-mail digest lists just that one.
    assert mail["Subject"] == "Zusammenfassung 11.03.2027: 1 neue Aktivität"
    plain = mail.get_body(("plain",)).get_content()
    assert link(second) in plain and link(first) not in plain
    assert "Störung: Hans Vogel" in plain
    rows = await notifications(setup)
    assert not [n for n in rows if n.status == "held"]
    digest_sms = [n for n in rows if n.kind == "digest" and n.channel == "sms"]
    assert len(digest_sms) == 1
    # The held SMS rows carry the digest's MessageSid: its status callbacks reach them too.
    assert {n.provider_id for n in rows if n.channel == "sms"} == {sms["sid"]}

    await setup.run()  # nothing more
    assert len(setup.twilio.requests) == 1


async def test_business_hours_notification_waits_for_the_opening(setup: Setup) -> None:
    setup.clock.set(berlin("2027-03-10T18:00:00"))  # closed, before the quiet hours
    await setup.activity("interessent")
    await setup.run()
    assert setup.twilio.requests == []
    setup.clock.set(berlin("2027-03-11T07:29:00"))
    await setup.run()
    assert setup.twilio.requests == []
    setup.clock.set(berlin("2027-03-11T07:30:00"))
    await setup.run()
    assert [m["To"] for m in setup.twilio.messages] == [TW_MOBILE]
    assert setup.twilio.messages[0]["Body"].startswith("Interessent: Petra Schmidt")


async def test_follow_up_fires_at_its_time_not_before(setup: Setup) -> None:
    due = berlin("2027-03-10T14:00:00")
    activity_id = await setup.activity("rueckruf", follow_up_at=due)
    await setup.run()
    assert len(setup.twilio.messages) == 1  # the activity itself

    setup.clock.set(due - timedelta(minutes=1))
    await setup.run()
    assert len(setup.twilio.messages) == 1

    setup.clock.set(due)
    await setup.run()
    assert len(setup.twilio.messages) == 2
    body = setup.twilio.messages[1]["Body"]
    assert body.startswith("Wiedervorlage 10.03.2027 14:00: Rückruf: Petra Schmidt")
    assert body.endswith(link(activity_id))
    [row] = await notifications(setup, kind="follow_up")
    assert row.staff_key == "km" and row.status == "queued"


async def test_a_moved_or_done_follow_up_is_skipped(setup: Setup) -> None:
    due = berlin("2027-03-10T14:00:00")
    moved = await setup.activity("rueckruf", follow_up_at=due)
    done = await setup.activity("rueckruf", follow_up_at=due, caller_name="Erledigt Person")
    await setup.run()
    assert len(setup.twilio.messages) == 2

    def change(conn: Any) -> None:
        table = Activity.__table__
        conn.execute(update(table).where(table.c.id == moved).values(follow_up_at=due + timedelta(days=1)))
        conn.execute(update(table).where(table.c.id == done).values(status="done"))

    await setup.db.run_write(change)
    setup.clock.set(due + timedelta(minutes=5))
    await setup.run()
    assert len(setup.twilio.messages) == 2
    assert await notifications(setup, kind="follow_up") == []


async def test_refused_sms_falls_back_to_email(setup: Setup) -> None:
    setup.twilio.refuse[KM_MOBILE] = (400, 21614, "'To' number is not a valid mobile number")
    activity_id = await setup.activity("rueckruf")  # km: SMS only
    await setup.run()

    assert len(setup.twilio.requests) == 1 and setup.twilio.messages == []
    [sms] = await notifications(setup, channel="sms")
    assert sms.status == "failed"
    assert sms.error == "Die Nummer ist keine Mobilnummer. (Twilio 21614)"
    [mail] = setup.mailbox.to("km@heizung-test.de")
    assert mail["Subject"].startswith("Rückruf: Petra Schmidt")
    assert link(activity_id) in mail.get_body(("plain",)).get_content()
    [row] = await notifications(setup, channel="email")
    assert row.status == "sent"


async def test_a_landline_gets_no_sms_but_an_email(setup: Setup) -> None:
    await setup.activity("rueckruf", assignee="fl")
    await setup.run()
    assert setup.twilio.requests == []
    [mail] = setup.mailbox.to("fl@heizung-test.de")
    assert mail["Subject"].startswith("Rückruf: Petra Schmidt")
    assert [n.channel for n in await notifications(setup)] == ["email"]


async def test_a_retried_handler_sends_no_second_sms(setup: Setup) -> None:
    # Two team members; Twilio answers the second request with a 500, the worker retries.
    setup.twilio.fail_on[2] = 500
    setup.clock.ticking = True  # the retry's backoff must run out
    await setup.activity("wartung")
    stats = await setup.run(concurrency=1)

    assert stats.retried == 1
    assert sorted(m["To"] for m in setup.twilio.messages) == sorted([TW_MOBILE, TW_MOBILE.replace("103", "104")])
    assert len(setup.twilio.requests) == 3  # ok, 500, ok: the retry skipped the SMS already sent
    rows = await notifications(setup)
    assert len(rows) == 2 and all(n.status == "queued" for n in rows)

    # The same outbox message delivered again (e.g. after a lost lease) sends nothing either.
    def again(conn: Any) -> None:
        table = OutboxMessage.__table__
        conn.execute(update(table).where(table.c.kind == "notify.activity").values(status="pending", available_at=setup.clock()))

    await setup.db.run_write(again)
    await setup.run()
    assert len(setup.twilio.requests) == 3


async def test_reply_sms_to_a_mobile_caller_and_refused_to_a_landline(setup: Setup) -> None:
    activity_id = await setup.activity("rueckruf")
    await setup.run()
    now = setup.clock()

    def write(conn: Any) -> tuple[int, int]:
        ids = []
        for number in ("+491605550177", LANDLINE):
            notification_id = conn.execute(
                Notification.__table__.insert()
                .values(
                    business_id=setup.config.id,
                    activity_id=activity_id,
                    staff_key=None,
                    kind="reply",
                    channel="sms",
                    recipient=number,
                    body="Guten Tag, wir kommen morgen um 9 Uhr. Ihre Heizung Test GmbH",
                    status="pending",
                    created_at=now,
                    updated_at=now,
                )
                .returning(Notification.__table__.c.id)
            ).scalar_one()
            conn.execute(
                outbox.insert_message(
                    conn,
                    outbox.message_values(
                        setup.config.id,
                        "sms.reply",
                        {"activity_id": activity_id, "notification_id": notification_id},
                        str(notification_id),
                        now=now,
                    ),
                )
            )
            ids.append(notification_id)
        return ids[0], ids[1]

    mobile_id, landline_id = await setup.db.run_write(write)
    await setup.run()
    reply = [m for m in setup.twilio.messages if m["To"] == "+491605550177"]
    assert [m["Body"] for m in reply] == ["Guten Tag, wir kommen morgen um 9 Uhr. Ihre Heizung Test GmbH"]
    assert not [r for r in setup.twilio.requests if r["form"].get("To") == LANDLINE]
    rows = {n.id: n for n in await notifications(setup, kind="reply")}
    assert rows[mobile_id].status == "queued" and rows[mobile_id].provider_id == reply[0]["sid"]
    assert rows[landline_id].status == "failed"
    assert rows[landline_id].error == "Die Nummer ist keine Mobilnummer; eine SMS ist nicht möglich."


async def test_dead_letter_tells_the_staff_why_with_the_link(setup: Setup) -> None:
    activity_id = await setup.activity("rueckruf")
    await setup.run()
    reason = "Die Handwerkersoftware hat die Aktivität endgültig abgelehnt (HTTP 422, unknown_address): address code X-1"

    def write(conn: Any) -> None:
        payload = {"activity_id": activity_id, "reason": reason, "staff_ids": ["al"], "source_kind": "trade.activity.create"}
        conn.execute(
            outbox.insert_message(
                conn, outbox.message_values(setup.config.id, "notify.dead_letter", payload, activity_id, now=setup.clock())
            )
        )

    await setup.db.run_write(write)
    await setup.run()
    [mail] = setup.mailbox.to("al@heizung-test.de")
    assert mail["Subject"].startswith("Nicht übertragen: Rückruf: Petra Schmidt")
    plain = mail.get_body(("plain",)).get_content()
    assert "abgelehnt" in plain and "HTTP 422" in plain and link(activity_id) in plain


async def test_info_logs_carry_no_number_name_address_or_text(setup: Setup) -> None:
    from structlog.testing import capture_logs

    setup.twilio.refuse[KM_MOBILE] = (400, 21211, "The 'To' number is not a valid phone number.")
    with capture_logs() as logs:
        await setup.activity("stoerung")
        await setup.activity("rueckruf", assignee="fl")
        await setup.run()
    info = [entry for entry in logs if entry["log_level"] in ("info", "warning", "error")]
    assert any(entry["event"] == "notification_sent" for entry in info)
    assert any(entry["event"] == "notification_failed" for entry in info)
    text = repr(info)
    for personal in ("5550101", "555010", "Petra", "Schmidt", "Heizung ist", "km@", "fl@", "Meister", "Lehmann"):
        assert personal not in text, personal


async def test_the_fallback_email_is_retried_after_a_busy_mail_server(setup: Setup) -> None:
    setup.twilio.refuse[KM_MOBILE] = (400, 21614, "'To' number is not a valid mobile number")
    setup.mailbox.busy = 1
    setup.clock.ticking = True
    await setup.activity("rueckruf")  # km: SMS only → refused → e-mail, which meets a 451 first
    stats = await setup.run()
    assert stats.retried == 1 and setup.mailbox.refused_rcpts == 1
    assert len(setup.twilio.requests) == 1  # the refused SMS is not tried again
    assert len(setup.mailbox.to("km@heizung-test.de")) == 1
    assert {(n.channel, n.status) for n in await notifications(setup)} == {("sms", "failed"), ("email", "sent")}
