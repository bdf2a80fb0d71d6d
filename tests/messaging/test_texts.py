"""The SMS arithmetic and the German texts (pure functions)."""

from __future__ import annotations

from datetime import datetime

from zentrale.integrations.messaging import texts


def test_german_umlauts_are_gsm7_and_the_euro_sign_counts_two() -> None:
    assert texts.gsm7_length("äöüÄÖÜß") == 7
    assert texts.gsm7_length("10 €") == 5
    assert texts.gsm7_length("Grüße „Meier“") is None  # German quotes are not GSM-7
    assert texts.to_gsm7("„Meier“ – ok…") == '"Meier" - ok...'
    assert texts.to_gsm7("Łódź café") == "Lodz café"


def test_the_summary_is_shortened_never_the_link() -> None:
    link = "https://zentrale.example/inbox/activities/3f2a1f4e-0000-4000-8000-1234567890ab"
    body = texts.fit_sms("Störung: Klaus Müller", "Heizung kaputt, " * 40 + "ENDE", link)
    assert texts.gsm7_length(body) is not None and texts.gsm7_length(body) <= 306
    head, summary, last = body.split("\n")
    assert head == "Störung: Klaus Müller"
    assert summary.startswith("Heizung kaputt") and summary.endswith("...") and "ENDE" not in summary
    assert last == link
    # Extension characters count double: a summary of euro signs fits only half as many.
    euros = texts.fit_sms("Angebot", "€" * 400, link)
    assert texts.gsm7_length(euros) <= 306
    assert euros.count("€") < 150


def test_short_texts_stay_as_they_are_and_urgent_ones_say_notfall() -> None:
    notice = texts.activity_notice(
        type="Rückruf", who="Petra Schmidt", summary="Bitte zurückrufen.\nZweite Zeile", link="http://x/a", urgent=True
    )
    assert notice.sms == "NOTFALL: Rückruf: Petra Schmidt\nBitte zurückrufen.\nhttp://x/a"
    assert notice.subject == "NOTFALL: Rückruf: Petra Schmidt – Bitte zurückrufen."
    assert "Zweite Zeile" not in notice.plain
    assert '<a href="http://x/a">' in notice.html


def test_follow_up_and_digest_texts() -> None:
    follow = texts.follow_up_notice(
        type="Störung",
        who="Hans Vogel",
        summary="Therme prüfen",
        link="http://x/a",
        when=datetime(2027, 3, 10, 14, 0),
        urgent=False,
    )
    assert follow.sms.startswith("Wiedervorlage 10.03.2027 14:00: Störung: Hans Vogel\n")
    digest = texts.digest_notice(
        [texts.DigestItem("Störung", "Störung: A", "http://x/1"), texts.DigestItem("Störung", "Störung: B", "http://x/2")],
        day=datetime(2027, 3, 11),
        inbox_link="http://x/inbox",
    )
    assert digest.sms == "2 neue Aktivitäten seit gestern Abend\nStörung\nhttp://x/inbox"
    assert digest.subject == "Zusammenfassung 11.03.2027: 2 neue Aktivitäten"
    assert "http://x/1" in digest.plain and "http://x/2" in digest.html


def test_settings_come_from_the_environment() -> None:
    from zentrale.integrations.messaging.settings import MessagingSettings

    settings = MessagingSettings.from_env(
        {
            "ZENTRALE_PUBLIC_URL": "https://z.example/",
            "ZENTRALE_SMTP_HOST": "mail.example",
            "ZENTRALE_SMTP_PORT": "587",
            "ZENTRALE_SMTP_STARTTLS": "1",
            "ZENTRALE_MAIL_FROM": "buero@example.de",
            "TWILIO_SMS_FROM": "+4930555099",
        }
    )
    assert settings.status_callback == "https://z.example/twilio/sms-status"
    assert settings.activity_link("a1") == "https://z.example/inbox/activities/a1"
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_starttls, settings.mail_from) == (
        "mail.example",
        587,
        True,
        "buero@example.de",
    )
    assert settings.twilio_api_url == "https://api.twilio.com"
    # Without a public URL links point at the local default and Twilio gets no callback URL.
    local = MessagingSettings.from_env({})
    assert local.activity_link("a1") == "http://127.0.0.1:8080/inbox/activities/a1"
    assert local.status_callback is None
