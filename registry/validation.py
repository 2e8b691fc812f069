"""One value at a time, checked and normalised with the field's own library: e-mail
(`email-validator`, syntax only), phone (`phonenumbers`, Finnish by default, E.164), country
(`pycountry` and CLDR's names through `babel`, ISO 3166 alpha-2), Finnish postcode, Y-tunnus (its
check digit), dates in ISO and Finnish form, yes/no. Each returns the normal form, or None when the value is not valid.

Imports call these once per distinct value of a column (registry/intake/imports.py); a rectification
calls them per field (registry/requests/rights.py). The three libraries are imported by the first check
that needs them, not with this module: every command imports it through the settings, and most
never validate anything (they cost `python -m registry --help` 30 ms)."""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, time, timedelta, timezone

from .clock import finnish_time

FINNISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# 6/25/2025 (a US export) or 25/6/2025: which is the day only the column as a whole can say.
SLASHED_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# A time of day after the date, as exports write it: "2025-06-25 00:00", "2025-06-25T08:15:00Z",
# "2025-06-25T08:15:00+03:00", "25.6.2025 8.15", "25.6.2025 klo 8.15", "25.6.2025 08:15:30".
# After a slashed date the US "6/25/2025, 8:15 AM" too.
TIME_OF_DAY = re.compile(r"(?:,?\s+(?:klo\s+)?|T)(\d{1,2})[.:](\d{2})(?:[.:](\d{2})(?:[.,]\d+)?)?"
                         r"\s*(AM|PM)?\s*(Z|[+-]\d{2}:?\d{2})?", re.IGNORECASE)
TRUE_WORDS = frozenset({"kyllä", "k", "yes", "y", "true", "1", "x"})
FALSE_WORDS = frozenset({"ei", "e", "no", "n", "false", "0"})
LANGUAGE_WORDS = {"fi": "fi", "suomi": "fi", "finnish": "fi", "en": "en", "englanti": "en", "english": "en"}


# ISO 3166-1 "exceptionally reserved" codes still written for a country: UK for the United
# Kingdom (GB) and EL for Greece (GR), as the EU's Interinstitutional Style Guide writes them.
EXCEPTIONALLY_RESERVED = {"UK": "GB", "EL": "GR"}


@functools.cache
def _countries() -> dict[str, str]:
    """Every way a country is written in a customer list, folded, to its ISO 3166 alpha-2 code:
    the alpha-2 and alpha-3 codes, the name, official name and common name in English with their
    Finnish and Swedish translations from pycountry (ISO 3166 and the iso-codes project), and the
    names people use in Finnish, Swedish and English from Unicode CLDR through Babel ("Venäjä",
    "Russia", "Iso-Britannia": ISO's official "Russian Federation" is not how a list writes it).
    No hand-kept list: "Finland", "Suomi", "FIN" and "fi" are FI."""
    import gettext

    import pycountry
    from babel import Locale

    translations = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
                    for lang in ("fi", "sv")]
    names: dict[str, str] = {}
    codes = {country.alpha_2 for country in pycountry.countries}
    for country in pycountry.countries:
        english = {getattr(country, attr, None) for attr in ("name", "official_name", "common_name")} - {None}
        for name in english | {tr.gettext(n) for tr in translations for n in english}:
            names.setdefault(_fold(name), country.alpha_2)
    for lang in ("fi", "sv", "en"):
        for code, name in Locale.parse(lang).territories.items():
            if code in codes:  # CLDR's regions (001 world, EU …) are no countries
                names.setdefault(_fold(name), code)
    for reserved, code in EXCEPTIONALLY_RESERVED.items():
        names[_fold(reserved)] = code
    for country in pycountry.countries:  # codes win over a name that happens to read the same
        names[_fold(country.alpha_3)] = country.alpha_2
        names[_fold(country.alpha_2)] = country.alpha_2
    return names


