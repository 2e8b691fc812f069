"""Staff accounts (REGISTER.md section 6): personal usernames, bcrypt password hashes, roles,
the NDA date that unlocks personal data, and a lockout counted in the store.

Five failed sign-ins lock an account for 15 minutes; the count lives in the store, so a
restart does not reset it. Every sign-in, failure, lockout and account change is audited.
"""

from __future__ import annotations

import functools
import re
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta

import bcrypt

from . import validation
from .access import ROLES, Actor, require
from .audit import utc_now, write_audit
from .store.db import transaction
from .errors import BadInput, NotFound, RefusedByRule


MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
USERNAME_RE = re.compile(r"[a-z][a-z0-9._-]{1,31}")
DEMO_PASSWORD_BYTES = 9
STAFF_LANGUAGES = ("fi", "en")
DEMO_ACCOUNTS = (*((f"demo-{role}", role, f"Demo {role}") for role in ROLES),
                 ("demo-manager-2", "manager", "Demo manager 2"))

USER_COLUMNS = ("username, display_name, role, nda_signed_on, created_at, disabled_at, failed_logins, locked_until, "
                "email, language, sessions_valid_from")
USER_SQL = f"SELECT {USER_COLUMNS} FROM staff_users WHERE username = ?"  # fixed column list
USERS_SQL = f"SELECT {USER_COLUMNS} FROM staff_users ORDER BY username"  # fixed column list
HASH_SQL = "SELECT password_hash FROM staff_users WHERE username = ?"
INSERT_USER_SQL = """
INSERT INTO staff_users (username, display_name, role, password_hash, nda_signed_on, created_at, failed_logins,
                         email, language)
VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)"""
END_SESSIONS = ", sessions_valid_from = ?"  # appended to an account change that ends its sessions
# A hash to check a password against when the account cannot sign in (unknown, disabled, locked):
# every refusal costs one bcrypt check, so the time taken does not tell which it was.
# Made on the first sign-in that needs it, not at import: every command would pay 0.25 s for it.
@functools.cache
def _dummy_hash() -> str:
    return bcrypt.hashpw(b"not-a-password", bcrypt.gensalt()).decode("ascii")
REFUSED_MESSAGE = ("sign-in refused: wrong username or password, or the account is locked after "
                   f"{MAX_FAILED_SIGN_INS} failed sign-ins in a row (for 15 minutes, or until an admin unlocks it)")
FAILED_SQL = "UPDATE staff_users SET failed_logins = ?, locked_until = ? WHERE username = ?"
SIGNED_IN_SQL = "UPDATE staff_users SET failed_logins = 0, locked_until = NULL WHERE username = ?"
DEMO_TABLE_SQL = """
CREATE TABLE IF NOT EXISTS demo_credentials (username VARCHAR PRIMARY KEY, password VARCHAR NOT NULL)"""
DEMO_CREDENTIALS_SQL = """
SELECT d.username, d.password, u.role FROM demo_credentials d JOIN staff_users u USING (username)
WHERE u.disabled_at IS NULL ORDER BY u.role, d.username"""


class SignInRefused(RefusedByRule):
    """Wrong password, unknown user, disabled or locked account (one message for all but lockout)."""


@dataclass(frozen=True)
class StaffUser:
    username: str
    display_name: str | None
    role: str
    nda_signed_on: date | None
    created_at: datetime
    disabled_at: datetime | None
    failed_logins: int
    locked_until: datetime | None
    email: str | None = None
    language: str | None = None
    sessions_valid_from: datetime | None = None  # sessions begun before this have ended

    def session_valid(self, signed_in_at: datetime | None) -> bool:
        """Whether a session begun at `signed_in_at` survives the account's changes since."""
        return self.sessions_valid_from is None or (signed_in_at is not None and signed_in_at >= self.sessions_valid_from)

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    def state(self, now: datetime) -> str:
        """'disabled', 'locked' (until its lock runs out) or 'active': one definition for the
        Users page and `user list`."""
        return "disabled" if self.disabled_at is not None else "locked" if self.locked(now) else "active"

    def as_actor(self) -> Actor:
        return Actor(self.username, self.role, nda_signed=self.nda_signed_on is not None)

    def as_json(self) -> dict:
        row = asdict(self)
        for key, value in row.items():
            if isinstance(value, (date, datetime)):
                row[key] = value.isoformat()
        return row


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def check_password(password: str, hashed: str) -> bool:
    return bcrypt.checkpw(password.encode("utf-8"), hashed.encode("ascii"))


