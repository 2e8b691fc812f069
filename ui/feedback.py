"""Running one registry action from a page and telling its outcome on the next run."""

from __future__ import annotations

import streamlit as st

from registry.db import connect
from registry.errors import RegistryError

NOTICE_KEY = "page_notice"


def tell(kind: str, text: str) -> None:
    """Show `text` as a success or an error at the top of the page's next run."""
    st.session_state[NOTICE_KEY] = (kind, text)


def show_notice() -> None:
    if notice := st.session_state.pop(NOTICE_KEY, None):
        (st.success if notice[0] == "success" else st.error)(notice[1])


def act(actor, action, *args, done: str, **kwargs) -> None:
    """Run `action(conn, actor, *args, **kwargs)` in its own unit of work; a RegistryError
    becomes the error shown, success shows `done`."""
    try:
        with connect() as conn:
            action(conn, actor, *args, **kwargs)
        tell("success", done)
    except RegistryError as err:
        tell("error", str(err))
