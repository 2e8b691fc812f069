"""Statistics: the anonymised tables of registry.statistics, the same numbers as `python -m registry
stats`, with charts, the protection audit, and CSV downloads. Aggregates only."""

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from registry.clock import finnish_today
from registry.store.files import default_db_path
from registry.statistics.disclosure import DOMINANCE, K, TOTAL
from registry.statistics.publishing import csv_bytes, protection_report, withheld_counts, zip_bytes
from registry.statistics.tables import EARLIEST_DAY, PERIODS, SPECS, period_key, period_label, specs
from ui.feedback import stop_on_error
from ui.auth import page_user
from ui.i18n import choice_key, fmt_date, fmt_int, fmt_money, language, t
from ui.stats_cache import making

user = page_user("read_statistics")
# The disclosure rule's dominance as the texts say it: "over 85 %", "÷ 0,85" (disclosure.py owns the number).
SHARE = fmt_int(round(DOMINANCE * 100))
DOMINANCE_SHOWN = str(DOMINANCE).replace(".", "," if language() == "fi" else ".")
today = finnish_today()  # the register's day is the Finnish day, whatever the server's zone
st.title(t("page.statistics"))

with st.expander(t("stats.rules_heading"), icon=":material/shield:"):
    st.markdown(t("stats.rules", k=K, share=SHARE))

left, middle, when, right = st.columns([1, 1, 1, 2])
k = left.number_input(t("stats.k"), min_value=K, max_value=100, value=K, step=1,
                      help=t("stats.k_help"))
period_words = {p: t(f"stats.period.{p}") for p in PERIODS}  # this run's language (format_func runs later too)
period = middle.selectbox(t("stats.period"), list(period_words), format_func=period_words.__getitem__,
                          key=choice_key("stats_period"), help=t("stats.period_help"))
# As the register stood at the end of a day: a report for a past day made again gives the same files.
day = when.date_input(t("stats.day"), value=today, min_value=EARLIEST_DAY, max_value=today, format="DD.MM.YYYY",
                      help=t("stats.day_help"), key="stats_day") or today


def tell(bar, job) -> None:
    """The progress bar told the stage the tables' making is at (registry.statistics.counting.Progress)."""
    name, *_ = job.stage
    if name == "protect":
        bar.progress(0.1 + 0.85 * job.ready() / len(SPECS), text=t("stats.stage.protect", done=job.ready(),
                                                                    total=len(SPECS)))
    else:
        bar.progress(0.0 if name == "count" else 0.95, text=t(f"stats.stage.{name}"))


def wait_for(bar, job, shown) -> None:
    """Until `shown()` holds, the stages on the bar (a click meanwhile stops this run at the bar's next word,
    and the work goes on for the next run); raises what stopped the work."""
    while not shown():
        tell(bar, job)
        job.wait(0.1)


right.caption(t("stats.as_of", day=fmt_date(day), k=int(k), iso=day.isoformat()))
st.caption(t("stats.k_plain", k=int(k)) + " " + t("stats.dominance_plain", share=SHARE))
span_words = {s: t(f"stats.span.{s}") for s in ("recent", "all")}  # this run's language (format_func runs later too)
span = st.radio(t("stats.span"), list(span_words), format_func=span_words.__getitem__, horizontal=True,
                key=choice_key("stats_span"), help=t("stats.span_help"))


def first_shown(period: str) -> str:
    """The label of the first period row within the last 24 months (the labels sort as text)."""
    start = date(day.year - 2, day.month, 1)
    return period_label(period_key(start, period), period)


def rows_shown(stat) -> list[str]:
    """A time table's rows of the last 24 months unless the whole span is asked for (downloads are whole)."""
    if span == "all" or not stat.spec.by_period:
        return list(stat.table.rows)
    cut = first_shown(stat.spec.rows)
    return [r for r in stat.table.rows if r >= cut]

