"""Deadlines of data-subject requests (REGISTER.md section 4).

Every expected date below was worked out by hand from a calendar of 2026-2028:
one month (three when extended) from receipt, same day number or the month's last day,
then the next working day when that day is a Saturday, Sunday or Finnish public holiday
(Midsummer Eve and Christmas Eve included).
"""

from __future__ import annotations

from datetime import date

import pytest

from registry.requests.deadlines import add_months, request_due_on


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(date(2026, 10, 13), 1, date(2026, 11, 13), id="same-day-number-next-month"),
        pytest.param(date(2026, 12, 15), 1, date(2027, 1, 15), id="december-rolls-into-next-year"),
        pytest.param(date(2027, 1, 31), 1, date(2027, 2, 28), id="jan-31-clamps-to-feb-28-in-non-leap-year"),
        pytest.param(date(2028, 1, 31), 1, date(2028, 2, 29), id="jan-31-clamps-to-feb-29-in-leap-year-2028"),
        pytest.param(date(2027, 3, 31), 1, date(2027, 4, 30), id="mar-31-clamps-to-apr-30"),
        pytest.param(date(2026, 11, 30), 3, date(2027, 2, 28), id="nov-30-plus-three-clamps-to-feb-28"),
        pytest.param(date(2027, 11, 30), 3, date(2028, 2, 29), id="nov-30-plus-three-clamps-to-leap-day"),
        pytest.param(date(2026, 10, 31), 3, date(2027, 1, 31), id="oct-31-plus-three-keeps-day-31"),
        pytest.param(date(2026, 1, 31), 12, date(2027, 1, 31), id="twelve-months-is-one-year"),
    ],
)
def test_add_months_keeps_the_day_number_or_clamps_to_the_last_day(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("received_on", "expected"),
    [
        # Plain working days: the same day number a month later, not moved.
        pytest.param(date(2026, 10, 13), date(2026, 11, 13), id="plain-friday-not-moved"),
        pytest.param(date(2026, 11, 23), date(2026, 12, 23), id="wednesday-before-christmas-eve-not-moved"),
        pytest.param(date(2027, 5, 24), date(2027, 6, 24), id="thursday-before-midsummer-eve-not-moved"),
        # Month-end clamp, then the working-day adjustment.
        pytest.param(date(2026, 10, 31), date(2026, 11, 30), id="oct-31-clamps-to-monday-nov-30"),
        pytest.param(date(2027, 3, 31), date(2027, 4, 30), id="mar-31-clamps-to-friday-apr-30"),
        pytest.param(date(2028, 1, 31), date(2028, 2, 29), id="leap-year-clamp-to-tuesday-feb-29"),
        pytest.param(date(2027, 1, 31), date(2027, 3, 1), id="clamp-to-sunday-feb-28-moves-to-monday-mar-1"),
        pytest.param(date(2026, 1, 31), date(2026, 3, 2), id="clamp-to-saturday-feb-28-moves-to-monday-mar-2"),
        # Weekends.
        pytest.param(date(2026, 10, 14), date(2026, 11, 16), id="saturday-moves-to-monday"),
        pytest.param(date(2026, 10, 15), date(2026, 11, 16), id="sunday-moves-to-monday"),
        # Christmas week 2026: Thu 24 Christmas Eve, Fri 25 Christmas Day, Sat 26 Boxing Day, Sun 27.
        pytest.param(date(2026, 11, 24), date(2026, 12, 28), id="christmas-eve-moves-past-christmas-to-monday"),
        pytest.param(date(2026, 11, 25), date(2026, 12, 28), id="christmas-day-moves-to-monday"),
        pytest.param(date(2026, 11, 26), date(2026, 12, 28), id="boxing-day-saturday-moves-to-monday"),
        # New Year (Fri 2027-01-01) and Epiphany (Wed 2027-01-06).
        pytest.param(date(2026, 12, 1), date(2027, 1, 4), id="new-years-day-friday-moves-to-monday"),
        pytest.param(date(2026, 12, 6), date(2027, 1, 7), id="epiphany-wednesday-moves-to-thursday"),
        # Easter 2027: Good Friday 26 March, Easter Sunday 28, Easter Monday 29.
        pytest.param(date(2027, 2, 26), date(2027, 3, 30), id="good-friday-moves-past-easter-monday-to-tuesday"),
        # May Day (Sat 2027-05-01) and Ascension Day (Thu 2027-05-06).
        pytest.param(date(2027, 4, 1), date(2027, 5, 3), id="may-day-saturday-moves-to-monday"),
        pytest.param(date(2027, 4, 6), date(2027, 5, 7), id="ascension-thursday-moves-to-friday"),
        # Midsummer 2027: Eve Fri 25 June, Day Sat 26 June.
        pytest.param(date(2027, 5, 25), date(2027, 6, 28), id="midsummer-eve-moves-past-midsummer-to-monday"),
        pytest.param(date(2027, 5, 26), date(2027, 6, 28), id="midsummer-day-saturday-moves-to-monday"),
        # Independence Day: a Sunday in 2026, a Monday in 2027.
        pytest.param(date(2026, 11, 6), date(2026, 12, 7), id="independence-day-on-sunday-moves-to-monday"),
        pytest.param(date(2027, 11, 6), date(2027, 12, 7), id="independence-day-on-monday-moves-to-tuesday"),
    ],
)
def test_request_is_due_one_month_from_receipt_on_a_working_day(received_on, expected):
    assert request_due_on(received_on, extended=False) == expected


@pytest.mark.parametrize(
    ("received_on", "expected"),
    [
        pytest.param(date(2026, 10, 13), date(2027, 1, 13), id="plain-wednesday-not-moved"),
        pytest.param(date(2026, 11, 30), date(2027, 3, 1), id="nov-30-clamps-to-sunday-feb-28-moves-to-monday"),
        pytest.param(date(2027, 11, 30), date(2028, 2, 29), id="nov-30-clamps-to-leap-day-tuesday"),
        pytest.param(date(2026, 9, 24), date(2026, 12, 28), id="christmas-eve-moves-to-monday"),
        pytest.param(date(2026, 10, 6), date(2027, 1, 7), id="epiphany-moves-to-thursday"),
        pytest.param(date(2026, 12, 26), date(2027, 3, 30), id="good-friday-moves-past-easter-to-tuesday"),
        pytest.param(date(2027, 3, 25), date(2027, 6, 28), id="midsummer-eve-moves-to-monday"),
    ],
)
def test_extended_request_is_due_three_months_from_receipt_on_a_working_day(received_on, expected):
    assert request_due_on(received_on, extended=True) == expected


def test_request_is_not_extended_unless_asked():
    # 2026-11-30 + 1 month = Wed 2026-12-30 (a working day); extended it would be 2027-03-01.
    assert request_due_on(date(2026, 11, 30)) == date(2026, 12, 30)
