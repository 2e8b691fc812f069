"""The column headers of the exports small firms really have, and the rule for choosing among
several candidates for one field (REGISTER.md section 9, "Real exports are read as they come").

One table, `ALIASES`: each header as the tool writes it, the register's column it fills, its rank
(lower wins when a file has several candidates for one column) and, for an address, its group
(a file's address is taken whole from one group: never a business street with a home city).
Headers match without regard to case, spaces, '_', '-', '/', '.' and parentheses
(`header_key`). Where each name comes from is said beside it.

The rule, shown on the page and in `--json` as `"columns"`:
- e-mail: the tool's primary or only e-mail, then a work e-mail, then a home e-mail;
- phone: a mobile number (it reaches the person), then the tool's main phone, then work, then home;
- address: the tool's default, mailing or postal address, then the business address, then home,
  then "other"; street, postcode, city and country all from the group chosen;
- a full name ("Name", "Nimi") only where the file has neither a first nor a last name column;
- an address street column with neither a postcode nor a city column beside it is an address in
  one column ("Niemikuja 34, 00500 Helsinki, Suomi"): registry/intake/imports.py splits it;
- two columns of the same standing for one field (etunimi and first_name) are bad input: keep one.
Candidates not chosen are listed as ignored, with the column that was chosen instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..fields import FIELD_LABELS

# Ranks of a candidate (lower wins).
PRIMARY, WORK, HOME, OTHER = 0, 1, 2, 3
WHOLE = 4  # an address in one column, after any street column of its group
MOBILE, MAIN_PHONE = 0, 1


@dataclass(frozen=True)
class Alias:
    column: str
    rank: int = PRIMARY
    group: str | None = None  # address fields: which address this header belongs to


# Every column an import understands: its Finnish header, and the English one is its own name.
COLUMNS: dict[str, str] = {
    "customer_id": "asiakasnumero", "first_name": "etunimi", "last_name": "sukunimi", "email": "sähköposti",
    "phone": "puhelin", "website": "www", "ip_address": "ip", "business_id": "y-tunnus",
    "is_contact_person": "yhteyshenkilö", "postal_street": "katuosoite", "postal_postcode": "postinumero",
    "postal_city": "postitoimipaikka", "postal_country": "maa", "billing_street": "laskutusosoite",
    "billing_postcode": "laskutuspostinumero", "billing_city": "laskutuspostitoimipaikka",
    "billing_country": "laskutusmaa", "language": "kieli", "customer_since": "asiakkuus alkoi",
    "customer_until": "asiakkuus päättyi",
    # Read into the columns above: a full name split into first and last name (only where the file
    # has neither), a company's name into the organisation of that name.
    "full_name": "nimi", "company_name": "yritys",
}
ADDRESS_COLUMNS = {"postal": ("postal_street", "postal_postcode", "postal_city", "postal_country"),
                   "billing": ("billing_street", "billing_postcode", "billing_city", "billing_country")}


def _own(column: str) -> Alias:
    """The register's own names: first in their rank, an address in its own group."""
    group = next((kind for kind, fields in ADDRESS_COLUMNS.items() if column in fields), None)
    return Alias(column, MAIN_PHONE if column == "phone" else PRIMARY, group)


def _address(prefix_names: dict[str, list[str]], rank: int, group: str) -> dict[str, Alias]:
    return {name: Alias(column, rank, group) for column, names in prefix_names.items() for name in names}


