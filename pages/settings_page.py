"""Settings (admins): the facts of the privacy notice, edited with validation, the notice previewed
in both languages and downloaded (PDF, HTML, Markdown). A change of retention first says how many
persons it would make purgeable today, or no longer purgeable, as Due for purge counts them, and asks
for a confirmation (registry/settings.py, retention_change.py, notice.py)."""

import streamlit as st

from registry.clock import finnish_today
from registry.store.db import connect
from registry.errors import RegistryError
from registry.notice import notice_bytes
from registry.retention.change import retention_change
from registry.settings import (BILINGUAL, DEFAULTS, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, SettingsRefused,
                               current_settings, field, form_fields, set_setting, set_settings)
from ui.auth import page_user
from ui.feedback import error_text, show_notice, stop_on_error, tell
from ui.i18n import t

user = page_user("manage_settings")
actor = user.as_actor()
today = finnish_today()
st.title(t("page.settings"))
st.caption(t("settings.intro"))
show_notice()

with stop_on_error():
    with connect() as conn:
        values = current_settings(conn)

fields = form_fields(values)  # key -> the text it holds now
BILINGUAL_ORDER = [key for key in DEFAULTS if key in BILINGUAL]


def label(key: str) -> str:
    return t(f"setting.{key.replace('.', '_')}")


with st.form("settings_form"):
    st.subheader(t("settings.controller"))
    cols = st.columns(2)
    one_language = [key for key in fields if not field(key)[1]]
    for i, key in enumerate(one_language):
        cols[i % 2].text_input(label(key), value=fields[key], key=f"set_{key}")
    st.subheader(t("settings.texts"))
    for key in BILINGUAL_ORDER:
        fi, en = st.columns(2)
        fi.text_area(f"{label(key)} · {t('lang.fi')}", value=fields[f"{key}.fi"], key=f"set_{key}.fi", height=100)
        en.text_area(f"{label(key)} · {t('lang.en')}", value=fields[f"{key}.en"], key=f"set_{key}.en", height=100)
    saved = st.form_submit_button(t("settings.save"), type="primary", icon=":material/save:")

if saved:
    try:
        with connect() as conn:  # every field at once: one wrong field saves none of them
            changed = set_settings(conn, actor, {key: st.session_state[f"set_{key}"] for key in fields})
    except SettingsRefused as refused:
        for key, err in refused.problems:
            reason = error_text(err)  # named after its field unless it names the field itself
            name = label(field(key)[0])
            st.error(reason if name.lower() in reason.lower() else f"{name}: {reason}")
    except RegistryError as err:
        st.error(error_text(err))
    else:
        if changed:
            tell("success", t("settings.saved", names=", ".join(label(key) for key, _, _ in changed)))
            st.rerun()

st.subheader(t("setting.retention_days"))
days = st.number_input(t("settings.retention_input"), min_value=MIN_RETENTION_DAYS, max_value=MAX_RETENTION_DAYS,
                       value=values["retention_days"],
                       step=1, key="set_retention")
if days != values["retention_days"]:
    with connect() as conn:
        change = retention_change(conn, today, int(days))
    # A shorter retention can only make more persons purgeable, a longer one only fewer.
    shorter = days < values["retention_days"]
    retention = t("settings.count.retention", n=int(days))
    st.warning(t("settings.retention_shorter", retention=retention, n=change.newly_purgeable) if shorter else
               t("settings.retention_longer", retention=retention, n=change.no_longer_purgeable))
    sure = st.checkbox(t("settings.retention_confirm", n=int(days)), key="set_retention_sure")
    if st.button(t("settings.retention_save"), type="primary", disabled=not sure, key="set_retention_save"):
        try:
            with connect() as conn:
                set_setting(conn, actor, "retention_days", str(int(days)))
        except RegistryError as err:
            st.error(error_text(err))
        else:
            tell("success", t("settings.saved", names=t("setting.retention_days")))
            st.rerun()

st.divider()
st.subheader(t("settings.preview"))
# The options are the shown words themselves (AppTest maps a choice back through format_func
# outside the page's run, where the session's language is not known).
shown_langs = {t(f"lang.{code}"): code for code in ("fi", "en")}
lang = shown_langs[st.radio(t("settings.preview_language"), list(shown_langs), horizontal=True,
                            key="set_preview_lang")]
with connect() as conn:
    files = {fmt: notice_bytes(conn, lang, "privacy", fmt) for fmt in ("pdf", "html", "md")}
    record = notice_bytes(conn, lang, "processing", "pdf")
name = "tietosuojaseloste" if lang == "fi" else "privacy-notice"
d = st.columns([1, 1, 1, 2])
for col, (fmt, mime) in zip(d, (("pdf", "application/pdf"), ("html", "text/html"), ("md", "text/markdown")),
                            strict=False):
    col.download_button(t("settings.download", fmt=fmt.upper()), data=files[fmt], file_name=f"{name}-{lang}.{fmt}",
                        mime=mime, on_click="ignore", icon=":material/download:", key=f"set_dl_{fmt}")
d[3].download_button(t("settings.download_record"), data=record, file_name=f"seloste-kasittelytoimista-{lang}.pdf",
                     mime="application/pdf", on_click="ignore", icon=":material/download:", key="set_dl_record")
with st.container(border=True):  # the notice's headings two levels down, under the page's own
    st.markdown("\n".join("###" + line[1:] if line.startswith("# ") else "####" + line[2:]
                          if line.startswith("## ") else line for line in files["md"].decode().splitlines()))
