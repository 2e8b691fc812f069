"""Realistic Finnish demo data, generated in bulk inside DuckDB (REGISTER.md sections 1-4).

Small pools (Faker's fi_FI name lists, real postcodes, products) are loaded once; every row is
then derived in SQL from a hash of (row number, purpose, seed), so the same seed and `today`
give the same store, whatever the thread count, and a million persons take seconds, not hours.
Persons 1-40 are fixed scenarios covering every case of the rules (see SCENARIOS); the rest
are drawn at the rates below.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pyarrow as pa
from faker import Faker
from faker.providers.person.fi_FI import Provider as FiPerson

from .audit import write_audit
from .store.db import transaction
from .errors import BadInput
from .geo import weighted_postcodes
from .fields import PERSONAL_COLUMNS
from .users import create_demo_accounts
from .validation import y_tunnus_check_digit

MIN_CUSTOMERS = 50
ORDERS_PER_PERSON = 10

PRODUCTS = (  # (product, group, typical price in euros)
    ("Verkkosivupaketti Perus", "Verkkopalvelut", 890), ("Verkkosivupaketti Pro", "Verkkopalvelut", 2400),
    ("Verkkokauppa-alusta", "Verkkopalvelut", 3900), ("Ylläpitosopimus (kk)", "Palvelut", 120),
    ("Tukipalvelu (h)", "Palvelut", 85), ("Konsultointi (h)", "Palvelut", 140),
    ("Tietoturvakartoitus", "Palvelut", 1800), ("Kannettava tietokone", "Laitteet", 1290),
    ("Näyttö 27\"", "Laitteet", 340), ("Verkkoreititin", "Laitteet", 190), ("Tulostin", "Laitteet", 260),
    ("Toimisto-ohjelmisto (v)", "Ohjelmistot", 129), ("Kirjanpito-ohjelmisto (v)", "Ohjelmistot", 480),
    ("Pilvitallennus 1 Tt (v)", "Ohjelmistot", 99), ("Virustorjunta (v)", "Ohjelmistot", 49),
    ("Koulutuspäivä", "Koulutus", 650), ("Verkkokurssi", "Koulutus", 190),
)
EMAIL_DOMAINS = ("example.fi", "example.com", "esimerkki.fi", "example.net", "posti.example", "mail.example.org")
INDUSTRIES = ("Rakennus", "Tekniikka", "Kuljetus", "Konsultointi", "Sähkö", "Metalli", "Puutarha", "Kiinteistöt",
              "Logistiikka", "Media", "Auto", "Kone", "Talotekniikka", "Design", "Catering", "Hoiva")
COMPANY_FORMS = ("Oy", "Oy", "Oy", "Ab", "Ky", "Tmi", "Osk")
MOBILE_PREFIXES = ("40", "41", "44", "45", "46", "50")
USER_AGENTS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0", "Mozilla/5.0 (Macintosh) Safari/605.1",
               "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1) Mobile Safari/604.1", "Mozilla/5.0 (X11; Linux) Firefox/133.0")
AGENCIES = ("Perintätoimisto Esimerkki Oy", "Saatavahallinta Pohjola Oy", "Lakiasiaintoimisto Kuusi & Koivu")
HOLD_REASONS = ("Riita-asia käräjäoikeudessa", "Viranomaisen tietopyyntö", "Reklamaatio käsittelyssä",
                "Rikosilmoitus tutkinnassa")
RECIPIENTS = (  # (recipient, purpose, outside EU)
    ("Luottotietopalvelu Esimerkki Oy", "credit_decision", False),
    ("Perintätoimisto Esimerkki Oy", "collection", False), ("Laskutuspalvelu Verkkolasku Oy", "billing", False),
    ("Verohallinto", "legal_obligation", False), ("Poliisi", "legal_obligation", False),
    ("Markkinointikumppani Oy", "value_added_service", False), ("Cloud Hosting Inc. (US)", "billing", True),
)
REQUEST_KINDS = ("access", "access", "rectification", "erasure", "erasure", "restriction", "objection", "portability")
REQUEST_TEXT = {
    "access": "Pyydän kopiota kaikista minua koskevista tiedoista. Terveisin ",
    "rectification": "Osoitteeni on muuttunut, korjatkaa tiedot. Terveisin ",
    "erasure": "Pyydän poistamaan tietoni rekisteristänne. Terveisin ",
    "restriction": "Pyydän rajoittamaan tietojeni käsittelyä riidan ajaksi. Terveisin ",
    "objection": "Kiellän tietojeni käytön suoramarkkinointiin. Terveisin ",
    "portability": "Pyydän tietoni koneluettavassa muodossa. Terveisin ",
}

MACROS_SQL = """
CREATE OR REPLACE TEMP MACRO rnd(i, salt, seed) AS (hash(i, salt, seed) % 1000000)::DOUBLE / 1000000.0;
CREATE OR REPLACE TEMP MACRO pick(i, salt, seed, n) AS (hash(i, salt, seed) % greatest(n, 1)::UBIGINT)::BIGINT;
"""

# People: life decides the state: active, purged long ago, due now, or ended less than 90 days ago.
PEOPLE_SQL = """
CREATE OR REPLACE TEMP TABLE demo_people AS
WITH base AS (
    SELECT i AS id, rnd(i, 'life', $seed) AS life FROM range(1, $n + 1) t(i)
), timeline AS (
    SELECT id,
           CASE WHEN id <= 40 THEN 'active' WHEN life < 0.14 THEN 'purged' WHEN life < 0.21 THEN 'due'
                WHEN life < 0.28 THEN 'ending' ELSE 'active' END AS state
    FROM base
), ended AS (
    SELECT id, state,
           CASE state WHEN 'purged' THEN 100 + pick(id, 'ago', $seed, 1500)
                      WHEN 'due' THEN 90 + pick(id, 'ago', $seed, 300)
                      WHEN 'ending' THEN pick(id, 'ago', $seed, 90) END AS ended_ago
    FROM timeline
)
SELECT e.id, e.state,
       ($today::DATE - (coalesce(e.ended_ago, 0) + 30 + pick(e.id, 'since', $seed, 3300))::INTEGER) AS customer_since,
       ($today::DATE - e.ended_ago::INTEGER) AS customer_until,
       CASE WHEN e.state = 'purged'
            THEN ($today::DATE - e.ended_ago::INTEGER + (90 + pick(e.id, 'pd', $seed, 7))::INTEGER)::TIMESTAMP
                 + INTERVAL 2 HOUR END AS purged_on,
       f.name AS first_name, l.name AS last_name, p.postcode, p.city, p.region, s.name AS street,
       bp.postcode AS b_postcode, bp.city AS b_city, bs.name AS b_street,
       rnd(e.id, 'billing', $seed) < 0.2 AS separate_billing,
       rnd(e.id, 'org', $seed) AS r_org
