"""First start and sign-in: a demo store is made, its accounts are shown; five failures lock."""

import subprocess
import sys

import duckdb
import pytest

from registry import db, users
from registry.access import Actor
from tests.pages.conftest import app, signed_in, texts


def test_first_start_creates_a_demo_store_and_shows_its_accounts(tmp_path, monkeypatch):
    store = tmp_path / "registry.duckdb"
    monkeypatch.setenv("REGISTRY_DB", str(store))
    monkeypatch.setenv("REGISTRY_COOKIE_KEY", "k" * 40)
    at = app().run()
    assert not at.exception and store.exists()
    assert "esittelyaineiston" in at.info[0].value
    shown = at.table[0].value
    assert sorted(shown["Käyttäjätunnus"]) == ["demo-admin", "demo-auditor", "demo-manager", "demo-staff"]
    assert not at.metric and not at.dataframe  # nothing of the register before sign-in


def test_signing_in_with_a_demo_account_opens_the_overview(app_store, passwords):
    at = app().run()
    at.text_input(key="sign_in_username").input("demo-manager")
    at.text_input(key="sign_in_password").input(passwords["demo-manager"])
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Yleiskatsaus"
    assert "Poistettavissa nyt" in texts(at)
    with db.connect(app_store) as conn:
        assert conn.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()[0] == "sign_in"


def test_a_wrong_password_is_refused_and_five_lock_the_account(app_store, passwords):
    at = app().run()
    for attempt in range(5):
        at.text_input(key="sign_in_username").input("demo-staff")
        at.text_input(key="sign_in_password").input(f"wrong-{attempt}")
        at.button[0].click().run()
    assert "lukittu 15 minuutiksi" in at.error[0].value
    at.text_input(key="sign_in_username").input("demo-staff")
    at.text_input(key="sign_in_password").input(passwords["demo-staff"])
    at.button[0].click().run()
    assert "lukittu" in at.error[0].value and not at.metric
    with db.connect(app_store) as conn:
        assert users.get_user(conn, "demo-staff").failed_logins == 5
        locked = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'account_locked'").fetchone()[0]
    assert locked == 1


def test_the_lockout_holds_after_a_restart(app_store, passwords):
    with db.connect(app_store) as conn:
        for _ in range(5):
            with pytest.raises(users.SignInRefused):
                users.sign_in(conn, "demo-staff", "wrong-password")
    at = app().run()  # a new server process would start from the store, as this new session does
    at.text_input(key="sign_in_username").input("demo-staff")
    at.text_input(key="sign_in_password").input(passwords["demo-staff"])
    at.button[0].click().run()
    assert "lukittu" in at.error[0].value


def test_signing_out_ends_the_session_and_is_audited(app_store):
    at = signed_in("demo-manager")
    at.button(key="sign_out").click().run()
    assert "kirjautunut ulos" in at.info[0].value
    assert not at.metric
    with db.connect(app_store) as conn:
        assert conn.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()[0] == "sign_out"


def test_a_session_of_a_disabled_account_ends_on_its_next_run(app_store):
    at = signed_in("demo-staff")
    assert at.metric
    with db.connect(app_store) as conn:
        users.disable_user(conn, Actor.system("test"), "demo-staff")
    at.run()
    assert "poistettu käytöstä" in at.info[0].value and not at.metric


def test_the_language_switch_turns_the_pages_english(app_store):
    at = signed_in("demo-manager", lang="en")
    assert at.title[0].value == "Overview"
    assert "Due now" in texts(at)
    at.selectbox(key="lang").select("fi").run()
    assert at.title[0].value == "Yleiskatsaus"


def test_a_busy_store_shows_a_clear_message(app_store, monkeypatch):
    monkeypatch.setenv("REGISTRY_BUSY_TIMEOUT", "0.5")
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(app_store)!r}); "
                               "print('ok', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()
        at = app().run()
    finally:
        holder.kill()
    assert "the register is busy" in at.error[0].value
    assert duckdb  # the holder above is a separate process, as a scheduled job would be
