"""Backups (admins): when the last one was taken (and the restore the store came from), take one
now (saved in the configured folder on the server, or downloaded), where the key is, the erasure
ledger a restore re-applies, and why a restore is the operator's command line only, with the
dashboard stopped (registry/backup.py, docs/operations.md)."""

import tempfile
from pathlib import Path

import streamlit as st

from registry.backup import backup_status, configured_folder, key_file, key_from_environment, take_backup
from registry.store.db import connect
from registry.store.files import default_db_path
from registry.errors import RegistryError
from registry.users import staff_names
from ui.auth import page_user
from ui.feedback import error_text, show_notice, stop_on_error, tell
from ui.i18n import fmt_date, fmt_size, fmt_time, t

user = page_user("take_backup")
actor = user.as_actor()
st.title(t("page.backups"))
st.caption(t("backups.intro"))
show_notice()

with stop_on_error():
    with connect() as conn:
        status = backup_status(conn)
        names = staff_names(conn, [n for n in (status.taken_by, status.restored_by) if n])
who = names.get(status.taken_by, "")

if status.taken_at is None:
    st.warning(t("backups.none"), icon=":material/warning:")
else:
    (st.warning if status.stale else st.info)(
        t("backups.last", at=fmt_time(status.taken_at), size=fmt_size(status.size), who=who)
        + (" " + t("backups.stale") if status.stale else ""), icon=":material/backup:")
    st.caption(t("backups.file", file=status.file_name, local=fmt_time(status.taken_at)))
if status.restored_at:
    by = names.get(status.restored_by, status.restored_by)
    st.info(t("backups.restored_taken", at=fmt_time(status.restored_at), by=by, taken=fmt_time(status.taken_at),
              who=who) if status.restored_from_last else
            t("backups.restored", at=fmt_time(status.restored_at), by=by, file=status.restored_from),
            icon=":material/settings_backup_restore:")

folder = configured_folder()
st.caption(t("backups.folder", folder=folder) if folder else t("backups.no_folder"))
st.caption(t("backups.key_env" if key_from_environment() else "backups.key_file", path=key_file(default_db_path())))
if st.button(t("backups.take"), type="primary", icon=":material/backup:", key="backup_take"):
    with st.spinner(t("backups.taking")):
        try:
            if folder:
                info = take_backup(default_db_path(), folder, actor)
                tell("success", t("backups.saved", file=info.file, size=fmt_size(info.size),
                                  n=info.persons) + " " + t("backups.file", file=info.file.name,
                                                                     local=fmt_time(info.taken_at, seconds=True)))
            else:
                with tempfile.TemporaryDirectory() as private:  # 0700: only this process reads it
                    info = take_backup(default_db_path(), Path(private), actor)
                    st.session_state["backup_ready"] = (info.file.name, info.file.read_bytes(), info.size,
                                                        info.persons)
        except RegistryError as err:
            st.error(error_text(err))
        else:
            st.rerun()  # the status above shows the new backup

if ready := st.session_state.get("backup_ready"):
    name, data, size, persons = ready
    st.success(t("backups.ready", size=fmt_size(size), n=persons))
    st.download_button(t("backups.download"), data=data, file_name=name, mime="application/octet-stream",
                       on_click="ignore", icon=":material/download:", key="backup_download")

st.subheader(t("backups.ledger"))
if status.ledger_entries:
    st.write(t("backups.ledger_text", purges=t("backups.count.purges", n=status.ledger_entries), n=status.ledger_persons,
               at=fmt_date(status.ledger_last_at), path=status.ledger_file))
else:
    st.write(t("backups.ledger_empty", path=status.ledger_file))

st.subheader(t("backups.restore"))
st.write(t("backups.restore_text"))
st.code("python -m registry restore --from registry-….backup --dry-run\n"
        "python -m registry restore --from registry-….backup --yes", language="bash")
