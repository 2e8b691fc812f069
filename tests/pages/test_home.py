"""Home page until the dashboard lands: first start creates a demo store; only aggregates show."""

from streamlit.testing.v1 import AppTest

from tests.conftest import PROJECT_ROOT


def test_first_start_creates_demo_data_and_shows_only_counts(tmp_path, monkeypatch):
    store = tmp_path / "registry.duckdb"
    monkeypatch.setenv("REGISTRY_DB", str(store))
    at = AppTest.from_file(str(PROJECT_ROOT / "Home.py"), default_timeout=60).run()
    assert not at.exception
    assert store.exists()
    assert "demo data was created" in at.info[0].value
    labels = {m.label: m.value for m in at.metric}
    assert labels["Henkilöt · Persons"] == "20 000"
    assert int(labels["Poistettavissa nyt · Due, purgeable"]) > 0
    assert int(labels["Myöhässä · Overdue"]) > 0
    assert not at.dataframe and not at.table  # no person-level data on this page

    again = AppTest.from_file(str(PROJECT_ROOT / "Home.py"), default_timeout=60).run()
    assert not again.info  # the second start uses the existing store
    assert {m.label: m.value for m in again.metric} == labels


def test_a_busy_store_shows_a_clear_message(tmp_path, monkeypatch):
    import subprocess
    import sys

    import duckdb

    store = tmp_path / "registry.duckdb"
    duckdb.connect(str(store)).close()
    monkeypatch.setenv("REGISTRY_DB", str(store))
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(store)!r}); print('ok', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()
        at = AppTest.from_file(str(PROJECT_ROOT / "Home.py"), default_timeout=30).run()
    finally:
        holder.kill()
    assert "the register is busy" in at.error[0].value
