"""Real Finnish postcodes with their post town and region (maakunta), for demo data.

The weight says how often the demo places a person there (roughly by population).
"""

from __future__ import annotations

# (postcode, post town, maakunta, weight)
POSTCODES: tuple[tuple[str, str, str, int], ...] = (
    ("00100", "Helsinki", "Uusimaa", 6), ("00180", "Helsinki", "Uusimaa", 4), ("00500", "Helsinki", "Uusimaa", 5),
    ("00530", "Helsinki", "Uusimaa", 3), ("00700", "Helsinki", "Uusimaa", 3), ("00900", "Helsinki", "Uusimaa", 3),
    ("02100", "Espoo", "Uusimaa", 4), ("02600", "Espoo", "Uusimaa", 3), ("01300", "Vantaa", "Uusimaa", 3),
    ("01600", "Vantaa", "Uusimaa", 2), ("04400", "Järvenpää", "Uusimaa", 1), ("05800", "Hyvinkää", "Uusimaa", 1),
    ("08100", "Lohja", "Uusimaa", 1), ("06100", "Porvoo", "Uusimaa", 1), ("04200", "Kerava", "Uusimaa", 1),
    ("20100", "Turku", "Varsinais-Suomi", 3), ("20500", "Turku", "Varsinais-Suomi", 2),
    ("21200", "Raisio", "Varsinais-Suomi", 1), ("24100", "Salo", "Varsinais-Suomi", 1),
    ("23500", "Uusikaupunki", "Varsinais-Suomi", 1), ("28100", "Pori", "Satakunta", 2),
    ("26100", "Rauma", "Satakunta", 1), ("13100", "Hämeenlinna", "Kanta-Häme", 2),
    ("11100", "Riihimäki", "Kanta-Häme", 1), ("30100", "Forssa", "Kanta-Häme", 1),
    ("33100", "Tampere", "Pirkanmaa", 4), ("33500", "Tampere", "Pirkanmaa", 2), ("33400", "Tampere", "Pirkanmaa", 2),
    ("37600", "Valkeakoski", "Pirkanmaa", 1), ("33470", "Ylöjärvi", "Pirkanmaa", 1),
    ("15100", "Lahti", "Päijät-Häme", 2), ("15140", "Lahti", "Päijät-Häme", 1),
    ("16300", "Orimattila", "Päijät-Häme", 1), ("45100", "Kouvola", "Kymenlaakso", 1),
    ("48100", "Kotka", "Kymenlaakso", 1), ("49400", "Hamina", "Kymenlaakso", 1),
    ("53100", "Lappeenranta", "Etelä-Karjala", 2), ("55100", "Imatra", "Etelä-Karjala", 1),
    ("50100", "Mikkeli", "Etelä-Savo", 1), ("57100", "Savonlinna", "Etelä-Savo", 1),
    ("70100", "Kuopio", "Pohjois-Savo", 2), ("74100", "Iisalmi", "Pohjois-Savo", 1),
    ("78200", "Varkaus", "Pohjois-Savo", 1), ("80100", "Joensuu", "Pohjois-Karjala", 2),
    ("80400", "Ylämylly", "Pohjois-Karjala", 1), ("82500", "Kitee", "Pohjois-Karjala", 1),
    ("40100", "Jyväskylä", "Keski-Suomi", 2), ("40320", "Jyväskylä", "Keski-Suomi", 1),
    ("44100", "Äänekoski", "Keski-Suomi", 1), ("60100", "Seinäjoki", "Etelä-Pohjanmaa", 2),
    ("62100", "Lapua", "Etelä-Pohjanmaa", 1), ("65100", "Vaasa", "Pohjanmaa", 2),
    ("68600", "Pietarsaari", "Pohjanmaa", 1), ("67100", "Kokkola", "Keski-Pohjanmaa", 1),
    ("90100", "Oulu", "Pohjois-Pohjanmaa", 3), ("90500", "Oulu", "Pohjois-Pohjanmaa", 1),
    ("92100", "Raahe", "Pohjois-Pohjanmaa", 1), ("84100", "Ylivieska", "Pohjois-Pohjanmaa", 1),
    ("87100", "Kajaani", "Kainuu", 1), ("96100", "Rovaniemi", "Lappi", 1), ("94100", "Kemi", "Lappi", 1),
    ("95400", "Tornio", "Lappi", 1), ("22100", "Maarianhamina", "Ahvenanmaa", 1),
)


def weighted_postcodes() -> list[tuple[str, str, str]]:
    """The postcode list with each entry repeated by its weight (a pool to pick from uniformly)."""
    return [(code, town, region) for code, town, region, weight in POSTCODES for _ in range(weight)]