def label(dimension: str, value: str) -> str:
    """A row or column label in the session's language (months, regions and groups as they are)."""
    if value == TOTAL:
        return t("stats.total")
    if dimension == "kind":
        return t(f"kind.{value}")
    if dimension in ("status", "outcome", "change") or value in ("unknown", "other"):
        return t(f"stats.{dimension}.{value}")
    return value


def shown(stat, row: str, column: str) -> str:
    value = stat.cell(row, column)
    if value is None:
        return ".."
    return fmt_money(value) if stat.table.money else fmt_int(int(value))


def amount(stat, value, missing: str = "–") -> str:
    """A bound of the protection audit in the table's own format (none: `missing`, unbounded or not required)."""
    if value is None:
        return missing
    return fmt_money(value) if stat.table.money else fmt_int(int(value))


def frame(stat) -> pd.DataFrame:
    table, spec = stat.table, stat.spec
    columns = (*table.columns, TOTAL)
    rows = (*rows_shown(stat), TOTAL)
    data = {t(f"stats.dim.{spec.rows}"): [label(spec.rows, r) for r in rows]}
    for column in columns:
        data[label(spec.columns, column)] = [shown(stat, r, column) for r in rows]
    return pd.DataFrame(data)


def chart(stat) -> go.Figure:
    """A heatmap of the cells (withheld ones grey, marked '..', never drawn as zero); a bar
    chart for a table of one column."""
    table, spec = stat.table, stat.spec
    rows = rows_shown(stat)
    if len(table.columns) == 1:
        column = table.columns[0]
        values = [stat.cell(r, column) for r in rows]
        fig = go.Figure(go.Bar(x=rows, y=[v or 0 for v in values], marker_color="#1f6f8b",
                               name=label(spec.columns, column)))
        withheld = [r for r, v in zip(rows, values, strict=True) if v is None]
        if withheld:
            fig.add_trace(go.Scatter(x=withheld, y=[0] * len(withheld), mode="markers+text", text=[".."] * len(withheld),
                                     textposition="top center", marker={"color": "#9e9e9e", "symbol": "x"},
                                     name=t("stats.withheld")))
        fig.update_layout(height=360, margin={"l": 10, "r": 10, "t": 10, "b": 10}, showlegend=bool(withheld))
        return fig
    z = [[stat.cell(r, c) for c in table.columns] for r in rows]
    text = [[shown(stat, r, c) for c in table.columns] for r in rows]
    fig = go.Figure(go.Heatmap(
        z=z, x=[label(spec.columns, c) for c in table.columns], y=[label(spec.rows, r) for r in rows],
        text=text, texttemplate="%{text}" if len(rows) * len(table.columns) <= 300 else None,
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>", colorscale="Blues", hoverongaps=True, zmin=0,
        zmax=max([v for line in z for v in line if v is not None] + [1]),
        colorbar={"title": t(f"stats.measure.{spec.measure}")}))
    fig.update_layout(height=max(320, min(900, 22 * len(rows) + 120)), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      plot_bgcolor="#d9d9d9", yaxis={"autorange": "reversed", "type": "category"},
                      xaxis={"type": "category"})
    return fig


