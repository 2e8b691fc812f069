"""Sign-in, sessions and the page guard.

streamlit-authenticator carries the session: its signed cookie (JWT, key from secrets.toml)
signs a returning browser back in, and its logout ends the session. The password check,
the lockout after five failures, disabled accounts and the audit trail are the register's
own (`registry.users`), because the authenticator's form does not tell us which username was
typed and keeps its failure count in memory only. A sign-in is audited once, when the password
is checked; a reload or a new tab that the cookie signs back in writes no entry.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities import LoginError

from registry import users
from registry.access import may
from registry.audit import utc_now
from registry.db import connect
from registry.errors import RegistryError
from ui.feedback import error_text
from ui.i18n import t
from ui.secrets import cookie_key

COOKIE_NAME = "registry_session"
USERNAME_KEY, PASSWORD_KEY = "sign_in_username", "sign_in_password"  # the form's widgets, one identity on every run
FEEDBACK_KEY = "sign_in_feedback"  # the answer to the last attempt: (kind, text key or RegistryError)
COOKIE_DAYS = 0.5  # the cookie signs a browser back in for 12 hours at most
IDLE_LIMIT = timedelta(minutes=30)  # a session unused this long ends


def make_authenticator(credentials: dict) -> stauth.Authenticate | None:
    """The authenticator for this run, or None before sign-in in a browser without our cookie.

    One per run, before st.navigation (a second one raises a duplicate-key error). Making one
    draws the authenticator's cookie component, whose report asks for a second run; a submit of
    the sign-in form sent before that run was lost to it (the form came back empty, nobody signed
    in: six browsers on a fresh server, one each time). So the sign-in page of a browser without
    the cookie, or of a session that signed out, has no component and runs once; the sign-in
    itself happens in the form's callback, before any run can be replaced."""
    # A cookie is text (AppTest's stand-in client answers any name with a mock).
    returning = isinstance(st.context.cookies.get(COOKIE_NAME), str) and not st.session_state.get("logout")
    if not (st.session_state.get("authentication_status") or returning):
        return None
    return stauth.Authenticate(credentials, COOKIE_NAME, cookie_key(), COOKIE_DAYS, auto_hash=False,
                               login_sleep_time=0.2)


def _clear_session() -> None:
    for key in ("user", "last_seen", "signed_in_at", "cookie_due"):
        st.session_state.pop(key, None)
    st.session_state["authentication_status"] = None
    st.session_state["username"] = None
    st.session_state["name"] = None


def sign_out(authenticator: stauth.Authenticate, notice: str) -> None:
    """End the session: audit it, drop the cookie, clear the state; the sign-in form follows."""
    username = st.session_state.get("username")
    if username:
        try:
            with connect() as conn:
                users.record_sign_out(conn, username)
        except RegistryError:
            pass  # the session ends even when the store is busy
    try:
        authenticator.logout(location="unrendered")
    except Exception:  # noqa: BLE001 - already signed out by the authenticator
        pass
    _clear_session()
    st.session_state["notice"] = notice


def sign_out_button() -> bool:
    """The sidebar's sign-out button, shown while a session is signed in; True when clicked."""
    return bool(st.session_state.get("authentication_status")) and st.sidebar.button(t("auth.sign_out"),
                                                                                       key="sign_out")


def current_user(authenticator: stauth.Authenticate | None, signing_out: bool = False,
                 now: datetime | None = None) -> users.StaffUser | None:
    """The signed-in account for this run, re-read from the store (disabled or locked meanwhile
    ends the session), or None. Signs a browser with a valid cookie back in, and gives a browser
    the form has just signed in its cookie."""
    now = now or utc_now()
    if authenticator is None:
        return None
    if signing_out:
        sign_out(authenticator, t("auth.signed_out"))
        return None
    try:
        authenticator.login(location="unrendered")
    except LoginError:  # a cookie of an account that was disabled meanwhile
        sign_out(authenticator, t("auth.session_ended"))
        return None
    username = st.session_state.get("username") if st.session_state.get("authentication_status") else None
    if not username:
        return None
    last_seen = st.session_state.get("last_seen")
    if last_seen and now - last_seen > IDLE_LIMIT:
        sign_out(authenticator, t("auth.expired"))
        return None
    if "signed_in_at" not in st.session_state:  # signed back in by the cookie: when was it issued?
        st.session_state["signed_in_at"] = _cookie_issued_at(authenticator)
    # No audit entry here: a sign-in is the password checked (`users.sign_in`, audited once); a
    # reload or a new tab that the signed cookie lets back in is the same sign-in going on.
    with connect() as conn:
        user = users.active_user(conn, username, now, st.session_state["signed_in_at"])
    if user is None:
        sign_out(authenticator, t("auth.session_ended"))
        return None
    if st.session_state.get("cookie_due"):  # in a run that goes on to the pages: upstream issue #272
        authenticator.cookie_controller.set_cookie()
        del st.session_state["cookie_due"]
    st.session_state["user"] = user
    st.session_state["last_seen"] = now
    return user


