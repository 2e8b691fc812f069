"""`request ask`, `request answer`, duplicates and Art. 12(5) refusals on the command line
(REGISTER.md sections 4 and 7), against dates worked out by hand from Regulation 1182/71 and the
Finnish calendar:

- 2026-11-02 (Mon) + 1 month = 2026-12-02 (Wed).
- 2026-11-20 (Fri) + 1 month = 2026-12-20, a Sunday: 2026-12-21 (Mon). Christmas Eve (Thu 24th),
  Christmas Day and Boxing Day are holidays, the 27th a Sunday: a day that lands on the 24th moves
  to Monday 2026-12-28.
- 2026-10-01 + 1 month = 2026-11-01, a Sunday: the first month ends Monday 2026-11-02.
"""

import json
from datetime import date

import pytest

from registry import documents
from registry.store import db
from tests.cli.test_cli import ok, one_line_error
from tests.conftest import Contract, run_cli

PASSWORD = "salainen-sana-1\n"


@pytest.fixture
def waits(store):
    with db.connect(store) as conn:
        c = Contract(conn)
        for n in (1, 2, 3):
            c.customer(id=n)
    for username, role in (("mika", "manager"), ("sanna", "manager"), ("aino", "staff"), ("olli", "manager")):
        ok(run_cli("user", "add", "--db", store, "--username", username, "--role", role, "--password-stdin",
                   input=PASSWORD))
    ok(run_cli("user", "disable", "--db", store, "--username", "olli"))
    return store


def record(store, today, kind="access", received="2026-11-02", customer=1, *more):
    return json.loads(ok(run_cli("request", "record", "--db", store, "--today", today, "--kind", kind,
                                 "--received-on", received, "--channel", "email", "--customer-id", customer,
                                 *more, "--json")).stdout)


def listed(store, today) -> dict[int, dict]:
    return {r["request_id"]: r for r in json.loads(ok(run_cli("requests", "--db", store, "--today", today,
                                                               "--json")).stdout)}


def ask(store, rid, on, today, what="identity", out=None):
    return run_cli("request", "ask", "--db", store, "--today", today, "--id", rid, "--actor", "mika", "--for", what,
                   "--on", on, "--json", *(["--out", out] if out else []))


def answer(store, rid, on, today):
    return run_cli("request", "answer", "--db", store, "--today", today, "--id", rid, "--actor", "mika", "--on", on,
                   "--json")


def test_a_wait_suspends_the_deadline_from_the_ask_to_the_answer(waits, tmp_path):
    rid = record(waits, "2026-11-02")["request_id"]
    asked = json.loads(ok(ask(waits, rid, "2026-11-05", "2026-11-05", out=tmp_path)).stdout)
    assert (asked["asked_on"], asked["asked_for"], asked["waiting"], asked["suspended_days"]) == \
        ("2026-11-05", "identity", True, 0)
    assert asked["files"] == [f"access-{rid}-ask.pdf"] and (tmp_path / asked["files"][0]).is_file()

    # While waiting the deadline moves a day with each day (an open wait, day by day).
    for today, days, due in (("2026-11-12", 7, "2026-12-09"), ("2026-11-13", 8, "2026-12-10"),
                             ("2026-11-18", 13, "2026-12-15")):
        row = listed(waits, today)[rid]
        assert (row["due_on"], row["strict_due_on"], row["suspended_days"], row["waiting"], row["asked_late"],
                row["extend_by"]) == (due, "2026-12-02", days, True, False, due), today

    answered = json.loads(ok(answer(waits, rid, "2026-11-19", "2026-11-20")).stdout)
    assert (answered["due_on"], answered["suspended_days"], answered["waiting"]) == ("2026-12-16", 14, False)
    later = listed(waits, "2026-12-10")[rid]
    assert (later["due_on"], later["strict_due_on"], later["suspended_days"], later["waiting"], later["extend_by"],
            later["days_left"], later["overdue"]) == ("2026-12-16", "2026-12-02", 14, False, "2026-12-16", 6, False)
    # As of a day before the ask, nothing was asked yet; as of a day before the answer, it was still waited for.
    assert listed(waits, "2026-11-04")[rid]["due_on"] == "2026-12-02"
    assert listed(waits, "2026-11-10")[rid]["waiting"] is True