FROM ended e
JOIN pool_first f ON f.i = pick(e.id, 'first', $seed, $n_first)
JOIN pool_last l ON l.i = pick(e.id, 'last', $seed, $n_last)
JOIN pool_post p ON p.i = pick(e.id, 'post', $seed, $n_post)
JOIN pool_street s ON s.i = pick(e.id, 'street', $seed, $n_street)
JOIN pool_post bp ON bp.i = pick(e.id, 'bpost', $seed, $n_post)
JOIN pool_street bs ON bs.i = pick(e.id, 'bstreet', $seed, $n_street)
"""

# The personal values of a person; a purged person's are NULL (they were erased long ago).
PERSONAL_VALUES = {
    "first_name": "first_name",
    "last_name": "last_name",
    "email": """lower(strip_accents(replace(first_name, ' ', ''))) || '.' ||
                lower(strip_accents(replace(last_name, ' ', ''))) ||
                CASE WHEN rnd(id, 'emn', $seed) < 0.5 THEN '' ELSE (id % 997)::VARCHAR END || '@' ||
                (SELECT d FROM pool_domain WHERE i = pick(id, 'dom', $seed, $n_domain))""",
    "phone": """'+358' || (SELECT m FROM pool_mobile WHERE i = pick(id, 'mob', $seed, $n_mobile)) ||
                lpad(pick(id, 'ph1', $seed, 1000)::VARCHAR, 3, '0') ||
                lpad(pick(id, 'ph2', $seed, 10000)::VARCHAR, 4, '0')""",  # E.164, as validation.phone stores it
    "website": """CASE WHEN rnd(id, 'www', $seed) < 0.15
                  THEN 'https://www.' || lower(strip_accents(last_name)) || (id % 89)::VARCHAR || '.example.fi' END""",
    "ip_address": """(1 + pick(id, 'ip1', $seed, 222))::VARCHAR || '.' || pick(id, 'ip2', $seed, 256)::VARCHAR || '.' ||
                     pick(id, 'ip3', $seed, 256)::VARCHAR || '.' || (1 + pick(id, 'ip4', $seed, 254))::VARCHAR""",
    "postal_street": """street || ' ' || (1 + pick(id, 'no', $seed, 80))::VARCHAR ||
                        CASE WHEN rnd(id, 'apt', $seed) < 0.45
                             THEN ' ' || chr(65 + pick(id, 'st', $seed, 3)::INTEGER) || ' '
                                  || (1 + pick(id, 'apn', $seed, 40))::VARCHAR ELSE '' END""",
    "postal_postcode": "postcode",
    "postal_city": "city",
    "postal_country": "'FI'",
    "billing_street": "CASE WHEN separate_billing THEN b_street || ' ' || (1 + pick(id, 'bno', $seed, 60))::VARCHAR "
                      "ELSE NULL END",
    "billing_postcode": "CASE WHEN separate_billing THEN b_postcode END",
    "billing_city": "CASE WHEN separate_billing THEN b_city END",
    "billing_country": "'FI'",
}
assert tuple(PERSONAL_VALUES) == PERSONAL_COLUMNS

# Column names come from the fixed PERSONAL_VALUES mapping above, never from input.
CUSTOMERS_SQL = (
    "INSERT INTO customers (id, " + ", ".join(PERSONAL_COLUMNS) + """,
        organisation_id, is_contact_person, language, source, customer_since, customer_until,
        marketing_objection_on, restricted_on, purged_on, stat_region)
    SELECT id, """
    + ", ".join(f"CASE WHEN state = 'purged' THEN NULL ELSE {expr} END" for expr in PERSONAL_VALUES.values())
    + """,
        CASE WHEN r_org < 0.15 THEN 1 + pick(id, 'orgid', $seed, $n_org) END,
        r_org < 0.05,
        CASE WHEN rnd(id, 'lang', $seed) < 0.08 THEN 'en' ELSE 'fi' END,
        CASE WHEN rnd(id, 'src', $seed) < 0.70 THEN 'registration'
             WHEN rnd(id, 'src', $seed) < 0.80 THEN 'customer_notice'
             WHEN rnd(id, 'src', $seed) < 0.95 THEN 'update_service' ELSE 'subcontractor' END,
        customer_since,
        CASE WHEN state = 'active' THEN NULL ELSE customer_until END,
        CASE WHEN rnd(id, 'mo', $seed) < 0.04
             THEN customer_since + pick(id, 'mod', $seed, coalesce(customer_until, $today::DATE) - customer_since)::INTEGER END,
        CASE WHEN state <> 'purged' AND rnd(id, 'rs', $seed) < 0.005
             THEN customer_since + pick(id, 'rsd', $seed, coalesce(customer_until, $today::DATE) - customer_since)::INTEGER END,
        purged_on,
        CASE WHEN state = 'purged' THEN region END  -- the region a purge keeps (statistics)
    FROM demo_people ORDER BY id"""
)

ORDERS_SQL = """
INSERT INTO orders
SELECT row_number() OVER (ORDER BY customer_id, ordered_on, k) AS id, customer_id, ordered_on, product, amount_eur
FROM (
    SELECT o.k, o.customer_id,
           c.customer_since + pick(o.k, 'od', $seed,
               coalesce(c.customer_until, $today::DATE) - c.customer_since + 1)::INTEGER AS ordered_on,
           p.product,
           round(p.price * (0.6 + rnd(o.k, 'amt', $seed) * 1.2), 2)::DECIMAL(12,2) AS amount_eur
    FROM (SELECT k, 1 + pick(k, 'oc', $seed, $n) AS customer_id FROM range($n_orders) t(k)) o
    JOIN demo_people c ON c.id = o.customer_id
    JOIN pool_product p ON p.i = pick(o.k, 'pr', $seed, $n_product)
)"""

INVOICES_SQL = """
INSERT INTO invoices
SELECT row_number() OVER (ORDER BY o.id), o.customer_id, o.id, o.ordered_on, o.ordered_on + 14, o.amount_eur,
       CASE WHEN is_open OR is_credited THEN NULL
            ELSE least(o.ordered_on + pick(o.id, 'pay', $seed, 40)::INTEGER, $today::DATE) END,
       CASE WHEN is_credited THEN least(o.ordered_on + pick(o.id, 'cr', $seed, 20)::INTEGER, $today::DATE) END
