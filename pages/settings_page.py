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
from registry.digest import preview as digest_preview
from registry.digest import previewable
from registry.mail import PASSWORD_ENV, mail_set_up, password_given
from registry.notify import send_test_message
from registry.settings import (BILINGUAL, DEFAULTS, MAIL_SETTINGS, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS,
                               SMTP_SECURITY, SettingsRefused, current_settings, field, form_fields, set_setting,
                               set_settings)
from registry.users import staff_names
from ui.auth import page_user
from ui.feedback import error_text, show_notice, stop_on_error, tell
from ui.i18n import choice_key, language, t

user = page_user("manage_settings")
actor = user.as_actor()
today = finnish_today()
st.title(t("page.settings"))
st.caption(t("settings.intro"))
show_notice()

with stop_on_error():
    with connect() as conn:
        values = current_settings(conn)

fields = {key: text for key, text in form_fields(values).items() if key not in MAIL_SETTINGS}  # key -> its text now
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

def save(keys) -> None:
    """Save the form's fields `keys` all at once: one wrong field saves none of them, each named."""
    try:
        with connect() as conn:
            changed = set_settings(conn, actor, {key: str(st.session_state[f"set_{key}"]) for key in keys})
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


if saved:
    save(fields)

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
st.subheader(t("settings.mail"))
st.caption(t("settings.mail_intro"))
with st.form("mail_form", enter_to_submit=False):  # no "Press Enter to submit form" in English under Finnish fields
    st.text_input(label("dashboard.url"), value=str(values["dashboard.url"]), key="set_dashboard.url",
                  help=t("settings.url_help"))
    host, port, security = st.columns([2, 1, 3])  # the security's longest choice is read whole
    host.text_input(label("smtp.host"), value=values["smtp.host"], key="set_smtp.host", placeholder="smtp.molentum.fi")
    port.text_input(label("smtp.port"), value=str(values["smtp.port"]), key="set_smtp.port")
    securities = {code: t(f"smtp_security.{code}") for code in SMTP_SECURITY}  # in this run's language
    security.selectbox(label("smtp.security"), list(securities), index=SMTP_SECURITY.index(values["smtp.security"]),
                       format_func=securities.__getitem__, key=choice_key("set_smtp.security"))
    sender, login = st.columns(2)
    sender.text_input(label("smtp.from"), value=values["smtp.from"], key="set_smtp.from",
                      placeholder="rekisteri@molentum.fi")
    login.text_input(label("smtp.username"), value=values["smtp.username"], key="set_smtp.username")
    st.caption(t("settings.password_set" if password_given() else "settings.password_unset",
                 env=PASSWORD_ENV))
    mail_saved = st.form_submit_button(t("settings.mail_save"), type="primary", icon=":material/save:")
if mail_saved:
    save(MAIL_SETTINGS)

if not mail_set_up(values):
    st.info(t("settings.mail_off"), icon=":material/mail_lock:")
elif not user.email:
    st.caption(t("settings.test_no_address"))
elif st.button(t("settings.test_send", to=user.email), icon=":material/outgoing_mail:", key="set_mail_test"):
    with st.spinner(t("settings.test_sending", host=values["smtp.host"])):
        try:
            why = send_test_message(connect, actor, user.email, language())
        except RegistryError as err:
            st.error(error_text(err))
        else:
            if why is None:
                st.success(t("settings.test_sent", to=user.email), icon=":material/mark_email_read:")
            else:
                st.error(t("settings.test_failed", to=user.email, why=why))

st.markdown(f"**{t('settings.digest_preview')}**")
with connect() as conn:
    accounts = previewable(conn)
    shown_names = staff_names(conn, accounts)
names_now = {username: shown_names.get(username, username) for username in accounts}  # in this run's language
if accounts:
    who = st.selectbox(t("settings.digest_for"), accounts, format_func=names_now.__getitem__, key="set_digest_for")
    with connect() as conn:
        shown = digest_preview(conn, actor, who, today)
    if shown.mail is None:
        st.info(t(f"settings.digest_none.{shown.why_none}", who=names_now[who]), icon=":material/mail:")
    else:
        st.caption(t("settings.digest_to", to=shown.mail["To"], subject=shown.mail["Subject"]))
        html, text = st.tabs([t("settings.digest_html"), t("settings.digest_text")])
        with html, st.container(border=True):
            st.html(shown.mail.get_body(("html",)).get_content())
        with text:
            st.code(shown.mail.get_body(("plain",)).get_content(), language=None, wrap_lines=True)

st.divider()
st.subheader(t("settings.preview"))
# The options are the codes, their words made in this run's language (AppTest calls format_func outside the
# page's run, where the session's language is not known); a language switch keeps the chosen code.
shown_langs = {code: t(f"lang.{code}") for code in ("fi", "en")}
lang = st.radio(t("settings.preview_language"), list(shown_langs), format_func=shown_langs.__getitem__,
                horizontal=True, key=choice_key("set_preview_lang"))
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
