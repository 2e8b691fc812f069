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
