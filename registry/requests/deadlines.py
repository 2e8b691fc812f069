"""Deadlines of data-subject requests (GDPR Art. 12(3), counted as Regulation 1182/71 counts).

A period of months ends on the same day number in the last month; when that month has no
such day, on its last day (Art. 3(2)(c)). When the last day is a Saturday, Sunday or public
holiday, the period ends on the next working day (Art. 3(4)). Finnish public holidays come
from the `holidays` package, which counts Midsummer Eve and Christmas Eve as holidays too.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

RESPONSE_MONTHS = 1
EXTENDED_MONTHS = 3
ASK_DAYS = 7  # an ask within this many days of receipt is "without undue delay" (the setting request_ask_days)


def add_months(start: date, months: int) -> date:
    """Same day number `months` later, clamped to the month's last day (Jan 31 + 1 = Feb 28)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


@lru_cache(maxsize=64)
def _finnish_holidays(year: int) -> frozenset[date]:
    import holidays  # by the first deadline, not at import: most commands count none (15 ms at start)

    days = holidays.country_holidays("FI", years=year)
    # The package counts these already; named here so that the rule does not hang on a default.
    days = set(days) | {date(year, 12, 24)}
    days |= {d for d in (date(year, 6, 19) + timedelta(n) for n in range(7)) if d.weekday() == 4}
    return frozenset(days)


def holidays_between(first_year: int, last_year: int) -> list[date]:
    """The public holidays (weekdays or not) of the years `first_year`..`last_year`, sorted: what
    the SQL form of the deadline (registry.requests.DUE_ON_SQL) is given as a parameter."""
    return sorted(d for year in range(first_year, last_year + 1) for d in _finnish_holidays(year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _finnish_holidays(day.year)


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def request_due_on(received_on: date, extended: bool = False) -> date:
    """The day by which a request must be answered: one month from receipt, three when
    extended, moved to the next working day when it falls on a weekend or holiday."""
    months = EXTENDED_MONTHS if extended else RESPONSE_MONTHS
    return next_working_day(add_months(received_on, months))


@dataclass(frozen=True)
class Deadline:
    """A request's deadline as of one day, with the time spent waiting for the person (REGISTER.md
    section 4, "Waiting for the person"; EDPB Guidelines 01/2022, para. 159)."""

    due_on: date  # one (three) months from receipt + the days suspended, to the next working day
    strict_due_on: date  # the same without the suspension
    suspended_days: int  # answered_on - asked_on; today - asked_on while waiting; 0 for a late ask
    waiting: bool  # asked, and no answer yet
    asked_late: bool  # asked more than ASK_DAYS days after receipt: recorded, suspends nothing
    extend_by: date  # the last day an extension may be recorded (Art. 12(3): within the first month)


def suspended_days(received_on: date, today: date, asked_on: date | None, answered_on: date | None,
                   ask_days: int = ASK_DAYS) -> int:
    """The days the deadline stands still for: from the ask to the answer (to `today` while
    waiting); none without an ask or for an ask later than `ask_days` days after receipt. An ask
    or an answer dated after `today` has not happened yet."""
    if asked_on is None or asked_on > today or (asked_on - received_on).days > ask_days:
        return 0
    end = answered_on if answered_on is not None and answered_on <= today else today
    return max(0, (end - asked_on).days)


def deadline(received_on: date, today: date, extended: bool = False, asked_on: date | None = None,
             answered_on: date | None = None, ask_days: int = ASK_DAYS) -> Deadline:
    """The deadline of a request received on `received_on`, as it stands on `today`."""
    suspended = suspended_days(received_on, today, asked_on, answered_on, ask_days)
    months = EXTENDED_MONTHS if extended else RESPONSE_MONTHS
    asked = asked_on is not None and asked_on <= today
    return Deadline(
        due_on=next_working_day(add_months(received_on, months) + timedelta(days=suspended)),
        strict_due_on=next_working_day(add_months(received_on, months)),
        suspended_days=suspended,
        waiting=asked and (answered_on is None or answered_on > today),
        asked_late=asked and (asked_on - received_on).days > ask_days,
        extend_by=next_working_day(add_months(received_on, RESPONSE_MONTHS) + timedelta(days=suspended)),
    )
