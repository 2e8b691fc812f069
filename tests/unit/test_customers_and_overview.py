"""Search, the full record, the paginated due list and the overview's figures."""

from datetime import date

import pytest

from registry.access import Actor, NotPermitted
from registry.customers import customer_record, search_customers
from registry.errors import NotFound
from registry.overview import open_requests_by_days_left, overview, purges_coming_due
from registry.retention.due import due_counts, due_page, purgeable_ids

TODAY = date(2026, 11, 25)
STAFF = Actor("aino", "staff")


@pytest.fixture
def people(contract):
    contract.organisation(id=1, name="Kahvila Kuppi Oy")
    contract.customer(id=1, first_name="Matti", last_name="Virtanen", email="matti.v@example.fi",
                      phone="+358 40 123 4567", organisation_id=1)
    contract.customer(id=2, first_name="Liisa", last_name="Virtanen", email="liisa@example.fi",
                      restricted_on=date(2026, 10, 1))
    contract.customer(id=3, first_name="Pekka", last_name="Nieminen", email="pekka@example.fi",
                      until=date(2026, 6, 1))
    contract.invoice(3, issued_on=date(2026, 5, 1), id=1)
    contract.customer(id=4, first_name="Aino", last_name="Laine", until=date(2026, 8, 1))
    contract.customer(id=5, first_name="Ville", last_name="Laine", until=date(2026, 12, 1))
    contract.order(1, id=1)
    contract.request(1, kind="access", received_on=date(2026, 10, 20), id=1)
    contract.request(5, kind="access", received_on=date(2026, 11, 20), id=2)


@pytest.mark.parametrize("query,ids", [
    ("virtanen", [1]), ("VIRTANEN MATTI", [1]), ("matti virtanen", [1]), ("liisa@", []), ("matti.v@", [1]),
    ("040 123", [1]), ("0401234567", [1]), ("kuppi", [1]), ("3", [3]), ("", [1, 2, 3, 4, 5]), ("zzz", []),
])
def test_search_finds_by_name_email_phone_organisation_or_id(conn, people, query, ids):
    assert [r.customer_id for r in search_customers(conn, STAFF, query).rows] == ids


def test_search_pages_by_keyset_without_repeats(conn, people):
    first = search_customers(conn, STAFF, "", limit=2)
    second = search_customers(conn, STAFF, "", after_id=first.next_after, limit=2)
    third = search_customers(conn, STAFF, "", after_id=second.next_after, limit=2)
    assert [r.customer_id for r in first.rows + second.rows + third.rows] == [1, 2, 3, 4, 5]
    assert third.next_after is None


def test_a_restricted_person_is_found_only_by_id_and_shown_only_as_a_marker(conn, people):
    (row,) = search_customers(conn, STAFF, "2").rows
    assert row.status == "restricted"
    assert (row.first_name, row.last_name, row.email, row.phone) == (None, None, None, None)


def test_lifting_a_restriction_is_recorded(conn, people):
    from registry.customers import lift_restriction

    lift_restriction(conn, Actor("mika", "manager"), 2)
    assert [r.customer_id for r in search_customers(conn, STAFF, "liisa").rows] == [2]
    assert conn.execute("SELECT action, details FROM audit_log").fetchall() == [("restriction_lifted",
                                                                                 '{"customer_id":2}')]
    with pytest.raises(NotPermitted):
        lift_restriction(conn, STAFF, 2)


def test_restricted_and_ended_persons_are_marked(conn, people):
    rows = {r.customer_id: r.status for r in search_customers(conn, STAFF, "").rows}
    assert rows == {1: "active", 2: "restricted", 3: "ended", 4: "ended", 5: "ended"}


def test_opening_a_record_is_audited_with_the_id_only(conn, people):
    record = customer_record(conn, STAFF, 3, TODAY)
    assert record.person["email"] == "pekka@example.fi"
    assert record.due.blockers == ("open_invoice",)
    assert [(b.blocker, b.since) for b in record.blockers] == [("open_invoice", date(2026, 5, 1))]
    assert len(record.related["invoices"]) == 1
    actor, action, details = conn.execute("SELECT actor, action, details FROM audit_log").fetchone()
    assert (actor, action, details) == ("aino", "view_record", '{"customer_id":3}')
    customer_record(conn, STAFF, 3, TODAY, audit=False)
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 1


def test_an_unknown_record_is_not_found(conn, people):
    with pytest.raises(NotFound):
        customer_record(conn, STAFF, 99, TODAY)


@pytest.mark.parametrize("actor", [Actor("t", "auditor"), Actor("a", "admin"), Actor("n", "staff", nda_signed=False)])
def test_roles_without_personal_data_cannot_search_or_open(conn, people, actor):
    with pytest.raises(NotPermitted):
        search_customers(conn, actor, "virtanen")
    with pytest.raises(NotPermitted):
        customer_record(conn, actor, 1, TODAY)


