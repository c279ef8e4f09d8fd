"""Headless Chromium for browser tests: Debian's `chromium`, never Playwright's own download."""

import os
import shutil

import pytest

CANDIDATES = [os.environ.get("CHROMIUM_PATH", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser",
              shutil.which("chromium") or "", shutil.which("chromium-browser") or ""]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def chromium_path():
    for path in CANDIDATES:
        if path and os.path.exists(path):
            return path
    return None


@pytest.fixture
def page(live_server):
    path = chromium_path()
    if path is None:
        pytest.skip("Uji browser DILEWATI: Chromium tidak ditemukan (pasang paket Debian 'chromium' "
                    "atau set CHROMIUM_PATH).")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
    # itself stay synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=ARGS)
        context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 860})
        pg = context.new_page()
        pg.set_default_timeout(15000)
        yield pg
        context.close()
        browser.close()
