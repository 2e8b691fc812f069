"""Settings (REGISTER.md section 10): the notice's facts as a new store's settings, validated
changes with the old and new value in the audit trail, and retention_days as section 3's rule."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from registry.access import Actor, NotPermitted
from registry.errors import BadInput
from registry.retention import due_persons
from registry.settings import DEFAULTS, current_settings, retention_days, set_setting

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
