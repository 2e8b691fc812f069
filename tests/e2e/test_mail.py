"""End-to-end: an admin sets up mail on the Settings page and tries it (REGISTER.md section 12, issue #24).

A real SMTP server runs on 127.0.0.1 in the test process (tests/smtp.py, aiosmtpd); the dashboard's
own server process talks to it with smtplib, as it would to the company's server. As demo-admin, in
Finnish: the admin's own e-mail address on the Users page, the mail form on Settings (the dashboard's
address is the test server's, so the digest's links are real ones), a test message the local server
receives, and demo-manager's digest previewed as its HTML part and its plain text. In English: the
page's words follow the viewer, the message the recipient's language (Finnish until the admin sets
demo-manager's language to English on the Users page). A request's link from the digest, opened in
another browser that is not signed in, leads through the sign-in to that request on Requests.
The fixtures and helpers are those of test_browser.py.
Screenshots: tests/e2e/screenshots/mail-*.png: look at them.
"""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from registry import users
from registry.access import Actor
from registry.clock import finnish_today
from registry.digest import digests, subject
from registry.requests.register import open_requests_page
from registry.settings import current_settings
from registry.store.db import connect
from tests.e2e import test_browser as e2e
from tests.e2e.test_browser import load, new_tab, open_page, press, settle, shoot, sign_in
from tests.smtp import start_server

demo_store, server, browser, page = e2e.demo_store, e2e.server, e2e.browser, e2e.page
pytestmark = e2e.pytestmark

ADMIN_EMAIL = "paakayttaja@molentum.fi"
MANAGER_EMAIL = "esihenkilo@molentum.fi"
SENDER = "rekisteri@molentum.fi"
HTML_PART = '[data-testid="stMain"] [data-testid="stHtml"]'  # the digest's HTML part, as st.html shows it
REQUEST_LINKS = f'{HTML_PART} a[href*="/requests?request="]'


@pytest.fixture(scope="module")
def smtp():
    """A real SMTP server on 127.0.0.1 that keeps what it accepts: (port, inbox)."""
    controller, inbox, _ = start_server()
    try:
        yield controller.port, inbox
    finally:
        controller.stop()


def received(inbox, n: int, within_s: float = 10) -> list:
    """The inbox's parsed messages once it holds `n` (the dashboard's process sends them), or as it is after `within_s`."""
    deadline = time.monotonic() + within_s
    while len(inbox.messages) < n and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # a message more than expected would have arrived by now
    return inbox.parsed()


def choose(page, box, option: str) -> None:
    """Pick `option` in the selectbox `box` (a locator of its stSelectbox)."""
    box.evaluate("e => e.scrollIntoView({block: 'center'})")  # a list opened at the window's edge was seen empty
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def text_box(container, label: str):
    """The text input labelled `label` (a field with help also has a "Help for …" button so labelled)."""
    return container.locator(f'input[aria-label="{label}"]')