ALIASES: dict[str, Alias] = {
    # The register's own names, English and Finnish (REGISTER.md section 9), from COLUMNS.
    **{name: _own(column) for column, finnish in COLUMNS.items() for name in (column, finnish)},
    # The register's own words for its fields (registry/fields.py), as its pages and exports head
    # them ("Asiakas alkaen", "Post town"); not "Customer number": the id only as section 9 says.
    **{label: _own(column) for column, labels in FIELD_LABELS.items() if column in COLUMNS and column != "customer_id"
       for label in labels},

    # Names in many tools' exports (HubSpot, Salesforce, Zoho, Pipedrive, Mailchimp, Shopify,
    # Outlook, Google Contacts): "First Name", "Last Name", "Given Name", "Family Name", "Surname".
    "first name": Alias("first_name"), "firstname": Alias("first_name"), "given name": Alias("first_name"),
    "forename": Alias("first_name"), "person - first name": Alias("first_name"),  # Pipedrive
    "last name": Alias("last_name"), "lastname": Alias("last_name"), "surname": Alias("last_name"),
    "family name": Alias("last_name"), "person - last name": Alias("last_name"),  # Pipedrive
    # E-mail. HubSpot/Salesforce/Zoho/Shopify "Email"; Mailchimp "Email Address"; Outlook "E-mail
    # Address", "E-mail 2 Address"; Google Contacts "E-mail 1 - Value"; Pipedrive "Person - Email - Work";
    # Finnish Outlook and invoicing programs "Sähköpostiosoite", "S-posti".
    "e-mail": Alias("email"), "email address": Alias("email"), "e-mail address": Alias("email"),
    "e-mail 1 - value": Alias("email"), "sähköpostiosoite": Alias("email"), "s-posti": Alias("email"),
    "primary email": Alias("email"), "e-mail 2 address": Alias("email", WORK), "e-mail 2 - value": Alias("email", WORK),
    "person - email": Alias("email"), "person - email - work": Alias("email", WORK),
    "person - email - home": Alias("email", HOME), "work email": Alias("email", WORK), "home email": Alias("email", HOME),
    # Phone. A mobile first: HubSpot "Mobile Phone Number", Salesforce "Mobile"/"MobilePhone", Outlook
    # "Mobile Phone", Pipedrive "Person - Phone - Mobile", Finnish "Matkapuhelin", "GSM", "Kännykkä".
    "mobile phone number": Alias("phone", MOBILE), "mobile phone": Alias("phone", MOBILE),
    "mobile": Alias("phone", MOBILE), "mobilephone": Alias("phone", MOBILE), "cell phone": Alias("phone", MOBILE),
    "person - phone - mobile": Alias("phone", MOBILE), "matkapuhelin": Alias("phone", MOBILE),
    "gsm": Alias("phone", MOBILE), "kännykkä": Alias("phone", MOBILE), "matkapuhelinnumero": Alias("phone", MOBILE),
    # Then the main phone: HubSpot "Phone Number", Mailchimp "Phone Number", Google "Phone 1 - Value",
    # Outlook "Primary Phone", Shopify "Phone"/"Default Address Phone", Finnish "Puhelinnumero".
    "phone number": Alias("phone", MAIN_PHONE), "telephone": Alias("phone", MAIN_PHONE),
    "primary phone": Alias("phone", MAIN_PHONE), "phone 1 - value": Alias("phone", MAIN_PHONE),
    "default address phone": Alias("phone", 2), "puhelinnumero": Alias("phone", MAIN_PHONE),
    "person - phone": Alias("phone", MAIN_PHONE), "tel": Alias("phone", MAIN_PHONE),
    "business phone": Alias("phone", 2), "work phone": Alias("phone", 2), "person - phone - work": Alias("phone", 2),
    "työpuhelin": Alias("phone", 2), "phone 2 - value": Alias("phone", 2),
    "home phone": Alias("phone", 3), "kotipuhelin": Alias("phone", 3), "person - phone - home": Alias("phone", 3),
    "other phone": Alias("phone", 4),
    # Website: HubSpot "Website URL", Outlook "Web Page", Google "Website 1 - Value", Finnish
    # "Verkkosivu", "Verkkosivut", "Kotisivu", "WWW-osoite".
    "website url": Alias("website"), "web page": Alias("website"), "web site": Alias("website"),
    "website 1 - value": Alias("website"), "url": Alias("website"), "homepage": Alias("website"),
    "verkkosivu": Alias("website"), "verkkosivut": Alias("website"), "kotisivu": Alias("website"),
    "kotisivut": Alias("website"), "www-osoite": Alias("website"), "internet-osoite": Alias("website"),
    # Business id: Finnish invoicing programs (Netvisor, Procountor, Visma) "Y-tunnus", "Ytunnus".
    # The Finnish VAT number (ALV-numero, FI18137208) is the Y-tunnus written otherwise: after a Y-tunnus column.
    "ytunnus": Alias("business_id"), "business id": Alias("business_id"), "vat number": Alias("business_id", WORK),
    "alv-numero": Alias("business_id", WORK), "alv-tunnus": Alias("business_id", WORK), "vat": Alias("business_id", WORK),
    "vat id": Alias("business_id", WORK), "vat-tunnus": Alias("business_id", WORK),
    # The relationship began: HubSpot "Create Date", Salesforce "Created Date", Zoho "Created Time",
    # Shopify "Created At", Mailchimp "OPTIN_TIME", Finnish "Luontipäivä", "Luotu", "Asiakkaaksi".
    "create date": Alias("customer_since"), "created date": Alias("customer_since"),
    "created time": Alias("customer_since"), "created at": Alias("customer_since"), "created": Alias("customer_since"),
    "optin_time": Alias("customer_since", WORK), "luontipäivä": Alias("customer_since"),
    "luotu": Alias("customer_since"), "asiakkaaksi": Alias("customer_since"),
    "preferred language": Alias("language"), "asiointikieli": Alias("language"),
    # A full name: Google Contacts and Outlook "Name"/"Full Name", Pipedrive "Person - Name", Zoho
    # "Full Name", Finnish invoicing programs "Nimi", "Asiakkaan nimi", "Yhteyshenkilö" is not one
    # (it is the register's is_contact_person).
    "name": Alias("full_name"), "full name": Alias("full_name"), "fullname": Alias("full_name"),
    "display name": Alias("full_name", WORK), "contact name": Alias("full_name"), "person - name": Alias("full_name"),
    "koko nimi": Alias("full_name"), "asiakkaan nimi": Alias("full_name"), "henkilön nimi": Alias("full_name"),
    # The company: HubSpot "Company Name", Salesforce "Account Name", Zoho "Account Name", Pipedrive
    # "Organization - Name", Outlook "Company", Google "Organization 1 - Name" (older "Organization
    # Name"), Shopify "Default Address Company", WooCommerce "billing_company", Mailchimp "Company",
    # Finnish "Yritys", "Yrityksen nimi", "Organisaatio", "Yhtiö".
    "company": Alias("company_name"), "company name": Alias("company_name"), "account name": Alias("company_name"),
    "organization - name": Alias("company_name"), "organisation - name": Alias("company_name"),
    "organization 1 - name": Alias("company_name"), "organization name": Alias("company_name"),
    "organisation name": Alias("company_name"), "organization": Alias("company_name"),
    "organisation": Alias("company_name"), "default address company": Alias("company_name"),
    "billing_company": Alias("company_name", WORK), "yrityksen nimi": Alias("company_name"),
    "organisaatio": Alias("company_name"), "yhtiö": Alias("company_name"), "firma": Alias("company_name"),

    # Addresses. The tool's default, mailing or postal address (rank PRIMARY): HubSpot "Street
    # Address", "City", "Postal Code", "Zip", "Country/Region"; Salesforce "Mailing Street", "Mailing
    # City", "Mailing Zip/Postal Code", "Mailing Country" (Data Loader: MailingStreet …); Zoho
    # "Mailing Street", "Mailing Zip"; Shopify "Default Address Address1", "Default Address City",
    # "Default Address Zip", "Default Address Country Code" (older: "Address1", "Zip", "Country");
    # Google Contacts "Address 1 - Street", "Address 1 - Postal Code"; Finnish "Lähiosoite",
    # "Postiosoite", "Postinro", "Kaupunki", "Paikkakunta".
    **_address({
        "postal_street": ["street address", "street", "address line 1", "address1", "address 1",
                          "mailing street", "mailingstreet", "default address address1", "address 1 - street",
                          "lähiosoite", "postiosoite", "katu", "osoite"],
        "postal_postcode": ["postal code", "postcode", "zip", "zip code", "zip/postal code", "mailing zip/postal code",
                            "mailing postal code", "mailingpostalcode", "mailing zip", "default address zip",
                            "address 1 - postal code", "postinro"],
        "postal_city": ["city", "town", "mailing city", "mailingcity", "default address city", "address 1 - city",
                        "kaupunki", "paikkakunta", "kunta"],
        "postal_country": ["country", "country/region", "country code", "mailing country", "mailingcountry",
                           "default address country code", "default address country", "address 1 - country",
                           "valtio"],
    }, PRIMARY, "postal"),
    # An address in one column (Google "Address 1 - Formatted", "Address", "Koko osoite"): of the
    # default group, after its street (Google exports both).
    **_address({"postal_street": ["address", "full address", "address 1 - formatted", "koko osoite"]}, WHOLE, "postal"),
    # The business address (Outlook "Business Street", "Business Postal Code", "Business Country/Region").
    **_address({"postal_street": ["business street", "work street", "address 2 - street"],
                "postal_postcode": ["business postal code", "work postal code", "address 2 - postal code"],
                "postal_city": ["business city", "work city", "address 2 - city"],
                "postal_country": ["business country/region", "business country", "address 2 - country"]},
               WORK, "business"),
    # The home address (Outlook "Home Street" …).
    **_address({"postal_street": ["home street"], "postal_postcode": ["home postal code"],
                "postal_city": ["home city"], "postal_country": ["home country/region", "home country"]}, HOME, "home"),
    **_address({"postal_street": ["other street"], "postal_postcode": ["other postal code"],
                "postal_city": ["other city"], "postal_country": ["other country/region"]}, OTHER, "other"),
    # Billing addresses: WooCommerce "billing_address_1", "billing_postcode", "billing_city",
    # "billing_country"; Salesforce accounts "Billing Street", "Billing Zip/Postal Code"; Finnish
    # invoicing programs "Laskutusosoite", "Laskutuksen postinumero".
    **_address({"billing_street": ["billing_address_1", "billing street", "billing address", "billingstreet",
                                   "laskutuksen katuosoite", "laskutuksen lähiosoite"],
                "billing_postcode": ["billing_postcode", "billing postal code", "billing zip/postal code", "billing zip",
                                     "billingpostalcode", "laskutuksen postinumero"],
                "billing_city": ["billing city", "billingcity", "laskutuksen postitoimipaikka"],
                "billing_country": ["billing country", "billingcountry", "laskutuksen maa"]}, PRIMARY, "billing"),
}