def _cookie_issued_at(authenticator: stauth.Authenticate) -> datetime | None:
    """When the sign-in cookie this browser came back with was issued (its expiry less its
    lifetime), as naive UTC; None when unknown (then any later account change ends the session)."""
    try:
        token = authenticator.cookie_controller.get_cookie()
    except Exception:  # noqa: BLE001 - no cookie context (e.g. a test session): unknown
        return None
    if not token or "exp_date" not in token:
        return None
    return datetime.fromtimestamp(token["exp_date"], UTC).replace(tzinfo=None) - timedelta(days=COOKIE_DAYS)


def _check_sign_in() -> None:
    """The form's callback: Streamlit runs it before the script, so the attempt is made even when
    a rerun asked for meanwhile takes the place of the submit's run. Its outcome waits in the
    session: the user signed in, or the feedback shown under the form."""
    username = st.session_state.get(USERNAME_KEY) or ""
    password = st.session_state.get(PASSWORD_KEY) or ""
    st.session_state[PASSWORD_KEY] = ""  # a password is never kept in the session
    st.session_state.pop("notice", None)
    if not username.strip() or not password:
        # Not an attempt: nothing is checked or counted, so a stray click never brings a lockout nearer.
        st.session_state[FEEDBACK_KEY] = ("warning", "auth.fill_both")
        return
    try:
        with connect() as conn:
            user = users.sign_in(conn, username, password)
    except users.SignInRefused:
        # One answer for an unknown name, a wrong password, a locked account.
        st.session_state[FEEDBACK_KEY] = ("error", "auth.refused")
        return
    except RegistryError as err:
        st.session_state[FEEDBACK_KEY] = ("error", err)
        return
    st.session_state.pop(FEEDBACK_KEY, None)
    st.session_state.update({"authentication_status": True, "username": user.username,
                             "name": user.display_name or user.username, "logout": False,
                             "user": user, "last_seen": utc_now(), "cookie_due": True,
                             "signed_in_at": datetime.now(UTC).replace(tzinfo=None)})  # to the microsecond


def _feedback_text(feedback) -> str:
    return error_text(feedback) if isinstance(feedback, RegistryError) else t(feedback)


def sign_in_form(demo_accounts: list) -> None:
    """The sign-in form; the attempt is `_check_sign_in`. Every element has its place whether or
    not a notice or an answer is shown (an empty container holds it), so that no redraw moves
    the form and loses what was typed; the answer to an attempt is right under the form."""
    st.title(t("app.title"))
    notice_place = st.container()  # kept until the form is sent: a notice popped by a run nobody saw is lost
    if notice := st.session_state.get("notice"):
        notice_place.info(notice)
    with st.form("sign_in"):
        st.subheader(t("auth.sign_in"))
        st.text_input(t("auth.username"), key=USERNAME_KEY, autocomplete="username")
        st.text_input(t("auth.password"), type="password", key=PASSWORD_KEY, autocomplete="current-password")
        st.form_submit_button(t("auth.sign_in_button"), type="primary", key="sign_in_submit",
                              on_click=_check_sign_in)
    answer_place = st.container()
    if feedback := st.session_state.get(FEEDBACK_KEY):
        kind, what = feedback
        (answer_place.warning if kind == "warning" else answer_place.error)(_feedback_text(what))
    if demo_accounts:
        with st.expander(t("auth.demo_accounts"), expanded=True):
            st.caption(t("auth.demo_accounts_help"))
            st.table([{t("auth.username"): u, t("auth.password"): p, t("users.role"): t(f"role.{r}")}
                      for u, p, r in demo_accounts])


def page_user(permission: str | None = None) -> users.StaffUser:
    """At the top of every page: the signed-in user, checked for `permission`; a page reached
    without it shows an error and stops (the registry would refuse anyway)."""
    user = st.session_state.get("user")
    if user is None:
        st.error(t("auth.not_signed_in"))
        st.stop()
    if permission and not may(user.as_actor(), permission):
        st.error(t("auth.not_allowed"))
        st.stop()
    return user
