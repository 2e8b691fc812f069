"""A request's lifecycle: record (matched or not), match, verify, extend once, close."""

from datetime import date

import pytest

from registry.access import Actor, NotPermitted
from registry.errors import BadInput, NotFound, RefusedByRule
from registry.requests.register import (ask_person, close_request, extend_request, get_request, match_request,
                                        open_requests, record_answer, record_request, start_request, verify_identity)

TODAY = date(2026, 11, 25)
STAFF = Actor("aino", "staff")
MANAGER = Actor("mika", "manager")


def audit_actions(conn):
    return [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY seq").fetchall()]


def test_a_recorded_request_gets_its_deadline_from_the_receipt_date(conn, contract):
    contract.customer(id=1)
    request = record_request(conn, STAFF, TODAY, "access", date(2026, 11, 6), "letter", customer_id=1)
    assert request.status == "received" and request.customer_id == 1
    assert request.deadline(TODAY) == (date(2026, 12, 7), 12, False)  # Dec 6 is Independence Day, a Sunday
    assert audit_actions(conn) == ["request_recorded"]


def test_an_unmatched_request_runs_its_deadline_and_can_be_matched_later(conn, contract):
    contract.customer(id=7)
    request = record_request(conn, STAFF, TODAY, "erasure", date(2026, 11, 20), "email")
    assert request.missing() == ["person", "identity"]
    assert [r.request_id for r in open_requests(conn, TODAY)] == [request.request_id]
    matched = match_request(conn, STAFF, request.request_id, 7)
    assert matched.customer_id == 7 and matched.missing() == ["identity"]


def test_identity_verification_is_recorded_once(conn, contract):
    contract.customer(id=1)
    request = record_request(conn, STAFF, TODAY, "access", date(2026, 11, 20), "email", customer_id=1)
    verify_identity(conn, STAFF, request.request_id, date(2026, 11, 21), TODAY)
    again = verify_identity(conn, STAFF, request.request_id, date(2026, 11, 21), TODAY)
    assert again.identity_verified_on == date(2026, 11, 21) and again.missing() == []
    assert audit_actions(conn).count("identity_verified") == 1


def test_an_extension_gives_three_months_from_receipt_once_and_needs_a_reason(conn, contract):
    contract.customer(id=1)
    request = record_request(conn, STAFF, TODAY, "portability", date(2026, 11, 2), "email", customer_id=1)
    with pytest.raises(BadInput, match="needs a reason"):
        extend_request(conn, MANAGER, request.request_id, "  ", TODAY)
    extended = extend_request(conn, MANAGER, request.request_id, "Laaja aineisto useasta järjestelmästä", TODAY)
    assert extended.deadline(TODAY)[0] == date(2027, 2, 2) and extended.status == "in_progress"
    with pytest.raises(RefusedByRule, match="only once"):
        extend_request(conn, MANAGER, request.request_id, "again", TODAY)


def test_an_extension_after_the_first_deadline_is_refused(conn, contract):
    contract.request(None, kind="access", received_on=date(2026, 10, 1), id=40)
    with pytest.raises(RefusedByRule, match="within the first month"):
        extend_request(conn, MANAGER, 40, "late", TODAY)


def test_an_extension_is_refused_after_extend_by_which_a_wait_moves(conn, contract):
    # Received 1.10.2026: the first month ends Sunday 1.11, so Monday 2.11. Asked on 2.10, answered
    # 12.10: ten days stood still, so extend_by is 1.11 + 10 = Wednesday 11.11.
    contract.customer(id=1)
    plain = record_request(conn, STAFF, date(2026, 10, 1), "portability", date(2026, 10, 1), "email", customer_id=1)
    waited = record_request(conn, STAFF, date(2026, 10, 1), "access", date(2026, 10, 1), "email", customer_id=1)
    ask_person(conn, STAFF, waited.request_id, "identity", date(2026, 10, 2), date(2026, 10, 2))
    record_answer(conn, STAFF, waited.request_id, date(2026, 10, 12), date(2026, 10, 12))
    assert get_request(conn, plain.request_id).timing(date(2026, 11, 3)).extend_by == date(2026, 11, 2)
    assert get_request(conn, waited.request_id).timing(date(2026, 11, 3)).extend_by == date(2026, 11, 11)
    with pytest.raises(RefusedByRule, match="until 2026-11-02"):
        extend_request(conn, MANAGER, plain.request_id, "Laaja aineisto", date(2026, 11, 3))
    with pytest.raises(RefusedByRule, match="until 2026-11-11"):
        extend_request(conn, MANAGER, waited.request_id, "Laaja aineisto", date(2026, 11, 12))
    extended = extend_request(conn, MANAGER, waited.request_id, "Laaja aineisto", date(2026, 11, 11))
    assert extended.deadline(date(2026, 11, 11))[0] == date(2027, 1, 11)  # 1.1.2027 + 10 days
    assert get_request(conn, plain.request_id).extended_on is None


def test_closing_without_a_letter_is_only_a_withdrawal_and_needs_a_manager(conn, contract):
    contract.request(None, kind="objection", received_on=date(2026, 11, 20), id=41)
    with pytest.raises(NotPermitted):
        close_request(conn, STAFF, 41, "withdrawn", TODAY)
    for status in ("completed", "refused"):  # only with their letters (registry/requests/rights.py)
        with pytest.raises(RefusedByRule, match="only with its letter"):
            close_request(conn, MANAGER, 41, status, TODAY, "Henkilöä ei voitu tunnistaa.")
    assert [r.request_id for r in open_requests(conn, TODAY)] == [41]
    closed = close_request(conn, MANAGER, 41, "withdrawn", TODAY, "Henkilö peruutti pyynnön.")
    assert (closed.status, closed.closed_on, closed.closing_reason) == ("withdrawn", TODAY, "Henkilö peruutti pyynnön.")
    assert open_requests(conn, TODAY) == []
    with pytest.raises(RefusedByRule, match="closed"):
        start_request(conn, STAFF, 41)


def test_bad_request_data_is_refused_and_nothing_is_recorded(conn, contract):
    with pytest.raises(BadInput, match="kind"):
        record_request(conn, STAFF, TODAY, "complaint", TODAY, "email")
    with pytest.raises(BadInput, match="in the future"):
        record_request(conn, STAFF, TODAY, "access", date(2026, 12, 1), "email")
    with pytest.raises(BadInput, match="before the request was received"):
        record_request(conn, STAFF, TODAY, "access", date(2026, 11, 20), "email", verified_on=date(2026, 11, 1))
    with pytest.raises(NotFound):
        record_request(conn, STAFF, TODAY, "access", TODAY, "email", customer_id=999)
    assert conn.execute("SELECT count(*) FROM requests").fetchone()[0] == 0


def test_staff_without_an_nda_cannot_record_requests(conn):
    with pytest.raises(NotPermitted, match="NDA"):
        record_request(conn, Actor("new", "staff", nda_signed=False), TODAY, "access", TODAY, "email")