def header_key(header: str) -> str:
    """Headers match without regard to case, spaces, '_', '-', '/', '.' or parentheses."""
    return re.sub(r"[\s_\-/.()]+", "", header.strip().lower())


KNOWN: dict[str, Alias] = {}
for _name, _alias in ALIASES.items():
    KNOWN.setdefault(header_key(_name), _alias)


def recognise(header: str) -> Alias | None:
    """The header's column: from ALIASES as written, else from its words (`by_words`)."""
    return KNOWN.get(header_key(header)) or by_words(header)


# --- headers of tools not in the table: read by their words ----------------------------------------
# A tool not named above still writes "Contact Email", "Address Line1", "Zip/Postal code",
# "Mobile Number" or "Asiakkaan sähköposti". Such a header is read by its words, ranked after every
# header of the table (PATTERN), so that a file's own "Email" wins over its "Secondary Email".
# Words that make a header something else ("Email Opt Out", "Phone Type", "Company ID", "Created By")
# stop it being read at all: an unread column is listed as ignored; a misread one would reject rows.
PATTERN = 10
STOP = frozenset({"id", "opt", "optin", "optout", "out", "consent", "status", "bounce", "bounced", "domain", "type",
                  "verified", "subscribed", "unsubscribed", "subscription", "count", "owner", "modified", "updated",
                  "activity", "score", "format", "preference", "preferences", "permission", "marketing", "campaign",
                  "lead", "stage", "rating", "fax", "pager", "assistant", "spouse", "manager", "by", "user", "username",
                  "linkedin", "facebook", "twitter", "instagram", "skype", "code2", "line2", "2nd", "middle",
                  "nickname", "title", "suffix", "prefix", "extension", "ext", "state", "province", "region",
                  "county", "tax", "source", "visit", "hash", "md5", "sha256", "tag", "tags", "note", "notes", "lisätiedot"})
