"""The simulator's OAuth server: login form, PKCE, client authentication, refresh rotation with
reuse detection, expires_in as string, scopes."""

from __future__ import annotations

import aiohttp
import pytest
from yarl import URL

from zentrale.integrations.trade.simulator.app import UserSpec

AUTH_SCOPES = "addresses:read equipment:read activities:write"


def authorize_params(sim, challenge: str, **overrides: str) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": sim.client_id,
        "redirect_uri": sim.redirect_uri,
        "scope": AUTH_SCOPES,
        "state": "abc/+=?&ü",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "firm": sim.firm,
    }
    params.update(overrides)
    return params


def basic_auth(client_id: str, secret: str) -> dict[str, str]:
    import base64

    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def basic(sim, secret: str | None = None) -> dict[str, str]:
    return basic_auth(sim.client_id, secret if secret is not None else sim.client_secret)


@pytest.fixture
def pkce():
    import base64
    import hashlib
    import secrets

    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


async def post_token(http, sim, form, *, headers=None):
    async with http.post(f"{sim.url}/oauth/token", data=form, headers=headers) as resp:
        return resp.status, await resp.json(), resp.headers


async def me(http, sim, access_token: str) -> tuple[int, dict]:
    async with http.get(f"{sim.url}/api/v1/me", headers={"Authorization": f"Bearer {access_token}"}) as resp:
        return resp.status, await resp.json()


async def test_login_form_is_german_and_names_firm_and_rights(simulator, pkce):
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{simulator.url}/oauth/authorize", params=authorize_params(simulator, pkce[1])) as resp:
            assert resp.status == 200
            page = await resp.text()
    for text in (
        "Benutzer",
        "Passwort",
        "Anmelden",
        "Ablehnen",
        "MUELLER",
        "Adressverwaltung LESEN",
        "Anlagedaten LESEN",
        "Aktivitäten LESEN/SCHREIBEN",
        'lang="de"',
    ):
        assert text in page


async def test_code_flow_with_pkce_returns_tokens_and_keeps_state(simulator, pkce):
    verifier, challenge = pkce
    params = authorize_params(simulator, challenge)
    async with aiohttp.ClientSession() as http:
        form = {**params, "username": "PETRA", "password": "petra-pass", "action": "login"}
        async with http.post(f"{simulator.url}/oauth/authorize", data=form, allow_redirects=False) as resp:
            assert resp.status == 302
            location = URL(resp.headers["Location"])
        assert str(location.with_query(None)) == simulator.redirect_uri
        assert location.query["state"] == "abc/+=?&ü"
        status, body, headers = await post_token(
            http,
            simulator,
            {
                "grant_type": "authorization_code",
                "code": location.query["code"],
                "redirect_uri": simulator.redirect_uri,
                "code_verifier": verifier,
            },
            headers=basic(simulator),
        )
        assert status == 200, body
        assert headers["Cache-Control"] == "no-store"
        assert body["token_type"] == "Bearer"
        assert body["scope"].split() == AUTH_SCOPES.split()
        assert int(body["expires_in"]) == 3600
        assert body["firm"] == "MUELLER" and body["tenant"] is None
        assert body["access_token"] != body["refresh_token"]
        assert await me(http, simulator, body["access_token"]) == (
            200,
            {"user": "PETRA", "firm": "MUELLER", "tenant": None, "scopes": AUTH_SCOPES.split()},
        )


async def test_client_secret_post_is_accepted(simulator, simulator_login):
    code, verifier = await simulator_login.code(simulator)
    status, body, _ = await post_token(
        simulator_login.http,
        simulator,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": simulator.redirect_uri,
            "code_verifier": verifier,
            "client_id": simulator.client_id,
            "client_secret": simulator.client_secret,
        },
    )
    assert status == 200 and body["access_token"]


async def test_deny_redirects_with_access_denied_and_state(simulator, pkce):
    form = {**authorize_params(simulator, pkce[1], state="s1"), "action": "deny"}
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{simulator.url}/oauth/authorize", data=form, allow_redirects=False) as resp:
            assert resp.status == 302
            location = URL(resp.headers["Location"])
    assert location.query["error"] == "access_denied"
    assert location.query["state"] == "s1"
    assert "code" not in location.query


async def test_wrong_password_shows_the_form_again_in_german(simulator, pkce):
    form = {**authorize_params(simulator, pkce[1]), "username": "PETRA", "password": "nope", "action": "login"}
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{simulator.url}/oauth/authorize", data=form, allow_redirects=False) as resp:
            assert resp.status == 401
            assert "Location" not in resp.headers
            page = await resp.text()
    assert "Benutzer oder Passwort ist falsch" in page
    assert "Anmelden" in page