def _validate(username: str, role: str, password: str | None) -> None:
    if not USERNAME_RE.fullmatch(username or ""):
        raise BadInput(f"username {username!r} must be 2-32 lowercase letters, digits, '.', '_' or '-', "
                       "starting with a letter", code="bad_username")
    if role not in ROLES:
        raise BadInput(f"role {role!r} is not one of {', '.join(ROLES)}", code="bad_choice", value=role)
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise BadInput(f"the password must be at least {MIN_PASSWORD_LENGTH} characters", code="short_password",
                       n=MIN_PASSWORD_LENGTH)


def staff_names(conn, usernames) -> dict[str, str]:
    """Each username's display name (the username itself when none is recorded), for pages that
    name who proposed or approved something."""
    usernames = sorted(set(usernames))
    rows = conn.execute("SELECT username, coalesce(display_name, username) FROM staff_users "
                        "WHERE username IN (SELECT unnest(?::VARCHAR[]))", [usernames]).fetchall() if usernames else []
    return {u: u for u in usernames} | dict(rows)


def get_user(conn, username: str) -> StaffUser | None:
    row = conn.execute(USER_SQL, [username]).fetchone()
    return StaffUser(*row) if row else None


def _existing(conn, username: str) -> StaffUser:
    user = get_user(conn, username)
    if user is None:
        raise NotFound(f"no staff account {username!r}", code="no_account", username=username)
    return user


def list_users(conn, actor: Actor) -> list[StaffUser]:
    require(actor, "manage_users")
    return [StaffUser(*row) for row in conn.execute(USERS_SQL).fetchall()]


def _contact(email: str | None, language: str | None) -> tuple[str | None, str | None]:
    if language is not None and language not in STAFF_LANGUAGES:
        raise BadInput(f"language {language!r} is not one of {', '.join(STAFF_LANGUAGES)}", code="bad_language")
    if not email:
        return None, language
    if (normal := validation.email(email)) is None:  # the one normal form: lower-case (section 9)
        raise BadInput(f"e-mail {email!r} is not an e-mail address", code="bad_email")
    return normal, language


def add_user(conn, actor: Actor, username: str, role: str, password: str, nda_signed_on: date | None = None,
             display_name: str | None = None, now: datetime | None = None, email: str | None = None,
             language: str | None = None) -> StaffUser:
    """Create a staff account; the password is stored only as a bcrypt hash."""
    require(actor, "manage_users")
    username = (username or "").strip().lower()
    _validate(username, role, password)
    email, language = _contact(email, language)
    now = now or utc_now()
    with transaction(conn):
        if get_user(conn, username):
            raise BadInput(f"a staff account {username!r} exists already", code="account_exists", username=username)
        conn.execute(INSERT_USER_SQL, [username, display_name, role, hash_password(password), nda_signed_on, now,
                                       email, language])
        write_audit(conn, actor.name, "user_added", {"username": username, "role": role,
                                                     "nda_recorded": nda_signed_on is not None}, at=now)
    return get_user(conn, username)


def _change(conn, actor: Actor, username: str, action: str, sql: str, params: list, details: dict,
            now: datetime | None = None) -> StaffUser:
    require(actor, "manage_users")
    with transaction(conn):
        _existing(conn, username)
        conn.execute(sql, params)
        write_audit(conn, actor.name, action, {"username": username, **details}, at=now)
    return get_user(conn, username)