EMAIL_WORDS = frozenset({"email", "mail", "sähköposti", "sähköpostiosoite", "sposti", "emailaddress"})
PHONE_WORDS = frozenset({"phone", "telephone", "tel", "puhelin", "puh", "puhelinnumero", "mobile", "cell",
                         "cellphone", "gsm", "matkapuhelin", "mobiili", "kännykkä", "sms", "mobilephone"})
MOBILE_WORDS = frozenset({"mobile", "cell", "cellphone", "gsm", "matkapuhelin", "mobiili", "kännykkä", "sms",
                          "mobilephone"})
WEBSITE_WORDS = frozenset({"website", "url", "homepage", "www", "web", "kotisivu", "kotisivut", "verkkosivu",
                           "verkkosivut", "nettisivu", "nettisivut"})
COMPANY_WORDS = frozenset({"company", "organization", "organisation", "organisaatio", "yritys", "yrityksen",
                           "firma", "yhtiö", "employer", "työnantaja", "account"})
NAME_WORDS = frozenset({"name", "nimi", "fullname"})
FULL_NAME_WORDS = NAME_WORDS | {"full", "contact", "customer", "person", "display", "koko", "asiakkaan", "asiakas",
                                "henkilön", "client", "member", "recipient", "subscriber", "yhteyshenkilön"}
