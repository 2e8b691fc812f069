"""The Settings page as an admin uses it: edit with validation, the retention's effect confirmed
first, the notice previewed in both languages and downloadable."""

from __future__ import annotations

import re

import pytest

from registry.store import db
from registry.access import Actor
from registry.clock import finnish_today
from registry.retention.due import due_counts, purgeable_ids
from registry.retention.review import keep_out
from registry.settings import current_settings
from tests.pages.conftest import signed_in, texts

PAGE = "pages/settings_page.py"


def test_an_admin_sees_the_notices_facts_and_its_preview_with_downloads(app_store):
    at = signed_in("demo-admin", PAGE)
    assert not at.exception
    assert at.text_input(key="set_controller.name").value == "Molentum Oy"
    assert "Rekisterinpitäjä" in texts(at) and "Viimeksi päivitetty 2.11.2022" in texts(at)
    assert len(at.get("download_button")) == 4
    at.radio(key="set_preview_lang").set_value("englanti").run()
    assert "Last updated 2 November 2022" in texts(at)


def test_the_notices_preview_stays_in_english_when_the_admin_switches_language(app_store):
    """The preview's language is a choice of its own: switching the page to English keeps the English preview
    chosen, shown as "English", and switching back keeps it, shown as "englanti"."""
    at = signed_in("demo-admin", PAGE)
    at.radio(key="set_preview_lang").set_value("englanti").run()
    for lang, shown in (("en", "English"), ("fi", "englanti")):
        at.selectbox(key="lang").set_value(lang).run()
        preview = at.radio(key="set_preview_lang")
        assert (preview.value, preview.proto.raw_value) == ("en", shown)
        assert "Last updated 2 November 2022" in texts(at)


def test_a_wrong_business_id_is_refused_beside_the_form_in_finnish_and_nothing_changes(app_store):
    at = signed_in("demo-admin", PAGE)
    at.text_input(key="set_controller.business_id").input("1813720-9")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Y-tunnus ei kelpaa (tarkiste ei täsmää)."]  # its field named once
    with db.connect(app_store) as conn:
        assert current_settings(conn)["controller.business_id"] == "1813720-8"


def test_one_wrong_field_saves_none_of_the_form_and_each_wrong_field_is_named(app_store):
    at = signed_in("demo-admin", PAGE, "en")
    at.text_input(key="set_contact.name").input("Maija Meikäläinen")
    at.text_input(key="set_contact.email").input("maija(at)molentum.fi")
    at.text_input(key="set_contact.phone").input("12")
    at.button[0].click().run()
    assert len(at.error) == 2 and not at.success
    assert "e-mail" in at.error[0].value.lower() and "phone" in at.error[1].value.lower()
    with db.connect(app_store) as conn:
        assert current_settings(conn)["contact.name"] == "Mika Lähteenmäki"  # the valid field waits too


def test_a_text_is_saved_and_the_preview_follows(app_store):
    at = signed_in("demo-admin", PAGE)
    at.text_area(key="set_purposes.fi").input("Asiakassuhteen hoitaminen ja laskutus.")
    at.button[0].click().run()
    assert "Tallennettu: Käsittelyn tarkoitus." in at.success[0].value
    assert "Asiakassuhteen hoitaminen ja laskutus." in texts(at)
    assert f"Viimeksi päivitetty {finnish_today().day}.{finnish_today().month}." in texts(at)


def purgeable(store) -> int:
    with db.connect(store) as conn:
        return due_counts(conn, finnish_today()).purgeable


def test_a_retention_change_says_how_many_become_purgeable_and_needs_a_confirmation(app_store):
    before = purgeable(app_store)
    at = signed_in("demo-admin", PAGE)
    at.number_input(key="set_retention").set_value(30).run()
    said = re.fullmatch(r"30 päivän säilytysajalla poistettavissa olisi tänään (\d+) henkilöä enemmän\. "
                        r"Heidät poistetaan seuraavassa poistossa\.", at.warning[0].value)
    assert said and int(said[1]) > 0
    assert at.button(key="set_retention_save").disabled
    at.checkbox(key="set_retention_sure").check().run()
    at.button(key="set_retention_save").click().run()
    with db.connect(app_store) as conn:
        assert current_settings(conn)["retention_days"] == 30
    assert "30 päivää asiakkuuden päättymisestä" in texts(at)
    assert purgeable(app_store) == before + int(said[1])  # what Due for purge now shows


def test_a_longer_retention_says_how_many_purgeable_now_would_wait_in_english(app_store):
    before = purgeable(app_store)
    at = signed_in("demo-admin", PAGE, lang="en")
    at.number_input(key="set_retention").set_value(400).run()
    said = re.fullmatch(r"With 400 days, ([\d,]+) persons purgeable now would no longer be purgeable today\.",
                        at.warning[0].value)
    assert said and int(said[1].replace(",", "")) > 0
    at.checkbox(key="set_retention_sure").check().run()
    at.button(key="set_retention_save").click().run()
    assert purgeable(app_store) == before - int(said[1].replace(",", ""))


