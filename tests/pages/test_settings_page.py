"""The Settings page as an admin uses it: edit with validation, the retention's effect confirmed
first, the notice previewed in both languages and downloadable."""

from __future__ import annotations

import pytest

from registry import db
from registry.clock import finnish_today
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


def test_a_text_is_saved_and_the_preview_follows(app_store):
    at = signed_in("demo-admin", PAGE)
    at.text_area(key="set_purposes.fi").input("Asiakassuhteen hoitaminen ja laskutus.")
    at.button[0].click().run()
    assert "Tallennettu: Käsittelyn tarkoitus." in at.success[0].value
    assert "Asiakassuhteen hoitaminen ja laskutus." in texts(at)
    assert f"Viimeksi päivitetty {finnish_today().day}.{finnish_today().month}." in texts(at)


def test_a_retention_change_says_how_many_become_due_and_needs_a_confirmation(app_store):
    with db.connect(app_store) as conn:
        ended = conn.execute("SELECT count(*) FROM customers WHERE purged_on IS NULL AND customer_until IS NOT NULL "
                             "AND customer_until + 30 <= ? AND customer_until + 90 > ?",
                             [finnish_today(), finnish_today()]).fetchone()[0]
    at = signed_in("demo-admin", PAGE)
    at.number_input(key="set_retention").set_value(30).run()
    assert f"tulisi {ended} henkilöä lisää" in at.warning[0].value
    assert at.button(key="set_retention_save").disabled
    at.checkbox(key="set_retention_sure").check().run()
    at.button(key="set_retention_save").click().run()
    with db.connect(app_store) as conn:
        assert current_settings(conn)["retention_days"] == 30
    assert "30 päivää asiakkuuden päättymisestä" in texts(at)


def test_a_longer_retention_says_how_many_due_now_would_wait_in_english(app_store):
    with db.connect(app_store) as conn:
        waiting = conn.execute("SELECT count(*) FROM customers WHERE purged_on IS NULL AND customer_until IS NOT NULL "
                               "AND customer_until + 90 <= ? AND customer_until + 400 > ?",
                               [finnish_today(), finnish_today()]).fetchone()[0]
    at = signed_in("demo-admin", PAGE, lang="en")
    at.number_input(key="set_retention").set_value(400).run()
    assert at.warning[0].value == f"With 400 days, {waiting:,} persons due now would no longer be due today."
    assert waiting > 0


@pytest.mark.parametrize("username", ["demo-manager", "demo-staff", "demo-auditor"])
def test_only_admins_get_the_page(app_store, username):
    at = signed_in(username)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE).run()
