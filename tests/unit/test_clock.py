"""The register's day is the Finnish day (registry.clock)."""

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from registry.clock import day_ends_at, finnish_today


def test_finnish_today_turns_at_helsinki_midnight_in_winter_and_in_summer():
    assert finnish_today(datetime(2026, 12, 31, 21, 59, 59)) == date(2026, 12, 31)
    assert finnish_today(datetime(2026, 12, 31, 22, 0, 0)) == date(2027, 1, 1)  # UTC+2 in winter
    assert finnish_today(datetime(2026, 6, 30, 20, 59, 59)) == date(2026, 6, 30)
    assert finnish_today(datetime(2026, 6, 30, 21, 0, 0)) == date(2026, 7, 1)  # UTC+3 in summer
    new_york = timezone(timedelta(hours=-5))
    assert finnish_today(datetime(2026, 12, 31, 18, 30, tzinfo=new_york)) == date(2027, 1, 1)


def test_a_finnish_day_ends_at_22_or_21_utc_and_on_the_short_and_long_days_of_the_clock_change():
    assert day_ends_at(date(2026, 11, 25)) == datetime(2026, 11, 25, 22, 0)
    assert day_ends_at(date(2026, 7, 1)) == datetime(2026, 7, 1, 21, 0)
    assert day_ends_at(date(2026, 3, 29)) - day_ends_at(date(2026, 3, 28)) == timedelta(hours=23)  # clocks forward
    assert day_ends_at(date(2026, 10, 25)) - day_ends_at(date(2026, 10, 24)) == timedelta(hours=25)  # clocks back


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_an_instant_falls_on_the_finnish_day_whose_end_it_precedes(at):
    day = finnish_today(at)
    assert day_ends_at(day - timedelta(days=1)) <= at < day_ends_at(day)
    assert finnish_today(at.replace(tzinfo=UTC)) == day
