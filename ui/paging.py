"""Keyset paging for page lists: the cursors of the pages seen so far live in session state;
the registry query takes the last one and returns the next (None on the last page)."""

from __future__ import annotations

import streamlit as st

from ui.i18n import t


def cursor(name: str, first=0):
    """The cursor of the page to show now (`first` until the user pages on)."""
    return st.session_state.setdefault(name, [first])[-1]


def reset(name: str, first=0) -> None:
    st.session_state[name] = [first]


def pager(name: str, next_cursor, next_label: str = "paging.next", first=0) -> None:
    """First-page / next-page buttons and the page number, under a list."""
    stack = st.session_state.setdefault(name, [first])
    left, middle, right = st.columns([1, 1, 4])
    if left.button(t("paging.first"), disabled=len(stack) == 1, key=f"{name}_first"):
        reset(name, first)
        st.rerun()
    if middle.button(t(next_label), disabled=next_cursor is None, key=f"{name}_next"):
        stack.append(next_cursor)
        st.rerun()
    right.caption(t("paging.page", n=len(stack)))