STREET_WORDS = frozenset({"street", "address", "address1", "addressline1", "katuosoite", "lähiosoite", "osoite",
                          "katu", "addr", "postiosoite", "line1", "streetaddress"})
POSTCODE_WORDS = frozenset({"zip", "zipcode", "postcode", "postalcode", "postinumero", "postinro"})
CITY_WORDS = frozenset({"city", "town", "locality", "postitoimipaikka", "kaupunki", "paikkakunta", "kunta",
                        "toimipaikka"})
COUNTRY_WORDS = frozenset({"country", "maa", "valtio", "countrycode"})
SINCE_WORDS = frozenset({"created", "create", "creation", "signup", "signed", "registered", "registration", "joined",
                         "since", "added", "luotu", "luontipäivä", "liittynyt", "rekisteröitynyt", "alkaen",
                         "liittymispäivä"})
LANGUAGE_WORDS = frozenset({"language", "kieli", "locale", "asiointikieli", "lang", "äidinkieli"})
# Which address a header's words say: (group, rank, the register's address).
GROUPS = (({"billing", "invoice", "invoicing", "laskutus", "laskutuksen", "laskutusosoite"}, "billing", PRIMARY),
          ({"business", "work", "office", "company", "organization", "organisation", "työ", "yrityksen"},
           "business", WORK),
          ({"home", "koti", "personal", "private"}, "home", HOME),
          ({"shipping", "delivery", "toimitus", "toimituksen", "toimitusosoite"}, "shipping", OTHER),
          ({"other", "muu"}, "other", OTHER + 1))


def words(header: str) -> list[str]:
    """A header's words: camelCase split, lower-case, digits apart ("MailingPostalCode" is mailing,
    postal, code; "Address Line1" is address, line1; "E-mail 2" is e, mail, 2)."""
    spaced = re.sub(r"(?<=[a-zåäö])(?=[A-ZÅÄÖ])", " ", header.strip())
    found = re.findall(r"[^\W\d_]+\d*|\d+", spaced.lower())
    joined = [w for a, b in zip(found, found[1:], strict=False) for w in (a + b,)]  # "post code", "zip code", "e mail"
    compounds = [part for w in found for prefix in FINNISH_PREFIXES
                 if w.startswith(prefix) and len(w) > len(prefix) + 2 for part in (prefix, w[len(prefix):])]
    return found + compounds + [w for w in joined if w in {
        "postcode", "zipcode", "postalcode", "email", "sposti", "fullname", "firstname", "lastname", "surname",
        "addressline1", "address1", "streetaddress", "cellphone", "mobilephone", "countrycode", "emailaddress"}]


# Finnish writes "toimitusosoite", "kotiosoite", "laskutuspostinumero" as one word: its first part
# says which address, the rest which field.
FINNISH_PREFIXES = ("laskutus", "toimitus", "koti", "työ")


