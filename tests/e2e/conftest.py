import pytest


@pytest.fixture(autouse=True)
def _fast_busy_timeout(monkeypatch):
    """The browser tests read the store beside a running server, whose runs hold it while a page
    is drawn: the test waits for it longer than the server's sessions do (10 s), where the unit
    tests' one second failed a read under load with StoreBusy."""
    monkeypatch.setenv("REGISTRY_BUSY_TIMEOUT", "30")
