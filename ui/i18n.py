"""Finnish and English: every string the pages show, one catalogue per language, and dates as
d.m.yyyy in Finnish. Pages call `t(key, **values)`; no user-facing literals in pages.

The texts are in ui/texts/, one module per page, each entry (Finnish, English) so that the two
catalogues cannot drift apart; a text that counts is a (one, many) pair in each language, and
`t(key, n=…)` chooses. ENTRIES assembles the modules with the words for the registry's own codes,
and `CATALOGUES["fi"]` and `CATALOGUES["en"]` are built from it.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from numbers import Integral

import streamlit as st

from registry.access import ROLES
from registry.fields import FIELD_LABELS
from registry.clock import finnish_time
from registry.requests.register import CHANNELS, REQUEST_STATUSES
from registry.retention.due import BLOCKERS
from registry.statistics.tables import LABEL_WORDS
from ui.texts import (audit, backups, common, customers, due, errors, imports, overview, requests, settings,
                      statistics, users)

LANGUAGES = {"fi": "Suomi", "en": "English"}
DEFAULT_LANGUAGE = "fi"
COUNT = "n"  # the placeholder by which a (one, many) text chooses its form

# Words for the registry's own codes, made from (or zipped strictly with) its tables, so that a code
# added there without a word here fails at import.
FROM_REGISTRY: dict[str, tuple[str, str]] = {
    **{f"role.{r}": pair for r, pair in zip(ROLES, [("Pääkäyttäjä", "Admin"), ("Esihenkilö", "Manager"),
                                                   ("Asiakaspalvelu", "Staff"), ("Tarkastaja", "Auditor")],
                                           strict=True)},
    **{f"field.{field}": pair for field, pair in FIELD_LABELS.items()},  # one table with the letters
    **{f"blocker.{b}": pair for b, pair in zip(BLOCKERS, [("perintä", "collection"), ("oikeudellinen pito", "legal hold"),
                                                          ("avoin lasku", "open invoice"),
                                                          ("avoin pyyntö vastaamatta", "open request unanswered"),
                                                          ("asiakasorganisaation yhteyshenkilö",
                                                           "contact of a customer organisation")], strict=True)},
    **{key: pair for key, pair in LABEL_WORDS.items() if key.startswith("kind.")},  # one table with the CSV
    **{f"rstatus.{s}": pair for s, pair in zip(REQUEST_STATUSES, [
        ("vastaanotettu", "received"), ("käsittelyssä", "in progress"), ("valmis", "completed"),
        ("evätty", "refused"), ("peruttu", "withdrawn")], strict=True)},
    **{f"channel.{c}": pair for c, pair in zip(CHANNELS, [("kirje", "letter"), ("sähköposti", "e-mail"),
                                                          ("henkilökohtaisesti", "in person")], strict=True)},
    # one table with the Finnish-Excel CSV; its request kinds are the kind.* above, which the Statistics page reads
    **{f"stats.{key}": pair for key, pair in LABEL_WORDS.items() if not key.startswith("kind.")},
}


def _assembled(parts: dict[str, dict]) -> dict[str, tuple]:
    """One catalogue from the per-page modules; a key defined in two of them is an error, not a
    silent choice of the later one."""
    entries, defined_in = {}, {}
    for name, part in parts.items():
        for key in part:
            if key in defined_in:
                raise ValueError(f"the text {key!r} is defined twice: in {defined_in[key]} and in {name}")
            defined_in[key] = name
        entries.update(part)
    return entries


# key -> (Finnish, English); a text that counts is a (one, many) pair, in both languages.
ENTRIES = _assembled({"ui.i18n.FROM_REGISTRY": FROM_REGISTRY,
                      **{module.__name__: module.ENTRIES for module in (
                          common, errors, overview, customers, due, requests, imports, statistics, audit, users,
                          settings, backups)}})

CATALOGUES = {lang: {key: pair[index] for key, pair in ENTRIES.items()} for index, lang in enumerate(("fi", "en"))}


def language() -> str:
    return st.session_state.get("lang") or st.session_state.get("language", DEFAULT_LANGUAGE)


def t(key: str, **values) -> str:
    """The text for `key` in the session's language; unknown keys show as themselves. A text that
    counts is a (one, many) pair chosen by its count `n`, a number: the first form for exactly 1,
    the other for anything else (0, 2, 1 234), which is CLDR's rule for Finnish and English alike;
    `n` is written as fmt_int writes it."""
    text = CATALOGUES[language()].get(key, key)
    if isinstance(text, tuple):
        n = values.get(COUNT)
        if not isinstance(n, Integral):
            raise TypeError(f"the text {key!r} counts: give its count {COUNT} as a number, not {n!r}")
        text = text[0] if n == 1 else text[1]
        values[COUNT] = fmt_int(n)
    return text.format(**values) if values else text


# A keyed choice widget whose options are shown in words of the language (a filter's "Kaikki" / "All", a reason,
# a role) takes its key through choice_key(). Streamlit keeps such a widget's choice as its shown words, so after a
# language switch "poistopyyntö" stood among English options: the filter showed the Finnish word, or nothing
# chosen, or its first option. When the language changes, each registered key that the session holds is given its
# choice again, to be shown in the new language's words. A filter's "All" is the option ALL, not None: None given
# to a selectbox is "nothing chosen".
#
# The registry holds names, never values, so one set serves every session: a key is registered as its widget is
# made (choice_key() runs before the widget call it is an argument of), so any such key a session holds was
# registered in this process before the session's language could change. A key the session does not hold is
# skipped. Sessions run in threads of their own, hence the lock.
ALL = "*all*"
_CHOICE_KEYS: set[str] = set()
_CHOICE_KEYS_LOCK = threading.Lock()


def choice_key(key: str) -> str:
    """`key`, registered as the key of a choice widget whose options are shown in the session's language:
    `st.selectbox(..., format_func=words.__getitem__, key=choice_key("due_reason"))`."""
    with _CHOICE_KEYS_LOCK:
        _CHOICE_KEYS.add(key)
    return key


def unless_all(choice):
    """A filter's choice as the registry takes it: None for ALL (no filter)."""
    return None if choice == ALL else choice


