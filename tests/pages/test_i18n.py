"""Finnish and English: every key the pages use exists in both catalogues; no texts missing."""

import ast
import re
import string
from datetime import timedelta

import pytest

from registry.clock import finnish_today
from tests.conftest import PROJECT_ROOT
from tests.pages.conftest import signed_in
from ui import i18n
from ui.i18n import CATALOGUES, COUNT, ENTRIES, _assembled

TEXT_MODULES = sorted((PROJECT_ROOT / "ui" / "texts").glob("*.py"))
SOURCES = [PROJECT_ROOT / "Home.py", *sorted((PROJECT_ROOT / "pages").glob("*.py")),
           *sorted((PROJECT_ROOT / "ui").glob("*.py"))]
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_]+\.[a-z0-9_.+-]+)["']""")


def forms(text) -> tuple[str, ...]:
    """A text's forms: (one, many) for a text that counts, else the text alone."""
    return text if isinstance(text, tuple) else (text,)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_both_catalogues_have_the_same_keys_and_no_empty_texts():
    assert CATALOGUES["fi"].keys() == CATALOGUES["en"].keys() == ENTRIES.keys()
    assert all(form.strip() for fi, en in ENTRIES.values() for form in (*forms(fi), *forms(en)))


def test_finnish_and_english_take_the_same_placeholders_in_every_form():
    """A value the Finnish text shows and the English one drops (or names otherwise) is a KeyError or a
    missing fact in one language only."""
    differ = {}
    for key, (fi, en) in ENTRIES.items():
        if isinstance(fi, tuple) != isinstance(en, tuple) or len(forms(fi)) != len(forms(en)):
            differ[key] = "a plural in one language only"
        elif any(placeholders(f) != placeholders(e) for f, e in zip(forms(fi), forms(en), strict=True)):
            differ[key] = [(placeholders(f), placeholders(e)) for f, e in zip(forms(fi), forms(en), strict=True)]
    assert differ == {}


def test_a_plural_is_one_and_many_chosen_by_its_count_n():
    """Both forms take the same values, except that the one form may say 'one' without the number
    ("Poistoehdotus odottaa hyväksyntääsi.")."""
    plurals = {key: pair for key, pair in ENTRIES.items() if isinstance(pair[0], tuple)}
    assert len(plurals) > 40
    for key, pair in plurals.items():
        for one, many in pair:
            assert COUNT in placeholders(many) and placeholders(one) | {COUNT} == placeholders(many), key


# Entries whose {n} is a number but not a count of things the words must agree with.
N_NOT_A_COUNT = {
    "paging.page": "a page's number: Sivu 3",
    "paging.of_pages": "a page's number: Sivu 3 / 14",
    "customers.blocker": "after its noun, in brackets: perintä 1.2.2026 alkaen (1 kpl), collection since … (1)",
    "due.letters_heading": "after a colon: Toteutetut poistopyynnöt: 1.",
    "due.kept_out_heading": "after a colon: Tarkistuksessa poistosta pidetyt: 1",
}


def test_every_text_that_counts_in_n_has_a_form_for_one():
    """A count in a plain text reads "1 henkilöä"; a fixed limit ({limit}, {k} of at least 5, {mb})
    is no such count. Say why an {n} is no count in N_NOT_A_COUNT."""
    plain = {key for key, (fi, en) in ENTRIES.items() if isinstance(fi, str) and COUNT in placeholders(fi)}
    assert plain == N_NOT_A_COUNT.keys()


@pytest.mark.parametrize("lang, key, values, one, two", [
    ("fi", "due.review_button", {}, "Tarkista ja poista 1 henkilö", "Tarkista ja poista 2 henkilöä"),
    ("en", "due.review_button", {}, "Review and purge 1 person", "Review and purge 2 persons"),
    ("fi", "nav.proposals_waiting", {}, "Poistoehdotus odottaa hyväksyntääsi.",
     "2 poistoehdotusta odottaa hyväksyntääsi."),
    ("en", "nav.proposals_waiting", {}, "A purge proposal awaits your approval.", "2 purge proposals await your approval."),
    ("fi", "due.and_more", {}, " ja 1 muu", " ja 2 muuta"),
    ("fi", "err.not_due", {}, "Poistoa ei tehty: 1 henkilö ei ole enää poistettavissa. Mitään ei muutettu.",
     "Poistoa ei tehty: 2 henkilöä ei ole enää poistettavissa. Mitään ei muutettu."),
    ("en", "requests.days_left", {}, "1 day left", "2 days left"),
    ("fi", "import.read", {"columns": "5 saraketta"}, "Luettu 1 rivi ja 5 saraketta.", "Luettu 2 riviä ja 5 saraketta."),
    ("fi", "import.count.new", {}, "1 uusi", "2 uutta"),
    ("en", "audit.intact", {}, "The audit chain is intact: 1 entry verified.",
     "The audit chain is intact: 2 entries verified."),
])
def test_a_plural_reads_right_for_one_and_for_two(monkeypatch, lang, key, values, one, two):
    monkeypatch.setattr(i18n, "language", lambda: lang)
    assert (i18n.t(key, n=1, **values), i18n.t(key, n=2, **values)) == (one, two)


