"""Benchmark: does the sign-in's time tell an unknown name from a wrong password or a locked account?
(issue #11). Prints figures, asserts nothing.

    .venv/bin/python bench/bench_sign_in.py [--repeat 8]

A 300-person demo store in a temporary folder; the real Home.py under AppTest (as an attacker's
script sees it: no browser render delay). Each round submits the form once per case, in turn, and
times the run that checks it:

* `unknown`: a name the register does not hold;
* `wrong`: a known, unlocked account with a wrong password (its failure count is reset between
  rounds so that it never locks);
* `locked`: an account locked by five failures, with its right password.

Printed: the median and spread per case and the differences of the medians. The page answers all
three alike (one bcrypt check each, the same message); the target is a difference under 0.1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from registry import users  # noqa: E402

from registry.store import db  # noqa: E402
from registry.clock import finnish_today  # noqa: E402
from registry.demo import generate  # noqa: E402

CASES = ("unknown", "wrong", "locked")


def attempt(at: AppTest, username: str, password: str) -> float:
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(password)
    button = at.button[0]
    started = time.perf_counter()
    button.click().run()
    elapsed = time.perf_counter() - started
    assert not at.metric, "an attempt signed in"  # a bench that signed in would time something else
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "registry.duckdb"
        with db.connect(store, must_exist=False) as conn:
            generate(conn, customers=300, seed=9, today=finnish_today())
            passwords = {u: p for u, p, _ in users.demo_credentials(conn)}
            for _ in range(users.MAX_FAILED_SIGN_INS):
                try:
                    users.sign_in(conn, "demo-auditor", "wrong-password")
                except users.SignInRefused:
                    pass
        os.environ.update(REGISTRY_DB=str(store), REGISTRY_COOKIE_KEY="bench-" + "k" * 40)
        at = AppTest.from_file(str(PROJECT_ROOT / "Home.py"), default_timeout=60).run()
        attempt(at, "warm-up", "warm-up-password")  # imports and the first bcrypt outside the figures
        times = {case: [] for case in CASES}
        for _ in range(args.repeat):
            times["unknown"].append(attempt(at, "nobody-here", "whatever-password"))
            times["wrong"].append(attempt(at, "demo-staff", "wrong-password"))
            times["locked"].append(attempt(at, "demo-auditor", passwords["demo-auditor"]))
            with db.connect(store) as conn:  # demo-staff never reaches the lockout
                conn.execute("UPDATE staff_users SET failed_logins = 0 WHERE username = 'demo-staff'")
    print(f"sign-in answer time · AppTest · {args.repeat} rounds · {os.cpu_count()} cores")
    print(f"{'case':<10}{'median_s':>10}{'min_s':>10}{'max_s':>10}")
    medians = {case: statistics.median(values) for case, values in times.items()}
    for case, values in times.items():
        print(f"{case:<10}{medians[case]:>10.3f}{min(values):>10.3f}{max(values):>10.3f}")
    print(f"wrong - unknown: {medians['wrong'] - medians['unknown']:+.3f} s · "
          f"locked - unknown: {medians['locked'] - medians['unknown']:+.3f} s (target: within ±0.1 s)")


if __name__ == "__main__":
    main()
