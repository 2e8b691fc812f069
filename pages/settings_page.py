"""Settings (admins): the facts of the privacy notice, edited with validation, the notice previewed
in both languages and downloaded (PDF, HTML, Markdown). A change of retention first says how many
persons it would make purgeable today, or no longer purgeable, as Due for purge counts them, and asks
for a confirmation (registry/settings.py, retention_change.py, notice.py)."""

import streamlit as st

from registry.clock import finnish_today
from registry.db import connect
from registry.errors import RegistryError
from registry.notice import notice_bytes
from registry.retention_change import retention_change
from registry.settings import BILINGUAL, DEFAULTS, current_settings, set_setting
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

TEXT_KEYS = [k for k in DEFAULTS if k not in BILINGUAL and k != "retention_days"]


def label(key: str) -> str:
    return t(f"setting.{key.replace('.', '_')}")


with st.form("settings_form"):
    st.subheader(t("settings.controller"))
    cols = st.columns(2)
    for i, key in enumerate(TEXT_KEYS):
        cols[i % 2].text_input(label(key), value=values[key], key=f"set_{key}")
    st.subheader(t("settings.texts"))
    for key in sorted(BILINGUAL, key=list(DEFAULTS).index):
        fi, en = st.columns(2)
        fi.text_area(f"{label(key)} · {t('lang.fi')}", value=values[key]["fi"], key=f"set_{key}.fi", height=100)
        en.text_area(f"{label(key)} · {t('lang.en')}", value=values[key]["en"], key=f"set_{key}.en", height=100)
    saved = st.form_submit_button(t("settings.save"), type="primary", icon=":material/save:")

if saved:
    changed, failed = [], []
    for key in TEXT_KEYS + [f"{k}.{lang}" for k in BILINGUAL for lang in ("fi", "en")]:
        new = st.session_state[f"set_{key}"]
        base, _, lang = key.rpartition(".") if key.rsplit(".", 1)[-1] in ("fi", "en") else (key, "", "")
        old = values[base][lang] if lang else values[base]
        if new.strip() == str(old).strip():
            continue
        try:
            with connect() as conn:
                set_setting(conn, actor, key, new)
            changed.append(label(base))
        except RegistryError as err:
            reason = error_text(err)  # named after its field unless it names the field itself
            failed.append(reason if label(base).lower() in reason.lower() else f"{label(base)}: {reason}")
    for message in failed:
        st.error(message)
    if changed and not failed:
        tell("success", t("settings.saved", names=", ".join(dict.fromkeys(changed))))
        st.rerun()

st.subheader(t("setting.retention_days"))
days = st.number_input(t("settings.retention_input"), min_value=1, max_value=3650, value=values["retention_days"],
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