def test_an_ask_on_day_seven_suspends_and_one_on_day_eight_does_not(waits):
    in_time = record(waits, "2026-11-02")["request_id"]
    late = record(waits, "2026-11-02", "portability")["request_id"]
    ok(ask(waits, in_time, "2026-11-09", "2026-11-09", "clarification"))
    ok(ask(waits, late, "2026-11-10", "2026-11-10", "clarification"))
    rows = listed(waits, "2026-11-20")
    assert (rows[in_time]["suspended_days"], rows[in_time]["asked_late"], rows[in_time]["due_on"]) == \
        (11, False, "2026-12-14")  # 2026-12-02 + 11 = Sun 13th -> Mon 14th
    assert (rows[late]["suspended_days"], rows[late]["asked_late"], rows[late]["waiting"], rows[late]["due_on"]) == \
        (0, True, True, "2026-12-02")


def test_the_wait_moves_a_deadline_past_christmas(waits):
    three = record(waits, "2026-11-25", received="2026-11-20")["request_id"]
    four = record(waits, "2026-11-25", "objection", "2026-11-20")["request_id"]
    for rid, answered_on in ((three, "2026-11-26"), (four, "2026-11-27")):
        ok(ask(waits, rid, "2026-11-23", "2026-11-23"))
        ok(answer(waits, rid, answered_on, "2026-11-27"))
    rows = listed(waits, "2026-12-01")
    assert (rows[three]["strict_due_on"], rows[three]["due_on"]) == ("2026-12-21", "2026-12-23")
    assert (rows[four]["strict_due_on"], rows[four]["due_on"]) == ("2026-12-21", "2026-12-28")  # 24th -> Mon 28th


def test_an_extension_after_extend_by_is_refused_and_the_wait_moves_extend_by(waits, tmp_path):
    plain = record(waits, "2026-10-01", "portability", "2026-10-01", 1)["request_id"]
    waited = record(waits, "2026-10-01", "portability", "2026-10-01", 2)["request_id"]
    ok(ask(waits, waited, "2026-10-02", "2026-10-02"))
    ok(answer(waits, waited, "2026-10-12", "2026-10-12"))
    rows = listed(waits, "2026-11-03")
    assert rows[plain]["extend_by"] == "2026-11-02" and rows[waited]["extend_by"] == "2026-11-11"

    def extend(rid, today):
        return run_cli("request", "extend", "--db", waits, "--today", today, "--id", rid, "--actor", "mika",
                       "--reason", "Laaja aineisto", "--json")

    line = one_line_error(extend(plain, "2026-11-03"), 1)
    assert "could be extended until 2026-11-02" in line and "nothing changed" in line
    assert one_line_error(extend(waited, "2026-11-12"), 1).count("2026-11-11") == 1
    done = json.loads(ok(extend(waited, "2026-11-11")).stdout)
    # Three months from receipt (2027-01-01) plus the ten days waited: Monday 2027-01-11.
    assert (done["extended_on"], done["due_on"]) == ("2026-11-11", "2027-01-11")
    with db.connect(waits) as conn:
        assert conn.execute("SELECT extended_on FROM requests WHERE id = ?", [plain]).fetchone()[0] is None


