"""Settings.from_env: every variable zentrale reads, read once, with English errors for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from zentrale.settings import DEFAULT_WATCHDOG_SECONDS, DEFAULT_WORKER_CONCURRENCY, Settings, SettingsError


def test_defaults_without_any_variable() -> None:
    settings = Settings.from_env({})
    assert settings.var_dir == Path("var")
    assert settings.database_url == "sqlite+aiosqlite:///var/zentrale.db"
    assert settings.public_url is None
    assert settings.twilio_auth_token is None and settings.twilio_sms_from is None
    assert settings.twilio_api_url == "https://api.twilio.com"
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_starttls) == ("localhost", 25, False)
    assert settings.mail_from == "zentrale@localhost"
    assert settings.worker_concurrency == DEFAULT_WORKER_CONCURRENCY == 4
    assert settings.watchdog_seconds == DEFAULT_WATCHDOG_SECONDS == 60.0


def test_every_variable_lands_in_its_field() -> None:
    settings = Settings.from_env(
        {
            "ZENTRALE_VAR_DIR": "/srv/zentrale",
            "ZENTRALE_PUBLIC_URL": "https://z.example",
            "TWILIO_AUTH_TOKEN": " token ",
            "TWILIO_ACCOUNT_SID": "AC123",
            "TWILIO_SMS_FROM": "+4930555099",
            "ZENTRALE_TWILIO_API_URL": "http://127.0.0.1:9/",
            "ZENTRALE_SMTP_HOST": "mail.example",
            "ZENTRALE_SMTP_PORT": "587",
            "ZENTRALE_SMTP_USER": "zentrale",
            "ZENTRALE_SMTP_PASSWORD": "geheim",
            "ZENTRALE_SMTP_STARTTLS": "yes",
            "ZENTRALE_MAIL_FROM": "buero@example.de",
            "ZENTRALE_WORKER_CONCURRENCY": "0",
            "ZENTRALE_WATCHDOG_SECONDS": "0.2",
        }
    )
    assert settings.var_dir == Path("/srv/zentrale")
    assert settings.twilio_auth_token == "token" and settings.twilio_account_sid == "AC123"
    assert settings.twilio_sms_from == "+4930555099"
    assert settings.twilio_api_url == "http://127.0.0.1:9"
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_user, settings.smtp_starttls) == (
        "mail.example",
        587,
        "zentrale",
        True,
    )
    assert settings.smtp_password == "geheim" and "geheim" not in repr(settings)
    assert "token" not in repr(settings)
    assert settings.mail_from == "buero@example.de"
    assert settings.worker_concurrency == 0
    assert settings.watchdog_seconds == 1.0  # at least a second


def test_overrides_win_unless_none() -> None:
    settings = Settings.from_env({"ZENTRALE_LOG_LEVEL": "debug"}, log_level=None, log_format="json")
    assert (settings.log_level, settings.log_format) == ("DEBUG", "json")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ZENTRALE_MAX_BODY_BYTES", "viel", "ZENTRALE_MAX_BODY_BYTES must be a whole number of bytes, not 'viel'"),
        ("ZENTRALE_SMTP_PORT", "smtp", "ZENTRALE_SMTP_PORT must be a port number, not 'smtp'"),
        ("ZENTRALE_SMTP_STARTTLS", "vielleicht", "ZENTRALE_SMTP_STARTTLS must be 0 or 1, not 'vielleicht'"),
        (
            "ZENTRALE_WORKER_CONCURRENCY",
            "viele",
            "ZENTRALE_WORKER_CONCURRENCY must be a whole number (0 disables the in-server worker), not 'viele'",
        ),
        ("ZENTRALE_WORKER_CONCURRENCY", "-2", "ZENTRALE_WORKER_CONCURRENCY must be 0 or more, not -2"),
        ("ZENTRALE_WATCHDOG_SECONDS", "oft", "ZENTRALE_WATCHDOG_SECONDS must be a number of seconds, not 'oft'"),
        ("ZENTRALE_WATCHDOG_SECONDS", "nan", "ZENTRALE_WATCHDOG_SECONDS must be a number of seconds, not 'nan'"),
        ("ZENTRALE_LOG_FORMAT", "xml", "ZENTRALE_LOG_FORMAT must be 'console' or 'json', not 'xml'"),
    ],
)
def test_a_bad_value_names_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError) as error:
        Settings.from_env({name: value})
    assert str(error.value) == message


def test_the_messaging_settings_are_a_view_of_the_settings() -> None:
    from zentrale.integrations.messaging.settings import MessagingSettings

    settings = Settings.from_env({"ZENTRALE_PUBLIC_URL": "https://z.example/", "TWILIO_SMS_FROM": "Zentrale"})
    messaging = MessagingSettings.from_settings(settings)
    assert messaging.public_url == "https://z.example" and messaging.sms_from == "Zentrale"
    assert messaging.status_callback == "https://z.example/twilio/sms-status"
    assert MessagingSettings.from_settings(Settings()).status_callback is None
