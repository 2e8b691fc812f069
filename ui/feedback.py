"""Running one registry action from a page and telling its outcome on the next run."""

from __future__ import annotations

from contextlib import contextmanager

import streamlit as st

from registry.errors import RegistryError
from registry.notify import notify_approvers
from registry.store.db import connect
from registry.users import staff_names
from ui.i18n import CATALOGUES, COUNT, fmt_date, fmt_int, language, t

NOTICE_KEY = "page_notice"


def error_text(err: RegistryError) -> str:
    """A registry error in the session's language: its code's sentence with its parameters (dates
    and numbers written as the language writes them). An error without a translated code keeps
    the registry's own words inside a sentence of the session's language. A count stays a number:
    t() chooses the sentence's form by it, and writes it."""
    if err.code and f"err.{err.code}" in CATALOGUES[language()]:
        values = {k: fmt_date(v) if hasattr(v, "isoformat") else v if k == COUNT
                  else fmt_int(v) if isinstance(v, int) else v for k, v in err.params.items()}
        return t(f"err.{err.code}", **values)
    return t("err.unexpected", detail=str(err))


@contextmanager
def stop_on_error():
    """Around a page's reading: a RegistryError is shown in the session's language and the page
    stops there (the one place pages say so)."""
    try:
        yield
    except RegistryError as err:
        st.error(error_text(err))
        st.stop()


def tell(kind: str, text: str) -> None:
    """Show `text` as a success or an error at the top of the page's next run."""
    st.session_state[NOTICE_KEY] = (kind, text)


def show_notice() -> None:
    if notice := st.session_state.pop(NOTICE_KEY, None):
        {"success": st.success, "info": st.info, "warning": st.warning}.get(notice[0], st.error)(notice[1])


def mailed(notified) -> tuple[str, str] | None:
    """What the proposer is told of the mail to the other managers (registry.notify.Notified):
    ("success", whom it reached) or ("warning", whom it did not and why); None when mail is not set
    up or there was nobody to mail. The proposal stands either way."""
    if not notified.set_up or not (notified.mailed or notified.failed):
        return None
    with connect() as conn:
        names = staff_names(conn, [*notified.mailed, *(u for u, _ in notified.failed)])
    if notified.failed:
        return "warning", t("mail.approvers_failed", who=", ".join(names.get(u, u) for u, _ in notified.failed),
                            why=notified.failed[0][1])
    return "success", t("mail.approvers_mailed", who=", ".join(names.get(u, u) for u in notified.mailed))


def act_and_mail(actor, action, *args, done: str, mail_kind: str, ref_id: int, **kwargs) -> None:
    """`act`, then mail the other managers that the proposal awaits them (after the proposal is
    saved and the store closed: a mail never undoes or holds up a proposal)."""
    if not act(actor, action, *args, done=done, **kwargs):
        return
    if note := mailed(notify_approvers(connect, actor, mail_kind, ref_id)):
        tell(note[0], f"{done} {note[1]}")


def act(actor, action, *args, done: str, **kwargs) -> bool:
    """Run `action(conn, actor, *args, **kwargs)` in its own unit of work; a RegistryError
    becomes the error shown, success shows `done`. True when it was done."""
    try:
        with connect() as conn:
            action(conn, actor, *args, **kwargs)
    except RegistryError as err:
        tell("error", error_text(err))
        return False
    tell("success", done)
    return True