@pytest.mark.parametrize(
    "override, expected",
    [
        ({"redirect_uri": "http://127.0.0.1:8080/admin/trade/callback/"}, "Rücksprungadresse"),
        ({"redirect_uri": "http://evil.example/cb"}, "Rücksprungadresse"),
        ({"client_id": "unknown"}, "Unbekannte Anwendung"),
    ],
)
async def test_unknown_client_or_unregistered_redirect_is_not_redirected(simulator, pkce, override, expected):
    async with aiohttp.ClientSession() as http:
        async with http.get(
            f"{simulator.url}/oauth/authorize", params=authorize_params(simulator, pkce[1], **override), allow_redirects=False
        ) as resp:
            assert resp.status == 400
            assert "Location" not in resp.headers
            assert expected in await resp.text()


@pytest.mark.parametrize(
    "override, error",
    [
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge": ""}, "invalid_request"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "addresses:read everything"}, "invalid_scope"),
        ({"firm": "NOBODY"}, "invalid_request"),
    ],
)
async def test_bad_authorize_requests_redirect_with_error(simulator, pkce, override, error):
    async with aiohttp.ClientSession() as http:
        async with http.get(
            f"{simulator.url}/oauth/authorize", params=authorize_params(simulator, pkce[1], **override), allow_redirects=False
        ) as resp:
            assert resp.status == 302
            location = URL(resp.headers["Location"])
    assert location.query["error"] == error
    assert "code" not in location.query


async def test_user_of_another_firm_cannot_log_in_for_this_firm(simulator_factory, pkce):
    sim = await simulator_factory(extra_users=(UserSpec("OTTO", "otto-pass", "HUBER"),))
    form = {**authorize_params(sim, pkce[1], firm="HUBER"), "username": "PETRA", "password": "petra-pass", "action": "login"}
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{sim.url}/oauth/authorize", data=form, allow_redirects=False) as resp:
            assert resp.status == 403
            assert "gehört nicht zur Firma HUBER" in await resp.text()


async def test_wrong_verifier_redirect_uri_or_secret_are_refused(simulator, simulator_login):
    http = simulator_login.http
    code, verifier = await simulator_login.code(simulator)
    base = {"grant_type": "authorization_code", "code": code, "redirect_uri": simulator.redirect_uri, "code_verifier": verifier}
    status, body, headers = await post_token(http, simulator, base, headers=basic(simulator, "wrong"))
    assert (status, body["error"]) == (401, "invalid_client")
    assert headers["WWW-Authenticate"].startswith("Basic")
    status, body, _ = await post_token(http, simulator, {**base, "client_id": simulator.client_id, "client_secret": "wrong"})
    assert (status, body["error"]) == (401, "invalid_client")
    status, body, _ = await post_token(http, simulator, base)  # no client authentication at all
    assert (status, body["error"]) == (401, "invalid_client")

    code, verifier = await simulator_login.code(simulator)
    status, body, _ = await post_token(
        http, simulator, {**base, "code": code, "code_verifier": verifier + "x"}, headers=basic(simulator)
    )
    assert (status, body["error"]) == (400, "invalid_grant")
    assert "PKCE" in body["error_description"]

    code, verifier = await simulator_login.code(simulator)
    status, body, _ = await post_token(
        http,
        simulator,
        {**base, "code": code, "code_verifier": verifier, "redirect_uri": "http://127.0.0.1:8080/other"},
        headers=basic(simulator),
    )
    assert (status, body["error"]) == (400, "invalid_grant")

    status, body, _ = await post_token(http, simulator, {**base, "grant_type": "password"}, headers=basic(simulator))
    assert (status, body["error"]) == (400, "unsupported_grant_type")


async def test_code_is_single_use_and_reuse_revokes_its_tokens(simulator, simulator_login):
    http = simulator_login.http
    code, verifier = await simulator_login.code(simulator)
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": simulator.redirect_uri, "code_verifier": verifier}
    status, first, _ = await post_token(http, simulator, form, headers=basic(simulator))
    assert status == 200
    status, body, _ = await post_token(http, simulator, form, headers=basic(simulator))
    assert (status, body["error"]) == (400, "invalid_grant")
    assert (await me(http, simulator, first["access_token"]))[0] == 401


async def test_expired_code_is_refused(simulator_factory, simulator_login):
    sim = await simulator_factory(code_ttl=0)
    code, verifier = await simulator_login.code(sim)
    status, body, _ = await post_token(
        simulator_login.http,
        sim,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": sim.redirect_uri,
            "code_verifier": verifier,
        },
        headers=basic(sim),
    )
    assert (status, body["error"], body["error_description"]) == (400, "invalid_grant", "authorization code expired")


async def test_refresh_rotates_and_reuse_revokes_the_whole_grant(simulator, simulator_login):
    http = simulator_login.http
    first = await simulator_login.tokens(simulator)
    refresh = {"grant_type": "refresh_token"}
    status, second, _ = await post_token(
        http, simulator, {**refresh, "refresh_token": first["refresh_token"]}, headers=basic(simulator)
    )
    assert status == 200
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert simulator.state.refresh_count == 1
    assert (await me(http, simulator, second["access_token"]))[0] == 200

    # the old refresh token is revoked; presenting it again revokes everything of the grant
    status, body, _ = await post_token(
        http, simulator, {**refresh, "refresh_token": first["refresh_token"]}, headers=basic(simulator)
    )
    assert (status, body["error"]) == (400, "invalid_grant")
    assert simulator.state.reuse_detections == 1
    assert (await me(http, simulator, second["access_token"]))[0] == 401
    assert (await me(http, simulator, first["access_token"]))[0] == 401
    status, body, _ = await post_token(
        http, simulator, {**refresh, "refresh_token": second["refresh_token"]}, headers=basic(simulator)
    )
    assert (status, body["error"]) == (400, "invalid_grant")
    assert simulator.state.refresh_count == 1

    # another grant of the same user is not affected
    other = await simulator_login.tokens(simulator)
    assert (await me(http, simulator, other["access_token"]))[0] == 200