@pytest.mark.parametrize("steps,fragment", [
    ([("answer", "2026-11-05")], "no ask to answer"),
    ([("ask", "2026-11-03"), ("ask", "2026-11-04")], "asked once"),
    ([("ask", "2026-11-01")], "before the request was received"),
    ([("ask", "2026-11-26")], "in the future"),
    ([("ask", "2026-11-03"), ("answer", "2026-11-26")], "in the future"),
    ([("ask", "2026-11-05"), ("answer", "2026-11-04")], "before the ask"),
    ([("ask", "2026-11-03"), ("answer", "2026-11-04"), ("answer", "2026-11-05")], "answered on 2026-11-04 already"),
])
def test_bad_asks_and_answers_are_bad_input_and_change_nothing(waits, steps, fragment):
    rid = record(waits, "2026-11-25")["request_id"]
    *first, (kind, day) = steps
    for step, on in first:
        ok(ask(waits, rid, on, "2026-11-25") if step == "ask" else answer(waits, rid, on, "2026-11-25"))
    with db.connect(waits) as conn:
        before = conn.execute("SELECT asked_on, asked_for, answered_on FROM requests WHERE id = ?", [rid]).fetchone()
    result = ask(waits, rid, day, "2026-11-25") if kind == "ask" else answer(waits, rid, day, "2026-11-25")
    assert fragment in one_line_error(result, 2)
    with db.connect(waits) as conn:
        assert conn.execute("SELECT asked_on, asked_for, answered_on FROM requests WHERE id = ?",
                            [rid]).fetchone() == before


def test_a_duplicate_is_recognised_at_recording_and_closed_with_its_earliest_by_one_letter(waits, tmp_path):
    first = record(waits, "2026-11-25", "access", "2026-11-10", 1, "--verified-on", "2026-11-11")
    second = record(waits, "2026-11-25", "access", "2026-11-17", 1)  # a letter after the e-mail, unverified
    other_kind = record(waits, "2026-11-25", "objection", "2026-11-17", 1)
    other_person = record(waits, "2026-11-25", "access", "2026-11-17", 2)
    assert (first["duplicate_of"], second["duplicate_of"], other_kind["duplicate_of"], other_person["duplicate_of"]) \
        == (None, first["request_id"], None, None)
    row = listed(waits, "2026-11-25")[second["request_id"]]
    assert (row["duplicate_of"], row["due_on"]) == (first["request_id"], "2026-12-17")  # its own receipt, its own deadline

    alone = run_cli("request", "complete", "--db", waits, "--today", "2026-11-25", "--id", second["request_id"],
                    "--actor", "mika", "--out", tmp_path / "alone", "--json")
    assert f"duplicate of request {first['request_id']}" in one_line_error(alone, 1)
    assert not (tmp_path / "alone").exists() or not any((tmp_path / "alone").iterdir())

    done = json.loads(ok(run_cli("request", "complete", "--db", waits, "--today", "2026-11-25", "--id",
                                 first["request_id"], "--actor", "mika", "--out", tmp_path, "--json")).stdout)
    assert done["status"] == "completed" and done["closed_with"] == [second["request_id"]]
    words = " ".join(documents.pdf_text((tmp_path / f"access-{first['request_id']}.pdf").read_bytes()).split())
    assert "10.11.2026 ja 17.11.2026" in words
    with db.connect(waits) as conn:
        closed = dict(conn.execute("SELECT id, status FROM requests WHERE id IN (?, ?)",
                                   [first["request_id"], second["request_id"]]).fetchall())
        letters = conn.execute("SELECT request_id, file_name FROM request_documents WHERE file_name LIKE '%.pdf' "
                               "ORDER BY request_id").fetchall()
    assert closed == {first["request_id"]: "completed", second["request_id"]: "completed"}
    assert letters == [(first["request_id"], f"access-{first['request_id']}.pdf"),
                       (second["request_id"], f"access-{first['request_id']}.pdf")]
    # With the earliest closed, a new request of the same kind is nobody's duplicate.
    assert record(waits, "2026-11-25", "access", "2026-11-25", 1)["duplicate_of"] is None


def refuse(store, rid, out, *more):
    return run_cli("request", "refuse", "--db", store, "--today", "2026-11-25", "--id", rid, "--actor", "mika",
                   "--reason", "Sama pyyntö kuudetta kertaa viikossa; tiedot annettiin 20.11.", "--out", out, "--json",
                   *more)


