"""End to end sign-in: `streamlit run` with an [auth] section pointing at a local OpenID Connect test provider
(oidc-provider-mock, on 127.0.0.1), in headless Chromium: sign in, land signed in as an editor, see the upload.

The provider is the only fake, at the identity-provider edge: Streamlit's own st.login flow (Authlib, the
authorization-code exchange, the ID token's signature and the identity cookie) runs for real."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
import urllib.request

from jamstat.settings import PROJECT_DIR
from tests.test_browser import CHROMIUM_FLAGS, chromium_path, free_port

EDITOR = "redaktor@kommun.example"


@contextlib.contextmanager
def identity_provider():
    """oidc-provider-mock's Flask app on 127.0.0.1 and a free port (any client id and secret are accepted)."""
    import oidc_provider_mock
    import werkzeug.serving
    server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(require_nonce=True), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serve_with_sign_in(work, provider: str):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    secrets = work / "secrets.toml"
    secrets.write_text(f"""
[auth]
redirect_uri = "{url}/oauth2callback"
cookie_secret = "a-test-cookie-secret-of-enough-length"
client_id = "jamstat"
client_secret = "jamstat-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[jamstat.roles]
editors = ["{EDITOR}"]
""", encoding="utf-8")
    env = {**os.environ, "JAMSTAT_PRESENTATIONS": str(work / "presentations"),
           "JAMSTAT_PEER_SETS": str(work / "peer_sets.json"), "JAMSTAT_OWN_DIR": str(work / "own")}
    env.pop("JAMSTAT_ROLES_FILE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PROJECT_DIR / "app.py"), "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--secrets.files", str(secrets)],
        cwd=PROJECT_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.time() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            assert process.poll() is None, process.stdout.read().decode()
            assert time.time() < deadline, "streamlit did not become healthy in 60 s"
            time.sleep(0.3)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_sign_in_through_openid_connect_makes_an_editor(tmp_path):
    from playwright.sync_api import expect, sync_playwright
    with identity_provider() as provider, serve_with_sign_in(tmp_path, provider) as (url, server), \
            sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=chromium_path(), args=CHROMIUM_FLAGS,
            headless=True, viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            page.goto(f"{url}/egen-data", wait_until="domcontentloaded")
            # Not signed in: a sign-in button, and no upload.
            sign_in = page.get_by_role("button", name="Logga in")
            expect(sign_in).to_be_visible(timeout=60_000)
            expect(page.get_by_text("Logga in (i sidofältet) som redigerare")).to_be_visible()
            assert page.locator("[data-testid='stFileUploader']").count() == 0
            sign_in.click()
            # The provider's authorization form (the only fake): sign in as the editor.
            page.wait_for_url(f"{provider}/**", timeout=30_000)
            page.locator("input[name='sub']").last.fill(EDITOR)
            page.get_by_role("button", name="Authorize").click()
            # Back in the app, signed in through Streamlit's real callback and cookie.
            page.wait_for_url(f"{url}/**", timeout=30_000)
            expect(page.get_by_text("Inloggad som")).to_be_visible(timeout=60_000)
            expect(page.get_by_text("(redigerare)")).to_be_visible()
            page.goto(f"{url}/egen-data", wait_until="domcontentloaded")
            expect(page.locator("[data-testid='stFileUploader']")).to_be_visible(timeout=60_000)
            expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
        except Exception:
            server.terminate()
            print(server.stdout.read().decode()[-4000:])
            raise
        finally:
            context.close()