async def test_refresh_with_a_token_of_another_client_is_refused(simulator_factory, simulator_login):
    from zentrale.integrations.trade.simulator.app import ClientSpec

    sim = await simulator_factory(
        clients=[
            ClientSpec("zentrale-test", "test-secret", ("http://127.0.0.1:8080/admin/trade/callback",)),
            ClientSpec("other", "other-secret", ()),
        ]
    )
    tokens = await simulator_login.tokens(sim)
    status, body, _ = await post_token(
        simulator_login.http,
        sim,
        {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        headers=basic(sim, "other-secret"),
    )
    assert status == 401  # wrong secret for zentrale-test
    status, body, _ = await post_token(
        simulator_login.http,
        sim,
        {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        headers=basic_auth("other", "other-secret"),
    )
    assert (status, body["error"]) == (400, "invalid_grant")


async def test_expires_in_alternates_between_number_and_string(simulator, simulator_login):
    http = simulator_login.http
    tokens = await simulator_login.tokens(simulator)
    kinds = [type(tokens["expires_in"])]
    for _ in range(3):
        status, tokens, _ = await post_token(
            http, simulator, {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}, headers=basic(simulator)
        )
        assert status == 200
        kinds.append(type(tokens["expires_in"]))
        assert int(tokens["expires_in"]) == 3600
    assert kinds == [int, str, int, str]


async def test_expires_in_always_string_when_configured(simulator_factory, simulator_login):
    sim = await simulator_factory(expires_in_style="string", access_token_ttl=120)
    tokens = await simulator_login.tokens(sim)
    assert tokens["expires_in"] == "120"


async def test_expired_access_token_gets_401_invalid_token_until_refreshed(simulator, simulator_login):
    http = simulator_login.http
    tokens = await simulator_login.tokens(simulator)
    simulator.state.expire_access_tokens()
    async with http.get(
        f"{simulator.url}/api/v1/addresses", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    ) as resp:
        assert resp.status == 401
        assert (await resp.json())["error"] == "invalid_token"
        assert 'error="invalid_token"' in resp.headers["WWW-Authenticate"]
    status, fresh, _ = await post_token(
        http, simulator, {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}, headers=basic(simulator)
    )
    assert status == 200
    assert (await me(http, simulator, fresh["access_token"]))[0] == 200


async def test_short_lived_access_token_expires_by_itself(simulator_factory, simulator_login):
    import asyncio

    sim = await simulator_factory(access_token_ttl=1)
    tokens = await simulator_login.tokens(sim)
    assert (await me(simulator_login.http, sim, tokens["access_token"]))[0] == 200
    await asyncio.sleep(1.1)
    assert (await me(simulator_login.http, sim, tokens["access_token"]))[0] == 401


async def test_missing_or_unknown_token_is_401(simulator):
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{simulator.url}/api/v1/me") as resp:
            assert resp.status == 401 and (await resp.json())["error"] == "invalid_token"
        assert (await me(http, simulator, "at_made_up"))[0] == 401


async def test_scopes_follow_the_users_rights(simulator_factory, simulator_login):
    sim = await simulator_factory(scopes=("addresses:read",))
    tokens = await simulator_login.tokens(sim, scope=AUTH_SCOPES)
    assert tokens["scope"] == "addresses:read"
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    http = simulator_login.http
    async with http.get(f"{sim.url}/api/v1/addresses", headers=headers) as resp:
        assert resp.status == 200
    async with http.get(f"{sim.url}/api/v1/addresses/MUST01/equipment", headers=headers) as resp:
        assert resp.status == 403
        assert await resp.json() == {"error": "insufficient_scope", "detail": "equipment:read"}
    async with http.post(
        f"{sim.url}/api/v1/activities",
        headers=headers,
        json={"type": "Rückruf", "subject": "s", "text": "t", "external_ref": "r"},
    ) as resp:
        assert resp.status == 403
        assert await resp.json() == {"error": "insufficient_scope", "detail": "activities:write"}
    assert sim.state.activities == []


async def test_a_token_only_gets_the_scopes_asked_for(simulator, simulator_login):
    tokens = await simulator_login.tokens(simulator, scope="addresses:read")
    async with simulator_login.http.post(
        f"{simulator.url}/api/v1/activities/A1/convert-to-order", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    ) as resp:
        assert resp.status == 403
        assert (await resp.json())["detail"] == "orders:write"