def request_links(page) -> list[str]:
    return page.locator(REQUEST_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")


def manager_digest(store):
    """demo-manager's digest today as the registry makes it: the page must show this one."""
    with connect(store) as conn:
        return next(d for d in digests(conn, finnish_today()) if d.username == "demo-manager")


def test_admin_sends_a_test_message_and_previews_a_managers_digest_whose_link_opens_the_request(
        page, server, demo_store, smtp):
    port, inbox = smtp
    with connect(demo_store.path) as conn:  # a unit of work beside the server's
        users.set_contact(conn, Actor.system("test"), "demo-manager", MANAGER_EMAIL, "fi")

    # The admin gives themselves an e-mail address on the Users page.
    load(page, server.url)
    sign_in(page, "demo-admin", demo_store.passwords["demo-admin"])
    open_page(page, "Käyttäjät")
    choose(page, page.locator('[data-testid="stSelectbox"]', has_text="Valitse käyttäjä"), "demo-admin")
    contact = page.locator('[data-testid="stForm"]', has_text="Tallenna sähköposti ja kieli")
    text_box(contact, "Sähköposti").fill(ADMIN_EMAIL)
    press(page, contact.get_by_role("button", name="Tallenna sähköposti ja kieli"))
    expect(page.get_by_text("Tallennettu.", exact=True)).to_be_visible()
    expect(text_box(contact, "Sähköposti")).to_have_value(ADMIN_EMAIL)
    shoot(page, "mail-1-users-admin-address")
    with connect(demo_store.path) as conn:
        admin = users.get_user(conn, "demo-admin")
    assert (admin.email, admin.language) == (ADMIN_EMAIL, "fi")

    # Settings: mail is off until a server and a sender are given.
    open_page(page, "Asetukset")
    expect(page.get_by_text("Sähköposti ei ole käytössä", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Lähetä testiviesti"))).to_have_count(0)
    mail_form = page.locator('[data-testid="stForm"]', has_text="Tallenna sähköpostiasetukset")
    text_box(mail_form, "Koontinäkymän osoite (sähköpostien linkit)").fill(server.url)
    text_box(mail_form, "Sähköpostipalvelin (SMTP)").fill("127.0.0.1")
    text_box(mail_form, "SMTP-portti").fill(str(port))
    choose(page, mail_form.locator('[data-testid="stSelectbox"]', has_text="Yhteyden suojaus"),
           "Ei salausta (vain paikallinen välityspalvelin)")
    text_box(mail_form, "Lähettäjän osoite").fill(SENDER)
    shoot(page, "mail-2-settings-filled")
    press(page, mail_form.get_by_role("button", name="Tallenna sähköpostiasetukset"))
    expect(page.get_by_text(re.compile(r"^Tallennettu: .*Sähköpostipalvelin \(SMTP\)"))).to_be_visible()
    with connect(demo_store.path) as conn:
        saved = current_settings(conn)
    assert {key: saved[key] for key in ("dashboard.url", "smtp.host", "smtp.port", "smtp.security", "smtp.from")} == {
        "dashboard.url": server.url, "smtp.host": "127.0.0.1", "smtp.port": port, "smtp.security": "none",
        "smtp.from": SENDER}

    # The test message: the page says the server took it, and the server has it, once, for the admin.
    assert inbox.messages == []
    press(page, page.get_by_role("button", name=f"Lähetä testiviesti itselleni ({ADMIN_EMAIL})"))
    expect(page.get_by_text(f"Palvelin otti testiviestin vastaan osoitteeseen {ADMIN_EMAIL}.", exact=False)) \
        .to_be_visible()
    mails = received(inbox, 1)
    assert [to for to, _ in mails] == [(ADMIN_EMAIL,)]
    test_mail = mails[0][1]
    assert (test_mail["Subject"], test_mail["To"], test_mail["From"]) == (
        "Asiakasrekisteri: testiviesti", ADMIN_EMAIL, SENDER)
    body = test_mail.get_body(("plain",)).get_content()
    assert f"Palvelin: 127.0.0.1:{port} (none)" in body and f"Koontinäkymä: {server.url}" in body
    assert "demo-admin" in body
    shoot(page, "mail-3-test-message-sent")

    # demo-manager's digest, as they would receive it: in their language (Finnish), linking to the requests.
    digest = manager_digest(demo_store.path)
    assert digest.language == "fi" and digest.overdue
    choose(page, page.locator('[data-testid="stSelectbox"]', has_text="Kenen kooste"), "Demo manager")
    expect(page.get_by_text(f"Vastaanottaja {MANAGER_EMAIL} · Aihe: {subject(digest)}", exact=True)).to_be_visible()
    expect(page.get_by_role("tab", name="Viesti")).to_have_attribute("aria-selected", "true")
    hello = f"Hei {digest.name or digest.username},"  # the greeting names the account as the dashboard does
    expect(page.locator(HTML_PART).get_by_text(hello, exact=True)).to_be_visible()
    expect(page.locator(REQUEST_LINKS).first).to_be_visible()
    links = request_links(page)
    wanted = {r.request_id for r in (*digest.overdue, *digest.due_soon, *digest.extend_by_soon, *digest.waiting)}
    assert {int(parse_qs(urlsplit(link).query)["request"][0]) for link in links} == wanted
    assert all(link.startswith(f"{server.url}/requests?request=") and link.endswith("&lang=fi") for link in links)
    shoot(page, "mail-4-digest-preview-fi")
    page.get_by_role("tab", name="Pelkkä teksti").click()
    settle(page)
    plain = page.locator('[data-testid="stCode"]')
    expect(plain).to_contain_text(hello)
    expect(plain).to_contain_text(f"<{links[0]}>")
    shoot(page, "mail-5-digest-plain-text-fi")
    assert len(inbox.messages) == 1  # a preview sends nothing

    # In English the page speaks English; the message stays in its recipient's language.
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').click()
    page.get_by_role("option", name="English").click()
    settle(page)
    expect(page.locator("h1", has_text="Settings").first).to_be_visible()
    expect(page.get_by_text("The daily digest as its recipient receives it", exact=True)).to_be_visible()
    expect(page.locator(HTML_PART).get_by_text(hello, exact=True)).to_be_visible()
    expect(page.locator(HTML_PART).get_by_text(re.compile("^Hello "))).to_have_count(0)

    # The admin sets demo-manager's language to English on the Users page: now the digest is English.
    open_page(page, "Users")
    choose(page, page.locator('[data-testid="stSelectbox"]', has_text="Choose a user"), "demo-manager")
    settle(page)
    contact = page.locator('[data-testid="stForm"]', has_text="Save e-mail and language")
    # The form is keyed by the account: on a loaded machine the one of the account shown before can linger
    # beside the new one for a moment (a fresh clone's run met both).
    expect(text_box(contact, "E-mail")).to_have_count(1)
    expect(text_box(contact, "E-mail")).to_have_value(MANAGER_EMAIL)
    choose(page, contact.locator('[data-testid="stSelectbox"]', has_text="Language"), "English")
    press(page, contact.get_by_role("button", name="Save e-mail and language"))
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    digest = manager_digest(demo_store.path)
    assert digest.language == "en"
    open_page(page, "Settings")
    choose(page, page.locator('[data-testid="stSelectbox"]', has_text="Whose digest"), "Demo manager")
    expect(page.get_by_text(f"To {MANAGER_EMAIL} · Subject: {subject(digest)}", exact=True)).to_be_visible()
    expect(page.locator(HTML_PART).get_by_text(f"Hello {digest.name or digest.username},", exact=True)).to_be_visible()
    expect(page.get_by_role("tab", name="Plain text")).to_be_visible()
    links = request_links(page)
    assert links and all(link.startswith(f"{server.url}/requests?request=") and link.endswith("&lang=en")
                         for link in links)
    shoot(page, "mail-6-digest-preview-en")

    # A request's link opens that request, through the sign-in, in a browser not signed in. The link
    # chosen is the first whose request is not the one Requests shows anyway (the list's first).
    with connect(demo_store.path) as conn:
        first_listed = open_requests_page(conn, finnish_today())[0][0].request_id
    link = next(link for link in links if int(parse_qs(urlsplit(link).query)["request"][0]) != first_listed)
    request_id = int(parse_qs(urlsplit(link).query)["request"][0])
    kind = next(r.kind for r in (*digest.overdue, *digest.due_soon) if r.request_id == request_id)
    manager = new_tab(page.context.browser)
    try:
        load(manager, link)
        expect(manager.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
        shoot(manager, "mail-7-digest-link-sign-in")
        sign_in(manager, "demo-manager", demo_store.passwords["demo-manager"], button="Sign in",
                user_label="Username", password_label="Password")
        expect(manager.locator("h1", has_text="Requests").first).to_be_visible()
        chosen = manager.locator('[data-testid="stSelectbox"]', has_text="Choose a request")
        expect(chosen.get_by_role("combobox")).to_have_value(re.compile(rf"^Request {request_id}: {kind} · "))
        expect(manager.get_by_role("heading", name=f"Request {request_id}: {kind}", exact=True)).to_be_visible()
        assert urlsplit(manager.url).path == "/requests" and "lang=en" in manager.url
        shoot(manager, "mail-8-digest-link-opens-request")
    finally:
        manager.context.close()