@pytest.mark.parametrize("more,fragment", [
    (["--manifestly", "unfounded"], "needs a second manager"),
    (["--manifestly", "excessive", "--approved-by", "mika"], "cannot approve it too"),
    (["--manifestly", "excessive", "--approved-by", "aino"], "not an active manager"),
    (["--manifestly", "excessive", "--approved-by", "olli"], "not an active manager"),
    (["--manifestly", "excessive", "--approved-by", "nobody"], "not an active manager"),
])
def test_an_art_12_5_refusal_without_a_second_active_manager_is_refused_and_changes_nothing(waits, tmp_path, more,
                                                                                            fragment):
    rid = record(waits, "2026-11-25", received="2026-11-20")["request_id"]
    assert fragment in one_line_error(refuse(waits, rid, tmp_path / "out", *more), 1)
    with db.connect(waits) as conn:
        assert conn.execute("SELECT status, refusal_ground, approved_by FROM requests WHERE id = ?",
                            [rid]).fetchone() == ("received", None, None)
        assert conn.execute("SELECT count(*) FROM request_documents").fetchone()[0] == 0
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_an_art_12_5_refusal_approved_by_a_second_manager_states_the_ground_and_both_remedies(waits, tmp_path):
    rid = record(waits, "2026-11-25", received="2026-11-20")["request_id"]
    twin = record(waits, "2026-11-25", received="2026-11-24")["request_id"]
    done = json.loads(ok(refuse(waits, rid, tmp_path, "--manifestly", "excessive", "--approved-by", "sanna")).stdout)
    assert (done["status"], done["closed_with"]) == ("refused", [twin])
    words = " ".join(documents.pdf_text((tmp_path / f"access-{rid}-refusal.pdf").read_bytes()).split())
    for part in ("kohtuuton", "12 art. 5 kohta", "kuudetta kertaa", "tietosuojavaltuutetun", "käräjäoikeudessa",
                 "20.11.2026 ja 24.11.2026"):
        assert part in words, part
    with db.connect(waits) as conn:
        assert conn.execute("SELECT status, refusal_ground, approved_by, closing_reason FROM requests WHERE id = ?",
                            [rid]).fetchone() == ("refused", "excessive", "sanna",
                                                  "Sama pyyntö kuudetta kertaa viikossa; tiedot annettiin 20.11.")
        assert conn.execute("SELECT status FROM requests WHERE id = ?", [twin]).fetchone() == ("refused",)
    assert one_line_error(run_cli("request", "refuse", "--db", waits, "--id", rid, "--actor", "mika", "--reason", "x",
                                  "--out", tmp_path, "--approved-by", "sanna"), 2).count("--manifestly") == 1


def test_a_plain_refusal_still_needs_no_second_manager(waits, tmp_path):
    rid = record(waits, "2026-11-25", "rectification", "2026-11-20")["request_id"]
    assert json.loads(ok(refuse(waits, rid, tmp_path)).stdout)["status"] == "refused"
    with db.connect(waits) as conn:
        assert conn.execute("SELECT refusal_ground FROM requests WHERE id = ?", [rid]).fetchone() == (None,)


def test_the_store_keeps_the_dates_of_a_past_today(waits):
    rid = record(waits, "2026-11-25", received="2026-11-20")["request_id"]
    ok(ask(waits, rid, "2026-11-23", "2026-11-23"))
    with db.connect(waits) as conn:
        assert conn.execute("SELECT asked_on, asked_for FROM requests WHERE id = ?", [rid]).fetchone() == \
            (date(2026, 11, 23), "identity")


def test_a_late_ask_s_letter_does_not_say_the_time_stands_still(waits, tmp_path):
    in_time = record(waits, "2026-11-02")["request_id"]
    late = record(waits, "2026-11-02", "objection")["request_id"]
    ok(ask(waits, in_time, "2026-11-09", "2026-11-09", out=tmp_path))
    ok(ask(waits, late, "2026-11-10", "2026-11-10", "clarification", out=tmp_path))
    said = {rid: " ".join(documents.pdf_text(next(tmp_path.glob(f"*-{rid}-ask.pdf")).read_bytes()).split())
            for rid in (in_time, late)}
    assert "käsittelyaika ei kulu" in said[in_time]
    assert "käsittelyaika ei kulu" not in said[late] and "Ilman vastaustanne" in said[late]
