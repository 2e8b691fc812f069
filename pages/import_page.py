"""Import (managers): upload a file of one of the four sources, see how its columns were understood
(and choose where a header was not recognised), a preview, the check with every rejected row and
its reason, then the import with progress and a receipt (registry/intake/imports.py)."""

import json
import os
import tempfile
from pathlib import Path

import streamlit as st

from registry.clock import finnish_today
from registry.store.db import connect
from registry.errors import RegistryError
from registry.intake.files import read_table
from registry.intake.imports import COLUMNS, SOURCES, import_table, map_columns, rejected_rows_file
from ui.auth import page_user
from ui.feedback import error_text
from ui.i18n import choice_key, fmt_int, language, t

PREVIEW_ROWS = 20
SHOWN_REJECTIONS = 1_000  # on the page; the download holds them all
UPLOAD_LIMIT_MB = st.get_option("server.maxUploadSize")

user = page_user("import_data")
actor = user.as_actor()
today = finnish_today()
st.title(t("page.import"))
st.caption(t("import.intro", mb=UPLOAD_LIMIT_MB))

state = st.session_state.setdefault("import", {})


def column_label(column: str | None) -> str:
    return t("import.ignored") if column is None else t(f"field.{column}")


def reset() -> None:
    st.session_state["import"] = {}
    st.session_state.pop("imp_file", None)
    st.session_state.pop("imp_columns", None)


def forget_check() -> None:
    state.pop("check", None)


def reason_text(rejection) -> str:
    """Every wrong value of the row, each with the form expected where its column says more."""
    def one(reason: str, column: str | None) -> str:
        specific = f"ireason.{reason}.{column}"
        return t(specific) if t(specific) != specific else t(f"ireason.{reason}")
    return "; ".join(one(r, c) for r, c in ((rejection.reason, rejection.column), *rejection.also))


def rejected_download(headers: list[str], rejected, key: str) -> None:
    """The rejected rows to correct and import again as they are, in the session's dialect
    (Finnish Excel's for a Finnish session)."""
    st.download_button(t("import.download_rejected"), file_name=t("import.rejected_file"), mime="text/csv",
                       data=rejected_rows_file(headers, rejected, (t("import.col_row"), t("import.col_reason")),
                                               reason_text, "excel-fi" if language() == "fi" else "standard"),
                       on_click="ignore", icon=":material/download:", help=t("import.rejected_help"), key=key)


if receipt := state.get("receipt"):
    st.success(t("import.done", created=t("import.count.new", n=receipt.created),
                 updated=t("import.count.changed_persons", n=receipt.updated), unchanged=fmt_int(receipt.unchanged),
                 rejected=t("import.count.rejected", n=len(receipt.rejected)), seq=receipt.audit_seq or "–"))
    if receipt.notify:
        st.subheader(t("import.notify"))
        st.dataframe([{t("col.id"): n.customer_id, t("import.col_recipient"): n.recipient,
                       t("import.col_fields"): ", ".join(column_label(f) for f in n.fields)} for n in receipt.notify],
                     hide_index=True, width="stretch")
    receipt_json = {**receipt.as_json(), "created_ids": list(receipt.created_ids),
                    "updated_ids": list(receipt.updated_ids), "audit_seq": receipt.audit_seq}
    left, right = st.columns(2)
    left.download_button(t("import.download_receipt"), data=json.dumps(receipt_json, ensure_ascii=False, indent=1),
                         file_name=f"tuonti-{receipt.audit_seq}.json", mime="application/json", on_click="ignore",
                         icon=":material/download:")
    right.button(t("import.again"), on_click=reset, icon=":material/upload_file:")
    if receipt.rejected:  # skipped, not lost: still to correct and import again
        rejected_download(state["headers"], receipt.rejected, "imp_rejected_after")
    st.stop()

source_words = {s: t(f"source.{s}") for s in SOURCES}  # fixed at this run: AppTest calls format_func outside it
source = st.selectbox(t("import.source"), SOURCES, format_func=source_words.get, key=choice_key("imp_source"),
                      help=t("import.source_help"), on_change=forget_check)
upload = st.file_uploader(t("import.file"), type=["csv", "txt", "xlsx"], key="imp_file", on_change=forget_check)
if upload is None:
    st.stop()

if state.get("file_id") != upload.file_id:
    # Read once per upload; the rows stay in this session only until the import is done.
    state.clear()
    fd, temp = tempfile.mkstemp(suffix=Path(upload.name).suffix)  # created 0600: only this process reads it
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(upload.getbuffer())
        state["table"] = read_table(temp, upload.name)
    except RegistryError as err:
        st.error(error_text(err))
        st.stop()
    finally:
        os.unlink(temp)
    state["file_id"] = upload.file_id
table = state["table"]
st.caption(t("import.read", n=len(table.rows), columns=t("import.count.columns", n=len(table.headers))))

# How each header was understood; a manager may choose another column or leave one out.
try:
    understood = map_columns(table.headers, source)
