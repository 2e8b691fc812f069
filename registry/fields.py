"""The names of a person's fields, (Finnish, English): one table for the pages, the letters and
the rectification form, so that a field is called the same wherever a person or a manager reads it."""

from __future__ import annotations

# The personal columns of `customers` (REGISTER.md section 2): what a purge erases, what an access
# letter shows, what a rectification may change.
PERSONAL_COLUMNS = (
    "first_name", "last_name", "email", "phone", "website", "ip_address",
    "postal_street", "postal_postcode", "postal_city", "postal_country",
    "billing_street", "billing_postcode", "billing_city", "billing_country",
)

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "first_name": ("Etunimi", "First name"),
    "last_name": ("Sukunimi", "Last name"),
    "email": ("Sähköposti", "E-mail"),
    "phone": ("Puhelin", "Phone"),
    "website": ("WWW", "Website"),
    "ip_address": ("IP-osoite", "IP address"),
    "postal_street": ("Katuosoite", "Street address"),
    "postal_postcode": ("Postinumero", "Postcode"),
    "postal_city": ("Postitoimipaikka", "Post town"),
    "postal_country": ("Maa", "Country"),
    "billing_street": ("Laskutusosoite", "Billing address"),
    "billing_postcode": ("Laskutuksen postinumero", "Billing postcode"),
    "billing_city": ("Laskutuksen toimipaikka", "Billing town"),
    "billing_country": ("Laskutuksen maa", "Billing country"),
    "source": ("Tietolähde", "Source"),
    "customer_since": ("Asiakas alkaen", "Customer since"),
    "customer_until": ("Asiakkuus päättyi", "Customer until"),
    "language": ("Kieli", "Language"),
    "organisation_name": ("Organisaatio", "Organisation"),
    "customer_id": ("Asiakasnumero", "Customer number"),
    "business_id": ("Y-tunnus", "Business ID"),
    "is_contact_person": ("Yhteyshenkilö", "Contact person"),
    # An import reads these into the fields above (registry/intake/imports.py).
    "full_name": ("Koko nimi (etu- ja sukunimeksi)", "Full name (into first and last name)"),
    "company_name": ("Yrityksen nimi (organisaatioksi)", "Company name (to its organisation)"),
}

# The fields a rectification request can correct on the Requests page (the command line's --set
# takes any personal field).
RECTIFIABLE_FIELDS = ("first_name", "last_name", "email", "phone", "postal_street", "postal_postcode", "postal_city")


def field_label(field: str, language: str) -> str:
    pair = FIELD_LABELS.get(field)
    return pair[0 if language == "fi" else 1] if pair else field.replace("_", " ").capitalize()


def address_text(person: dict, kind: str = "postal") -> str:
    """A postal or billing address on one line as written in Finland: 'Niemikuja 34, 00500 Helsinki',
    the country added only when it is not Finland ('…, 10115 Berlin, DE')."""
    street, postcode, city, country = (person.get(f"{kind}_{part}") for part in ("street", "postcode", "city", "country"))
    town = " ".join(filter(None, (postcode, city)))
    return ", ".join(filter(None, (street, town, None if (country or "FI") == "FI" else country)))