FROM (
    SELECT o.*, p.state <> 'purged' AND (
               (o.ordered_on > $today::DATE - 45 AND rnd(o.id, 'open', $seed) < 0.6)
               OR rnd(o.id, 'open', $seed) < 0.004) AS is_open,
           rnd(o.id, 'credit', $seed) < 0.02 AS is_credited
    FROM orders o JOIN demo_people p ON p.id = o.customer_id
    WHERE rnd(o.id, 'inv', $seed) < 0.3
) o"""

COLLECTIONS_SQL = """
INSERT INTO collection_cases
SELECT row_number() OVER (ORDER BY id), id, opened_on,
       CASE WHEN rnd(id, 'cc', $seed) < 0.5 THEN least(opened_on + pick(id, 'ccd', $seed, 200)::INTEGER, $today::DATE) END,
       (SELECT a FROM pool_agency WHERE i = pick(id, 'ag', $seed, $n_agency))
FROM (SELECT id, $today::DATE - pick(id, 'co', $seed, 700)::INTEGER AS opened_on
      FROM demo_people WHERE state <> 'purged' AND rnd(id, 'coll', $seed) < 0.006)"""

HOLDS_SQL = """
INSERT INTO legal_holds (id, customer_id, reason, placed_on, lifted_on)
SELECT row_number() OVER (ORDER BY id), id,
       (SELECT r FROM pool_hold WHERE i = pick(id, 'hr', $seed, $n_hold)), placed_on,
       CASE WHEN rnd(id, 'lh', $seed) < 0.3 THEN least(placed_on + pick(id, 'lhd', $seed, 300)::INTEGER, $today::DATE) END
