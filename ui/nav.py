"""Which pages a signed-in user gets: st.navigation is built from the role, so a page a role
may not open does not exist for its session; and the sidebar's notice of a purge proposal that
awaits the signed-in manager's decision."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from registry.access import may
from registry.clock import finnish_today
from registry.store.db import connect
from registry.errors import RegistryError
from registry.retention.review import proposals_awaiting
from ui.i18n import t


@dataclass(frozen=True)
class PageSpec:
    key: str
    path: str
    icon: str
    permission: str | None  # None: every signed-in user


PAGES = (
    PageSpec("overview", "pages/overview_page.py", ":material/dashboard:", None),
    PageSpec("customers", "pages/customers_page.py", ":material/person_search:", "view_personal_data"),
    PageSpec("due", "pages/due_for_purge.py", ":material/auto_delete:", "purge"),
    PageSpec("requests", "pages/requests_page.py", ":material/inbox:", "record_request"),
    PageSpec("import", "pages/import_page.py", ":material/upload_file:", "import_data"),
    PageSpec("statistics", "pages/statistics_page.py", ":material/bar_chart:", "read_statistics"),
    PageSpec("audit", "pages/audit_trail.py", ":material/policy:", "read_audit"),
    PageSpec("users", "pages/users_page.py", ":material/manage_accounts:", "manage_users"),
    PageSpec("settings", "pages/settings_page.py", ":material/settings:", "manage_settings"),
    PageSpec("backups", "pages/backups_page.py", ":material/backup:", "take_backup"),
)


def may_open(user, path: str) -> bool:
    """Whether the user's role may open the page at `path` (the one page-to-permission map: PAGES)."""
    return allowed(user, next(spec.permission for spec in PAGES if spec.path == path))


def allowed(user, permission: str | None) -> bool:
    return permission is None or may(user.as_actor(), permission)


def page_keys_for(user) -> list[str]:
    return [spec.key for spec in PAGES if allowed(user, spec.permission)]


def pages_for(user) -> list:
    """The role's pages, and each other page's address as a hidden page that says the role may
    not open it: an address typed, bookmarked or reloaded is never Streamlit's English "page not
    found" dialog over the Overview."""
    # url_path differs from each file's name on purpose: AppTest otherwise takes a page of
    # pages/ for an old-style page and runs it without Home.py (no sign-in check, no sidebar).
    return [st.Page(spec.path, title=t(f"page.{spec.key}"), icon=spec.icon, url_path=spec.key,
                    default=spec.key == "overview") if allowed(user, spec.permission)
            else st.Page(_not_for_role, title=t(f"page.{spec.key}"), url_path=spec.key, visibility="hidden")
            for spec in PAGES]


def _not_for_role() -> None:
    st.error(t("auth.not_allowed"))


def proposals_notice(user, pages: list) -> None:
    """For a manager whom another manager's purge proposal awaits: a short notice in the sidebar
    with a link that opens the (oldest) proposal's approval on Due for purge. Drawn on every page."""
    due = next((page for page in pages if page.url_path == "due"), None)
    if due is None or not allowed(user, "purge"):
        return
    try:
        with connect() as conn:
            awaiting = proposals_awaiting(conn, user.as_actor(), finnish_today())
    except RegistryError:
        return  # the page itself says what is wrong with the store
    if not awaiting.for_you:
        return
    st.info(t("nav.proposals_waiting", n=len(awaiting.for_you)), icon=":material/group:")
    st.page_link(due, label=t("due.open_proposal"), icon=":material/fact_check:",
                 query_params={"proposal": awaiting.for_you[0]})


def no_pages() -> None:
    """Before sign-in: a navigation of no visible page, so that Streamlit lists none of pages/
    (it lists the folder's raw file names when a run builds no navigation). Every page's address
    is there, hidden, showing the sign-in form: a browser that opens or reloads /due, and that
    the form or its cookie then signs in, stays on Due for purge (an address unknown to this run
    was Streamlit's "page not found" dialog and the Overview)."""
    st.navigation([st.Page(_signing_in, title=t("auth.sign_in"), url_path="sign-in", default=True)]
                  + [st.Page(_signing_in, title=t(f"page.{spec.key}"), url_path=spec.key, visibility="hidden")
                     for spec in PAGES], position="hidden")


def _signing_in() -> None:
    """The only page before sign-in: Home.py shows the form itself."""
