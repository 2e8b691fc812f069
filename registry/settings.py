"""The register's settings: the facts its privacy notice states (REGISTER.md section 10), kept in
the store so that the rules and the notice read the same values.

A new store's settings are those of the controller's published notice
(shared/spec/privacy-notice-molentum-fi.txt); a stored value replaces its default. Texts that
exist in both languages are {"fi": …, "en": …}. `retention_days` is section 3's retention: the
due list, the purge, the review and the overview read it inside their SQL (`RETENTION_SQL`).
Every change is validated and audited with the old and the new value (the settings hold no
personal data of the register's persons). What a new retention would do before it is set is
`retention_change.py`'s (it reads the due list, which reads this module)."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from . import validation
from .bilingual import in_both
from .access import Actor, require
from .audit import utc_now, write_audit
from .store.db import transaction
from .errors import BadInput

NOTICE_DATE = date(2022, 11, 2)  # "Viimeksi päivitetty 02.11.2022": a store whose settings never changed
MIN_RETENTION_DAYS, MAX_RETENTION_DAYS = 1, 3650
MAX_ASK_DAYS = 30  # an ask a month after receipt is not "without undue delay" under any reading
SMTP_SECURITY = ("starttls", "tls", "none")
OPTIONAL = frozenset({"smtp.host", "smtp.from", "smtp.username"})  # may be empty: no mail is sent without a host
# Settings the privacy notice does not print: a change to them does not change its "last updated".
MAIL_SETTINGS = ("dashboard.url", "smtp.host", "smtp.port", "smtp.security", "smtp.from", "smtp.username")
NOT_IN_NOTICE = ("request_ask_days", "dashboard.url", "smtp.host", "smtp.port", "smtp.security", "smtp.from",
                 "smtp.username")
# The retention in force, for SQL that computes due dates (a scalar subquery: no parameter to pass).
RETENTION_SQL = "(SELECT coalesce(max(value::INTEGER), 90) FROM settings WHERE key = 'retention_days')"


DEFAULTS: dict[str, Any] = {
    "controller.name": "Molentum Oy",
    "controller.business_id": "1813720-8",
    "controller.address": "Lautasuontie 2 A 4, 80400 Ylämylly",
    "contact.name": "Mika Lähteenmäki",
    "contact.email": "mika.lahteenmaki@molentum.fi",
    "contact.phone": "0400 273 150",
    "contact.address": "Molentum Oy, Lautasuontie 2 A 4, 80400 Ylämylly",
    "retention_days": 90,
    # An ask for identity or clarification within this many days of receipt suspends the deadline
    # (REGISTER.md section 4, "Waiting for the person"; EDPB 01/2022 para. 159: "without undue delay").
    "request_ask_days": 7,
    # The daily digest (REGISTER.md section 12): where the dashboard is, and the company's SMTP server.
    # The password is never stored: $REGISTRY_SMTP_PASSWORD.
    "dashboard.url": "http://localhost:8501",
    "smtp.host": "",
    "smtp.port": 587,
    "smtp.security": "starttls",
    "smtp.from": "",
    "smtp.username": "",
    "legal_basis": in_both("Sopimus", "Contract"),
    "purposes": in_both(
        "Asiakasrekisterin ylläpitäminen, asiakkaiden tilausten hallinnointi, arkistointi ja käsittely sekä "
        "asiakassuhteen hoitaminen. Tietoja voidaan käyttää toiminnan kehittämiseen, tilastollisiin tarkoituksiin ja "
        "henkilökohtaisemman kohdennetun sisällön tuottamiseen palveluissamme.",
        "Keeping the customer register, managing, archiving and processing customers' orders, and looking after "
        "the customer relationship. The data may be used to develop the business, for statistics and to tailor "
        "content in our services."),
    "data_categories": in_both("Nimi, edustettu organisaatio, yhteystiedot, laskutustiedot",
                             "Name, the organisation represented, contact details, billing details"),
    "recipients": in_both("Rekisterinpitäjän henkilöstö sekä ulkoistuskumppanit soveltuvin osin.",
                        "The controller's staff and, where relevant, outsourcing partners."),
    "sources": in_both(
        "Tietoja saadaan asiakkaan tekemistä rekisteröitymisistä sekä asiakassuhteen aikana asiakkaan tekemistä "
        "ilmoituksista. Nimi- ja yhteystietojen päivityksiä saadaan myös päivityspalveluja tarjoavilta "
        "viranomaisilta ja yrityksiltä. Tietoja voidaan saada myös alihankkijoilta, jotka liittyvät palvelun "
        "käyttämiseen tai tuottamiseen.",
        "The customer's own registration and the notices they give during the relationship. Updates to names and "
        "contact details also come from authorities and companies offering update services. Data may also come "
        "from subcontractors involved in using or providing the service."),
    "disclosures": in_both(
        "Tietoja ei luovuteta rekisterinpitäjän ulkopuolelle tai sen yhteistyökumppaneiden käyttöön, paitsi "
        "luottohakemukseen, perintään tai laskutukseen liittyvissä asioissa sekä lainsäädännön niin velvoittaessa, "
        "tai käytettäessä ulkoista palveluntarjoajaa lisäarvopalvelun tuottamiseen tai luottopäätöksen tueksi.",
        "The data is not disclosed outside the controller or to its partners, except for credit applications, "
        "collection or billing, where the law requires it, or when an external provider is used for a "
        "value-added service or to support a credit decision."),
    "transfers": in_both(
        "Henkilötietoja ei siirretä Euroopan unionin ulkopuolelle, ellei se ole rekisterinpitäjän tai sen "
        "yhteistyökumppanin teknisen toteutuksen varmistamiseksi tarpeellista.",
        "Personal data is not transferred outside the European Union unless it is necessary to ensure the "
        "technical implementation of the controller or its partner."),
    "security": in_both(
        "Manuaalinen aineisto säilytetään lukituissa ja paloturvallisissa tiloissa. Rekisteriä saavat käyttää vain "
        "määrätyt, salassapitositoumuksen allekirjoittaneet työntekijät omalla käyttäjätunnuksellaan ja "
        "salasanallaan. Järjestelmä on suojattu palomuurilla.",
        "Manual records are kept in locked, fire-safe premises. Only designated employees who have signed a "
        "confidentiality undertaking may use the register, each with their own username and password. The "
        "system is protected by a firewall."),
    "cookies": in_both(
        "Sivuillamme käytetään evästeitä ja Google Analytics -palvelua sivuston seurantaan, kehittämiseen ja "
        "markkinoinnin suunnitteluun. Evästeiden käytön voi estää selaimen asetuksista.",
        "Our site uses cookies and Google Analytics to follow, develop and plan marketing for the site. Cookies "
        "can be blocked in the browser's settings."),
    "authority": in_both(
        "Tietosuojavaltuutetun toimisto, PL 800, 00531 Helsinki (käyntiosoite Lintulahdenkuja 4, 00530 Helsinki), "
        "puh. 029 566 6700, tietosuoja@om.fi, www.tietosuoja.fi",
        "Office of the Data Protection Ombudsman (Tietosuojavaltuutetun toimisto), P.O. Box 800, FI-00531 Helsinki "
        "(visiting address Lintulahdenkuja 4, 00530 Helsinki), tel. +358 29 566 6700, tietosuoja@om.fi, "
        "www.tietosuoja.fi"),
}
BILINGUAL = frozenset(k for k, v in DEFAULTS.items() if isinstance(v, dict))

STORED_SQL = "SELECT key, value FROM settings"
LAST_CHANGE_SQL = "SELECT max(changed_at) FROM settings WHERE NOT list_contains(?::VARCHAR[], key)"
UPSERT_SQL = """INSERT INTO settings (key, value, changed_at, changed_by) VALUES (?, ?, ?, ?)
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, changed_at = EXCLUDED.changed_at,
    changed_by = EXCLUDED.changed_by"""


def current_settings(conn) -> dict[str, Any]:
    """Every setting, stored values over the notice's defaults, in the defaults' order."""
    stored = {key: json.loads(value) for key, value in conn.execute(STORED_SQL).fetchall()}
    return {key: stored.get(key, default) for key, default in DEFAULTS.items()}


def retention_days(conn) -> int:
    return int(current_settings(conn)["retention_days"])


ASK_DAYS_SQL = "SELECT value FROM settings WHERE key = 'request_ask_days'"


def ask_days(conn) -> int:
    """`request_ask_days`: how late after receipt an ask still suspends the deadline."""
    row = conn.execute(ASK_DAYS_SQL).fetchone()
    return int(json.loads(row[0])) if row else int(DEFAULTS["request_ask_days"])


def last_changed_on(conn, finnish_day) -> date:
    """The notice's "last updated": the Finnish day of the last settings change, else the notice's own."""
    at = conn.execute(LAST_CHANGE_SQL, [list(NOT_IN_NOTICE)]).fetchone()[0]
    return finnish_day(at) if at else NOTICE_DATE


def field(key: str) -> tuple[str, str]:
    """(setting, language) of a field key: "purposes.fi" -> ("purposes", "fi"), "contact.email" ->
    ("contact.email", "")."""
    base, _, lang = key.rpartition(".")
    return (base, lang) if lang in ("fi", "en") else (key, "")


def form_fields(values: dict[str, Any]) -> dict[str, str]:
    """Every field a form edits and its text now: a bilingual setting is two fields (KEY.fi, KEY.en),
    the retention (which has its own confirmation) none."""
    out = {}
    for key, value in values.items():
        if key == "retention_days":
            continue
        if key in BILINGUAL:
            out.update({f"{key}.{lang}": value[lang] for lang in ("fi", "en")})
        else:
            out[key] = str(value)
    return out


def _clean(key: str, text: str, current: Any) -> Any:
    """The value `text` gives `key` (KEY.fi / KEY.en set one language of a bilingual text)."""
    base, lang = field(key)
    if base == "smtp.password":
        raise BadInput("the SMTP password is never stored: set $REGISTRY_SMTP_PASSWORD in the environment of the "
                       "commands that send mail", code="smtp_password_not_stored")
    if base not in DEFAULTS or (lang and base not in BILINGUAL):
        raise BadInput(f"unknown setting {key!r}: see 'python -m registry settings show'", code="unknown_setting",
                       key=key)
    text = (text or "").strip()
    if not text and base in OPTIONAL:
        return base, ""
    if not text:
        raise BadInput(f"{key} needs a value", code="setting_empty", key=key)
    if base == "smtp.port":
        if not text.isdigit() or not 1 <= int(text) <= 65535:
            raise BadInput(f"smtp.port must be a port number from 1 to 65535, not {text!r}", code="bad_port")
        return base, int(text)
    if base == "smtp.security" and text not in SMTP_SECURITY:
        raise BadInput(f"smtp.security must be one of {', '.join(SMTP_SECURITY)}, not {text!r}", code="bad_choice",
                       value=text)
    if base == "smtp.from" and validation.email(text) is None:
        raise BadInput(f"{text!r} is not an e-mail address", code="bad_email")
    if base == "dashboard.url" and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", text):
        raise BadInput(f"dashboard.url must be the address managers open, e.g. https://rekisteri.example.fi, not "
                       f"{text!r}", code="bad_url")
    if base == "dashboard.url":
        return base, text.rstrip("/")
    if base == "retention_days":
        if not text.isdigit() or not MIN_RETENTION_DAYS <= int(text) <= MAX_RETENTION_DAYS:
            raise BadInput(f"retention_days must be a whole number of days from {MIN_RETENTION_DAYS} to "
                           f"{MAX_RETENTION_DAYS}, not {text!r}", code="bad_retention",
                           low=MIN_RETENTION_DAYS, high=MAX_RETENTION_DAYS)
        return base, int(text)
    if base == "request_ask_days":
        if not text.isdigit() or not 0 <= int(text) <= MAX_ASK_DAYS:
            raise BadInput(f"request_ask_days must be a whole number of days from 0 to {MAX_ASK_DAYS}, not {text!r}",
                           code="bad_ask_days", high=MAX_ASK_DAYS)
        return base, int(text)
    if base == "controller.business_id":
        if (normal := validation.business_id(text)) is None:
            raise BadInput(f"{text!r} is not a Y-tunnus (its check digit does not match)", code="bad_business_id")
        return base, normal  # the notice writes 1813720-8 also when the VAT number FI18137208 was given
    if base == "contact.email" and validation.email(text) is None:
        raise BadInput(f"{text!r} is not an e-mail address", code="bad_email")
    if base == "contact.phone" and validation.phone(text) is None:
        raise BadInput(f"{text!r} is not a phone number", code="bad_phone")
    if base in BILINGUAL:
        if lang:
            return base, {**current[base], lang: text}
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            value = None
        if not isinstance(value, dict) or set(value) != {"fi", "en"} or not all(
                isinstance(v, str) and v.strip() for v in value.values()):
            raise BadInput(f"{key} is a text in both languages: set {key}.fi and {key}.en, or give "
                           '{"fi": "…", "en": "…"}', code="setting_needs_both", key=key)
        return base, value
    return base, text


class SettingsRefused(BadInput):
    """Some of the fields of one save are wrong: nothing was saved. `problems` holds each wrong field's
    key and error, in the order given."""

    def __init__(self, problems: list[tuple[str, BadInput]]):
        self.problems = problems
        super().__init__("; ".join(f"{key}: {err}" for key, err in problems), code=problems[0][1].code,
                         **problems[0][1].params)


def set_settings(conn, actor: Actor, changes: dict[str, str]) -> list[tuple[str, Any, Any]]:
    """Save the fields `changes` (key -> text; KEY.fi / KEY.en set one language of a bilingual text)
    all or nothing, in one transaction: if any field is wrong, SettingsRefused names every wrong one
    and nothing is saved (the notice is never half updated). Returns (setting, old, new) for each
    setting that changed; fields that keep their value change and write nothing."""
    require(actor, "manage_settings")
    before = current_settings(conn)
    after = dict(before)
    as_shown = form_fields(before)
    problems = []
    for key, text in changes.items():
        if key in as_shown and (text or "").strip() == as_shown[key].strip():
            continue  # a field the form sends back as it was
        try:
            base, value = _clean(key, text, after)
        except BadInput as err:
            problems.append((key, err))
        else:
            after[base] = value
    if problems:
        raise SettingsRefused(problems)
    changed = [(key, before[key], after[key]) for key in DEFAULTS if after[key] != before[key]]
    if changed:
        at = utc_now()
        with transaction(conn):
            for key, old, new in changed:
                conn.execute(UPSERT_SQL, [key, json.dumps(new, ensure_ascii=False), at, actor.name])
                write_audit(conn, actor.name, "setting_changed", {"key": key, "old": old, "new": new})
    return changed


def set_setting(conn, actor: Actor, key: str, text: str) -> tuple[str, Any, Any]:
    """Change one setting (the command line's `settings set`); returns (key, old value, new value).
    Setting a value it already has changes nothing and writes nothing."""
    require(actor, "manage_settings")
    try:
        changed = set_settings(conn, actor, {key: text})
    except SettingsRefused as refused:
        raise refused.problems[0][1] from None
    if changed:
        return changed[0]
    base = field(key)[0]
    value = current_settings(conn)[base]
    return base, value, value
