"""Finnish and English: every key the pages use exists in both catalogues; no texts missing."""

import ast
import re
from datetime import timedelta

import pytest

from registry.clock import finnish_today
from tests.conftest import PROJECT_ROOT
from tests.pages.conftest import signed_in
from ui.i18n import CATALOGUES, ENTRIES, _assembled

TEXT_MODULES = sorted((PROJECT_ROOT / "ui" / "texts").glob("*.py"))
SOURCES = [PROJECT_ROOT / "Home.py", *sorted((PROJECT_ROOT / "pages").glob("*.py")),
           *sorted((PROJECT_ROOT / "ui").glob("*.py"))]
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_]+\.[a-z0-9_.+-]+)["']""")


def test_both_catalogues_have_the_same_keys_and_no_empty_texts():
    assert CATALOGUES["fi"].keys() == CATALOGUES["en"].keys() == ENTRIES.keys()
    assert all(fi.strip() and en.strip() for fi, en in ENTRIES.values())


def test_every_literal_key_used_in_the_pages_is_in_the_catalogue():
    used = {key for path in SOURCES for key in LITERAL_KEY.findall(path.read_text())}
    assert len(used) > 100
    prefixes = {key for key in used if key.endswith(".")}  # t("stats.dim." + name): some key must start so
    assert used - prefixes - ENTRIES.keys() == set()
    assert {p for p in prefixes if not any(key.startswith(p) for key in ENTRIES)} == set()


def test_no_page_shows_a_raw_key(app_store):
    raw = re.compile(r"\b(?:page|kpi|due|requests|customers|auth|audit|users|col|rcol|value|field|paging)\.[a-z_]+\b")
    for user, pages in {"demo-manager": ["overview_page", "customers_page", "due_for_purge", "requests_page"],
                        "demo-admin": ["audit_trail", "users_page"]}.items():
        for lang in ("fi", "en"):
            for page in pages:
                at = signed_in(user, f"pages/{page}.py", lang=lang)
                shown = " ".join(str(e.value) for e in at.main if hasattr(e, "value") and isinstance(e.value, str))
                shown += " ".join(b.label for b in at.button)
                assert not raw.search(shown), (page, lang, raw.search(shown))


def test_dates_are_d_m_yyyy_in_finnish_and_iso_in_english(app_store):
    today = finnish_today()
    fi = signed_in("demo-manager", lang="fi")
    en = signed_in("demo-manager", lang="en")
    assert f"{today.day}.{today.month}.{today.year}" in fi.caption[0].value
    assert today.isoformat() in en.caption[0].value


def test_an_idle_session_expires(app_store):
    from registry.audit import utc_now

    at = signed_in("demo-manager")
    at.session_state["last_seen"] = utc_now() - timedelta(minutes=31)
    at.run()
    assert "käyttämättömänä" in at.info[0].value and not at.metric


def test_every_column_of_a_persons_record_has_a_label_in_both_languages(conn):
    from registry.customers import RELATED_SQL

    for name, sql in RELATED_SQL.items():
        columns = [d[0] for d in conn.execute(sql, [0]).description]
        missing = [c for c in columns if f"rcol.{c}" not in ENTRIES]
        assert not missing, (name, missing)


def test_every_error_code_the_registry_raises_has_a_sentence_in_both_languages():
    """A page says a registry error through its code (ui.feedback.error_text); a code without a
    sentence would fall back to the registry's English words inside a Finnish page."""
    code = re.compile(r"""(?:code|default_code)\s*=\s*["']([a-z_]+)["']""")
    raised = {c for path in (PROJECT_ROOT / "registry").glob("*.py") for c in code.findall(path.read_text())}
    assert len(raised) > 30
    assert {c for c in raised if f"err.{c}" not in ENTRIES} == set()


def test_no_key_is_defined_twice_in_the_text_modules():
    """A dict literal keeps the later of two equal keys without a word; ui.i18n refuses a key that two
    modules define, so each text has one place."""
    defined = {}
    for path in TEXT_MODULES:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Dict):
                for key in node.keys:
                    if isinstance(key, ast.Constant):
                        assert key.value not in defined, (key.value, defined.get(key.value), path.name)
                        defined[key.value] = path.name
    assert len(defined) > 600 and defined.keys() <= ENTRIES.keys()


def test_the_catalogue_refuses_a_key_two_modules_define():
    with pytest.raises(ValueError, match="'due.close' is defined twice: in ui.texts.due and in ui.texts.requests"):
        _assembled({"ui.texts.due": {"due.close": ("Sulje", "Close")},
                    "ui.texts.requests": {"due.close": ("Sulje", "Close")}})
