"""Sign-in, sessions and the page guard.

The session is carried by streamlit-authenticator's signed cookie (a JWT of its shape, key from
secrets.toml, plus the session's id), written and deleted in the browser by the cookie frontend it
brings (extra-streamlit-components), and signs a returning browser back in. A sign-out ends the
cookie in the store as well (`users.session_ended`), so it holds even when the browser never ran
the deletion. The password check,
the lockout after five failures, disabled accounts and the audit trail are the register's
own (`registry.users`), because the authenticator's form does not tell us which username was
typed and keeps its failure count in memory only. A sign-in is audited once, when the password
is checked; a reload or a new tab that the cookie signs back in writes no entry.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import extra_streamlit_components
import jwt
import streamlit as st
import streamlit.components.v1 as components

from registry import users
from registry.access import may
from registry.audit import utc_now
from registry.store.db import connect
from registry.errors import RegistryError
from ui.feedback import error_text
from ui.i18n import t
from ui.secrets import cookie_key

COOKIE_NAME = "registry_session"
USERNAME_KEY, PASSWORD_KEY = "sign_in_username", "sign_in_password"  # the form's widgets, one identity on every run
FEEDBACK_KEY = "sign_in_feedback"  # the answer to the last attempt: (kind, text key or RegistryError)
COOKIE_DAYS = 0.5  # the cookie signs a browser back in for 12 hours at most
IDLE_LIMIT = timedelta(minutes=30)  # a session unused this long ends


# The cookie frontend of extra-streamlit-components (streamlit-authenticator's own cookie manager),
# drawn directly: the authenticator's CookieManager also draws a component that reads every cookie,
# whose report asks for a run more (a reload of /due came back on the Overview), and it draws the
# write or the deletion once, in one run: the next run removed it, and under load (six sign-ins at
# once, CI) before its frame had loaded, so the cookie was never written, or never deleted.
_COOKIE_FRONTEND = components.declare_component(
    "cookie_manager", path=str(Path(extra_streamlit_components.__file__).parent / "CookieManager" / "frontend" / "build"))
COOKIE_TO_WRITE, COOKIE_TO_DELETE = "cookie_to_write", "cookie_to_delete"  # what the browser has yet to do


def _new_cookie(username: str) -> dict:
    """A sign-in cookie for a new session: streamlit-authenticator's token (username, exp_date)
    with the session's id, which a sign-out ends."""
    session = secrets.token_urlsafe(12)
    expires = datetime.now(UTC) + timedelta(days=COOKIE_DAYS)
    token = jwt.encode({"username": username, "exp_date": expires.timestamp(), "session": session},
                       cookie_key(), algorithm="HS256")
    return {"session": session, "token": token, "expires": expires.isoformat()}


