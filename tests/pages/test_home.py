"""First start and sign-in: a demo store is made, its accounts are shown; five failures lock."""

import subprocess
import sys

import duckdb
import pytest

from registry import users

from registry.store import db
from registry.access import Actor
from tests.pages.conftest import app, signed_in, texts

REFUSED = ("Kirjautuminen ei onnistunut. Tarkista käyttäjätunnus ja salasana. Viiden peräkkäisen epäonnistuneen "
           "yrityksen jälkeen tunnus lukitaan 15 minuutiksi; pääkäyttäjä voi avata lukituksen.")


def test_first_start_creates_a_demo_store_and_shows_its_accounts(tmp_path, monkeypatch):
    store = tmp_path / "registry.duckdb"
    monkeypatch.setenv("REGISTRY_DB", str(store))
    monkeypatch.setenv("REGISTRY_COOKIE_KEY", "k" * 40)
    at = app().run()
    assert not at.exception and store.exists()
    assert "esittelyaineiston" in at.info[0].value
    shown = at.table[0].value
    assert sorted(shown["Käyttäjätunnus"]) == ["demo-admin", "demo-auditor", "demo-manager", "demo-manager-2",
                                               "demo-staff"]
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


def sign_ins(store) -> int:
    with db.connect(store) as conn:
        return conn.execute("SELECT count(*) FROM audit_log WHERE action = 'sign_in'").fetchone()[0]


def test_a_sign_in_is_one_audit_entry_and_sessions_the_cookie_restores_write_none(app_store, passwords):
    before = sign_ins(app_store)
    at = app().run()
    at.text_input(key="sign_in_username").input("demo-manager")
    at.text_input(key="sign_in_password").input(passwords["demo-manager"])
    at.button[0].click().run()
    assert at.title[0].value == "Yleiskatsaus"
    at.run()
    at.run()  # later runs of the same session
    assert sign_ins(app_store) == before + 1
    for _ in range(3):  # reloads: new sessions the signed cookie lets in (the authenticator's state as it leaves it)
        again = signed_in("demo-manager")
        assert not again.exception and again.title[0].value == "Yleiskatsaus"
    assert sign_ins(app_store) == before + 1


def test_a_wrong_password_is_refused_and_five_lock_the_account(app_store, passwords):
    at = app().run()
    for attempt in range(5):
        at.text_input(key="sign_in_username").input("demo-staff")
        at.text_input(key="sign_in_password").input(f"wrong-{attempt}")
        at.button[0].click().run()
    assert at.error[0].value == REFUSED
    at.text_input(key="sign_in_username").input("demo-staff")
    at.text_input(key="sign_in_password").input(passwords["demo-staff"])
    at.button[0].click().run()
    assert at.error[0].value == REFUSED and not at.metric  # locked: the same answer as a wrong password
    with db.connect(app_store) as conn:
        assert users.get_user(conn, "demo-staff").failed_logins == 5
        locked = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'account_locked'").fetchone()[0]
    assert locked == 1


def main_shape(at) -> list[str]:
    """The main area's top-level elements, in order: what the browser keys the form's place by."""
    return [getattr(node, "type", type(node).__name__) for node in at.main.children.values()]


def test_the_answer_to_a_sign_in_is_right_under_the_form_and_the_form_never_moves(app_store):
    at = app().run()
    fresh = main_shape(at)
    assert fresh == ["title", "flex_container", "form", "flex_container", "expander"]
    at.text_input(key="sign_in_username").input("demo-staff")
    at.text_input(key="sign_in_password").input("wrong-password")
    at.button(key="sign_in_submit").click().run()
    assert main_shape(at) == fresh  # the same places: an answer or a notice fills its own container
    under_form = list(at.main.children.values())[3]
    assert [e.value for e in under_form.error] == [REFUSED]
    assert not list(at.main.children.values())[4].error  # not down by the demo accounts
    assert at.text_input(key="sign_in_username").value == "demo-staff"  # kept to correct the password
    assert at.session_state["sign_in_password"] == ""  # a password is not kept in the session


def cookie_components(at) -> list[str]:
    return [c.key for c in at.get("component_instance")]


def test_the_cookie_is_asked_of_the_browser_until_it_reports_it_done(app_store, passwords):
    """The cookie component asks for a run more when it reports, and a submit sent before it was
    lost to that run: the sign-in page of a browser without a cookie draws none. Signed in, the
    write is drawn on every run until the browser reports it done (drawn once, the next run removed
    it before a loaded browser had run it: no cookie); signed out, so is the deletion, and the
    sign-out is kept with the cookie's session id, which ends that cookie whatever the browser does."""
    at = app().run()
    assert cookie_components(at) == []
    at.text_input(key="sign_in_username").input("demo-staff")
    at.text_input(key="sign_in_password").input(passwords["demo-staff"])
    at.button(key="sign_in_submit").click().run()
    assert at.title[0].value == "Yleiskatsaus"
    session = at.session_state["session_id"]
    write = f"cookie_written_{session}"
    assert cookie_components(at) == [write]
    at.run()
    assert cookie_components(at) == [write]  # not yet reported: still asked for
    at.session_state[write] = True  # the browser's report
    at.run()
    assert cookie_components(at) == [] and at.title[0].value == "Yleiskatsaus"
    at.run()
    assert cookie_components(at) == []

    at.button(key="sign_out").click().run()
    delete = f"cookie_deleted_{session}"
    assert at.text_input(key="sign_in_username") and cookie_components(at) == [delete]
    at.run()
    assert cookie_components(at) == [delete]
    at.session_state[delete] = True
    at.run()
    assert at.text_input(key="sign_in_username") and cookie_components(at) == []
    with db.connect(app_store) as conn:
        assert users.session_ended(conn, "demo-staff", session)
        assert not users.session_ended(conn, "demo-staff", "another-session")


