"""Settings (REGISTER.md section 10): the notice's facts as a new store's settings, validated
changes with the old and new value in the audit trail, and retention_days as section 3's rule."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from registry.access import Actor, NotPermitted
from registry.errors import BadInput
from registry.retention.due import due_persons
from registry.settings import DEFAULTS, SettingsRefused, current_settings, retention_days, set_setting, set_settings

TODAY = date(2026, 11, 24)
ADMIN = Actor.system("asetukset")


def test_a_new_store_has_the_notices_facts(conn):
    values = current_settings(conn)
    assert values["controller.name"] == "Molentum Oy" and values["controller.business_id"] == "1813720-8"
    assert values["contact.name"] == "Mika Lähteenmäki" and values["retention_days"] == 90
    assert "Ylämylly" in values["controller.address"] and values["legal_basis"] == {"fi": "Sopimus", "en": "Contract"}
    assert "Tietosuojavaltuutetun toimisto" in values["authority"]["fi"]


def test_a_longer_retention_moves_the_due_list(conn, contract):
    contract.customer(id=1, until=TODAY - timedelta(days=100))
    assert [p.customer_id for p in due_persons(conn, TODAY)] == [1]
    set_setting(conn, ADMIN, "retention_days", "150")
    assert retention_days(conn) == 150 and due_persons(conn, TODAY) == []
    assert [p.due_on for p in due_persons(conn, TODAY + timedelta(days=50))] == [TODAY + timedelta(days=50)]


@pytest.mark.parametrize("key, value, code", [
    ("retention_days", "0", "bad_retention"), ("retention_days", "3651", "bad_retention"),
    ("retention_days", "kolme", "bad_retention"), ("controller.business_id", "1813720-9", "bad_business_id"),
    ("contact.email", "mika(at)molentum.fi", "bad_email"), ("contact.phone", "12", "bad_phone"),
    ("no.such.key", "x", "unknown_setting"), ("controller.name.fi", "x", "unknown_setting"),
    ("purposes", "only one language", "setting_needs_both"), ("contact.name", "  ", "setting_empty"),
])
def test_a_bad_setting_is_refused_and_nothing_changes(conn, key, value, code):
    with pytest.raises(BadInput) as raised:
        set_setting(conn, ADMIN, key, value)
    assert raised.value.code == code and raised.value.exit_code == 2
    assert current_settings(conn) == DEFAULTS
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0


def test_a_change_is_audited_with_the_old_and_new_value_and_a_repeat_changes_nothing(conn):
    set_setting(conn, ADMIN, "purposes.en", "Keeping the register.")
    set_setting(conn, ADMIN, "purposes.en", "Keeping the register.")
    entries = conn.execute("SELECT actor, details FROM audit_log WHERE action = 'setting_changed'").fetchall()
    assert len(entries) == 1 and entries[0][0] == "asetukset"
    details = json.loads(entries[0][1])
    assert details["key"] == "purposes" and details["new"]["en"] == "Keeping the register."
    assert details["old"] == DEFAULTS["purposes"] and details["new"]["fi"] == DEFAULTS["purposes"]["fi"]


def test_only_admins_change_settings(conn):
    for role in ("manager", "staff", "auditor"):
        with pytest.raises(NotPermitted):
            set_setting(conn, Actor("joku", role), "retention_days", "120")
    set_setting(conn, Actor("paakayttaja", "admin"), "retention_days", "120")
    assert retention_days(conn) == 120


def test_a_save_is_all_or_nothing_and_names_every_wrong_field(conn):
    """The Settings page saves its whole form at once: one wrong field keeps every other one as it was,
    so the notice is never half updated."""
    with pytest.raises(SettingsRefused) as refused:
        set_settings(conn, ADMIN, {"contact.name": "Maija Meikäläinen", "contact.email": "maija(at)molentum.fi",
                                   "purposes.fi": "Uusi tarkoitus.", "contact.phone": "12"})
    assert [(key, err.code) for key, err in refused.value.problems] == [("contact.email", "bad_email"),
                                                                         ("contact.phone", "bad_phone")]
    assert refused.value.exit_code == 2 and refused.value.code == "bad_email"
    assert current_settings(conn) == DEFAULTS
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0


def test_a_save_of_several_fields_changes_each_once_both_languages_of_a_text_together(conn):
    changed = set_settings(conn, ADMIN, {"contact.name": "Maija Meikäläinen", "purposes.fi": "Uusi tarkoitus.",
                                         "purposes.en": "A new purpose.", "controller.name": " Molentum Oy ",
                                         "legal_basis.fi": DEFAULTS["legal_basis"]["fi"]})
    assert [key for key, _, _ in changed] == ["contact.name", "purposes"]  # the unchanged ones write nothing
    values = current_settings(conn)
    assert values["purposes"] == {"fi": "Uusi tarkoitus.", "en": "A new purpose."}
    assert values["contact.name"] == "Maija Meikäläinen" and values["controller.name"] == "Molentum Oy"
    entries = conn.execute("SELECT details FROM audit_log WHERE action = 'setting_changed' ORDER BY seq").fetchall()
    assert [json.loads(d)["key"] for (d,) in entries] == ["contact.name", "purposes"]
    assert set_settings(conn, ADMIN, {"contact.name": "Maija Meikäläinen"}) == []  # a double click


def test_only_admins_save_a_form(conn):
    with pytest.raises(NotPermitted):
        set_settings(conn, Actor("joku", "manager"), {"contact.name": "X"})
    assert current_settings(conn) == DEFAULTS
