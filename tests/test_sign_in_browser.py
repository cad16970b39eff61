"""End to end sign-in: `streamlit run` with an [auth] section pointing at a local OpenID Connect test provider
(oidc-provider-mock, on 127.0.0.1), in headless Chromium: sign in, land signed in as an editor, see the upload.

The provider is the only fake, at the identity-provider edge: Streamlit's own st.login flow (Authlib, the
authorization-code exchange, the ID token's signature and the identity cookie) runs for real."""

from __future__ import annotations

import contextlib
import os
import threading

from tests.test_browser import chromium_context, free_port, serve

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


def serve_with_sign_in(work, provider: str):
    """The intranet's entry (serve.py) with an [auth] section for the provider and the editor role."""
    port = free_port()
    secrets = work / "secrets.toml"
    secrets.write_text(f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "a-test-cookie-secret-of-enough-length"
client_id = "jamstat"
client_secret = "jamstat-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[jamstat.roles]
editors = ["{EDITOR}"]
""", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "JAMSTAT_ROLES_FILE"}
    return serve(work, "serve.py", port=port, args=("--secrets.files", str(secrets)), env=env)


def test_sign_in_through_openid_connect_makes_an_editor(tmp_path):
    from playwright.sync_api import expect
    with identity_provider() as provider, serve_with_sign_in(tmp_path, provider) as url, \
            chromium_context(tmp_path / "chromium-profile") as context:
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
            print((tmp_path / "streamlit.log").read_text()[-4000:])
            raise