def show_table(stat) -> None:
    """A table's caption, chart, cells, downloads and (when opened) its protection audit."""
    primary, secondary = withheld_counts(stat)
    measure = t(f"stats.measure.{stat.spec.measure}")
    st.caption(t("stats.table_caption", measure=measure, primary=primary, secondary=secondary)
               if primary + secondary else t("stats.table_caption_none", measure=measure))
    st.plotly_chart(chart(stat), width="stretch", key=f"chart_{stat.spec.name}")
    st.caption(t("stats.grey_is_withheld"))
    st.dataframe(frame(stat), hide_index=True, width="stretch")
    if stat.spec.by_period and span == "recent":
        st.caption(t("stats.total_is_whole"))
    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button(t("stats.csv"), csv_bytes(stat), file_name=stat.spec.file, mime="text/csv",
                       on_click="ignore", icon=":material/download:", key=f"csv_{stat.spec.name}")
    c2.download_button(t("stats.csv_excel"), csv_bytes(stat, "excel-fi"),
                       file_name=stat.spec.file.replace(".csv", "-excel-fi.csv"), mime="text/csv",
                       on_click="ignore", icon=":material/download:", key=f"xls_{stat.spec.name}")
    if primary + secondary:
        # The intervals are linear programs (a second or more on a large table, the first time): worked out
        # when the audit is opened, not for every view of the tables.
        audit = st.expander(t("stats.audit_heading", n=primary + secondary), key=f"stats_audit_{stat.spec.name}",
                            on_change="rerun")
        if audit.open:
            with audit:
                st.markdown(t("stats.audit_explained"))
                if stat.spec.by_period:
                    st.markdown(t("stats.audit_linked"))
                st.markdown(t("stats.range_rule", dominance=DOMINANCE_SHOWN))
                st.markdown(t("stats.insider_rule"))
                with st.spinner(t("stats.audit_working")):
                    report = protection_report(stat)
                st.dataframe(pd.DataFrame([{
                    t("stats.dim." + stat.spec.rows): label(stat.spec.rows, c["row"]),
                    t("stats.dim." + stat.spec.columns): label(stat.spec.columns, c["column"]),
                    t("stats.why"): t(f"stats.why.{c['why']}"),
                    t("stats.low"): amount(stat, c["low"]),
                    t("stats.high"): amount(stat, c["high"], "∞"),
                    t("stats.need_low"): amount(stat, c["need_low"]),
                    t("stats.need_high"): amount(stat, c["need_high"]),
                } for c in report["cells"]]), hide_index=True, width="stretch")


# Only the open tab's table, chart and downloads are made and sent (Streamlit's lazy tabs): the browser drew six
# charts before, a second of a first view. The table a user reads stays open across a period or language switch
# (a tab's words change with them, so each keeps its own widget, opened on the table last read). That table is
# protected first and shown as soon as it is; the others are made meanwhile.
kinds = [spec.kind for spec in specs(period)]
titles = {spec.kind: spec.title_fi if language() == "fi" else spec.title_en for spec in specs(period)}
tab_key = f"stats_tab_{period}_{language()}"


def open_kind() -> str | None:
    """The kind of table whose tab is open (its widget holds the tab's title)."""
    return next((kind for kind, title in titles.items() if title == st.session_state.get(tab_key)), None)


def remember_table() -> None:
    st.session_state["stats_table"] = open_kind()


reading = open_kind() or st.session_state.get("stats_table") or kinds[0]


with stop_on_error():
    job = making(str(default_db_path()), user.username, user.role, day, int(k), period, first=reading)
    zips, bar = st.empty(), st.empty()
    tabs = st.tabs(list(titles.values()), default=titles.get(st.session_state.get("stats_table")), key=tab_key,
                   on_change=remember_table)
    for tab, kind in zip(tabs, kinds, strict=True):
        if not tab.open:
            continue
        wait_for(bar, job, lambda kind=kind: job.table(kind, period) is not None)
        with tab:
            show_table(job.table(kind, period))
    wait_for(bar, job, lambda: job.made is not None)
    bar.empty()
    tables = job.made[period]
    with zips.container():
        d1, d2 = st.columns(2)
        d1.download_button(t("stats.zip"), zip_bytes(tables), file_name=f"statistics-{day.isoformat()}.zip",
                           mime="application/zip", on_click="ignore", icon=":material/folder_zip:")
        d2.download_button(t("stats.zip_excel"), zip_bytes(tables, "excel-fi"),
                           file_name=f"statistics-{day.isoformat()}-excel-fi.zip", mime="application/zip",
                           on_click="ignore", icon=":material/folder_zip:")