def test_a_sign_in_straight_after_a_sign_out_writes_the_new_cookie_and_deletes_nothing(app_store, passwords):
    """The deletion still due when the same browser signs in again would delete the new cookie."""
    at = signed_in("demo-manager")
    at.button(key="sign_out").click().run()
    assert cookie_components(at) == ["cookie_deleted_cookie"]
    at.text_input(key="sign_in_username").input("demo-staff")
    at.text_input(key="sign_in_password").input(passwords["demo-staff"])
    at.button(key="sign_in_submit").click().run()
    assert cookie_components(at) == [f"cookie_written_{at.session_state['session_id']}"]


def test_an_empty_field_asks_for_both_and_counts_no_failed_attempt(app_store, passwords):
    at = app().run()
    at.text_input(key="sign_in_username").input("demo-staff")
    at.button[0].click().run()  # no password
    assert at.warning[0].value == "Anna sekä käyttäjätunnus että salasana." and not at.error
    at.text_input(key="sign_in_username").input("  ")
    at.text_input(key="sign_in_password").input(passwords["demo-staff"])
    at.button[0].click().run()  # no username
    assert at.warning[0].value == "Anna sekä käyttäjätunnus että salasana." and not at.metric
    with db.connect(app_store) as conn:
        assert users.get_user(conn, "demo-staff").failed_logins == 0
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action LIKE 'sign_in%'").fetchone()[0] == 0


def test_the_lockout_holds_after_a_restart(app_store, passwords):
    with db.connect(app_store) as conn:
        for _ in range(5):
            with pytest.raises(users.SignInRefused):
                users.sign_in(conn, "demo-staff", "wrong-password")
    at = app().run()  # a new server process would start from the store, as this new session does
    at.text_input(key="sign_in_username").input("demo-staff")
    at.text_input(key="sign_in_password").input(passwords["demo-staff"])
    at.button[0].click().run()
    assert at.error[0].value == REFUSED


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


def sign_in_attempt(at, username: str, password: str) -> str:
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(password)
    at.button[0].click().run()
    return " ".join(e.value for e in at.error)


def test_an_unknown_name_a_wrong_password_and_a_locked_account_get_the_same_answer(app_store, passwords):
    """The same words for each refusal (that they also take the same time is measured, not asserted:
    bench/bench_sign_in.py)."""
    at = app().run()
    assert sign_in_attempt(at, "nobody-here", "whatever-password") == REFUSED
    assert sign_in_attempt(at, "demo-staff", "wrong-password") == REFUSED
    with db.connect(app_store) as conn:
        for _ in range(5):
            with pytest.raises(users.SignInRefused):
                users.sign_in(conn, "demo-auditor", "wrong-password")
    assert sign_in_attempt(at, "demo-auditor", passwords["demo-auditor"]) == REFUSED
    assert not at.metric


def test_a_new_password_ends_the_accounts_open_session_at_its_next_run(app_store, passwords):
    at = app().run()
    sign_in_attempt(at, "demo-staff", passwords["demo-staff"])
    assert at.metric and not at.error
    at.run()
    assert at.metric  # still signed in
    from tests.conftest import run_cli
    done = run_cli("user", "set-password", "--db", app_store, "--username", "demo-staff", "--password-stdin",
                   input="uusi-salasana-123\n")
    assert done.returncode == 0, done.stderr
    at.run()
    assert not at.metric and "Istunto päättyi, koska tunnusta muutettiin" in at.info[0].value
    assert sign_in_attempt(at, "demo-staff", "uusi-salasana-123") == ""
    assert at.metric


def test_before_sign_in_no_page_is_offered(app_store):
    at = app().run()
    assert at.button[0].label == "Kirjaudu"
    with pytest.raises(ValueError):  # no page of the register exists for this session
        at.switch_page("pages/due_for_purge.py").run()


def test_the_language_switch_turns_the_pages_english(app_store):
    at = signed_in("demo-manager", lang="en")
    assert at.title[0].value == "Overview"
    assert "Due now" in texts(at)
    at.selectbox(key="lang").select("fi").run()
    assert at.title[0].value == "Yleiskatsaus"


def test_the_chosen_language_is_kept_in_the_url_and_a_reload_keeps_it(app_store, passwords):
    at = app().run()
    at.selectbox(key="lang").select("en").run()
    assert at.query_params["lang"] in ("en", ["en"]) and at.title[0].value == "Customer register · Molentum Oy"
    reloaded = app()  # a reload: a new session, empty session state, the same URL
    reloaded.query_params["lang"] = "en"
    reloaded.run()
    assert reloaded.title[0].value == "Customer register · Molentum Oy"
    assert reloaded.selectbox(key="lang").value == "en"
    reloaded.text_input(key="sign_in_username").input("demo-manager")
    reloaded.text_input(key="sign_in_password").input(passwords["demo-manager"])
    reloaded.button(key="sign_in_submit").click().run()
    assert reloaded.title[0].value == "Overview"
    reloaded.switch_page("pages/customers_page.py").run()  # a page switch drops query parameters
    assert reloaded.title[0].value == "Customers" and reloaded.query_params["lang"] in ("en", ["en"])


def test_a_busy_store_shows_a_clear_message(app_store, monkeypatch):
    monkeypatch.setenv("REGISTRY_BUSY_TIMEOUT", "0.5")
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(app_store)!r}); "
                               "print('ok', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()
        at = app().run()
    finally:
        holder.kill()
    assert at.error[0].value == "Rekisteri on juuri toisen työn käytössä. Yritä hetken kuluttua uudelleen."
    assert duckdb  # the holder above is a separate process, as a scheduled job would be
