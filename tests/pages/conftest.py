"""Page tests: a small demo store per test (copied from one made per session) and AppTest."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from registry.clock import finnish_today
from registry import users
from registry.store import db
from registry.demo import generate
from tests.conftest import PROJECT_ROOT

HOME = str(PROJECT_ROOT / "Home.py")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "registry.duckdb"
    with db.connect(path, must_exist=False) as conn:
        generate(conn, customers=300, seed=9, today=finnish_today())
    return path


@pytest.fixture
def app_store(demo_template, tmp_path, monkeypatch):
    path = tmp_path / "registry.duckdb"
    shutil.copy(demo_template, path)
    monkeypatch.setenv("REGISTRY_DB", str(path))
    monkeypatch.setenv("REGISTRY_COOKIE_KEY", "page-tests-" + "k" * 40)
    return path


@pytest.fixture
def passwords(app_store) -> dict[str, str]:
    with db.connect(app_store) as conn:
        return {username: password for username, password, _ in users.demo_credentials(conn)}


def app() -> AppTest:
    return AppTest.from_file(HOME, default_timeout=180)  # a run takes ~1 s; a shared, loaded machine has taken 60


def signed_in(username: str, page: str | None = None, lang: str = "fi") -> AppTest:
    """An AppTest whose session is signed in as `username` (as the sign-in form leaves it)."""
    at = app()
    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.session_state["name"] = username
    at.session_state["logout"] = False
    at.session_state["lang"] = lang
    at.session_state["language"] = lang
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def texts(at) -> str:
    """Everything the page shows as text, for 'is this visible' checks."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [str(m.label) + " " + str(m.value) for m in at.metric]
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(parts)
