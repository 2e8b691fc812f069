"""Waiting for the person (REGISTER.md section 4; EDPB Guidelines 01/2022, para. 159): the deadline
runs from receipt, stands still from the controller's ask to the person's answer when the ask came
within ASK_DAYS days, and lands on a working day (Regulation 1182/71). Every date below is worked out
by hand, with the weekday and the Finnish holiday named, not computed by the code under test."""

from __future__ import annotations

from datetime import date

import pytest

from registry.requests.deadlines import Deadline, deadline


@pytest.mark.parametrize("received, asked, answered, today, expected", [
    # A month end (1182/71 Art. 3(2)(c)): 31 Jan + 1 month = 28 Feb 2027, a Sunday -> Mon 1 Mar; with the
    # 7 days asked on 3 Feb and answered on 10 Feb: 28 Feb + 7 = Sun 7 Mar -> Mon 8 Mar.
    (date(2027, 1, 31), date(2027, 2, 3), date(2027, 2, 10), date(2027, 3, 1),
     Deadline(date(2027, 3, 8), date(2027, 3, 1), 7, False, False, date(2027, 3, 8))),
    # A year end: 30 Nov + 1 month = Wed 30 Dec 2026 (a working day); 15 days suspended -> Thu 14 Jan 2027.
    (date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 16), date(2027, 1, 1),
     Deadline(date(2027, 1, 14), date(2026, 12, 30), 15, False, False, date(2027, 1, 14))),
    # Easter 2027: 20 Feb + 1 month = Sat 20 Mar -> Mon 22 Mar; + 6 days = Good Friday 26 Mar, then Saturday,
    # Easter Sunday and Easter Monday 29 Mar -> Tue 30 Mar.
    (date(2027, 2, 20), date(2027, 2, 22), date(2027, 2, 28), date(2027, 3, 1),
     Deadline(date(2027, 3, 30), date(2027, 3, 22), 6, False, False, date(2027, 3, 30))),
    # Midsummer 2026: 15 May + 1 month = Mon 15 Jun; + 4 days = Midsummer Eve Fri 19 Jun, Midsummer Day
    # Sat 20 Jun, Sunday -> Mon 22 Jun.
    (date(2026, 5, 15), date(2026, 5, 18), date(2026, 5, 22), date(2026, 6, 1),
     Deadline(date(2026, 6, 22), date(2026, 6, 15), 4, False, False, date(2026, 6, 22))),
    # Christmas 2026: 20 Nov + 1 month = Sun 20 Dec -> Mon 21 Dec; + 4 days = Christmas Eve Thu 24 Dec,
    # Christmas Day, St Stephen's Day (Sat), Sunday -> Mon 28 Dec.
    (date(2026, 11, 20), date(2026, 11, 23), date(2026, 11, 27), date(2026, 12, 1),
     Deadline(date(2026, 12, 28), date(2026, 12, 21), 4, False, False, date(2026, 12, 28))),
    # Asked on day 8 after receipt: recorded, late, suspends nothing; the person has not answered yet.
    (date(2026, 11, 2), date(2026, 11, 10), None, date(2026, 11, 20),
     Deadline(date(2026, 12, 2), date(2026, 12, 2), 0, True, True, date(2026, 12, 2))),
    # Asked on day 7: in time. Still waiting on 20 Nov: 11 days so far -> Wed 2 Dec + 11 = Sun 13 Dec -> Mon 14 Dec.
    (date(2026, 11, 2), date(2026, 11, 9), None, date(2026, 11, 20),
     Deadline(date(2026, 12, 14), date(2026, 12, 2), 11, True, False, date(2026, 12, 14))),
    # As of a day before the ask: the ask has not happened yet.
    (date(2026, 11, 2), date(2026, 11, 4), None, date(2026, 11, 3),
     Deadline(date(2026, 12, 2), date(2026, 12, 2), 0, False, False, date(2026, 12, 2))),
    # As of a day after the ask but before the answer: still waiting, the days so far count (6).
    (date(2026, 11, 2), date(2026, 11, 4), date(2026, 11, 20), date(2026, 11, 10),
     Deadline(date(2026, 12, 8), date(2026, 12, 2), 6, True, False, date(2026, 12, 8))),
])
def test_the_deadline_stands_still_while_the_controller_waits_for_the_person(received, asked, answered, today,
                                                                             expected):
    assert deadline(received, today, asked_on=asked, answered_on=answered) == expected


def test_an_open_wait_moves_the_deadline_day_by_day():
    received, asked = date(2026, 11, 2), date(2026, 11, 4)
    # Wed 2 Dec + 6 = Tue 8 Dec; + 7 = Wed 9 Dec; + 10 = Sat 12 Dec -> Mon 14 Dec; + 11 = Sun 13 Dec -> Mon 14 Dec.
    seen = {day: deadline(received, date(2026, 11, day), asked_on=asked).due_on for day in (10, 11, 14, 15)}
    assert seen == {10: date(2026, 12, 8), 11: date(2026, 12, 9), 14: date(2026, 12, 14), 15: date(2026, 12, 14)}


def test_an_extension_counts_three_months_but_must_be_decided_within_the_first_month_suspended_alike():
    # Received Mon 2 Nov 2026, 5 days suspended (4 Nov to 9 Nov). Three months: Tue 2 Feb 2027 + 5 = Sun 7 Feb
    # -> Mon 8 Feb. The extension had to be recorded by one month + 5: Wed 2 Dec + 5 = Mon 7 Dec.
    found = deadline(date(2026, 11, 2), date(2026, 11, 20), extended=True, asked_on=date(2026, 11, 4),
                     answered_on=date(2026, 11, 9))
    assert (found.due_on, found.strict_due_on, found.extend_by) == (date(2027, 2, 8), date(2027, 2, 2),
                                                                   date(2026, 12, 7))
