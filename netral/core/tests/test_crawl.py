"""Crawl test: every role, every menu entry and every link one level down, on the demo data.

Fails on any 5xx, English left in the Indonesian interface, developer or placeholder text, a page
without an <h1> or without a <title> of its own (forms included), and any Pegawai page wider than a
390 px phone. New pages are crawled as soon as they are linked:
nothing to register.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

from netral.browser import page  # noqa: F401  (fixture)

ROLES = ["admin", "pimpinan", "pengawas", "operator", "pegawai"]
PASSWORD = "netral-demo-2024"
LINKS_PER_PAGE = 6  # links followed from each menu page (after de-duplicating by address shape)
SKIP = re.compile(r"^/(keluar|i18n|jsi18n|django-admin|static)/|[?&](format|export)=|/(unduh|ekspor|export|pdf|zip|xlsx|csv)\b")

# Words of English UI that have no place in the Indonesian interface. Checked only in the page's
# own chrome (headings, labels, buttons, table heads, menu, help text, placeholders), not in
# user content such as captured posts, which may be in any language.
ENGLISH = re.compile(r"\b(the|and|your|please|save|delete|cancel|submit|search|previous|required|select|loading|"
                     r"settings|password|username|login|logout|download|upload|dashboard|this field|"
                     r"not found|error|warning|create|update|edit|add new|back to|yes|none|true|false)\b", re.I)
DEVELOPER = re.compile(r"TODO|FIXME|XXX|manage\.py|Traceback|NoReverseMatch|lorem ipsum|\{\{|\{%|%\}|\}\}|"
                       r"\bundefined\b|\bNaN\b|placeholder text|setelah modul", re.I)
# Pages that are not Netral templates: django-ninja's own API reference (Swagger UI) at /api/docs.
NOT_OURS = re.compile(r"^/api/docs")

CHROME = ("h1, h2, h3, h4, h5, h6, label, button, th, legend, .nav-link, .breadcrumb, .form-text, .card-header, "
          ".btn, .alert, .nt-card-label, .dropdown-item, .empty, .text-body-secondary")
CHROME_JS = """sel => {
  const out = [];
  document.querySelectorAll(sel).forEach(e => out.push(e.innerText));
  document.querySelectorAll('[placeholder],[title],[aria-label]').forEach(e => {
    ['placeholder', 'title', 'aria-label'].forEach(a => { if (e.getAttribute(a)) out.push(e.getAttribute(a)); });
  });
  return out.join('\\n');
}"""


def shape(path):
    return re.sub(r"\d+", "N", path)


def title_problem(title, h1_count, site=None):
    """Why a page has no title block of its own, or None. base.html writes "<page> · <site>"; a template
    without {% block title %} gives "<site> · <site>"."""
    site = site or settings.SITE_NAME
    own = title.rsplit(" · ", 1)[0].strip() if " · " in title else title.strip()
    if not h1_count:
        return "no <h1>"
    if not own or own == site:
        return f"no <title> of its own («{title}»)"
    return None


def check_page(pg, url, role, problems, visited):
    visited.append(url)
    response = pg.goto(url)
    status = response.status if response else 0
    if status >= 500:
        problems.append(f"{role} {url}: HTTP {status}")
        return []
    if "text/html" not in (response.headers.get("content-type", "") if response else ""):
        return []
    chrome = pg.evaluate(CHROME_JS, CHROME)
    for line in chrome.splitlines():
        m = ENGLISH.search(line)
        if m:
            problems.append(f"{role} {url}: English «{m.group(0)}» in «{line.strip()[:80]}»")
            break
    if not NOT_OURS.search(url):
        problem = title_problem(pg.title(), pg.locator("h1").count())
        if problem:
            problems.append(f"{role} {url}: {problem}")
    body = pg.inner_text("body")
    m = DEVELOPER.search(body)
    if m:
        problems.append(f"{role} {url}: developer text «{m.group(0)}»")
    if role == "pegawai":
        width = pg.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            problems.append(f"{role} {url}: {width} px wide on a 390 px phone")
    return pg.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")


@pytest.mark.django_db(transaction=True)
def test_it_crawls_every_role_without_5xx_english_or_developer_text(page):  # noqa: F811
    call_command("seed_demo", verbosity=0)
    problems, visited = [], []
    for role in ROLES:
        page.context.clear_cookies()
        if role == "pegawai":
            page.set_viewport_size({"width": 390, "height": 844})
        page.goto("/masuk/")
        page.fill("#id_username", role)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("#nt-sidebar", state="attached")
        menu = page.eval_on_selector_all("#nt-sidebar a.nav-link", "els => els.map(e => e.getAttribute('href'))")
        assert menu, f"{role}: no menu"
        seen = set()
        for entry in menu:
            seen.add(shape(entry))
            links = check_page(page, entry, role, problems, visited)
            followed = 0
            for href in links:
                if followed >= LINKS_PER_PAGE:
                    break
                parts = urlsplit(href)
                if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(href):
                    continue
                key = shape(parts.path + ("?" + parts.query if parts.query else ""))
                if key in seen:
                    continue
                seen.add(key)
                followed += 1
                check_page(page, href, role, problems, visited)
    assert not problems, "\n".join(problems)
    assert len(visited) > 60, visited  # the crawler really walked the site


def test_the_checks_catch_what_they_are_for():
    assert ENGLISH.search("Save changes") and ENGLISH.search("Search") and ENGLISH.search("None")
    assert not ENGLISH.search("Simpan perubahan · Cari pegawai · Batal · Tidak ada")
    assert DEVELOPER.search("Halo {{ user }}") and DEVELOPER.search("jalankan manage.py verify_audit")
    assert not DEVELOPER.search("Temuan #12 · Kasus 2026-0001")
    assert SKIP.search("/keluar/") and not SKIP.search("/pegawai/12/")
    assert title_problem("Pegawai baru · Netral", 0, "Netral") == "no <h1>"
    assert title_problem("Netral · Netral", 1, "Netral").startswith("no <title>")
    assert title_problem(" · Netral", 1, "Netral").startswith("no <title>")
    assert title_problem("Pegawai baru · Netral", 1, "Netral") is None