def _fold(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def email(value: str) -> str | None:
    """Trimmed and lower-case (the register matches e-mail case-insensitively); no DNS look-up."""
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


def phone(value: str, region: str = "FI") -> str | None:
    """E.164 (+358401234567); a number without a country code is taken as Finnish."""
    import phonenumbers

    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def country(value: str) -> str | None:
    """ISO 3166 alpha-2 from a code (FI, FIN) or a name in English, Finnish or Swedish, any case."""
    return _countries().get(_fold(value))


def finnish_postcode(value: str) -> str | None:
    code = value.strip()
    return code if re.fullmatch(r"\d{5}", code) else None


def y_tunnus_check_digit(base: str) -> int | None:
    """Check digit of a Finnish business id (Y-tunnus) of 7 digits; None when no valid one exists."""
    remainder = sum(int(d) * w for d, w in zip(base, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if remainder == 1:
        return None
    return 0 if remainder == 0 else 11 - remainder


def is_valid_y_tunnus(value: str) -> bool:
    base, _, check = value.partition("-")
    if len(base) != 7 or not base.isdigit() or len(check) != 1 or not check.isdigit():
        return False
    return y_tunnus_check_digit(base) == int(check)


# The Finnish VAT number (ALV-numero) is the Y-tunnus without its dash after FI: FI18137208.
VAT_NUMBER = re.compile(r"(?:FI)?\s*(\d{7})-?(\d)", re.IGNORECASE)


def business_id(value: str) -> str | None:
    """The Y-tunnus as 1813720-8, also from the VAT number FI18137208 or 18137208."""
    text = value.strip()
    if (match := VAT_NUMBER.fullmatch(text)) is not None:
        text = f"{match.group(1)}-{match.group(2)}"
    return text if is_valid_y_tunnus(text) else None


def slashed_order(values) -> str | None:
    """How a column writes its slashed dates: "dmy" when some value has a day over 12 in the first
    place (25/6/2025), "mdy" when in the second (6/25/2025), None when no value settles it (or
    values settle it both ways: then the column is not one order)."""
    firsts, seconds = False, False
    for value in values:
        if (match := SLASHED_DATE.match(value.strip())) is not None:
            firsts |= int(match.group(1)) > 12
            seconds |= int(match.group(2)) > 12
    return "dmy" if firsts and not seconds else "mdy" if seconds and not firsts else None


def day(value: str, slashed: str | None = None) -> date | None:
    """2026-11-24 or 24.11.2026 (one-digit day and month too), optionally with a time of day
    (TIME_OF_DAY). The day is the day in Helsinki: a time with a zone (Z, +02:00) is moved there
    first ("2025-06-24T22:30:00Z" is 25 June); a time without one is Finnish time as written.
    A slashed date is read in the order its column settles (`slashed`: "dmy" or "mdy", from
    `slashed_order`); without one only where day and month are the same number (5/5/2025)."""
    text = value.strip()
    for pattern, order in ((ISO_DATE, "ymd"), (FINNISH_DATE, "dmy"), (SLASHED_DATE, slashed)):
        if (match := pattern.match(text)) is None:
            continue
        if order is None:  # a slashed date in a column that does not say which is the day
            first, second = int(match.group(1)), int(match.group(2))
            if first != second:
                return None
            order = "dmy"
        rest = text[match.end():]
        clock = TIME_OF_DAY.fullmatch(rest) if rest else None
        if rest and clock is None:
            return None
        parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
        try:
            written = date(parts["y"], parts["m"], parts["d"])
            at = clock and _clock_time(clock)  # a real time of day
        except ValueError:
            return None
        if not clock or clock.group(5) is None:
            return written
        zone = clock.group(5).upper()
        offset = UTC if zone == "Z" else timezone(
            (-1 if zone[0] == "-" else 1) * timedelta(hours=int(zone[1:3]), minutes=int(zone[-2:])))
        return finnish_time(datetime.combine(written, at, offset)).date()
    return None


def _clock_time(clock: re.Match) -> time:
    hour, minute, second = int(clock.group(1)), int(clock.group(2)), int(clock.group(3) or 0)
    if (half := (clock.group(4) or "").upper()):
        if not 1 <= hour <= 12:
            raise ValueError("a 12-hour clock runs from 1 to 12")
        hour = hour % 12 + (12 if half == "PM" else 0)
    return time(hour, minute, second)


def yes_no(value: str) -> bool | None:
    word = value.strip().lower()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


def language(value: str) -> str | None:
    return LANGUAGE_WORDS.get(value.strip().lower())