def test_a_count_is_written_as_numbers_are_and_zero_takes_the_many_form(monkeypatch):
    monkeypatch.setattr(i18n, "language", lambda: "fi")
    assert i18n.t("due.confirm", n=1234) == "Poista 1\u202f234 henkilöä"
    assert i18n.t("due.confirm", n=0) == "Poista 0 henkilöä"
    monkeypatch.setattr(i18n, "language", lambda: "en")
    assert i18n.t("due.confirm", n=1234) == "Purge 1,234 persons"
    with pytest.raises(TypeError, match="'due.confirm' counts: give its count n as a number, not '1'"):
        i18n.t("due.confirm", n="1")


def test_a_sentence_of_several_counts_reads_right_for_each(monkeypatch):
    monkeypatch.setattr(i18n, "language", lambda: "fi")
    t = i18n.t
    assert t("import.done", created=t("import.count.new", n=1), updated=t("import.count.changed_persons", n=0),
             unchanged="2", rejected=t("import.count.rejected", n=1), seq=7) == \
        "Tuotu: 1 uusi ja 0 muuttunutta henkilöä (2 ennallaan, 1 hylätty). Lokimerkintä 7."
    monkeypatch.setattr(i18n, "language", lambda: "en")
    assert t("due.review_elsewhere", notes=t("due.count.notes", n=1), visits=t("due.count.visits", n=2),
             sources=t("due.count.sources", n=0), texts=t("due.count.texts", n=1)) == \
        "Also removed: 1 note, 2 visit-log rows, 0 source records and 1 request text."


def test_a_registry_error_that_counts_reads_right_and_keeps_its_other_numbers_written(monkeypatch):
    from registry.errors import RegistryError
    from ui.feedback import error_text

    monkeypatch.setattr(i18n, "language", lambda: "fi")
    err = RegistryError("A purge of 1 persons needs ...", code="four_eyes_required", n=1, limit=1000)
    assert error_text(err) == "1 henkilön poisto tarvitsee toisen esimiehen hyväksynnän (raja 1\u202f000)."
    monkeypatch.setattr(i18n, "language", lambda: "en")
    assert error_text(err) == "A purge of 1 person needs another manager's approval (limit 1,000)."


def test_every_literal_key_used_in_the_pages_is_in_the_catalogue():
    used = {key for path in SOURCES for key in LITERAL_KEY.findall(path.read_text())}
    assert len(used) > 100
    prefixes = {key for key in used if key.endswith(".")}  # t("stats.dim." + name): some key must start so
    assert used - prefixes - ENTRIES.keys() == set()
    assert {p for p in prefixes if not any(key.startswith(p) for key in ENTRIES)} == set()