def test_when_every_due_person_is_blocked_a_longer_retention_says_none_would_wait(app_store):
    with db.connect(app_store) as conn:
        for customer_id in purgeable_ids(conn, finnish_today()):  # every due person blocked, as the Due page shows
            keep_out(conn, finnish_today(), Actor("demo-manager", "manager"), customer_id, "Riita-asia")
        counts = due_counts(conn, finnish_today())
    assert counts.purgeable == 0 and counts.blocked > 0
    due = signed_in("demo-manager", "pages/due_for_purge.py")
    assert next(m.value for m in due.metric if m.label == "Poistettavissa") == "0"
    at = signed_in("demo-admin", PAGE)
    at.number_input(key="set_retention").set_value(400).run()
    assert at.warning[0].value == ("400 päivän säilytysajalla 0 nyt poistettavissa olevaa henkilöä ei olisi enää "
                                   "poistettavissa tänään.")


@pytest.mark.parametrize("username", ["demo-manager", "demo-staff", "demo-auditor"])
def test_only_admins_get_the_page(app_store, username):
    at = signed_in(username)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE).run()


def give_address(store, username: str, email: str, language: str = "fi") -> None:
    with db.connect(store) as conn:
        conn.execute("UPDATE staff_users SET email = ?, language = ? WHERE username = ?", [email, language, username])


def mail_button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_mail_settings_are_validated_and_saved_apart_from_the_notice(app_store):
    at = signed_in("demo-admin", PAGE, "en")
    assert "E-mail is off: give the server and the sender's address." in texts(at)
    at.text_input(key="set_smtp.host").input("smtp.molentum.fi")
    at.text_input(key="set_smtp.port").input("70000")
    at.text_input(key="set_smtp.from").input("rekisteri(at)molentum.fi")
    mail_button(at, "Save the e-mail settings").click().run()
    assert len(at.error) == 2 and not at.success  # each wrong field named; nothing saved
    with db.connect(app_store) as conn:
        assert current_settings(conn)["smtp.host"] == ""
    at.text_input(key="set_smtp.port").input("465")
    at.text_input(key="set_smtp.from").input("rekisteri@molentum.fi")
    at.selectbox(key="set_smtp.security").set_value("tls")
    mail_button(at, "Save the e-mail settings").click().run()
    assert at.success[0].value.startswith("Saved: ")
    with db.connect(app_store) as conn:
        saved = current_settings(conn)
    assert (saved["smtp.host"], saved["smtp.port"], saved["smtp.security"], saved["smtp.from"]) == \
        ("smtp.molentum.fi", 465, "tls", "rekisteri@molentum.fi")
    assert "Viimeksi päivitetty 2.11.2022" in texts(at)  # mail settings are not the notice's facts (preview: fi)
    assert "REGISTRY_SMTP_PASSWORD" in texts(at)


def test_an_admin_sends_a_test_message_to_their_own_address(app_store, smtp):
    inbox, port = smtp()
    give_address(app_store, "demo-admin", "admin@molentum.fi")
    with db.connect(app_store) as conn:
        from registry.settings import set_settings
        set_settings(conn, Actor.system("test"), {"smtp.host": "127.0.0.1", "smtp.port": str(port),
                                                  "smtp.security": "none", "smtp.from": "rekisteri@molentum.fi"})
    at = signed_in("demo-admin", PAGE)
    at.button(key="set_mail_test").click().run()
    assert "Palvelin otti testiviestin vastaan osoitteeseen admin@molentum.fi." in at.success[0].value
    [(to, mail)] = inbox.parsed()
    assert to == ("admin@molentum.fi",) and mail["Subject"] == "Asiakasrekisteri: testiviesti"


def test_a_test_message_the_server_refuses_says_why(app_store, smtp):
    refusing, port = smtp(refuse=True)
    give_address(app_store, "demo-admin", "admin@molentum.fi")
    with db.connect(app_store) as conn:
        from registry.settings import set_settings
        set_settings(conn, Actor.system("test"), {"smtp.host": "127.0.0.1", "smtp.port": str(port),
                                                  "smtp.security": "none", "smtp.from": "rekisteri@molentum.fi"})
    at = signed_in("demo-admin", PAGE, "en")
    at.button(key="set_mail_test").click().run()
    assert at.error[0].value == ("The test message to admin@molentum.fi could not be sent: "
                                 "550 5.7.1 Relaying denied")


def test_the_digest_preview_shows_a_managers_message_as_they_receive_it_and_says_why_none_goes(app_store):
    give_address(app_store, "demo-manager", "manager@molentum.fi", "en")
    at = signed_in("demo-admin", PAGE, "en")
    at.selectbox(key="set_digest_for").set_value("demo-manager").run()
    [caption] = [c.value for c in at.caption if c.value.startswith("To manager@molentum.fi")]
    assert "Subject: Customer register " in caption
    html = at.get("html")[0].proto.body
    assert "Hello Demo manager," in html and "requests?request=" in html  # greeted by name
    assert "Hello Demo manager," in at.code[0].value  # the plain-text alternative
    at.selectbox(key="set_digest_for").set_value("demo-manager-2").run()
    assert "Demo manager 2: the account has no e-mail address, so no digest is sent." in texts(at)
