"""Issue #4 leftovers as users see them: the audit trail in words, paging on one row, and the
requests page's decisions in tabs with 'carry out' first."""

import re

import pytest

from registry import users

from registry.store import db
from registry.audit import write_audit
from registry.requests.register import CLOSING_STATUSES
from tests.conftest import PROJECT_ROOT
from tests.pages.conftest import signed_in
from ui.i18n import ENTRIES

AUDIT_LITERAL = re.compile(r"""write_audit\(\s*(?:conn|c),[^,]+,\s*f?"([a-z_{}]+)\"""")
CHANGE_LITERAL = re.compile(r"""_change\(\s*conn,\s*actor,\s*username,\s*"([a-z_]+)\"""")


def written_actions() -> set[str]:
    """Every action name registry/ writes to the audit trail, read from its source."""
    found = set()
    for path in (PROJECT_ROOT / "registry").rglob("*.py"):
        source = path.read_text()
        found |= set(AUDIT_LITERAL.findall(source)) | set(CHANGE_LITERAL.findall(source))
    found.discard("action")  # users._change passes its own argument on
    return {a.replace("{status}", s) for a in found for s in (CLOSING_STATUSES if "{status}" in a else [""])}


def test_every_audited_action_has_a_phrase_in_both_languages():
    actions = written_actions()
    assert {"purge", "sign_in", "sign_in_failed", "account_locked", "view_record", "request_recorded",
            "request_completed", "user_disabled", "demo_created", "backup_taken", "restore"} <= actions
    assert sorted(a for a in actions if f"audit.action.{a}" not in ENTRIES) == []


def table(at):
    return at.dataframe[0].value


@pytest.mark.parametrize("lang, action_col, details_col, signed_in_phrase, failed_phrase, wrong_password", [
    ("fi", "Toimenpide", "Tiedot", "Kirjautui sisään", "Kirjautuminen epäonnistui", "syy: väärä salasana"),
    ("en", "Action", "Details", "Signed in", "Sign-in failed", "reason: wrong password"),
])
def test_the_audit_trail_shows_actions_and_details_in_words(app_store, lang, action_col, details_col,
                                                            signed_in_phrase, failed_phrase, wrong_password):
    with db.connect(app_store) as conn:
        users.record_sign_in(conn, "demo-staff")
        users.record_failed_sign_in(conn, "demo-staff")
        ids = [r[0] for r in conn.execute("SELECT id FROM customers ORDER BY id LIMIT 30").fetchall()]
        write_audit(conn, "demo-manager", "purge", {"customer_ids": ids, "counts": {"persons_purged": 30},
                                                    "today": "2026-03-01", "role": "manager"})
    at = signed_in("demo-auditor", "pages/audit_trail.py", lang=lang)
    shown = table(at)
    assert {signed_in_phrase, failed_phrase} <= set(shown[action_col])
    assert not set(shown[action_col]) & {"sign_in", "sign_in_failed", "purge", "user_added"}
    details = "\n".join(shown[details_col])
    assert "{" not in details and "}" not in details and '"' not in details
    assert wrong_password in details
    code_col = "Koodi" if lang == "fi" else "Code"
    purge_details = shown[shown[code_col] == "purge"][details_col].iloc[0]
    assert ", ".join(map(str, ids[:20])) in purge_details  # ids stay ids
    assert ("1.3.2026" if lang == "fi" else "2026-03-01") in purge_details
    assert signed_in_phrase in at.selectbox(key="audit_what").options  # the filter speaks the same words


def test_the_action_filter_still_filters_by_the_action(app_store):
    with db.connect(app_store) as conn:
        users.record_sign_in(conn, "demo-staff")
        users.record_failed_sign_in(conn, "demo-staff")
    at = signed_in("demo-auditor", "pages/audit_trail.py")
    at.selectbox(key="audit_what").select("sign_in_failed").run()
    shown = table(at)
    assert set(shown["Toimenpide"]) == {"Kirjautuminen epäonnistui"}
    assert set(shown["Koodi"]) == {"sign_in_failed"}


def test_an_unknown_action_shows_as_its_name_without_an_error(app_store):
    with db.connect(app_store) as conn:
        write_audit(conn, "someone", "brand_new_action", {"widget_id": 7, "parts": [1, 2]})
    at = signed_in("demo-auditor", "pages/audit_trail.py")
    assert not at.exception
    shown = table(at)
    row = shown[shown["Koodi"] == "brand_new_action"].iloc[0]
    assert row["Toimenpide"] == "brand_new_action" and row["Tiedot"] == "widget_id: 7 · parts: 1, 2"


def pager_row(at, name: str):
    """The row (a block of columns) that holds the pager's buttons, and its caption."""
    for block in at.main.children.values():
        keys = {getattr(e, "key", None) for col in getattr(block, "children", {}).values()
                for e in _leaves(col)}
        if {f"{name}_previous", f"{name}_next"} <= keys:
            captions = [e.value for col in block.children.values() for e in _leaves(col) if e.type == "caption"]
            return block, captions
    raise AssertionError(f"no row holds both buttons of {name}")


def _leaves(node):
    children = getattr(node, "children", None)
    if not children:
        return [node]
    return [leaf for child in children.values() for leaf in _leaves(child)]


@pytest.mark.parametrize("lang, first, second", [("fi", "Sivu 1 · rivit 1–25", "Sivu 2 · rivit 26–50"),
                                                  ("en", "Page 1 · rows 1–25", "Page 2 · rows 26–50")])
def test_paging_shows_the_page_between_its_buttons_on_one_row(app_store, lang, first, second):
    at = signed_in("demo-manager", "pages/customers_page.py", lang=lang)
    _, captions = pager_row(at, "cust_after")
    assert captions == [first]
    assert at.button(key="cust_after_previous").disabled and not at.button(key="cust_after_next").disabled
    at.button(key="cust_after_next").click().run()
    _, captions = pager_row(at, "cust_after")
    assert captions == [second]
    assert list(table(at)["Tunnus" if lang == "fi" else "Id"])[0] == 26
    at.button(key="cust_after_previous").click().run()
    assert pager_row(at, "cust_after")[1] == [first]


def test_the_due_list_pager_knows_its_total(app_store):
    at = signed_in("demo-manager", "pages/due_for_purge.py")
    total = sum(int(m.value) for m in at.metric[:2])
    assert 0 < total <= 50
    assert pager_row(at, "due_after")[1] == [f"Sivu 1 / 1 · rivit 1–{total} / {total}"]


def test_a_managers_decisions_are_tabs_with_carry_out_first(app_store):
    at = signed_in("demo-manager", "pages/requests_page.py")
    assert [tab.label for tab in at.tabs] == ["Toteuta", "Jatka määräaikaa", "Epää", "Sulje"]
    assert [b.label for b in at.tabs[0].button] == ["Esikatsele kirje"]  # the letter first, then carry out
    assert "Sivu 1 / 1" in pager_row(at, "req_cursor")[1][0]
