"""What a change of the retention would do today (REGISTER.md sections 3 and 10), counted as the
Due for purge page counts: persons purgeable, i.e. due and not blocked.

The Settings page says it before the change is confirmed, and the number it says must be the
change the Due page will show: a blocked person is not purgeable under either retention, and a
person due by an erasure request is not moved by the retention. So the due list's own query
(`retention.py` `PURGEABLE_IDS_SQL`, with every blocker it knows) is run twice, with the
retention in force and with the proposed one, and the two sets of ids are compared.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .due import PURGEABLE_IDS_SQL
from ..settings import RETENTION_SQL

# The purgeable ids under a retention of $days instead of the one in force: the same query, the
# setting's scalar subquery replaced by the parameter (tests check it agrees with due_counts).
PURGEABLE_WITH_DAYS_SQL = PURGEABLE_IDS_SQL.replace(RETENTION_SQL, "$days::INTEGER")
RETENTION_CHANGE_SQL = f"""
WITH purgeable_now AS ({PURGEABLE_IDS_SQL}),
purgeable_then AS ({PURGEABLE_WITH_DAYS_SQL})
SELECT (SELECT count(*) FROM purgeable_then WHERE customer_id NOT IN (SELECT customer_id FROM purgeable_now)),
       (SELECT count(*) FROM purgeable_now WHERE customer_id NOT IN (SELECT customer_id FROM purgeable_then))"""


class RetentionChange(NamedTuple):
    newly_purgeable: int  # purgeable today with the new retention, not with the one in force
    no_longer_purgeable: int  # purgeable today now, not with the new retention


def retention_change(conn, today: date, days: int) -> RetentionChange:
    """What a retention of `days` would do on `today`, before it is set: how many persons it would
    make purgeable and how many purgeable now it would not. Blocked persons are in neither count
    (the Due page does not count them purgeable either); nor are persons due by an erasure request,
    whom the retention does not move."""
    params = {"today": today, "ids": None, "reason": None, "blocker": None, "days": int(days)}
    return RetentionChange(*conn.execute(RETENTION_CHANGE_SQL, params).fetchone())