except RegistryError as err:
    understood = None
    st.error(error_text(err))
choices = [None, *COLUMNS]
st.subheader(t("import.columns"))
st.caption(t("import.columns_help"))
edited = st.data_editor(
    [{t("import.header"): header, t("import.understood"): column_label(understood.columns[i] if understood else None)}
     for i, header in enumerate(table.headers)],
    column_config={t("import.header"): st.column_config.TextColumn(disabled=True),
                   t("import.understood"): st.column_config.SelectboxColumn(
                       options=[column_label(c) for c in choices], required=True)},
    hide_index=True, width="stretch", key="imp_columns", on_change=forget_check)
if understood is not None and understood.instead:  # the rule among candidates, said where it was used
    st.caption(t("import.candidates_rule") + " " + "; ".join(
        t("import.chosen_instead", header=left_out, chosen=chosen) for left_out, chosen in understood.instead) + ".")
by_label = {column_label(c): c for c in choices}
overrides = {header: by_label[row[t("import.understood")]] for header, row in zip(table.headers, edited, strict=True)}
try:
    mapping = map_columns(table.headers, source, overrides)
except RegistryError as err:
    st.error(error_text(err))
    st.stop()

st.subheader(t("import.preview", n=min(PREVIEW_ROWS, len(table.rows))))
st.dataframe([{header if column_label(column) == header else f"{header} → {column_label(column)}": row[i]
               for i, (header, column) in enumerate(zip(table.headers, mapping.columns, strict=True))}
              for row in table.rows[:PREVIEW_ROWS]], hide_index=True, width="stretch")
if mapping.ignored:
    st.caption(t("import.ignored_columns", columns=", ".join(mapping.ignored)))


def run(dry_run: bool, skip_invalid: bool = False):
    bar = st.progress(0.0, text=t("import.checking" if dry_run else "import.importing"))
    try:
        with connect() as conn:
            return import_table(conn, actor, today, source, table, dry_run=dry_run, skip_invalid=skip_invalid,
                                overrides=overrides, on_progress=lambda done, total: bar.progress(done / total))
    except RegistryError as err:
        st.error(error_text(err))
        return None
    finally:
        bar.empty()


if st.button(t("import.check"), icon=":material/fact_check:", key="imp_check"):
    state["check"] = run(dry_run=True)
check = state.get("check")
if check is None:
    st.stop()

m = st.columns(4)
m[0].metric(t("import.created"), fmt_int(check.created))
m[1].metric(t("import.updated"), fmt_int(check.updated))
m[2].metric(t("import.unchanged"), fmt_int(check.unchanged))
m[3].metric(t("import.rejected"), fmt_int(len(check.rejected)))
skip = False
if check.rejected:
    st.subheader(t("import.rejected_title"))
    header_of = {column: header for header, column in mapping.understood.items()}
    st.dataframe([{t("import.col_row"): r.row, t("import.col_reason"): reason_text(r),
                   t("import.col_column"): ", ".join(column_label(c) for _, c in ((r.reason, r.column), *r.also) if c)
                   or "–",
                   # every wrong value itself beside its reason, before the row's other cells
                   t("import.col_value"): "; ".join(dict(r.values).get(header_of.get(c), "")
                                                    for _, c in ((r.reason, r.column), *r.also) if c),
                   **dict(r.values)}
                  for r in check.rejected[:SHOWN_REJECTIONS]], hide_index=True, width="stretch")
    rejected_download(table.headers, check.rejected, "imp_rejected")
    st.warning(t("import.all_or_nothing"))
    skip = st.checkbox(t("import.skip_invalid"), key="imp_skip")
if check.notes:
    with st.expander(t("import.notes_title") + f" ({fmt_int(len(check.notes))})", icon=":material/info:"):
        st.dataframe([{t("import.col_row"): n.row, t("import.col_column"): column_label(n.column),
                       t("import.col_note"): t(f"inote.{n.note}", value=n.value or "")}
                      for n in check.notes[:SHOWN_REJECTIONS]], hide_index=True, width="stretch")
if check.duplicate_rows:
    st.info(t("import.duplicate_rows", n=len(check.duplicate_rows),
              rows=", ".join(t("import.row_same_as", row=row, same_as=same_as)
                             for row, same_as in check.duplicate_rows[:SHOWN_REJECTIONS])),
            icon=":material/content_copy:")
if check.created + check.updated == 0:
    # "Nothing new" only when the file holds nothing new: rejected rows are not "nothing new".
    if check.rejected:
        st.warning(t("import.nothing_valid"))
    else:
        st.info(t("import.nothing"))
    st.stop()
if st.button(t("import.apply", created=t("import.count.new", n=check.created),
               updated=t("import.count.changing", n=check.updated)), type="primary",
             disabled=bool(check.rejected) and not skip, icon=":material/upload:", key="imp_apply"):
    done = run(dry_run=False, skip_invalid=skip)
    if done is not None:
        state.clear()
        state["receipt"], state["headers"] = done, table.headers
        st.rerun()