def _cookie_token() -> dict | None:
    """The signed sign-in cookie this browser came back with, checked as streamlit-authenticator
    checks it (HS256 with our key, not expired); None without a valid one or after a sign-out."""
    raw = st.context.cookies.get(COOKIE_NAME)
    if not isinstance(raw, str) or st.session_state.get("logout"):  # AppTest answers any name with a mock
        return None
    try:
        token = jwt.decode(raw, cookie_key(), algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    if (not isinstance(token, dict) or not token.get("username") or not isinstance(token.get("session"), str)
            or not isinstance(token.get("exp_date"), int | float)):
        return None  # also a cookie of an earlier version, without a session id: signed in again
    return token if token["exp_date"] > datetime.now(UTC).timestamp() else None


def _clear_session() -> None:
    for key in ("user", "last_seen", "signed_in_at", "session_id", COOKIE_TO_WRITE):
        st.session_state.pop(key, None)
    st.session_state["authentication_status"] = None
    st.session_state["username"] = None
    st.session_state["name"] = None


def sign_out(notice: str) -> None:
    """End the session: audit it (which ends its cookie in the store), have the browser delete the
    cookie, clear the state; the sign-in form follows."""
    username, session = st.session_state.get("username"), st.session_state.get("session_id")
    if username:
        try:
            with connect() as conn:
                users.record_sign_out(conn, username, session=session)
        except RegistryError:
            pass  # the session ends even when the store is busy
    _clear_session()
    st.session_state[COOKIE_TO_DELETE] = session or "cookie"
    st.session_state["logout"] = True  # this session's request still carries the cookie: it is not read again
    st.session_state["notice"] = notice


SIGN_OUT_KEY = "sign_out"


def sign_out_button() -> None:
    """The sign-out button, drawn once the run knows who is signed in (a browser the cookie signs
    back in is known only then); `signing_out` reads its click in the next run."""
    st.button(t("auth.sign_out"), key=SIGN_OUT_KEY)


def signing_out() -> bool:
    """True in the run a click on the sign-out button started, before the button is drawn again."""
    return bool(st.session_state.get(SIGN_OUT_KEY)) and bool(st.session_state.get("authentication_status"))


def current_user(signing_out: bool = False, now: datetime | None = None) -> users.StaffUser | None:
    """The signed-in account for this run, re-read from the store (disabled or locked meanwhile
    ends the session), or None. Signs a browser with a valid cookie back in, and gives a browser
    the form has just signed in its cookie."""
    now = now or utc_now()
    if signing_out:
        sign_out(t("auth.signed_out"))
        return None
    if not st.session_state.get("authentication_status"):
        token = _cookie_token()
        if token is None:
            return None
        with connect() as conn:
            ended = users.session_ended(conn, token["username"], token["session"])
        if ended:  # signed out, but the browser kept the cookie: it is deleted now
            st.session_state["logout"] = True
            st.session_state[COOKIE_TO_DELETE] = token["session"]
            return None
        # Signed back in by the cookie: no audit entry (a sign-in is the password checked,
        # `users.sign_in`, audited once; a reload or a new tab is the same sign-in going on).
        st.session_state.update({"authentication_status": True, "username": token["username"],
                                 "name": token["username"], "logout": False, "session_id": token["session"],
                                 "signed_in_at": _issued_at(token)})
    username = st.session_state.get("username")
    if not username:
        return None
    last_seen = st.session_state.get("last_seen")
    if last_seen and now - last_seen > IDLE_LIMIT:
        sign_out(t("auth.expired"))
        return None
    with connect() as conn:
        user = users.active_user(conn, username, now, st.session_state.get("signed_in_at"))
    if user is None:  # disabled, locked or changed since the cookie was issued
        sign_out(t("auth.session_ended"))
        return None
    st.session_state["user"] = user
    st.session_state["last_seen"] = now
    return user


def cookie_work() -> None:
    """Have the browser write the sign-in cookie of a session the form has just begun, or delete
    the cookie of one that ended: drawn last in the sidebar in every run until the browser has
    reported it done (upstream issue #272), and not in the run that report asks for. Drawn once,
    as the authenticator draws it, the next run removed it, on a loaded machine before its frame
    had loaded: the cookie was never written (a reload met the sign-in form) or never deleted.
    Last in the sidebar it moves no element of this run or the next (at the top of the page the
    Overview's backup warning showed twice)."""
    if pending := st.session_state.get(COOKIE_TO_WRITE):
        key = f"cookie_written_{pending['session']}"
        if st.session_state.get(key):
            st.session_state.pop(COOKIE_TO_WRITE, None)
        else:
            _COOKIE_FRONTEND(method="set", cookie=COOKIE_NAME, value=pending["token"], key=key, default=False,
                             options={"path": "/", "expires": pending["expires"], "sameSite": "strict"})
    if session := st.session_state.get(COOKIE_TO_DELETE):
        key = f"cookie_deleted_{session}"
        if st.session_state.get(key):
            st.session_state.pop(COOKIE_TO_DELETE, None)
        else:
            _COOKIE_FRONTEND(method="delete", cookie=COOKIE_NAME, key=key, default=False)


def _issued_at(token: dict) -> datetime:
    """When a sign-in cookie was issued (its expiry less its lifetime), as naive UTC."""
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
    cookie = _new_cookie(user.username)
    st.session_state.pop(COOKIE_TO_DELETE, None)  # a new cookie replaces the one still to be deleted
    st.session_state.update({"authentication_status": True, "username": user.username,
                             "name": user.display_name or user.username, "logout": False,
                             "user": user, "last_seen": utc_now(), "session_id": cookie["session"],
                             COOKIE_TO_WRITE: cookie,
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