def by_words(header: str) -> Alias | None:  # noqa: PLR0911 - one return per field reads as the rule it is
    """The column a header's words name, or None (STOP words, or nothing the register holds)."""
    found = words(header)
    w = set(found)
    if not w or w & STOP:
        return None
    numbered = {n for n in found if n.isdigit()}
    later = bool(numbered - {"1"}) or bool(w & {"secondary", "alternate", "alt", "other", "toinen", "muu"})
    if w & EMAIL_WORDS or {"e", "mail"} <= w or {"s", "posti"} <= w:
        rank = WORK if w & {"work", "business", "office", "työ"} else HOME if w & {"home", "personal", "private",
                                                                                  "koti"} else PRIMARY
        return Alias("email", PATTERN + rank + (OTHER if later else 0))
    if w & PHONE_WORDS:
        if w & {"code", "country", "countrycode", "area"}:
            return None
        rank = MOBILE if w & MOBILE_WORDS else 2 if w & {"work", "business", "office", "työ", "company"} else \
            3 if w & {"home", "koti"} else MAIN_PHONE
        return Alias("phone", PATTERN + rank + (4 if later else 0))
    if w & WEBSITE_WORDS:
        return Alias("website", PATTERN)
    if w & {"first", "given", "fore", "etunimi", "etunimet", "firstname"} and (w & NAME_WORDS or w & {"firstname",
                                                                                                  "etunimi"}):
        return Alias("first_name", PATTERN)
    if w & {"surname", "sukunimi", "lastname"} or (w & {"last", "family"} and w & NAME_WORDS):
        return Alias("last_name", PATTERN)
    if w & SINCE_WORDS:
        return Alias("customer_since", PATTERN)
    if w & LANGUAGE_WORDS:
        return Alias("language", PATTERN)
    if later and w & (STREET_WORDS | {"line"}):
        return None  # "Address Line 2", "Address 2": the register keeps one street line
    group, rank = "postal", PRIMARY
    for qualifiers, name, standing in GROUPS:
        if w & qualifiers:
            group, rank = name, standing
            break
    field = "postcode" if w & POSTCODE_WORDS or {"post", "code"} <= w else "city" if w & CITY_WORDS else \
        "country" if w & COUNTRY_WORDS else "street" if w & STREET_WORDS else None
    if field is not None:
        kind = "billing" if group == "billing" else "postal"
        whole = field == "street" and not w & {"street", "katu", "katuosoite", "lähiosoite", "line1", "address1",
                                               "addressline1", "streetaddress"}
        return Alias(f"{kind}_{field}", PATTERN + (WHOLE if whole else rank), group)
    if w & COMPANY_WORDS:
        return Alias("company_name", PATTERN)
    if w <= FULL_NAME_WORDS and w & NAME_WORDS:
        return Alias("full_name", PATTERN)
    return None


def choose(aliases: list[Alias | None]) -> tuple[list[str | None], dict[int, int]]:
    """Each header's column after the rule (module docstring): the chosen candidate keeps its
    column, the others get None. Also returns, for each header left out, the index of the header
    chosen instead."""
    columns: list[str | None] = [a.column if a else None for a in aliases]
    instead: dict[int, int] = {}
    # Addresses: one group per address (postal, billing), the best-ranked group present.
    for fields in ADDRESS_COLUMNS.values():
        present = [(a.rank, i, a.group) for i, a in enumerate(aliases) if a and a.column in fields]
        if not present:
            continue
        best_group = min(present)[2]
        for _rank, i, group in present:
            if group != best_group:
                chosen = next((j for r, j, g in present if g == best_group and aliases[j].column == aliases[i].column),
                              min(j for r, j, g in present if g == best_group))
                columns[i], instead[i] = None, chosen
    # Every other column: the best rank, then the leftmost.
    by_column: dict[str, list[int]] = {}
    for i, column in enumerate(columns):
        if column is not None:
            by_column.setdefault(column, []).append(i)
    for indexes in by_column.values():
        if len(indexes) < 2:
            continue
        if any(aliases[i] is None for i in indexes):
            continue  # named by the user: the caller says "keep one"
        best = min(indexes, key=lambda i: (aliases[i].rank, i))
        if aliases[best].rank < PATTERN and sum(aliases[i].rank == aliases[best].rank for i in indexes) > 1:
            continue  # two columns of the same standing (etunimi and first_name): the caller says "keep one"
        for i in indexes:
            if i != best:
                columns[i], instead[i] = None, best
    return columns, instead
