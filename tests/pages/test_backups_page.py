"""Backups on the dashboard, as an admin uses them: the Overview says when the last backup was
taken (amber after a week without one), the Backups page takes one, saved in the configured
folder or downloaded, and says why a restore is the command line's."""

from __future__ import annotations

import stat
from datetime import timedelta

import pytest

from registry import db
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
