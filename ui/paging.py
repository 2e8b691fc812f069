"""Keyset paging for page lists: the cursors of the pages seen so far live in session state;
the registry query takes the last one and returns the next (None on the last page)."""

from __future__ import annotations

import streamlit as st

from ui.i18n import fmt_int, t


def cursor(name: str, first=0):
    """The cursor of the page to show now (`first` until the user pages on)."""
    return st.session_state.setdefault(name, [first])[-1]


def reset(name: str, first=0) -> None:
    st.session_state[name] = [first]


def _back(name: str) -> None:
    stack = st.session_state[name]
    if len(stack) > 1:
        stack.pop()


def _forward(name: str, next_cursor) -> None:
    st.session_state[name].append(next_cursor)


def position(page: int, shown: int | None = None, page_size: int | None = None, total: int | None = None) -> str:
    """"Sivu 2 / 14 · rivit 51–100 / 690": as much as is known (keyset pages rarely know a total)."""
    pages = -(-total // page_size) if total is not None and page_size else None
    text = t("paging.of_pages", n=page, pages=max(pages, 1)) if pages is not None else t("paging.page", n=page)
    if shown and page_size:
        first = (page - 1) * page_size + 1
        last = first + shown - 1
        rows = (t("paging.rows_of", first=fmt_int(first), last=fmt_int(last), total=fmt_int(total))
                if total is not None else t("paging.rows", first=fmt_int(first), last=fmt_int(last)))
        text = f"{text} · {rows}"
    return text


def pager(name: str, next_cursor, next_label: str = "paging.next", first=0, *, previous_label: str = "paging.previous",
          shown: int | None = None, page_size: int | None = None, total: int | None = None) -> None:
    """Under a list, on one row: previous · "Sivu 2 / 14 · rivit 51–100" · next.
    `shown` (rows on this page), `page_size` and `total` add the row range and page count when given."""
    stack = st.session_state.setdefault(name, [first])
    back, middle, forward = st.columns([1, 2, 1], vertical_alignment="center")
    back.button(t(previous_label), disabled=len(stack) == 1, key=f"{name}_previous", on_click=_back, args=(name,),
                icon=":material/chevron_left:")
    middle.caption(position(len(stack), shown, page_size, total), text_alignment="center")
    with forward.container(horizontal=True, horizontal_alignment="right"):
        st.button(t(next_label), disabled=next_cursor is None, key=f"{name}_next", on_click=_forward,
                  args=(name, next_cursor), icon=":material/chevron_right:", icon_position="right")
