"""The Statistics page: the same numbers as the registry (and so as `stats --out`), withheld
cells as '..', k settable upwards, both languages, downloads."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date

from registry.clock import finnish_today
from registry.store import db
from registry.access import Actor
from registry.statistics.disclosure import TOTAL
from registry.statistics.counting import statistics
from registry.statistics.tables import SPECS, specs
from tests.pages.conftest import signed_in, texts

PAGE = "pages/statistics_page.py"


def show(at, kind: str, period: str = "month", lang: str = "fi"):
    """Open the tab of table `kind`, as a click on it does (only the open tab's table is made and sent)."""
    title = next(spec.title_fi if lang == "fi" else spec.title_en for spec in specs(period) if spec.kind == kind)
    at.session_state[f"stats_tab_{period}_{lang}"] = title
    at.session_state["stats_table"] = kind
    return at.run()


def registry_tables(app_store, k=5):
    with db.connect(app_store) as conn:
        return statistics(conn, Actor("check", "auditor"), finnish_today(), k=k)


def test_the_page_shows_every_table_with_the_registrys_numbers_and_withheld_cells_as_dots(app_store):
    at = signed_in("demo-auditor", PAGE)
    assert not at.exception
    assert [tab.label for tab in at.tabs] == [spec.title_fi for spec in SPECS]
    tables = registry_tables(app_store)
    frames = [f.value for f in at.dataframe]
    persons = tables[0]
    frame = next(f for f in frames if list(f.columns)[:2] == ["Maakunta", "voimassa"])
    assert list(frame["Maakunta"]) == [*persons.table.rows[:-1], "tuntematon", "Yhteensä"]
    for i, row in enumerate((*persons.table.rows, TOTAL)):
        for column, header in (("active", "voimassa"), ("ended", "päättynyt"), (TOTAL, "Yhteensä")):
            value = persons.cell(row, column)
            expected = ".." if value is None else f"{int(value):,}".replace(",", "\u202f")
            assert frame[header].iloc[i] == expected, (row, column)
    assert any((f == "..").any().any() for f in frames)  # a 300-person demo has withheld cells
    assert len(frames) == 1  # only the open tab's table is made and sent
    assert "Suojauksen tarkastus" in " ".join(e.label for e in at.expander)
    labels = [b.label for b in at.get("download_button")]
    assert "Kaikki taulukot (CSV, zip)" in labels and labels.count("Lataa CSV") == 1
    for spec in SPECS:  # every other tab, opened, shows its own table and downloads
        show(at, spec.kind)
        assert not at.exception and len(at.dataframe) == 1
        assert at.dataframe[0].value.iloc[-1, 0] == "Yhteensä"
        assert [b.label for b in at.get("download_button")].count("Lataa CSV") == 1
        assert f"{spec.title_fi}" in [tab.label for tab in at.tabs]


def test_a_higher_k_withholds_more_and_says_so(app_store):
    at = signed_in("demo-manager", PAGE)
    before = sum((f.value == "..").sum().sum() for f in at.dataframe[: 2 * len(SPECS)])
    at.number_input[0].set_value(12).run()
    assert not at.exception
    assert "k = 12" in texts(at)
    after = sum((f.value == "..").sum().sum() for f in at.dataframe[: 2 * len(SPECS)])
    assert after > before


def test_k_below_five_is_not_offered_on_the_page(app_store):
    at = signed_in("demo-manager", PAGE)
    assert at.number_input[0].min == 5 and at.number_input[0].value == 5


def test_english(app_store):
    at = signed_in("demo-auditor", PAGE, lang="en")
    assert at.title[0].value == "Statistics"
    assert [tab.label for tab in at.tabs] == [spec.title_en for spec in SPECS]
    assert "Region" in " ".join(" ".join(map(str, f.value.columns)) for f in at.dataframe)


def test_each_table_says_in_plain_words_how_many_cells_are_withheld_and_why(app_store):
    """A manager reads 'one person's too large share', not the statistician's 'dominance'."""
    persons = registry_tables(app_store)[0].protected.status.values()
    primary, secondary = sum(w == "primary" for w in persons), sum(w == "secondary" for w in persons)
    for lang, words in (("fi", f"salattu {primary} solua, joissa on liian vähän henkilöitä tai yhden henkilön "
                                f"osuus on liian suuri, ja {secondary} solua niiden suojaksi"),
                        ("en", f"withheld: {primary} cells with too few persons or one person's too large share, "
                               f"and {secondary} cells to protect them")):
        shown = texts(signed_in("demo-auditor", PAGE, lang=lang))
        assert words in shown
        assert "dominan" not in shown.split("Suojauksen tarkastus")[0].split("Protection audit")[0]


def test_a_table_with_nothing_withheld_says_so_instead_of_counting_zeros(app_store):
    at = signed_in("demo-auditor", PAGE, lang="en")
    at.date_input(key="stats_day").set_value(date(finnish_today().year - 1, 6, 30)).run()
    show(at, "requests", lang="en")  # the demo's requests are all of this year: a year ago, none
    assert not at.exception
    assert "Measure: requests · every figure published, nothing withheld." in texts(at)
    assert "withheld: 0 cells" not in texts(at)


def test_staff_and_admins_do_not_get_the_page(app_store):
    for username in ("demo-staff", "demo-admin"):
        at = signed_in(username)
        try:
            at.switch_page(PAGE).run()
            reached = not at.exception and any(t.value == "Tilastot" for t in at.title)
        except ValueError:
            reached = False
        assert not reached, username


def test_the_zip_holds_the_files_of_stats_out(app_store, tmp_path):
    from registry.statistics.publishing import output_files, zip_bytes

    tables = registry_tables(app_store)
    with zipfile.ZipFile(io.BytesIO(zip_bytes(tables))) as archive:
        assert {name: archive.read(name) for name in archive.namelist()} == output_files(tables)


def test_by_year_the_time_tables_have_a_row_a_year(app_store):
    at = signed_in("demo-manager", PAGE)
    chooser = next(box for box in at.selectbox if box.label == "Jakso")
    chooser.select_index(2).run()  # month, quarter, year
    assert not at.exception
    show(at, "orders", "year")
    years = next(f.value for f in at.dataframe if list(f.value.columns)[0] == "Vuosi")
    assert list(years["Vuosi"])[-2:] == [str(finnish_today().year), "Yhteensä"]


def test_the_chosen_period_stays_chosen_in_the_words_of_a_new_language(app_store):
    """A manager who reads the tables by quarter and switches to English keeps reading them by quarter, and the
    page tells the browser to show that choice in English (the raw value it sends), not the first period."""
    at = signed_in("demo-manager", PAGE)
    at.selectbox(key="stats_period").select("quarter").run()
    show(at, "orders", "quarter")  # and the table read stays open in English
    period = at.selectbox(key="stats_period")
    assert (period.value, period.options) == ("quarter", ["kuukausi", "neljännesvuosi", "vuosi"])
    assert [tab.label for tab in at.tabs] == [spec.title_fi for spec in specs("quarter")]
    at.selectbox(key="lang").set_value("en").run()
    assert not at.exception
    period = at.selectbox(key="stats_period")
    assert (period.label, period.options) == ("Period", ["month", "quarter", "year"])
    assert (period.value, period.proto.raw_value) == ("quarter", "quarter")
    assert [tab.label for tab in at.tabs] == [spec.title_en for spec in specs("quarter")]
    orders = at.dataframe[0].value
    today = finnish_today()
    assert list(orders.columns)[0] == "Quarter"
    assert orders["Quarter"].tolist()[-2:] == [f"{today.year}-Q{(today.month - 1) // 3 + 1}", "Total"]


def test_an_earlier_day_shows_the_register_as_it_stood_then_with_that_days_files(app_store):
    at = signed_in("demo-manager", PAGE)
    chooser = next(d for d in at.date_input if d.label == "Tilannepäivä")
    assert chooser.value == finnish_today() and chooser.max == finnish_today()  # no figures for days to come
    day = date(finnish_today().year - 1, 6, 30)
    chooser.set_value(day).run()
    show(at, "orders")
    assert not at.exception
    assert f"Tilanne {day.day}.{day.month}.{day.year} päivän päättyessä" in texts(at)
    with db.connect(app_store) as conn:
        then = statistics(conn, Actor("check", "auditor"), day)
    orders = next(f.value for f in at.dataframe if list(f.value.columns)[:1] == ["Kuukausi"])
    assert list(orders["Kuukausi"])[-2:] == [f"{day.year}-06", "Yhteensä"]  # months up to that day's only
    total = then[1].cell(TOTAL, TOTAL)
    assert orders.iloc[-1, -1] == f"{int(total):,}".replace(",", "\u202f")
    assert next(d for d in at.date_input if d.label == "Tilannepäivä").value == day  # kept on the next run


def test_time_tables_show_the_last_24_months_unless_the_whole_span_is_asked_for(app_store):
    at = signed_in("demo-manager", PAGE)
    show(at, "revenue")
    recent = at.dataframe[0].value["Kuukausi"].tolist()
    assert recent[-1] == "Yhteensä" and 1 <= len(recent) - 1 <= 25
    assert "Yhteensä-rivi on koko jakson summa." in texts(at)
    assert "k = 5: lukua ei julkaista, jos sen takana on alle 5 henkilöä." in texts(at)
    at.radio(key="stats_span").set_value("all").run()
    whole = at.dataframe[0].value["Kuukausi"].tolist()
    assert len(whole) > len(recent) and whole[-len(recent):] == recent  # the last 24 months are the tail
    # In English the whole span stays chosen, shown as chosen (the Finnish words no longer stand for it).
    at.selectbox(key="lang").set_value("en").run()
    span = at.radio(key="stats_span")
    assert (span.value, span.index, span.options) == ("all", 1, ["the last 24 months", "the whole span"])
    assert at.dataframe[0].value["Month"].tolist()[-len(recent):-1] == recent[:-1]  # revenue still open
    assert len(at.dataframe[0].value) == len(whole)


def fresh_start() -> None:
    """Nothing made or remembered by this process: the page counts and protects afresh."""
    from registry.statistics import counting
    from ui import stats_cache

    stats_cache.forget()
    with counting._PROTECTED_LOCK:
        counting._PROTECTED.clear()


def test_making_the_tables_names_each_stage_in_the_users_language_and_leaves_no_bar_behind(app_store, monkeypatch):
    from streamlit.delta_generator import DeltaGenerator

    shown = []
    real = DeltaGenerator.progress

    def progress(self, value, text=None):
        shown.append((value, text))
        return real(self, value, text=text)

    monkeypatch.setattr(DeltaGenerator, "progress", progress)
    from registry.statistics import counting
    real_protect = counting._protect_linked
    # the bar is told what the work is at ten times a second: each table takes long enough here to be seen
    monkeypatch.setattr(counting, "_protect_linked", lambda *a, **k: time.sleep(0.3) or real_protect(*a, **k))
    for lang, words in (("fi", ("Lasketaan taulukot", "Suojataan taulukoita: ")),
                        ("en", ("Counting the tables", "Protecting the tables: "))):
        fresh_start()
        shown.clear()
        at = signed_in("demo-auditor", PAGE, lang)
        assert not at.exception
        texts_shown = [text for _, text in shown]
        assert texts_shown[0].startswith(words[0])
        protecting = [text for text in texts_shown if text.startswith(words[1])]
        assert protecting and all(text.endswith(("/6 valmiina…", " of 6 ready…")) for text in protecting)
        assert [value for value, _ in shown] == sorted(value for value, _ in shown)  # the bar only moves on
        assert not at.get("progress")  # gone once the tables are shown
        if lang == "fi":  # (AppTest formats the radio's value in Finnish outside a run: rerun in Finnish)
            shown.clear()
            at.run()  # a rerun (a click) reads the tables made, although keeping the patterns wrote to the store
            assert not shown and not at.exception


def test_the_table_being_read_is_shown_while_the_others_are_still_being_made(app_store, monkeypatch):
    """The table read is protected first and drawn as soon as it is: here every other table's protection waits
    until the page has drawn it (were the page to wait for all six first, they would wait 30 s and say so)."""
    import threading

    from streamlit.delta_generator import DeltaGenerator

    from registry.statistics import counting

    drawn, late = threading.Event(), []
    real_protect, real_download = counting._protect_linked, DeltaGenerator.download_button

    def protect(levels, *args, **kwargs):
        if "month" in levels and not drawn.wait(30):  # revenue and the other time tables: after the drawing
            late.append(sorted(levels))
        return real_protect(levels, *args, **kwargs)

    def download(self, *args, **kwargs):  # the table's own CSV, drawn last of it (below its cells)
        drawn.set()
        return real_download(self, *args, **kwargs)

    monkeypatch.setattr(counting, "_protect_linked", protect)
    monkeypatch.setattr(DeltaGenerator, "download_button", download)
    fresh_start()
    at = signed_in("demo-auditor")
    at.session_state["stats_table"] = "persons"  # the first tab, the one a first view opens
    at.switch_page(PAGE).run()
    assert not at.exception and not late
    assert [tab.label for tab in at.tabs] == [spec.title_fi for spec in SPECS]
    assert at.dataframe[0].value.columns[0] == "Maakunta"
    assert [b.label for b in at.get("download_button")][:2] == ["Kaikki taulukot (CSV, zip)",
                                                               "Kaikki taulukot suomalaiselle Excelille (zip)"]


def test_a_period_switch_and_a_k_back_again_show_tables_already_made(app_store, monkeypatch):
    """The three periods are made together (one count, one protection), and keeping a new k's patterns in the
    store does not make the tables of the k before count as new: switching back and forth makes nothing again."""
    from ui import stats_cache

    fresh_start()
    at = signed_in("demo-auditor", PAGE)
    at.number_input[0].set_value(6).run()  # made, and its patterns kept in the store
    assert not at.exception and "k = 6" in texts(at)
    made = []
    real = stats_cache.statistics_of_periods
    monkeypatch.setattr(stats_cache, "statistics_of_periods", lambda *a, **k: made.append(k) or real(*a, **k))
    at.number_input[0].set_value(5).run()
    at.selectbox(key="stats_period").select("quarter").run()
    at.selectbox(key="stats_period").select("year").run()
    assert not at.exception and made == []
    show(at, "orders", "year")
    assert list(at.dataframe[0].value.columns)[0] == "Vuosi"


def test_the_protection_audit_works_out_its_intervals_only_when_opened(app_store, monkeypatch):
    """The intervals are linear programs (1.5 s of a 3,000-person register's first view): the tables show without
    them, and an audit opened shows each withheld cell's interval beside the range it must reach."""
    from registry.statistics import publishing

    asked = []
    real = publishing.protection_report
    monkeypatch.setattr(publishing, "protection_report", lambda stat, *a, **k: asked.append(stat.spec.name) or
                        real(stat, *a, **k))
    at = signed_in("demo-auditor", PAGE)
    assert not at.exception and asked == []
    assert "Suojauksen tarkastus" in " ".join(e.label for e in at.expander)
    assert not any("Vaadittu alaraja" in f.value.columns for f in at.dataframe)
    revenue = next(stat for stat in registry_tables(app_store) if stat.table.money)
    at.session_state[f"stats_audit_{revenue.spec.name}"] = True  # what a click on the expander tells the server
    show(at, "revenue")
    assert not at.exception and asked == [revenue.spec.name]
    audit = next(f.value for f in at.dataframe if "Vaadittu alaraja" in f.value.columns)
    assert len(audit) == sum(publishing.withheld_counts(revenue))
    assert "Suojaväli:" in texts(at)