FROM (SELECT id, $today::DATE - pick(id, 'hp', $seed, 900)::INTEGER AS placed_on
      FROM demo_people WHERE state <> 'purged' AND rnd(id, 'hold', $seed) < 0.002)"""

REQUESTS_SQL = """
INSERT INTO requests (id, customer_id, kind, received_on, channel, identity_verified_on, extended_on, status,
                      closed_on, language, details)
SELECT 1000 + row_number() OVER (ORDER BY id), CASE WHEN rnd(id, 'unm', $seed) < 0.05 THEN NULL ELSE id END,
       kind, received_on,
       CASE pick(id, 'ch', $seed, 3) WHEN 0 THEN 'letter' WHEN 1 THEN 'email' ELSE 'in_person' END,
       CASE WHEN rnd(id, 'ver', $seed) < 0.7 THEN least(received_on + pick(id, 'vd', $seed, 6)::INTEGER, $today::DATE) END,
       CASE WHEN is_open AND rnd(id, 'ext', $seed) < 0.12 THEN least(received_on + 20, $today::DATE) END,
       CASE WHEN NOT is_open THEN (CASE WHEN rnd(id, 'cl', $seed) < 0.85 THEN 'completed'
                                        WHEN rnd(id, 'cl', $seed) < 0.95 THEN 'refused' ELSE 'withdrawn' END)
            WHEN rnd(id, 'ip', $seed) < 0.5 THEN 'in_progress' ELSE 'received' END,
       CASE WHEN NOT is_open THEN least(received_on + pick(id, 'cld', $seed, 28)::INTEGER, $today::DATE) END,
       CASE WHEN rnd(id, 'lang', $seed) < 0.08 THEN 'en' ELSE 'fi' END,
       (SELECT t FROM pool_request_text WHERE k = kind) || first_name || ' ' || last_name
FROM (
    SELECT id, first_name, last_name,
           (SELECT k FROM pool_kind WHERE i = pick(id, 'kind', $seed, $n_kind)) AS kind,
           $today::DATE - pick(id, 'rq', $seed, 120)::INTEGER AS received_on,
           pick(id, 'rq', $seed, 120) < 40 OR rnd(id, 'late', $seed) < 0.05 AS is_open
    FROM demo_people WHERE state IN ('active', 'ending', 'due') AND rnd(id, 'req', $seed) < 0.004
)"""

DISCLOSURES_SQL = """
INSERT INTO disclosures
SELECT row_number() OVER (ORDER BY id), id,
       customer_since + pick(id, 'dd', $seed, coalesce(customer_until, $today::DATE) - customer_since)::INTEGER,
       r.recipient, r.purpose, r.outside_eu