# The region (maakunta) of a Finnish postcode, from its postal-area prefix: Posti's first two
# digits follow the regions closely; the few two-digit areas that straddle a border are given by
# their larger part. An approximation for statistics by region (19 regions, 100s of persons
# each), exact for every postcode above; a full postcode-to-municipality table can replace it.
REGIONS: tuple[str, ...] = (
    "Uusimaa", "Varsinais-Suomi", "Satakunta", "Kanta-Häme", "Pirkanmaa", "Päijät-Häme", "Kymenlaakso",
    "Etelä-Karjala", "Etelä-Savo", "Pohjois-Savo", "Pohjois-Karjala", "Keski-Suomi", "Etelä-Pohjanmaa",
    "Pohjanmaa", "Keski-Pohjanmaa", "Pohjois-Pohjanmaa", "Kainuu", "Lappi", "Ahvenanmaa",
)  # Statistics Finland's order of the regions
UNKNOWN_REGION = "unknown"  # no Finnish postcode (abroad, missing, or erased by a purge)
_PREFIX_RANGES = (  # (first prefix, last prefix, region)
    (0, 10, "Uusimaa"), (11, 14, "Kanta-Häme"), (15, 19, "Päijät-Häme"), (20, 21, "Varsinais-Suomi"),
    (22, 22, "Ahvenanmaa"), (23, 25, "Varsinais-Suomi"), (26, 29, "Satakunta"), (30, 31, "Kanta-Häme"),
    (32, 32, "Varsinais-Suomi"), (33, 39, "Pirkanmaa"), (40, 44, "Keski-Suomi"), (45, 49, "Kymenlaakso"),
    (50, 52, "Etelä-Savo"), (53, 56, "Etelä-Karjala"), (57, 58, "Etelä-Savo"), (59, 59, "Etelä-Karjala"),
    (60, 63, "Etelä-Pohjanmaa"), (64, 66, "Pohjanmaa"), (67, 67, "Keski-Pohjanmaa"), (68, 68, "Pohjanmaa"),
    (69, 69, "Keski-Pohjanmaa"), (70, 74, "Pohjois-Savo"), (75, 75, "Pohjois-Karjala"), (76, 76, "Etelä-Savo"),
    (77, 79, "Pohjois-Savo"), (80, 83, "Pohjois-Karjala"), (84, 86, "Pohjois-Pohjanmaa"), (87, 89, "Kainuu"),
    (90, 93, "Pohjois-Pohjanmaa"), (94, 99, "Lappi"),
)
REGION_BY_PREFIX: dict[str, str] = {f"{p:02d}": region for first, last, region in _PREFIX_RANGES
                                    for p in range(first, last + 1)}


def region_of(postcode: str | None, country: str | None = "FI") -> str:
    """The maakunta of a Finnish postcode ('unknown' for none, a foreign address or a malformed code)."""
    if not postcode or (country or "FI").upper() != "FI" or len(postcode) != 5 or not postcode.isdigit():
        return UNKNOWN_REGION
    return REGION_BY_PREFIX[postcode[:2]]


# The region in SQL: `load_region_table(conn)` first; `{c}` is the customers table's alias.
REGION_TABLE_SQL = "CREATE OR REPLACE TEMP TABLE region_prefixes (prefix VARCHAR PRIMARY KEY, region VARCHAR NOT NULL)"
REGION_ROWS_SQL = "INSERT INTO region_prefixes SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])"
LIVE_REGION_SQL = """coalesce(
    CASE WHEN coalesce(upper({c}.postal_country), 'FI') = 'FI' AND regexp_full_match({c}.postal_postcode, '[0-9]{{5}}')
         THEN (SELECT region FROM region_prefixes WHERE prefix = left({c}.postal_postcode, 2)) END,
    'unknown')"""


def load_region_table(conn) -> None:
    """A temporary table of postcode prefixes and their regions, for LIVE_REGION_SQL."""
    conn.execute(REGION_TABLE_SQL)
    conn.execute(REGION_ROWS_SQL, [list(REGION_BY_PREFIX), list(REGION_BY_PREFIX.values())])


def region_sql(alias: str) -> str:
    """The region of the person in row `alias` of customers: from the postcode while the person
    is held, from the region kept at the purge afterwards."""
    return f"CASE WHEN {alias}.purged_on IS NULL THEN {LIVE_REGION_SQL.format(c=alias)} " \
           f"ELSE coalesce({alias}.stat_region, 'unknown') END"
