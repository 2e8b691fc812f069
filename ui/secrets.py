"""The cookie key for sign-in sessions, from `.streamlit/secrets.toml` (git-ignored).

On first start the file is created with a random key; `secrets.example.toml` shows its shape.
`$REGISTRY_COOKIE_KEY` overrides it (tests, containers)."""

from __future__ import annotations

import os
import secrets
import tomllib
from pathlib import Path

SECRETS_FILE = Path(__file__).resolve().parent.parent / ".streamlit" / "secrets.toml"


def cookie_key(path: Path = SECRETS_FILE) -> str:
    if os.environ.get("REGISTRY_COOKIE_KEY"):
        return os.environ["REGISTRY_COOKIE_KEY"]
    if path.exists():
        key = tomllib.loads(path.read_text()).get("auth", {}).get("cookie_key")
        if key:
            return key
    key = secrets.token_urlsafe(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write(f'\n[auth]\ncookie_key = "{key}"\n')
    os.chmod(path, 0o600)
    return key