def _session_cut(now: datetime | None) -> datetime:
    """When an account change ends the sessions begun before it: to the microsecond, so that a
    session begun in the same second, just before, ends too (audit times are whole seconds)."""
    return now or datetime.now(UTC).replace(tzinfo=None)


def disable_user(conn, actor: Actor, username: str, now: datetime | None = None) -> StaffUser:
    cut = _session_cut(now)
    now = now or utc_now()
    if username == actor.name:
        raise RefusedByRule("you cannot disable your own account; ask another admin", code="own_account_disable")
    return _change(conn, actor, username, "user_disabled",
                   "UPDATE staff_users SET disabled_at = coalesce(disabled_at, ?)" + END_SESSIONS + " WHERE username = ?",
                   [now, cut, username], {}, now)


def enable_user(conn, actor: Actor, username: str, now: datetime | None = None) -> StaffUser:
    return _change(conn, actor, username, "user_enabled",
                   "UPDATE staff_users SET disabled_at = NULL WHERE username = ?", [username], {}, now)


def unlock_user(conn, actor: Actor, username: str, now: datetime | None = None) -> StaffUser:
    return _change(conn, actor, username, "user_unlocked", SIGNED_IN_SQL, [username], {}, now)


def reset_password(conn, actor: Actor, username: str, password: str, now: datetime | None = None) -> StaffUser:
    """A new password (`user set-password`): the account's open sessions end at their next page run."""
    _validate(username, "admin", password)
    cut = _session_cut(now)
    return _change(conn, actor, username, "password_reset",
                   "UPDATE staff_users SET password_hash = ?, failed_logins = 0, locked_until = NULL" + END_SESSIONS
                   + " WHERE username = ?", [hash_password(password), cut, username], {}, now)


def set_role(conn, actor: Actor, username: str, role: str, now: datetime | None = None) -> StaffUser:
    _validate(username, role, None)
    if username == actor.name and role != "admin":
        raise RefusedByRule("you cannot take the admin role from yourself; ask another admin", code="own_admin_role")
    return _change(conn, actor, username, "role_changed",
                   "UPDATE staff_users SET role = ?" + END_SESSIONS + " WHERE username = ?",
                   [role, _session_cut(now), username], {"role": role}, now)


def record_nda(conn, actor: Actor, username: str, signed_on: date | None, now: datetime | None = None) -> StaffUser:
    return _change(conn, actor, username, "nda_recorded", "UPDATE staff_users SET nda_signed_on = ? WHERE username = ?",
                   [signed_on, username], {"nda_signed_on": signed_on.isoformat() if signed_on else None}, now)


def set_contact(conn, actor: Actor, username: str, email: str | None, language: str | None,
                now: datetime | None = None) -> StaffUser:
    """The account's e-mail address and language (the digest and the mails at once go there, in it);
    an empty address removes it. The audit entry says what changed, not the address."""
    email, language = _contact(email, language)
    before = _existing(conn, username)
    return _change(conn, actor, username, "contact_changed",
                   "UPDATE staff_users SET email = ?, language = ? WHERE username = ?", [email, language, username],
                   {"email_changed": email != before.email, "language": language}, now)


def record_failed_sign_in(conn, username: str, now: datetime | None = None) -> StaffUser | None:
    """Count a wrong password; the fifth in a row locks the account for 15 minutes. Audited."""
    now = now or utc_now()
    with transaction(conn):
        user = get_user(conn, username)
        if user is None:
            write_audit(conn, username or "-", "sign_in_failed", {"reason": "unknown_user"}, at=now)
            return None
        restart = user.locked_until is not None and user.locked_until <= now
        failures = (0 if restart else user.failed_logins) + 1
        locked_until = now + LOCKOUT if failures >= MAX_FAILED_SIGN_INS else None
        conn.execute(FAILED_SQL, [failures, locked_until, username])
        write_audit(conn, username, "sign_in_failed", {"reason": "wrong_password", "failures": failures}, at=now)
        if locked_until:
            write_audit(conn, username, "account_locked", {"until": locked_until.isoformat()}, at=now)
    return get_user(conn, username)