def _remember_language() -> None:
    st.session_state["language"] = st.session_state["lang"]
    with _CHOICE_KEYS_LOCK:
        keys = tuple(_CHOICE_KEYS)
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def language_switch() -> str:
    """The sidebar's language choice, kept in the URL (`?lang=en`): a reload or a new session
    starts with empty session state, and the cookie that signs a browser back in knows nothing of
    the language; the URL is what a reload keeps, before sign-in too. st.navigation drops query
    parameters on a page switch, so every run writes it back. A copy outside the widget's own
    state keeps the choice when Streamlit drops that state (seen on the first sign-in after a
    server start)."""
    if "language" not in st.session_state and st.query_params.get("lang") in LANGUAGES:
        st.session_state["language"] = st.query_params["lang"]  # a reload: the URL remembers
    chosen = st.session_state.get("language", DEFAULT_LANGUAGE)
    st.sidebar.selectbox(t("app.language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang",
                         index=list(LANGUAGES).index(chosen), on_change=_remember_language)
    if st.query_params.get("lang") != language():
        st.query_params["lang"] = language()
    return language()


def fmt_date(day) -> str:
    """d.m.yyyy in Finnish, yyyy-mm-dd in English; '' for None. A timestamp (stored in UTC) is
    written as its day in Finland."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = finnish_time(day).date()
    if not isinstance(day, date):
        return str(day)
    return f"{day.day}.{day.month}.{day.year}" if language() == "fi" else day.isoformat()


def fmt_time(at: datetime | None, seconds: bool = False) -> str:
    """A stored (UTC) timestamp as Finnish wall-clock time: 2.12.2026 klo 8.58 / 2026-12-02 08:58."""
    if at is None:
        return ""
    local = finnish_time(at)
    if language() == "fi":
        clock = f"{local.hour}.{local.minute:02d}" + (f".{local.second:02d}" if seconds else "")
        return f"{fmt_date(local.date())} klo {clock}"
    return f"{fmt_date(local.date())} {local:{'%H:%M:%S' if seconds else '%H:%M'}}"


def fmt_money(amount) -> str:
    """12 345,50 in Finnish, 12,345.50 in English."""
    text = f"{float(amount):,.2f}"
    return text.replace(",", "\u202f").replace(".", ",") if language() == "fi" else text


def fmt_size(n: int | None) -> str:
    """A file's size: 8,3 Mt / 8.3 MB (decimal units, as file managers show them)."""
    if n is None:
        return ""
    for fi_unit, en_unit, scale in (("Gt", "GB", 1e9), ("Mt", "MB", 1e6), ("kt", "kB", 1e3)):
        if n >= scale:
            text = f"{n / scale:.1f}"
            return f"{text.replace('.', ',')} {fi_unit}" if language() == "fi" else f"{text} {en_unit}"
    return f"{n} t" if language() == "fi" else f"{n} B"


def fmt_int(n: int) -> str:
    """Thousands with a narrow space in Finnish, a comma in English."""
    return f"{n:,}".replace(",", "\u202f") if language() == "fi" else f"{n:,}"
