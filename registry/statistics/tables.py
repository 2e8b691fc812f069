"""The statistics' tables as published (REGISTER.md sections 5 and 8): which tables, their periods,
their labels' words. Standard library only: the page, the command line and the texts read these
without loading the disclosure control (numpy, scipy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

STATUSES = ("active", "ended")  # a purged person's relationship has ended: purges move nobody
OUTCOMES = ("open", "completed", "refused", "withdrawn")
OTHER_GROUP = "other"
WITHHELD = ".."  # Statistics Finland's symbol for data withheld for confidentiality
PERIODS = ("month", "quarter", "year")  # the time tables' rows; a small register reads better by quarter or year
PERIOD_WORDS = {"month": ("kuukausittain", "by month"), "quarter": ("neljännesvuosittain", "by quarter"),
                "year": ("vuosittain", "by year")}
MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}
EARLIEST_DAY = date(2000, 1, 1)  # the earliest day the page offers statistics for


@dataclass(frozen=True)
class TableSpec:
    kind: str  # which table: persons, orders, revenue, relationships, requests, purges
    name: str  # file name without .csv
    title_fi: str
    title_en: str
    rows: str  # what the row labels are
    columns: str  # what the column labels are
    measure: str  # persons | orders | eur | requests

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def money(self) -> bool:
        return self.measure == "eur"

    @property
    def by_period(self) -> bool:
        """A time table: published by month, quarter and year, all three protected together."""
        return self.rows in PERIODS


# (kind, file name, Finnish title, English title, rows, columns, measure); {p} is the period,
# {fi} / {en} its words: "kuukausittain" / "by month".
_SPEC_TEMPLATES = (
    ("persons", "persons_by_region_status", "Henkilöt maakunnittain ja asiakkuuden tilan mukaan",
     "Persons by region and customer status", "region", "status", "persons"),
    ("orders", "orders_by_{p}_product_group", "Tilaukset {fi} ja tuoteryhmittäin", "Orders {en} and product group",
     "{p}", "product_group", "orders"),
    ("revenue", "revenue_by_{p}_region", "Myynti (euroa) {fi} ja maakunnittain", "Revenue (euros) {en} and region",
     "{p}", "region", "eur"),
    ("relationships", "relationships_by_{p}", "Alkaneet ja päättyneet asiakkuudet {fi}",
     "New and ended customer relationships {en}", "{p}", "change", "persons"),
    ("requests", "requests_by_kind_outcome", "Rekisteröityjen pyynnöt lajin ja tuloksen mukaan",
     "Data-subject requests by kind and outcome", "kind", "outcome", "requests"),
    ("purges", "purges_by_{p}", "Poistetut henkilöt {fi}", "Persons purged {en}", "{p}", "change", "persons"),
)


def specs(period: str = "month") -> tuple[TableSpec, ...]:
    """The tables for time rows of `period` (month, quarter or year)."""
    fi, en = PERIOD_WORDS[period]
    return tuple(TableSpec(*(text.format(p=period, fi=fi, en=en) for text in template)) for template in _SPEC_TEMPLATES)


SPECS = specs("month")


def period_key(day: date, period: str) -> int:
    """The key of the period `day` falls in, as PERIOD_KEY_SQL makes it."""
    return day.year * 100 + {"month": day.month, "quarter": (day.month - 1) // 3 + 1, "year": 0}[period]


def first_day(key: int, period: str, later: int = 0) -> date:
    """The first day of the period `key`, or of the period `later` periods after it."""
    year, part = divmod(key, 100)
    month = {"month": part, "quarter": 3 * (part - 1) + 1, "year": 1}[period]
    year, month = divmod(year * 12 + month - 1 + later * MONTHS_IN[period], 12)
    return date(year, month + 1, 1)


def period_label(key: int, period: str = "month") -> str:
    """2026-11 for a month, 2026-Q4 for a quarter, 2026 for a year."""
    year, part = divmod(int(key), 100)
    return {"month": f"{year:04d}-{part:02d}", "quarter": f"{year:04d}-Q{part}", "year": f"{year:04d}"}[period]


def period_parent(level: str, row: str) -> str:
    """The row of the next coarser period that a row falls in: 2026-11 -> 2026-Q4, 2026-Q4 -> 2026."""
    year, _, part = row.partition("-")
    if level == "month":
        return f"{year}-Q{(int(part) - 1) // 3 + 1}"
    return year


# The words of the tables' labels, (Finnish, English): the page shows them in the session's language
# and the Finnish-Excel CSV writes the Finnish ones (the standard CSV keeps the codes of section 8).
LABEL_WORDS: dict[str, tuple[str, str]] = {
    "dim.region": ("Maakunta", "Region"),
    "dim.status": ("Asiakkuus", "Customer status"),
    "dim.month": ("Kuukausi", "Month"),
    "dim.quarter": ("Neljännes", "Quarter"),
    "dim.year": ("Vuosi", "Year"),
    "dim.product_group": ("Tuoteryhmä", "Product group"),
    "dim.change": ("Muutos", "Change"),
    "dim.kind": ("Pyynnön laji", "Kind of request"),
    "dim.outcome": ("Tulos", "Outcome"),
    "status.active": ("voimassa", "active"),
    "status.ended": ("päättynyt", "ended"),
    "outcome.open": ("avoin", "open"),
    "outcome.completed": ("toteutettu", "completed"),
    "outcome.refused": ("evätty", "refused"),
    "outcome.withdrawn": ("peruttu", "withdrawn"),
    "change.new": ("alkaneet", "new"),
    "change.ended": ("päättyneet", "ended"),
    "change.purged": ("poistetut", "purged"),
    "region.unknown": ("tuntematon", "unknown"),
    "product_group.other": ("muut", "other"),
    "total": ("Yhteensä", "Total"),
    **{f"kind.{k}": pair for k, pair in zip(("access", "rectification", "erasure", "restriction", "objection",
                                            "portability"),
                                           [("tarkastus", "access"), ("oikaisu", "rectification"),
                                            ("poisto", "erasure"), ("rajoitus", "restriction"),
                                            ("vastustus", "objection"), ("siirto", "portability")], strict=True)},
}
