"""The simulator's login form in a real browser (headless Chromium): a wrong password is shown in
German, "Ablehnen" returns access_denied, "Anmelden" returns a code with the unchanged state."""

from __future__ import annotations

import base64
import hashlib
import secrets

from yarl import URL

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


async def test_login_form_in_chromium(simulator):
    from playwright.async_api import async_playwright

    callback = f"{simulator.url}/"  # the simulator's own index page stands in for the client's callback
    simulator.state.register_redirect_uri(simulator.client_id, callback)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(secrets.token_urlsafe(48).encode()).digest()).rstrip(b"=").decode()
    authorize = URL(f"{simulator.url}/oauth/authorize").with_query(
        {
            "response_type": "code",
            "client_id": simulator.client_id,
            "redirect_uri": callback,
            "scope": "addresses:read equipment:read activities:write",
            "state": "zustand-42",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "firm": simulator.firm,
        }
    )
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page()
            await page.goto(str(authorize))
            assert "Aktivitäten LESEN/SCHREIBEN" in await page.locator("#rights").inner_text()
            await page.get_by_label("Benutzer").fill("PETRA")
            await page.get_by_label("Passwort").fill("falsch")
            await page.get_by_role("button", name="Anmelden").click()
            assert "Benutzer oder Passwort ist falsch" in await page.get_by_role("alert").inner_text()

            await page.get_by_role("button", name="Ablehnen").click()
            await page.wait_for_url(f"{callback}?*")
            refused = URL(page.url)
            assert (refused.query["error"], refused.query["state"]) == ("access_denied", "zustand-42")

            await page.goto(str(authorize))
            await page.get_by_label("Benutzer").fill("PETRA")
            await page.get_by_label("Passwort").fill(simulator.password)
            await page.get_by_role("button", name="Anmelden").click()
            await page.wait_for_url(f"{callback}?*")
            granted = URL(page.url)
            assert granted.query["state"] == "zustand-42"
            assert granted.query["code"] in simulator.state.codes
        finally:
            await browser.close()
