"""The register's day: what "today" is when nobody names it, and where a day ends.

Molentum Oy keeps its register in Finland, so a day is a Finnish day (Europe/Helsinki,
EET/EEST) whatever the server's time zone: a server on UTC would otherwise start each day two
or three hours late, and a request due today would show a day left between midnight and 02:00.

The rules never read the clock (they take `today`); only the edges do, through `finnish_today()`:
the command line for a missing `--today`, the pages for the day they show. Timestamps in the
store (`purged_on`, the audit trail's `at`) are UTC without a zone; `day_ends_at(day)` is the UTC
instant at which a Finnish day ends, so that "happened by the end of day D" is `at < day_ends_at(D)`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

FINLAND = ZoneInfo("Europe/Helsinki")
ZONE_NAME = "Europe/Helsinki"

# A stored UTC timestamp as the Finnish local time it was (DuckDB's ICU time zones); {c} is a column.
LOCAL_TIME_SQL = "timezone('" + ZONE_NAME + "', {c} AT TIME ZONE 'UTC')"


def finnish_today(now: datetime | None = None) -> date:
    """The date in Finland at `now` (an aware datetime, or naive UTC; default: the clock's now)."""
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(FINLAND).date()


def day_ends_at(day: date) -> datetime:
    """The instant the Finnish day `day` ends (the next day's midnight in Helsinki), as naive UTC,
    the form timestamps are stored in."""
    midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=FINLAND)
    return midnight.astimezone(UTC).replace(tzinfo=None)


def day_starts_at(day: date) -> datetime:
    """The instant the Finnish day `day` begins, as naive UTC."""
    return day_ends_at(day - timedelta(days=1))


def finnish_time(at: datetime) -> datetime:
    """A stored (naive UTC) timestamp as the wall-clock time in Finland (naive)."""
    moment = at if at.tzinfo else at.replace(tzinfo=UTC)
    return moment.astimezone(FINLAND).replace(tzinfo=None)
