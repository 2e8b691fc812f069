"""Backups on the dashboard, as an admin uses them: the Overview says when the last backup was
taken (amber after a week without one), the Backups page takes one, saved in the configured
folder or downloaded, and says why a restore is the command line's."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from datetime import timedelta

import pytest

from registry.store import db
from registry.audit import utc_now
from registry.backup import MAGIC
from tests.pages.conftest import signed_in, texts

PAGE = "pages/backups_page.py"


def test_an_admin_without_a_backup_sees_it_amber_on_the_overview(app_store):
    at = signed_in("demo-admin")
    assert not at.exception
    assert "Ei koskaan" in [m.value for m in at.metric]
    assert any("Varmuuskopiota ei ole otettu" in w.value for w in at.warning)


def test_a_backup_saved_in_the_configured_folder_shows_on_both_pages(app_store, tmp_path, monkeypatch):
    folder = tmp_path / "backups"
    folder.mkdir()
    monkeypatch.setenv("REGISTRY_BACKUP_DIR", str(folder))
    at = signed_in("demo-admin", PAGE)
    assert "Varmuuskopiota ei ole vielä otettu." in [w.value for w in at.warning]
    at.button(key="backup_take").click().run()
    assert not at.exception
    [saved] = list(folder.iterdir())
    assert saved.read_bytes().startswith(MAGIC) and stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert any(f"Varmuuskopio tallennettu: {saved}" in s.value for s in at.success)
    assert any("Viimeisin varmuuskopio:" in i.value and "Demo admin" in i.value for i in at.info), \
        [i.value for i in at.info]  # said by name, not by username
    overview = signed_in("demo-admin")
    assert not any("varmuuskopio" in w.value.lower() for w in overview.warning)
    assert "Ei koskaan" not in [m.value for m in overview.metric]


def test_without_a_folder_the_backup_is_downloaded_in_english(app_store):
    at = signed_in("demo-admin", PAGE, lang="en")
    assert "No backup folder is configured" in texts(at)
    at.button(key="backup_take").click().run()
    assert not at.exception
    [download] = [b for b in at.get("download_button") if b.proto.label == "Download the backup"]
    name, data, _, persons = at.session_state["backup_ready"]
    assert data.startswith(MAGIC) and name.endswith(".backup") and persons == 300
    assert "A restore replaces the whole register" in texts(at)


def test_a_backup_older_than_a_week_is_amber(app_store):
    with db.connect(app_store) as conn:
        conn.execute("INSERT INTO backups VALUES (?, 'demo-admin', 'vanha.backup', 1234567, 300, 1)",
                     [utc_now() - timedelta(days=8)])
    at = signed_in("demo-admin", PAGE)
    assert any("yli 7 päivää vanha" in w.value and "1,2 Mt" in w.value for w in at.warning)
    overview = signed_in("demo-admin")
    assert any("Yli 7 päivää ilman varmuuskopiota" in w.value for w in overview.warning)


@pytest.mark.parametrize("username", ["demo-manager", "demo-staff", "demo-auditor"])
def test_only_admins_get_the_page_and_the_tile(app_store, username):
    at = signed_in(username)
    assert "Viimeisin varmuuskopio" not in [m.label for m in at.metric]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE).run()


def test_after_a_restore_both_pages_say_which_backup_the_register_came_from(app_store, tmp_path):
    from registry.store.ledger import ledger_path
    from tests.conftest import run_cli

    taken = run_cli("backup", "--db", app_store, "--out", tmp_path, "--json")
    assert taken.returncode == 0, taken.stderr
    file = json.loads(taken.stdout)["file"]
    ledger = [] if ledger_path(app_store).exists() else ["--without-ledger"]
    done = run_cli("restore", "--db", app_store, "--from", file, "--yes", *ledger)
    assert done.returncode == 0, done.stderr

    overview = signed_in("demo-admin")
    assert "Ei koskaan" not in [m.value for m in overview.metric]
    assert any(c.value.startswith("Palautettu ") and "tästä varmuuskopiosta" in c.value for c in overview.caption)
    page = signed_in("demo-admin", PAGE, lang="en")
    shown = texts(page)
    assert "The register was restored on " in shown and "from the backup taken " in shown
    assert f"File: {Path(file).name} (the time in the name is UTC;" in shown
    assert "The encryption key is the file " in shown and ".backup-key" in shown
    assert "Stop the dashboard first" in shown