FROM demo_people JOIN pool_recipient r ON r.i = pick(id, 'rcp', $seed, $n_recipient)
WHERE rnd(id, 'disc', $seed) < 0.05"""

NOTES_SQL = """
INSERT INTO customer_notes
SELECT row_number() OVER (ORDER BY id), id,
       ($today::DATE - pick(id, 'nd', $seed, 400)::INTEGER)::TIMESTAMP + INTERVAL 10 HOUR, 'asiakaspalvelu',
       'Soitti ' || first_name || ' ' || last_name || ', pyysi soittamaan takaisin numeroon '
       || '+358 40 ' || lpad(pick(id, 'nph', $seed, 10000000)::VARCHAR, 7, '0') || '.'
FROM demo_people WHERE state <> 'purged' AND rnd(id, 'note', $seed) < 0.05"""

VISITS_SQL = """
INSERT INTO visit_log
SELECT row_number() OVER (ORDER BY c.id, v), c.id,
       ($today::DATE - pick(c.id * 7 + v, 'vd', $seed, 365)::INTEGER)::TIMESTAMP
           + to_seconds(pick(c.id * 7 + v, 'vs', $seed, 86400)),
       c.ip_address, (SELECT u FROM pool_agent WHERE i = pick(c.id * 7 + v, 'ua', $seed, $n_agent)),
       CASE pick(c.id * 7 + v, 'pg', $seed, 4) WHEN 0 THEN '/tilaukset' WHEN 1 THEN '/tuotteet'
            WHEN 2 THEN '/oma-tili' ELSE '/' END
