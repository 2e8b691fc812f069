"""Properties of request deadlines over many receipt dates (hypothesis)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from registry.requests.deadlines import add_months, is_working_day, request_due_on

receipts = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@settings(max_examples=400, deadline=None)
@given(received=receipts, extended=st.booleans())
def test_the_deadline_is_the_first_working_day_on_or_after_the_calendar_end(received, extended):
    calendar_end = add_months(received, 3 if extended else 1)
    due = request_due_on(received, extended)
    assert is_working_day(due)
    assert due >= calendar_end
    day = calendar_end
    while day < due:
        assert not is_working_day(day)
        day += timedelta(days=1)
    assert (due - calendar_end).days <= 5  # the longest run of holidays and a weekend in Finland


@settings(max_examples=300, deadline=None)
@given(received=receipts)
def test_a_later_receipt_never_has_an_earlier_deadline(received):
    assert request_due_on(received + timedelta(days=1)) >= request_due_on(received)
    assert request_due_on(received, extended=True) > request_due_on(received)


@settings(max_examples=300, deadline=None)
@given(received=receipts, months=st.integers(min_value=1, max_value=3))
def test_add_months_keeps_the_day_or_clamps_to_the_months_end(received, months):
    end = add_months(received, months)
    assert (end.year * 12 + end.month) - (received.year * 12 + received.month) == months
    assert end.day == received.day or (end.day < received.day and (end + timedelta(days=1)).day == 1)
