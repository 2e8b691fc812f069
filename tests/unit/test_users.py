"""Staff accounts: bcrypt hashes, five failures lock for 15 minutes (counted in the store), roles,
NDA, and every sign-in event in the audit trail."""

from datetime import date, datetime, timedelta

import pytest

from registry import users
from registry.access import Actor, NotPermitted, may
from registry.errors import BadInput, NotFound, RefusedByRule

ADMIN = Actor("root-admin", "admin")
NOW = datetime(2026, 11, 25, 9, 0)
PASSWORD = "oikea-salasana-1"


@pytest.fixture
def staff(conn):
    return users.add_user(conn, ADMIN, "aino.k", "staff", PASSWORD, nda_signed_on=date(2026, 1, 5),
                          display_name="Aino K", now=NOW)


def actions(conn):
    return [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY seq").fetchall()]


def test_the_password_is_stored_only_as_a_bcrypt_hash(conn, staff):
    stored = conn.execute("SELECT password_hash FROM staff_users WHERE username = 'aino.k'").fetchone()[0]
    assert stored.startswith("$2b$") and PASSWORD not in stored
    assert users.check_password(PASSWORD, stored) and not users.check_password("wrong-password", stored)


def test_a_correct_password_signs_in_and_is_audited(conn, staff):
    user = users.sign_in(conn, "Aino.K", PASSWORD, now=NOW)
    assert user.username == "aino.k" and user.role == "staff"
    assert actions(conn)[-1] == "sign_in"


def test_five_failures_lock_the_account_for_fifteen_minutes(conn, staff):
    for attempt in range(1, 5):
        with pytest.raises(users.SignInRefused, match="wrong username or password"):
            users.sign_in(conn, "aino.k", "nope", now=NOW + timedelta(seconds=attempt))
    with pytest.raises(users.SignInRefused, match="locked"):
        users.sign_in(conn, "aino.k", "nope", now=NOW + timedelta(seconds=5))
    with pytest.raises(users.SignInRefused, match="locked after 5 failed sign-ins"):  # the right one, refused
        users.sign_in(conn, "aino.k", PASSWORD, now=NOW + timedelta(seconds=6))
    with pytest.raises(users.SignInRefused, match="locked"):
        users.sign_in(conn, "aino.k", PASSWORD, now=NOW + timedelta(minutes=15))
    assert users.sign_in(conn, "aino.k", PASSWORD, now=NOW + timedelta(minutes=15, seconds=6)).failed_logins == 0
    assert actions(conn).count("account_locked") == 1
    assert actions(conn).count("sign_in_failed") == 5


def test_a_new_password_a_new_role_or_a_disable_ends_the_sessions_begun_before(conn, staff):
    begun = NOW + timedelta(minutes=1)
    assert users.active_user(conn, "aino.k", begun, signed_in_at=begun) is not None
    users.reset_password(conn, ADMIN, "aino.k", "toinen-salasana-1", now=NOW + timedelta(minutes=2))
    assert users.active_user(conn, "aino.k", NOW + timedelta(minutes=3), signed_in_at=begun) is None
    again = NOW + timedelta(minutes=4)
    assert users.active_user(conn, "aino.k", again, signed_in_at=again) is not None
    users.set_role(conn, ADMIN, "aino.k", "auditor", now=NOW + timedelta(minutes=5))
    assert users.active_user(conn, "aino.k", NOW + timedelta(minutes=6), signed_in_at=again) is None
    assert users.active_user(conn, "aino.k", NOW + timedelta(minutes=6), signed_in_at=None) is None  # unknown start


def test_a_sign_out_ends_that_sessions_cookie_and_no_other(conn, staff):
    users.record_sign_out(conn, "aino.k", NOW, session="s-1")
    users.record_sign_out(conn, "aino.k", NOW)  # a session of no cookie (ended before it had one)
    assert users.session_ended(conn, "aino.k", "s-1")
    assert not users.session_ended(conn, "aino.k", "s-2")  # another browser of the same account
    assert not users.session_ended(conn, "someone.else", "s-1")  # an id is the account's own
    entry = conn.execute("SELECT details FROM audit_log WHERE action = 'sign_out' ORDER BY seq LIMIT 1").fetchone()[0]
    assert entry == '{"session":"s-1"}'  # an id, nothing of the cookie's token


def test_user_add_keeps_a_valid_email_and_language(conn):
    created = users.add_user(conn, ADMIN, "liisa.m", "staff", "pitka-salasana-1", email="Liisa.M@Molentum.FI",
                             language="en", now=NOW)
    assert (created.email, created.language) == ("liisa.m@molentum.fi", "en")  # one normal form: lower-case
    with pytest.raises(BadInput):
        users.add_user(conn, ADMIN, "olli.m", "staff", "pitka-salasana-1", email="not an address", now=NOW)
    with pytest.raises(BadInput):
        users.add_user(conn, ADMIN, "olli.m", "staff", "pitka-salasana-1", language="sv", now=NOW)


def test_the_lockout_survives_a_restart_because_it_is_in_the_store(store, staff):
    from registry.store.db import connect

    for _ in range(5):
        with connect(store) as conn, pytest.raises(users.SignInRefused):
            users.sign_in(conn, "aino.k", "nope", now=NOW)
    with connect(store) as conn:
        assert users.get_user(conn, "aino.k").locked(NOW + timedelta(minutes=14))
        assert users.get_user(conn, "aino.k").failed_logins == 5


def test_an_admin_unlocks_a_locked_account(conn, staff):
    for _ in range(5):
        with pytest.raises(users.SignInRefused):
            users.sign_in(conn, "aino.k", "nope", now=NOW)
    users.unlock_user(conn, ADMIN, "aino.k", now=NOW)
    assert users.sign_in(conn, "aino.k", PASSWORD, now=NOW).username == "aino.k"


def test_a_disabled_account_cannot_sign_in_and_its_sessions_end(conn, staff):
    users.disable_user(conn, ADMIN, "aino.k", now=NOW)
    with pytest.raises(users.SignInRefused, match="wrong username or password"):
        users.sign_in(conn, "aino.k", PASSWORD, now=NOW)
    assert users.active_user(conn, "aino.k", NOW) is None


def test_unknown_usernames_are_refused_with_the_same_message_and_audited(conn, staff):
    with pytest.raises(users.SignInRefused, match="wrong username or password"):
        users.sign_in(conn, "nobody", PASSWORD, now=NOW)
    assert actions(conn)[-1] == "sign_in_failed"


def test_staff_without_an_nda_date_may_not_see_personal_data(conn):
    user = users.add_user(conn, ADMIN, "uusi", "staff", PASSWORD, now=NOW)
    assert not may(user.as_actor(), "view_personal_data") and not user.as_actor().nda_signed
    users.record_nda(conn, ADMIN, "uusi", date(2026, 11, 20), now=NOW)
    assert may(users.get_user(conn, "uusi").as_actor(), "view_personal_data")


@pytest.mark.parametrize("username,role,password,message", [
    ("A", "staff", PASSWORD, "username"),
    ("aino k", "staff", PASSWORD, "username"),
    ("aino", "boss", PASSWORD, "role"),
    ("aino", "staff", "short", "at least 10"),
])
def test_bad_account_data_is_refused(conn, username, role, password, message):
    with pytest.raises(BadInput, match=message):
        users.add_user(conn, ADMIN, username, role, password, now=NOW)


def test_only_admins_manage_accounts(conn, staff):
    with pytest.raises(NotPermitted):
        users.add_user(conn, Actor("m", "manager"), "other", "staff", PASSWORD, now=NOW)
    with pytest.raises(NotPermitted):
        users.list_users(conn, Actor("a", "auditor"))


def test_an_admin_cannot_lock_themself_out(conn):
    users.add_user(conn, ADMIN, "root-admin", "admin", PASSWORD, now=NOW)
    with pytest.raises(RefusedByRule):
        users.disable_user(conn, ADMIN, "root-admin", now=NOW)
    with pytest.raises(RefusedByRule):
        users.set_role(conn, ADMIN, "root-admin", "staff", now=NOW)


def test_duplicate_and_unknown_accounts(conn, staff):
    with pytest.raises(BadInput, match="exists already"):
        users.add_user(conn, ADMIN, "aino.k", "staff", PASSWORD, now=NOW)
    with pytest.raises(NotFound):
        users.unlock_user(conn, ADMIN, "ghost", now=NOW)


def test_account_changes_are_audited_without_passwords(conn, staff):
    users.reset_password(conn, ADMIN, "aino.k", "uusi-salasana-22", now=NOW)
    users.set_role(conn, ADMIN, "aino.k", "manager", now=NOW)
    details = " ".join(r[0] for r in conn.execute("SELECT details FROM audit_log").fetchall())
    assert "uusi-salasana-22" not in details and PASSWORD not in details
    assert actions(conn)[-2:] == ["password_reset", "role_changed"]
    assert users.sign_in(conn, "aino.k", "uusi-salasana-22", now=NOW).role == "manager"


def test_demo_accounts_exist_one_per_role_and_a_second_manager_for_four_eyes(conn):
    created = users.create_demo_accounts(conn, now=NOW)
    listed = users.demo_credentials(conn)
    assert sorted(r for _, _, r in listed) == ["admin", "auditor", "manager", "manager", "staff"]
    assert users.staff_names(conn, ["demo-manager-2", "nobody"]) == {"demo-manager-2": "Demo manager 2",
                                                                    "nobody": "nobody"}
    for username, password, _ in listed:
        assert created[username] == password
        assert users.sign_in(conn, username, password, now=NOW).username == username


def test_a_real_store_shows_no_demo_accounts(conn, staff):
    assert users.demo_credentials(conn) == []


def test_an_admin_sets_an_existing_accounts_address_and_language_for_its_mail(conn):
    admin = Actor.system("test")
    users.add_user(conn, admin, "mika", "manager", "salainen-sana-1")
    changed = users.set_contact(conn, admin, "mika", "Mika.L@Molentum.fi", "en")
    assert (changed.email, changed.language) == ("mika.l@molentum.fi", "en")  # the one normal form
    with pytest.raises(BadInput):
        users.set_contact(conn, admin, "mika", "mika(at)molentum.fi", "en")
    assert users.set_contact(conn, admin, "mika", None, "fi").email is None
    details = conn.execute("SELECT details FROM audit_log WHERE action = 'contact_changed'").fetchall()
    assert len(details) == 2 and "molentum" not in str(details)  # what changed, never the address
    with pytest.raises(NotPermitted):
        users.set_contact(conn, Actor("sanna", "manager"), "mika", "m@molentum.fi", "fi")