def record_refused_sign_in(conn, username: str, reason: str, now: datetime | None = None) -> None:
    with transaction(conn):
        write_audit(conn, username or "-", "sign_in_refused", {"reason": reason}, at=now)


def record_sign_in(conn, username: str, now: datetime | None = None) -> StaffUser:
    with transaction(conn):
        user = _existing(conn, username)
        conn.execute(SIGNED_IN_SQL, [username])
        write_audit(conn, username, "sign_in", {"role": user.role}, at=now)
    return get_user(conn, username)


def sign_in(conn, username: str, password: str, now: datetime | None = None) -> StaffUser:
    """Check a password against the store with the same counting as the dashboard's form. Every
    refusal (unknown name, wrong password, disabled or locked account) raises SignInRefused with
    one message, after one bcrypt check, so neither the words nor the time tell which it was."""
    now = now or utc_now()
    username = (username or "").strip().lower()
    user = get_user(conn, username)
    usable = user is not None and user.disabled_at is None and not user.locked(now)
    stored = conn.execute(HASH_SQL, [username]).fetchone()[0] if usable else _dummy_hash()
    right = check_password(password or "", stored) and usable
    if right:
        return record_sign_in(conn, username, now)
    if user is None:
        record_failed_sign_in(conn, username, now)
    elif user.locked(now):
        record_refused_sign_in(conn, username, "locked", now)
    elif user.disabled_at is not None:
        record_refused_sign_in(conn, username, "disabled", now)
    else:
        record_failed_sign_in(conn, username, now)
    raise SignInRefused(REFUSED_MESSAGE, code="sign_in_refused")


def record_sign_out(conn, username: str, now: datetime | None = None, session: str | None = None) -> None:
    """The end of a session, audited; `session` (the id its sign-in cookie carries) ends that
    cookie too: a browser that still holds it (its deletion never ran, or a copy was kept) is not
    signed back in by it (`session_ended`)."""
    with transaction(conn):
        write_audit(conn, username, "sign_out", {"session": session} if session else {}, at=now)


SESSION_ENDED_SQL = """
SELECT count(*) > 0 FROM audit_log
WHERE action = 'sign_out' AND actor = ? AND json_extract_string(details, '$.session') = ?"""


def session_ended(conn, username: str, session: str) -> bool:
    """Whether the session `session` of `username` was signed out (or ended by the dashboard)."""
    return conn.execute(SESSION_ENDED_SQL, [username, session]).fetchone()[0]


def active_user(conn, username: str, now: datetime | None = None,
                signed_in_at: datetime | None = None) -> StaffUser | None:
    """The account behind a session begun at `signed_in_at`, re-read from the store on every page
    run: None when it was disabled or locked meanwhile, or got a new password or role after the
    session began (the session ends)."""
    user = get_user(conn, username)
    now = now or utc_now()
    if user is None or user.disabled_at is not None or user.locked(now) or not user.session_valid(signed_in_at):
        return None
    return user


def create_demo_accounts(conn, now: datetime | None = None) -> dict[str, str]:
    """One account per role with a random password, for a demo store only. The passwords are
    kept in `demo_credentials` so the sign-in page of a demo store can show them."""
    conn.execute(DEMO_TABLE_SQL)
    system = Actor.system("demo")
    created = {}
    # A second manager, so that a large purge's four eyes (registry/retention/review.py) can be tried.
    for username, role, display_name in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(DEMO_PASSWORD_BYTES)
        add_user(conn, system, username, role, password, nda_signed_on=date(2026, 1, 2),
                 display_name=display_name, now=now)
        conn.execute("INSERT INTO demo_credentials VALUES (?, ?)", [username, password])
        created[username] = password
    return created


def demo_credentials(conn) -> list[tuple[str, str, str]]:
    """(username, password, role) of a demo store's accounts; empty for a real store."""
    exists = conn.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'demo_credentials' "
                          "AND database_name = current_database()").fetchone()[0]
    return conn.execute(DEMO_CREDENTIALS_SQL).fetchall() if exists else []