FROM customers c, range(1 + pick(c.id, 'nv', $seed, 3)::INTEGER) t(v)
WHERE c.purged_on IS NULL AND rnd(c.id, 'visit', $seed) < 0.2"""

IMPORTS_SQL = """
INSERT INTO person_sources
SELECT id, 'update_service', customer_since, customer_since + 30 * (id % 7)::INTEGER
FROM customers WHERE purged_on IS NULL AND source = 'update_service'"""

COUNT_SQL = {
    "persons": "SELECT count(*) FROM customers",
    "organisations": "SELECT count(*) FROM organisations",
    "orders": "SELECT count(*) FROM orders",
    "invoices": "SELECT count(*) FROM invoices",
    "collection cases": "SELECT count(*) FROM collection_cases",
    "legal holds": "SELECT count(*) FROM legal_holds",
    "requests": "SELECT count(*) FROM requests",
    "disclosures": "SELECT count(*) FROM disclosures",
}


POOLS = ("pool_first", "pool_last", "pool_street", "pool_post", "pool_product", "pool_domain", "pool_mobile",
         "pool_agent", "pool_agency", "pool_hold", "pool_kind", "pool_recipient", "pool_request_text")
# Identifiers from the fixed tuples above and below, never from input.
POOL_SQL = {name: f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM pool_source" for name in POOLS}
SCENARIO_CLEAR_SQL = {table: f"DELETE FROM {table} WHERE customer_id IN (SELECT unnest(?::BIGINT[]))"
                      for table in ("invoices", "collection_cases", "legal_holds", "requests", "customer_notes",
                                    "visit_log", "person_sources")}


def _pool(conn, name: str, columns: dict[str, tuple[str, list]]) -> int:
    """Load a small pool as TEMP TABLE name(i, columns...); returns its size."""
    size = len(next(iter(columns.values()))[1])
    table = pa.table({"i": list(range(size)), **{col: values for col, (_, values) in columns.items()}})
    conn.register("pool_source", table)
    # `name` is one of the fixed pool names in generate(), never input.
    conn.execute(POOL_SQL[name])
    conn.unregister("pool_source")
    return size


def _organisations(conn, count: int, seed: int, today: date) -> None:
    rng = random.Random(f"organisations-{seed}")
    last_names = list(FiPerson.last_names)
    rows = {"id": [], "name": [], "business_id": [], "customer_since": [], "customer_until": []}
    used = set()
    for org_id in range(1, count + 1):
        while True:
            base = f"{rng.randrange(1000000, 3300000):07d}"
            check = y_tunnus_check_digit(base)
            if check is not None and base not in used:
                used.add(base)
                break
        name = f"{rng.choice(last_names)} {rng.choice(INDUSTRIES)} {rng.choice(COMPANY_FORMS)}"
        since = today - timedelta(days=365 + rng.randrange(5000))
        until = None if rng.random() < 0.8 else min(today + timedelta(days=rng.randrange(-900, 200)), today)
        rows["id"].append(org_id)
        rows["name"].append(name)
        rows["business_id"].append(f"{base}-{check}")
        rows["customer_since"].append(since)
        rows["customer_until"].append(until if until is None or until > since else since + timedelta(days=30))
    conn.register("org_source", pa.table(rows))
    conn.execute("INSERT INTO organisations (id, name, business_id, customer_since, customer_until) "
                 "SELECT id, name, business_id, customer_since, customer_until FROM org_source")
    conn.unregister("org_source")


def _load_pools(conn, seed: int) -> dict[str, int]:
    fake = Faker("fi_FI")
    fake.seed_instance(seed)
    streets = sorted({fake.street_name() for _ in range(600)})
    posts = weighted_postcodes()
    sizes = {
        "n_first": _pool(conn, "pool_first", {"name": ("", list(FiPerson.first_names))}),
        "n_last": _pool(conn, "pool_last", {"name": ("", list(FiPerson.last_names))}),
        "n_street": _pool(conn, "pool_street", {"name": ("", streets)}),
        "n_post": _pool(conn, "pool_post", {"postcode": ("", [p[0] for p in posts]),
                                            "city": ("", [p[1] for p in posts]),
                                            "region": ("", [p[2] for p in posts])}),
        "n_product": _pool(conn, "pool_product", {"product": ("", [p[0] for p in PRODUCTS]),
                                                  "product_group": ("", [p[1] for p in PRODUCTS]),
                                                  "price": ("", [float(p[2]) for p in PRODUCTS])}),
        "n_domain": _pool(conn, "pool_domain", {"d": ("", list(EMAIL_DOMAINS))}),
        "n_mobile": _pool(conn, "pool_mobile", {"m": ("", list(MOBILE_PREFIXES))}),
        "n_agent": _pool(conn, "pool_agent", {"u": ("", list(USER_AGENTS))}),
        "n_agency": _pool(conn, "pool_agency", {"a": ("", list(AGENCIES))}),
        "n_hold": _pool(conn, "pool_hold", {"r": ("", list(HOLD_REASONS))}),
        "n_kind": _pool(conn, "pool_kind", {"k": ("", list(REQUEST_KINDS))}),
        "n_recipient": _pool(conn, "pool_recipient", {"recipient": ("", [r[0] for r in RECIPIENTS]),
                                                      "purpose": ("", [r[1] for r in RECIPIENTS]),
                                                      "outside_eu": ("", [r[2] for r in RECIPIENTS])}),
    }
    _pool(conn, "pool_request_text", {"k": ("", list(REQUEST_TEXT)), "t": ("", list(REQUEST_TEXT.values()))})
    return sizes


@dataclass(frozen=True)
class DemoResult:
    counts: dict[str, int]
    accounts: dict[str, str]  # username -> password of the demo accounts, one per role


def generate(conn, customers: int, seed: int, today: date, on_progress=None) -> DemoResult:
    """Fill an empty store with `customers` persons and everything around them, in one
    transaction, and one demo account per role (random passwords). The data is deterministic
    for (customers, seed, today); the passwords are not."""
    if customers < MIN_CUSTOMERS:
        raise BadInput(f"--customers must be at least {MIN_CUSTOMERS}, so that every case of the rules is present")
    existing = conn.execute("SELECT count(*) FROM customers").fetchone()[0]
    if existing:
        raise BadInput(f"the store already holds {existing:,} persons; demo data goes only into an empty store "
                       "(give a new --db path)")
    steps = [
        ("pools", None), ("organisations", None), ("persons", PEOPLE_SQL), ("customers", CUSTOMERS_SQL),
        ("orders", ORDERS_SQL), ("product groups", PRODUCT_GROUPS_SQL), ("invoices", INVOICES_SQL),
        ("collection cases", COLLECTIONS_SQL),
        ("legal holds", HOLDS_SQL), ("requests", REQUESTS_SQL), ("disclosures", DISCLOSURES_SQL),
        ("notes", NOTES_SQL), ("visit log", VISITS_SQL), ("import rows", IMPORTS_SQL), ("scenarios", None),
    ]
    progress = on_progress or (lambda step, total, label: None)
    conn.execute(MACROS_SQL)
    with transaction(conn):
        params = {"seed": seed, "today": today, "n": customers}
        for number, (label, sql) in enumerate(steps, start=1):
            progress(number, len(steps), label)
            if label == "pools":
                params.update(_load_pools(conn, seed))
                params["n_org"] = max(10, customers // 25)
                params["n_orders"] = customers * ORDERS_PER_PERSON
            elif label == "organisations":
                _organisations(conn, params["n_org"], seed, today)
            elif label == "scenarios":
                apply_scenarios(conn, today)
            else:
                wanted = {k: params[k] for k in set(re.findall(r"\$(\w+)", sql))}
                conn.execute(sql, wanted)
        write_audit(conn, "demo", "demo_created", {"customers": customers, "seed": seed, "today": today.isoformat()})
        conn.execute("DROP TABLE demo_people")
    accounts = create_demo_accounts(conn)
    counts = {label: conn.execute(sql).fetchone()[0] for label, sql in COUNT_SQL.items()}
    return DemoResult(counts, accounts)


PRODUCT_GROUPS_SQL = """
INSERT INTO product_groups SELECT DISTINCT product, product_group FROM pool_product ON CONFLICT DO NOTHING"""


# --- fixed scenarios: persons 1-40 cover every case of REGISTER.md sections 3-4 -------------
SCENARIOS = {
    1: "due by retention, nothing blocks",
    2: "due by retention, open invoice",
    3: "due by retention, open collection case",
    4: "due by retention, legal hold",
    5: "due by retention, contact person of an active organisation",
    6: "due by retention, contact person of an organisation that ended: not blocked",
    7: "due by retention, open invoice and collection",
    8: "active customer with a verified erasure request: due",
    9: "ended customer, verified erasure request, open invoice: blocked",
    10: "active customer, unverified erasure request: not due",
    11: "ended 30 days ago: due in 60 days",
    12: "ended 85 days ago: due within the week",
    13: "restricted person",
    14: "marketing objection",
    15: "purged earlier: tombstone",
    16: "access request, overdue",
    17: "access request due today",
    18: "rectification due within the week",
    19: "portability request, extended",
    20: "restriction request in progress",
    21: "objection request completed",
    22: "erasure request refused",
    23: "access request withdrawn",
    24: "due by retention, paid and credited invoices only: not blocked",
    25: "due by retention, closed collection and lifted hold: not blocked",
    26: "access request: asked to confirm who they are, answered: the deadline moved by the wait",
    27: "rectification request: waiting for the person's clarification",
    28: "access request by e-mail, then again by letter: a duplicate",
}


def apply_scenarios(conn, today: date) -> None:
    """Make persons 1-25 the fixed scenarios above (relative to `today`)."""
    d = lambda days: today - timedelta(days=days)  # noqa: E731
    ids = list(SCENARIOS)
    conn.execute("UPDATE customers SET organisation_id = NULL, is_contact_person = false, restricted_on = NULL, "
                 "marketing_objection_on = NULL, customer_until = NULL WHERE id IN (SELECT unnest(?::BIGINT[]))", [ids])
    for table in ("invoices", "collection_cases", "legal_holds", "requests"):
        # Table names come from the fixed tuple above.
        conn.execute(SCENARIO_CLEAR_SQL[table], [ids])
    ended = {1: 120, 2: 200, 3: 150, 4: 300, 5: 100, 6: 110, 7: 400, 9: 20, 11: 30, 12: 85, 24: 95, 25: 130}
    for cid, days in ended.items():
        conn.execute("UPDATE customers SET customer_until = ?, customer_since = least(customer_since, ?) WHERE id = ?",
                     [d(days), d(days + 400), cid])
    # Scenario persons were generated as active customers: no order after their relationship ended.
    conn.execute("""UPDATE orders SET ordered_on = c.customer_until - (orders.id % 60)::INTEGER
                    FROM customers c
                    WHERE c.id = orders.customer_id AND c.id IN (SELECT unnest(?::BIGINT[]))
                      AND orders.ordered_on > c.customer_until""", [ids])
    conn.execute("UPDATE organisations SET customer_until = NULL WHERE id = 1")
    conn.execute("UPDATE organisations SET customer_until = ?, customer_since = ? WHERE id = 2", [d(60), d(3000)])
    conn.execute("UPDATE customers SET organisation_id = 1, is_contact_person = true WHERE id = 5")
    conn.execute("UPDATE customers SET organisation_id = 2, is_contact_person = true WHERE id = 6")
    conn.execute("UPDATE customers SET restricted_on = ? WHERE id = 13", [d(10)])
    conn.execute("UPDATE customers SET marketing_objection_on = ? WHERE id = 14", [d(40)])
    conn.execute("UPDATE customers SET customer_until = ?, purged_on = ?, "
                 + ", ".join(f"{c} = NULL" for c in PERSONAL_COLUMNS)  # fixed column list
                 + " WHERE id = 15", [d(400), d(300)])
    for table in ("customer_notes", "visit_log", "person_sources"):  # fixed names: person 15 was purged
        conn.execute(SCENARIO_CLEAR_SQL[table], [[15]])
    next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM invoices").fetchone()[0]
    invoices = [(2, d(230), None, None), (7, d(420), None, None), (9, d(25), None, None),
                (24, d(200), d(190), None), (24, d(150), None, d(140))]
    for offset, (cid, issued, paid, credited) in enumerate(invoices):
        conn.execute("INSERT INTO invoices VALUES (?, ?, NULL, ?, ?, 149.00, ?, ?)",
                     [next_id + offset, cid, issued, issued + timedelta(days=14), paid, credited])
    next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM collection_cases").fetchone()[0]
    for offset, (cid, opened, closed) in enumerate([(3, d(170), None), (7, d(380), None), (25, d(300), d(200))]):
        conn.execute("INSERT INTO collection_cases VALUES (?, ?, ?, ?, ?)",
                     [next_id + offset, cid, opened, closed, AGENCIES[0]])
    next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM legal_holds").fetchone()[0]
    for offset, (cid, placed, lifted) in enumerate([(4, d(320), None), (25, d(400), d(250))]):
        conn.execute("INSERT INTO legal_holds (id, customer_id, reason, placed_on, lifted_on) VALUES (?, ?, ?, ?, ?)",
                     [next_id + offset, cid, HOLD_REASONS[0], placed, lifted])
    requests = [  # (id, customer, kind, received days ago, verified, extended, status, closed days ago)
        (1, 8, "erasure", 12, True, False, "in_progress", None),
        (2, 9, "erasure", 18, True, False, "received", None),
        (3, 10, "erasure", 5, False, False, "received", None),
        (4, 16, "access", 45, True, False, "in_progress", None),
        (5, 17, "access", None, True, False, "received", None),
        (6, 18, "rectification", 26, True, False, "received", None),
        (7, 19, "portability", 50, True, True, "in_progress", None),
        (8, 20, "restriction", 10, False, False, "in_progress", None),
        (9, 21, "objection", 60, True, False, "completed", 55),
        (10, 22, "erasure", 90, True, False, "refused", 70),
        (11, 23, "access", 30, False, False, "withdrawn", 25),
        (12, None, "access", 3, False, False, "received", None),
        (13, 26, "access", 24, True, False, "in_progress", None),
        (14, 27, "rectification", 9, False, False, "received", None),
        (15, 28, "access", 8, True, False, "received", None),
        (16, 28, "access", 2, False, False, "received", None),
    ]
    for rid, cid, kind, ago, verified, extended, status, closed in requests:
        received = d(ago) if ago is not None else _received_for_due_today(today)
        conn.execute(
            "INSERT INTO requests (id, customer_id, kind, received_on, channel, identity_verified_on, extended_on, "
            "status, closed_on, language, details) VALUES (?, ?, ?, ?, 'email', ?, ?, ?, ?, 'fi', ?)",
            [rid, cid, kind, received, received if verified else None, received + timedelta(days=20) if extended else None,
             status, d(closed) if closed is not None else None, REQUEST_TEXT[kind] + "(demo)"])
    # Waiting for the person (REGISTER.md section 4): asked within the week, answered ten days later;
    # asked three days after receipt and still waiting. Request 16 duplicates 15 (the same kind and person).
    conn.execute("UPDATE requests SET asked_on = ?, asked_for = 'identity', answered_on = ?, identity_verified_on = ? "
                 "WHERE id = 13", [d(22), d(12), d(12)])  # the answer confirmed who they are
    conn.execute("UPDATE requests SET asked_on = ?, asked_for = 'clarification' WHERE id = 14", [d(6)])
    conn.execute("UPDATE requests SET duplicate_of = 15 WHERE id = 16")


def _received_for_due_today(today: date) -> date:
    """A receipt date whose one-month deadline is exactly `today` (or as near as the calendar allows)."""
    from .requests.deadlines import request_due_on

    for back in range(25, 40):
        received = today - timedelta(days=back)
        if request_due_on(received) == today:
            return received
    return today - timedelta(days=30)


def create_demo_store_if_missing(path, today: date, customers: int = 20_000, seed: int = 1) -> DemoResult | None:
    """First start of the dashboard: create the store with demo data when no file exists yet.
    Returns what it created, or None. An existing store is never touched."""
    from pathlib import Path

    from .store.db import connect

    if Path(path).exists():
        return None
    with connect(path, must_exist=False) as conn:
        return generate(conn, customers=customers, seed=seed, today=today)