def test_the_due_list_is_filtered_and_paged_in_sql(conn, people):
    assert due_counts(conn, TODAY) == due_counts(conn, TODAY, "retention")
    assert (due_counts(conn, TODAY).purgeable, due_counts(conn, TODAY).blocked) == (1, 1)
    page, after = due_page(conn, TODAY, limit=1)
    assert [p.customer_id for p in page] == [3] and after == 3
    page, after = due_page(conn, TODAY, after_id=after, limit=1)
    assert [p.customer_id for p in page] == [4] and after is None
    assert [p.customer_id for p in due_page(conn, TODAY, blocker="none")[0]] == [4]
    assert [p.customer_id for p in due_page(conn, TODAY, blocker="open_invoice")[0]] == [3]
    assert due_page(conn, TODAY, reason="erasure_request")[0] == []
    assert purgeable_ids(conn, TODAY) == [4]


def test_an_open_request_of_another_kind_blocks_the_purge_until_it_is_answered(conn, people, contract):
    contract.request(4, kind="portability", received_on=date(2026, 11, 2), id=3)
    assert [p.customer_id for p in due_page(conn, TODAY, blocker="open_request")[0]] == [4]
    assert purgeable_ids(conn, TODAY) == []
    record = customer_record(conn, STAFF, 4, TODAY, audit=False)
    assert [(b.blocker, b.since, b.items) for b in record.blockers] == [("open_request", date(2026, 11, 2), 1)]
    # Received after the day asked about: not open yet then.
    assert purgeable_ids(conn, date(2026, 11, 1)) == [4]
    conn.execute("UPDATE requests SET status = 'completed', closed_on = DATE '2026-11-24' WHERE id = 3")
    assert purgeable_ids(conn, TODAY) == [4]
    # As of a day before it was answered, it still blocked.
    assert purgeable_ids(conn, date(2026, 11, 23)) == []


def test_the_overview_counts(conn, people):
    figures = overview(conn, TODAY)
    assert (figures.persons, figures.active_customers, figures.due_now, figures.blocked) == (5, 2, 1, 1)
    assert (figures.open_requests, figures.overdue_requests, figures.requests_due_within_7_days) == (2, 1, 0)


def test_a_purged_person_is_no_longer_counted_among_the_persons_held(conn, people):
    from registry.purge import purge_persons

    purge_persons(conn, TODAY, Actor("mika", "manager"), [4])
    figures = overview(conn, TODAY)
    assert (figures.persons, figures.purged, figures.due_now) == (4, 1, 0)


def test_coming_purges_are_counted_per_week_for_twelve_weeks(conn, people):
    weeks = purges_coming_due(conn, TODAY)
    assert len(weeks) == 12 and weeks[0][0] == date(2026, 11, 26)
    # person 5 ends 2026-12-01, so retention ends 2027-03-01: day 96 from tomorrow, week 13: outside
    assert sum(n for _, n in weeks) == 0
    assert sum(n for _, n in purges_coming_due(conn, TODAY, weeks=14)) == 1


def test_open_requests_are_bucketed_by_days_left(conn, people):
    assert dict(open_requests_by_days_left(conn, TODAY)) == {"overdue": 1, "0-7": 0, "8-14": 0, "15-30": 1, "31+": 0}


def test_search_takes_underscores_and_percents_literally_and_finds_a_last_name_alone(conn, contract):
    contract.customer(id=1, first_name="Henna", last_name="Valtonen", email="henna.valtonen@example.fi")
    contract.customer(id=2, first_name=None, last_name="Valtonen", email=None)
    assert [r.customer_id for r in search_customers(conn, STAFF, "henna_valtonen").rows] == []
    assert [r.customer_id for r in search_customers(conn, STAFF, "henna%valtonen").rows] == []
    assert [r.customer_id for r in search_customers(conn, STAFF, "henna.valtonen").rows] == [1]
    assert [r.customer_id for r in search_customers(conn, STAFF, "valtonen").rows] == [1, 2]


def test_an_address_reads_as_written_in_finland_with_a_foreign_country_named():
    from registry.fields import address_text

    person = {"postal_street": "Niemikuja 34", "postal_postcode": "00500", "postal_city": "Helsinki",
              "postal_country": "FI", "billing_street": "Unter den Linden 1", "billing_postcode": "10117",
              "billing_city": "Berlin", "billing_country": "DE"}
    assert address_text(person) == "Niemikuja 34, 00500 Helsinki"
    assert address_text(person, "billing") == "Unter den Linden 1, 10117 Berlin, DE"
    assert address_text({"postal_city": "Oulu"}) == "Oulu"