# Keys a page builds from a code, where the code's values are the registry's (or the page's own): each
# prefix with the place that builds it. A key under none of them is used only if its name is in the code.
DYNAMIC_PREFIXES = {
    "settings.digest_none.": "settings_page.py: t(f'settings.digest_none.{shown.why_none}') (registry.digest.Preview)",
    "smtp_security.": "settings_page.py: t(f'smtp_security.{code}') for code in SMTP_SECURITY",
    "page.": "ui/nav.py: t(f'page.{spec.key}')",
    "role.": "Home.py, ui/auth.py, users_page.py: t(f'role.{role}'); audit_trail.py VALUE_WORDS",
    "err.": "ui/feedback.py error_text: t(f'err.{err.code}')",
    "field.": "customers_page.py, requests_page.py, import_page.py: t(f'field.{field}'); audit_trail.py, CODED",
    "source.": "customers_page.py, import_page.py: t(f'source.{source}'); audit_trail.py VALUE_WORDS, CODED",
    "reason.": "due_for_purge.py, customers_page.py: t(f'reason.{reason}')",
    "blocker.": "due_for_purge.py, customers_page.py: t(f'blocker.{blocker}')",
    "bucket.": "overview_page.py: t(f'bucket.{label}')",
    "kind.": "requests_page.py, statistics_page.py: t(f'kind.{kind}'); audit_trail.py VALUE_WORDS, CODED",
    "rstatus.": "requests_page.py: t(f'rstatus.{status}'); audit_trail.py VALUE_WORDS, customers_page.py CODED",
    "channel.": "requests_page.py: t(f'channel.{channel}'); customers_page.py CODED",
    "lang.": "customers_page.py, requests_page.py, settings_page.py: t(f'lang.{code}'); customers_page.py CODED",
    "missing.": "requests_page.py: t(f'missing.{m}')",
    "ground.": "requests_page.py refuse_tab(), audit_trail.py: t(f'ground.{ground}') (Art. 12(5) and ordinary)",
    "asked.": "requests_page.py timing_notes(), ask_and_answer(): t(f'asked.{asked_for}')",
    "status.": "customers_page.py: t(f'status.{row.status}')",
    "tab.": "customers_page.py: t('tab.' + name)",
    "rcol.": "customers_page.py localised(): t(f'rcol.{column}')",
    "requests.show.": "requests_page.py: t(f'requests.show.{s}')",
    "requests.tab_": "requests_page.py decide(): t(f'requests.tab_{n}')",
    "setting.": "settings_page.py label(): t(f'setting.{key}')",
    "stats.dim.": "statistics_page.py: t(f'stats.dim.{spec.rows}')",
    "stats.measure.": "statistics_page.py: t(f'stats.measure.{spec.measure}')",
    "stats.period.": "statistics_page.py: t(f'stats.period.{p}')",
    "stats.span.": "statistics_page.py: t(f'stats.span.{s}')",
    "stats.stage.": "statistics_page.py stage(): t(f'stats.stage.{name}')",
    "stats.why.": "statistics_page.py: t(f'stats.why.{why}')",
    **{f"stats.{dimension}.": "statistics_page.py label(): t(f'stats.{dimension}.{value}')"
       for dimension in ("status", "outcome", "change", "region", "product_group")},
    "ireason.": "import_page.py reason_text(): t(f'ireason.{reason}.{column}'), t(f'ireason.{reason}')",
    "inote.": "import_page.py: t(f'inote.{note}')",
    "audit.action.": "audit_trail.py: word('audit.action', action)",
    "audit.detail.": "audit_trail.py: word('audit.detail', key)",
    "audit.reason.": "audit_trail.py VALUE_WORDS: word('audit.reason', reason)",
}
KEY_HEAD = re.compile(r"[a-z_]+\.")  # the literal start of a key built in the code: "stats.", "requests.tab_"


def _code_strings() -> tuple[set[str], set[str]]:
    """The string literals of the pages' code (not dict keys) and the literal heads of keys built
    there (f"kind.{k}", "tab." + name)."""
    literals, heads = set(), set()
    for path in SOURCES:
        tree = ast.parse(path.read_text())
        parts = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                parts |= {id(key) for key in node.keys}
            elif isinstance(node, ast.JoinedStr):
                parts |= {id(value) for value in node.values}
                if isinstance(node.values[0], ast.Constant):
                    heads.add(node.values[0].value)
            elif isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
                parts.add(id(node.left))
                heads.add(node.left.value)
        literals |= {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                     and isinstance(node.value, str) and id(node) not in parts}
    return literals, {head for head in heads if KEY_HEAD.match(head)}


def test_every_key_in_the_catalogue_is_used():
    """A key is used when the code names it (t("due.close"), or a name handed on to t()), or when it
    starts with a documented prefix the code builds keys under; a key that is neither is dead text."""
    literals, heads = _code_strings()
    built = {key for key in ENTRIES if key.startswith(tuple(DYNAMIC_PREFIXES))}
    assert sorted(ENTRIES.keys() - literals - built) == []


def test_every_key_the_code_builds_has_a_documented_prefix_that_it_builds():
    literals, heads = _code_strings()
    assert len(heads) > 20
    assert sorted(h for h in heads if not any(p.startswith(h) for p in DYNAMIC_PREFIXES)) == []
    stale = [p for p in DYNAMIC_PREFIXES if not any(key.startswith(p) for key in ENTRIES)
             or not (any(p.startswith(h) for h in heads) or p.removesuffix(".") in literals)]
    assert stale == []


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

    from registry import users
    from registry.store import db

    at = signed_in("demo-manager")
    at.session_state["session_id"] = "idle-session"  # the id its sign-in cookie carries
    at.session_state["last_seen"] = utc_now() - timedelta(minutes=31)
    at.run()
    assert "käyttämättömänä" in at.info[0].value and not at.metric
    with db.connect(app_store) as conn:  # and its cookie signs nobody back in
        assert users.session_ended(conn, "demo-manager", "idle-session")


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
    raised = {c for path in (PROJECT_ROOT / "registry").rglob("*.py") for c in code.findall(path.read_text())}
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
