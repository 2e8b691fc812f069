"""Completing and refusing data-subject requests (GDPR Art. 15-21, REGISTER.md section 4).

`complete_request` does what the request's kind asks and writes the person's documents into a
directory; `refuse_request` closes it with a letter of reasons. Each is one transaction with its
audit entry; the store keeps only the documents' metadata (file name, SHA-256, size, date).
An erasure runs the very purge of the purge review (`purge.purge_persons`); it needs a
connection opened with `connect(..., exclusive=True)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from . import documents as docs
from .access import Actor, require
from .audit import write_audit
from .customers import person_data
from .db import transaction
from .errors import BadInput, IdentityNotVerified, PurgeBlocked
from .fields import FIELD_LABELS
from .purge import PERSONAL_COLUMNS, plan_purge, purge_persons
from .requests import CLOSE_SQL, Request, open_request
from .retention import blocker_details

NEEDS_IDENTITY = ("access", "rectification", "portability", "erasure")
PROVIDED_COLUMNS = ("first_name", "last_name", "email", "phone", "website", "postal_street", "postal_postcode",
                    "postal_city", "postal_country", "billing_street", "billing_postcode", "billing_city",
                    "billing_country", "language")
COUNTRIES = frozenset(code for code in phonenumbers.SUPPORTED_REGIONS if len(code) == 2)
RECORD_DOCUMENT_SQL = "INSERT OR REPLACE INTO request_documents VALUES (?, ?, ?, ?, ?)"

TEXT = {
    "fi": {
        "dear": "Hyvä vastaanottaja,",
        "access_title": "Vastaus tietojen tarkastuspyyntöönne",
        "access_body": "Olette pyytäneet {received} saada tietää, mitä tietoja teistä on asiakasrekisterissämme. "
                       "Alla ovat kaikki teistä tallennetut tiedot ja tiedot niiden käsittelystä. Samat tiedot "
                       "ovat koneluettavassa muodossa liitteenä olevassa JSON-tiedostossa.",
        "portability_title": "Tietonne koneluettavassa muodossa",
        "portability_body": "Olette pyytäneet {received} antamianne tietoja siirrettäväksi. Tiedot ovat "
                            "liitteenä JSON- ja CSV-muodossa yhdessä zip-tiedostossa.",
        "rectification_title": "Tietojenne oikaisu",
        "rectification_body": "Olette pyytäneet {received} tietojenne oikaisua. Olemme korjanneet seuraavat "
                              "tiedot: {fields}. Ilmoitamme korjauksesta niille, joilta tiedot on saatu tai "
                              "joille niitä on luovutettu: {notify}.",
        "notice_title": "Ilmoitus henkilötietojen oikaisusta (tietosuoja-asetus 19 art.)",
        "notice_body": "Asiakkaamme {name} henkilötietoja on oikaistu {day}. Oikaistut tiedot: {fields}. "
                       "Pyydämme päivittämään tiedot myös omiin rekistereihinne.",
        "erasure_title": "Tietojenne poistaminen",
        "erasure_body": "Olette pyytäneet {received} tietojenne poistamista. Henkilötietonne on poistettu "
                        "asiakasrekisteristämme {day}. Kirjanpitolain mukaisesti säilytettävät tilaus- ja "
                        "laskutiedot säilyvät ilman henkilötietoja.",
        "erasure_refused_title": "Poistopyyntönne: tietoja ei voida vielä poistaa",
        "erasure_refused_body": "Olette pyytäneet {received} tietojenne poistamista. Tietojanne ei voida vielä "
                                "poistaa, koska: {blockers}. Voitte pyytää poistoa uudelleen, kun este on "
                                "päättynyt. Tietonne poistetaan joka tapauksessa 90 päivän kuluttua "
                                "asiakkuuden päättymisestä, kun esteitä ei enää ole.",
        "restriction_title": "Tietojenne käsittelyä on rajoitettu",
        "restriction_body": "Olette pyytäneet {received} tietojenne käsittelyn rajoittamista. {day} alkaen "
                            "tietojanne vain säilytetään: niitä ei käytetä markkinointiin, tilastoihin eikä "
                            "muuhun käsittelyyn ennen kuin rajoitus puretaan.",
        "objection_title": "Suoramarkkinointikielto on kirjattu",
        "objection_body": "Olette {received} kieltäneet tietojenne käytön suoramarkkinointiin. Kielto on "
                          "kirjattu {day}, eikä teille lähetetä enää markkinointia.",
        "extension_title": "Pyyntönne käsittelyaikaa on jatkettu",
        "extension_body": "Olette {received} esittäneet pyynnön ({kind}). Jatkamme vastausaikaa kahdella "
                          "kuukaudella (tietosuoja-asetus 12 art. 3 kohta), ja vastaamme viimeistään {due}. "
                          "Syy: {reason}",
        "refusal_title": "Päätös pyyntöönne",
        "refusal_body": "Olette {received} esittäneet pyynnön ({kind}). Emme voi toteuttaa pyyntöä seuraavista "
                        "syistä: {reason}",
        "ombudsman": "Voitte saattaa asian tietosuojavaltuutetun ratkaistavaksi: ",
        "kinds": {"access": "tietojen tarkastus", "rectification": "tietojen oikaisu", "erasure": "tietojen poisto",
                  "restriction": "käsittelyn rajoittaminen", "objection": "käsittelyn vastustaminen",
                  "portability": "tietojen siirto"},
        "blockers": {"open_invoice": "teillä on avoin lasku", "collection": "saatavaa peritään",
                     "legal_hold": "tietoja on säilytettävä lain tai viranomaisen vaatimuksesta",
                     "org_contact": "toimitte asiakasorganisaation yhteyshenkilönä"},
        "since": "alkaen",
        "source": "tietolähde",
        "tables": {"orders": "Tilaukset", "invoices": "Laskut", "collection_cases": "Perintä",
                   "disclosures": "Luovutukset", "data_sources": "Tietolähteet", "person": "Tietonne"},
        "codes": {"registration": "oma rekisteröityminen", "customer_notice": "oma ilmoitus",
                  "update_service": "päivityspalvelu", "subcontractor": "alihankkija",
                  "credit_decision": "luottopäätös", "collection": "perintä", "billing": "laskutus",
                  "legal_obligation": "lakisääteinen velvoite", "value_added_service": "lisäpalvelu"},
    },
    "en": {
        "dear": "Dear recipient,",
        "access_title": "Reply to your request for access",
        "access_body": "On {received} you asked which data we hold about you in our customer register. Below "
                       "is all the data held about you and the information on its processing. The same data "
                       "is attached in machine-readable form as a JSON file.",
        "portability_title": "Your data in machine-readable form",
        "portability_body": "On {received} you asked to receive the data you provided to us. It is attached as "
                            "JSON and CSV in one zip file.",
        "rectification_title": "Rectification of your data",
        "rectification_body": "On {received} you asked us to rectify your data. We have corrected: {fields}. "
                              "We notify those from whom the data came or to whom it was disclosed: {notify}.",
        "notice_title": "Notice of rectification of personal data (GDPR Article 19)",
        "notice_body": "The personal data of our customer {name} was rectified on {day}. Fields rectified: "
                       "{fields}. Please update your own records accordingly.",
        "erasure_title": "Erasure of your data",
        "erasure_body": "On {received} you asked us to erase your data. Your personal data was erased from our "
                        "customer register on {day}. Order and invoice records that accounting law requires us "
                        "to keep remain, without personal data.",
        "erasure_refused_title": "Your erasure request: your data cannot be erased yet",
        "erasure_refused_body": "On {received} you asked us to erase your data. It cannot be erased yet because: "
                                "{blockers}. You may ask again once this has ended. In any case your data is "
                                "erased 90 days after the customer relationship ends, once nothing blocks it.",
        "restriction_title": "Processing of your data is restricted",
        "restriction_body": "On {received} you asked us to restrict the processing of your data. From {day} "
                            "your data is only stored: it is not used for marketing, statistics or any other "
                            "processing until the restriction is lifted.",
        "objection_title": "Your objection to direct marketing is recorded",
        "objection_body": "On {received} you objected to the use of your data for direct marketing. The "
                          "objection was recorded on {day}; you will receive no more marketing.",
        "extension_title": "More time is needed for your request",
        "extension_body": "On {received} you made a request ({kind}). We extend the time to reply by two months "
                          "(GDPR Article 12(3)) and will reply by {due} at the latest. Reason: {reason}",
        "refusal_title": "Decision on your request",
        "refusal_body": "On {received} you made a request ({kind}). We cannot carry it out for these reasons: "
                        "{reason}",
        "ombudsman": "You may take the matter to the Data Protection Ombudsman: ",
        "kinds": {"access": "access", "rectification": "rectification", "erasure": "erasure",
                  "restriction": "restriction of processing", "objection": "objection", "portability": "portability"},
        "blockers": {"open_invoice": "you have an open invoice", "collection": "a debt is in collection",
                     "legal_hold": "the data must be kept by law or at an authority's request",
                     "org_contact": "you are the contact person of a customer organisation"},
        "since": "since",
        "source": "source",
        "tables": {"orders": "Orders", "invoices": "Invoices", "collection_cases": "Collection",
                   "disclosures": "Disclosures", "data_sources": "Data sources", "person": "Your data"},
        "codes": {"registration": "your registration", "customer_notice": "your notice",
                  "update_service": "update service", "subcontractor": "subcontractor",
                  "credit_decision": "credit decision", "collection": "collection", "billing": "billing",
                  "legal_obligation": "legal obligation", "value_added_service": "value-added service"},
    },
}


@dataclass(frozen=True)
class Outcome:
    request_id: int
    status: str
    files: tuple[str, ...]

    def as_json(self) -> dict:
        return {"request_id": self.request_id, "status": self.status, "files": list(self.files)}


def _lang(request: Request) -> str:
    return request.language if request.language in TEXT else "fi"


def _recipient(person: dict) -> list[str]:
    name = " ".join(filter(None, (person.get("first_name"), person.get("last_name"))))
    street = person.get("postal_street")
    town = " ".join(filter(None, (person.get("postal_postcode"), person.get("postal_city"))))
    return [line for line in (name, street, town) if line]


def _open_matched(conn, request_id: int) -> Request:
    request = open_request(conn, request_id)
    if request.customer_id is None:
        raise BadInput(f"request {request_id} is not matched to a person yet: match it first", code="not_matched",
                       id=request_id)
    return request


def _out_dir(out_dir) -> Path:
    path = Path(out_dir)
    if path.exists() and not path.is_dir():
        raise BadInput(f"{path} is not a directory")
    if not path.parent.is_dir():
        raise BadInput(f"the directory {path.parent} does not exist")
    path.mkdir(exist_ok=True)
    return path


def _save(conn, request: Request, out_dir: Path, files: dict[str, bytes], today: date) -> tuple[str, ...]:
    names = []
    for name, content in files.items():
        document = docs.write_document(out_dir, name, content)
        conn.execute(RECORD_DOCUMENT_SQL, [request.request_id, document.file_name, document.sha256, document.size,
                                           today])
        names.append(name)
    return tuple(names)


def _close(conn, actor: Actor, request: Request, status: str, today: date, reason: str | None, details: dict):
    conn.execute(CLOSE_SQL, [status, today, reason, request.request_id])
    write_audit(conn, actor.name, f"request_{status}", {"request_id": request.request_id, "kind": request.kind,
                                                       **details})


def _letter(request: Request, person: dict, today: date, key: str, tables=(), art15=False, ombudsman=False,
            **values) -> bytes:
    lang = _lang(request)
    text = TEXT[lang]
    body = text[f"{key}_body"].format(received=docs.letter_date(request.received_on, lang),
                                      day=docs.letter_date(today, lang), **values)
    paragraphs = [text["dear"], body] + ([text["ombudsman"] + docs.OMBUDSMAN[lang]] if ombudsman else [])
    return docs.letter_pdf(lang, today, _recipient(person), text[f"{key}_title"], paragraphs, tables, art15)


# Column words of the related tables in a letter; a person's fields are named in registry/fields.py.
_COLUMN_LABELS = {
    "fi": {"id": "Nro", "ordered_on": "Tilattu", "product": "Tuote", "amount_eur": "Summa", "order_id": "Tilaus",
           "issued_on": "Laskutettu", "due_on": "Eräpäivä", "paid_on": "Maksettu", "credited_on": "Hyvitetty",
           "opened_on": "Avattu", "closed_on": "Suljettu", "agency": "Perintätoimisto", "disclosed_on": "Luovutettu",
           "recipient": "Vastaanottaja", "purpose": "Tarkoitus", "outside_eu": "EU:n ulkopuolelle", "rows": "Rivejä",
           "first_at": "Ensimmäinen", "last_at": "Viimeisin"},
    "en": {"id": "No.", "ordered_on": "Ordered", "product": "Product", "amount_eur": "Amount", "order_id": "Order",
           "issued_on": "Issued", "due_on": "Due", "paid_on": "Paid", "credited_on": "Credited", "opened_on": "Opened",
           "closed_on": "Closed", "agency": "Collection agency", "disclosed_on": "Disclosed", "recipient": "Recipient",
           "purpose": "Purpose", "outside_eu": "Outside the EU", "rows": "Rows", "first_at": "First",
           "last_at": "Latest"},
}
LABELS = {lang: {**{field: pair[index] for field, pair in FIELD_LABELS.items()}, **_COLUMN_LABELS[lang]}
          for index, lang in enumerate(("fi", "en"))}
CODED = ("source", "purpose")  # columns holding codes the letter spells out (TEXT[lang]["codes"])


def _label(key: str, lang: str) -> str:
    return LABELS[lang].get(key, key.replace("_", " ").capitalize())


def _in_sentence(label: str) -> str:
    """'Sähköposti' -> 'sähköposti' inside a sentence; 'IP-osoite' and 'WWW' stay as they are."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _shown(key: str, value, lang: str) -> str:
    """A value as the letter shows it: amounts (`*_eur`) in euros, codes in words, dates by the
    letter's language (documents.letter_value)."""
    if key.endswith("_eur") and value is not None:
        return docs.letter_money(value, lang)
    if key in CODED and value is not None:
        return TEXT[lang]["codes"].get(value, value)
    return docs.letter_value(value, lang)


def _table(caption: str, items: list[dict], lang: str) -> docs.Table:
    keys = list(items[0])
    return docs.Table(caption, tuple(_label(k, lang) for k in keys),
                      tuple(tuple(_shown(k, item[k], lang) for k in keys) for item in items),
                      frozenset(i for i, k in enumerate(keys) if k.endswith("_eur")))


def _access(conn, actor, request, person, related, today, out_dir):
    lang = _lang(request)
    names = TEXT[lang]["tables"]
    shown = {k: v for k, v in person.items() if k in PERSONAL_COLUMNS or k in ("customer_since", "customer_until",
                                                                                 "source", "organisation_name")}
    # A list of fields and their values: no heading row.
    tables = [docs.Table(names["person"], (), tuple((_label(k, lang), _shown(k, v, lang))
                                                    for k, v in shown.items() if v is not None))]
    for name in ("orders", "invoices", "collection_cases", "disclosures", "data_sources"):
        if related[name]:
            tables.append(_table(names[name], related[name], lang))
    stem = f"access-{request.request_id}"
    export = {"controller": docs.CONTROLLER, "request": {"id": request.request_id, "received_on": request.received_on},
              "person": shown, **{k: related[k] for k in ("orders", "invoices", "collection_cases", "disclosures",
                                                          "data_sources")},
              "article_15": {**docs.ART15[lang], "complaint": docs.ART15[lang]["complaint"] + docs.OMBUDSMAN[lang]}}
    files = {f"{stem}.pdf": _letter(request, person, today, "access", tuple(tables), art15=True),
             f"{stem}.json": docs.json_bytes(export)}
    return "completed", files, {}


def _portability(conn, actor, request, person, related, today, out_dir):
    provided = {k: person[k] for k in PROVIDED_COLUMNS}
    orders = related["orders"]
    stem = f"portability-{request.request_id}"
    archive = docs.zip_bytes({"person.json": docs.json_bytes({"person": provided, "orders": orders}),
                              "person.csv": docs.csv_bytes([provided]), "orders.csv": docs.csv_bytes(orders)})
    return "completed", {f"{stem}.zip": archive, f"{stem}.pdf": _letter(request, person, today, "portability")}, {}


def validate_changes(changes: dict[str, str]) -> dict[str, str | None]:
    """Check corrected fields: known personal columns, valid e-mail, phone, postcode, country."""
    if not changes:
        raise BadInput("a rectification needs the corrected fields, e.g. --set email=new@example.fi",
                       code="no_corrections")
    clean = {}
    for field, value in changes.items():
        if field not in PERSONAL_COLUMNS:
            raise BadInput(f"{field!r} is not a personal field; use one of {', '.join(PERSONAL_COLUMNS)}",
                           code="not_a_field", field=field)
        value = (value or "").strip() or None
        if value is None:
            clean[field] = None
        elif field == "email":
            try:
                clean[field] = validate_email(value, check_deliverability=False).normalized
            except EmailNotValidError as err:
                raise BadInput(f"email {value!r} is not valid: {err}", code="bad_email") from None
        elif field == "phone":
            try:
                number = phonenumbers.parse(value, "FI")
            except phonenumbers.NumberParseException:
                number = None
            if number is None or not phonenumbers.is_valid_number(number):
                raise BadInput(f"phone {value!r} is not a valid phone number", code="bad_phone") from None
            clean[field] = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        elif field.endswith("_country"):
            if value.upper() not in COUNTRIES:
                raise BadInput(f"{field} {value!r} is not an ISO 3166 alpha-2 country code", code="bad_country")
            clean[field] = value.upper()
        elif field.endswith("_postcode") and not re.fullmatch(r"\d{5}", value):
            raise BadInput(f"{field} {value!r} is not a Finnish postcode (five digits)", code="bad_postcode")
        else:
            clean[field] = value
    return clean


def _rectification(conn, actor, request, person, related, today, out_dir, changes):
    clean = validate_changes(changes)
    # Column names come from PERSONAL_COLUMNS, checked in validate_changes above.
    conn.execute("UPDATE customers SET " + ", ".join(f"{f} = ?" for f in clean) + " WHERE id = ?",
                 [*clean.values(), request.customer_id])
    lang = _lang(request)
    text = TEXT[lang]
    recipients = sorted({d["recipient"] for d in related["disclosures"]})
    sources = sorted({s["source"] for s in related["data_sources"]} | {person["source"]})
    notify = recipients + [f"{text['source']}: {text['codes'].get(s, s)}" for s in sources]
    fields = ", ".join(_in_sentence(_label(f, lang)) for f in clean)
    name = " ".join(filter(None, (person["first_name"], person["last_name"])))
    stem = f"rectification-{request.request_id}"
    files = {f"{stem}.pdf": _letter(request, {**person, **clean}, today, "rectification", fields=fields,
                                    notify=", ".join(notify) or "-"),
             f"{stem}-notify.json": docs.json_bytes({"request_id": request.request_id, "fields": list(clean),
                                                     "recipients": recipients, "sources": sources})}
    for n, recipient in enumerate(recipients, start=1):
        body = text["notice_body"].format(name=name, day=docs.letter_date(today, lang), fields=fields)
        files[f"{stem}-notice-{n}.pdf"] = docs.letter_pdf(lang, today, [recipient], text["notice_title"], [body])
    return "completed", files, {"fields": list(clean), "notified": len(recipients)}


# Identifiers from this fixed tuple only.
FLAG_SQL = {column: f"UPDATE customers SET {column} = coalesce({column}, ?) WHERE id = ?"
            for column in ("restricted_on", "marketing_objection_on")}


def _flag(column: str):
    def apply(conn, actor, request, person, related, today, out_dir):
        conn.execute(FLAG_SQL[column], [today, request.customer_id])
        return "completed", {f"{request.kind}-{request.request_id}.pdf": _letter(request, person, today, request.kind)}, {}
    return apply


KIND_ACTIONS = {"access": _access, "portability": _portability, "restriction": _flag("restricted_on"),
                "objection": _flag("marketing_objection_on")}


def blocker_words(conn, request: Request, today: date) -> str:
    lang = _lang(request)
    text = TEXT[lang]
    return "; ".join(f"{text['blockers'][d.blocker]} ({text['since']} {docs.letter_date(d.since, lang)})"
                     for d in blocker_details(conn, today, [request.customer_id]))


def complete_request(conn, actor: Actor, request_id: int, today: date, out_dir, changes: dict | None = None) -> Outcome:
    """Do what the request asks and write its documents into `out_dir`. An erasure of a blocked
    person becomes a refusal with the letter of reasons (status `refused`)."""
    require(actor, "decide_request")
    out = _out_dir(out_dir)
    request = _open_matched(conn, request_id)
    if request.kind in NEEDS_IDENTITY and request.identity_verified_on is None:
        raise IdentityNotVerified(f"request {request_id} ({request.kind}) needs a verified identity (a signed "
                                  "letter or an identifiable e-mail address): record the verification first; "
                                  "nothing changed", code="identity_not_verified", id=request_id)
    if request.kind == "erasure":
        return _erasure(conn, actor, request, today, out)
    with transaction(conn):
        person, related = person_data(conn, request.customer_id)
        action = KIND_ACTIONS.get(request.kind)
        if request.kind == "rectification":
            status, files, details = _rectification(conn, actor, request, person, related, today, out, changes or {})
        else:
            status, files, details = action(conn, actor, request, person, related, today, out)
        names = _save(conn, request, out, files, today)
        _close(conn, actor, request, status, today, None, {**details, "files": list(names)})
    return Outcome(request_id, status, names)


class _Preview(Exception):
    """Raised inside a preview's transaction to roll it back with the files it made."""

    def __init__(self, status: str, files: dict[str, bytes]):
        super().__init__(status)
        self.status, self.files = status, files


@dataclass(frozen=True)
class Preview:
    request_id: int
    status: str  # what completing would close it as: completed, or refused (a blocked erasure)
    file_name: str  # the letter to the person
    pdf: bytes
    text: str  # the letter's words, for the page to show before anyone confirms


def preview_letter(conn, actor: Actor, request_id: int, today: date, changes: dict | None = None) -> Preview:
    """The letter that completing the request would send, made by the very code that completes it
    inside a transaction that is then rolled back: nothing changes, no file is written. The
    preview shows the person's data to the manager, so it is audited (ids only)."""
    require(actor, "decide_request")
    request = _open_matched(conn, request_id)
    if request.kind in NEEDS_IDENTITY and request.identity_verified_on is None:
        raise IdentityNotVerified(f"request {request_id} ({request.kind}) needs a verified identity first",
                                  code="identity_not_verified", id=request_id)
    person, related = person_data(conn, request.customer_id)
    if request.kind == "erasure":
        try:
            plan_purge(conn, today, [request.customer_id])
            status, files = "completed", {f"erasure-{request_id}.pdf": _letter(request, person, today, "erasure")}
        except PurgeBlocked:
            letter = _letter(request, person, today, "erasure_refused", ombudsman=True,
                             blockers=blocker_words(conn, request, today))
            status, files = "refused", {f"erasure-{request_id}-refusal.pdf": letter}
    else:
        try:
            with transaction(conn):
                if request.kind == "rectification":
                    status, files, _ = _rectification(conn, actor, request, person, related, today, None,
                                                      changes or {})
                else:
                    status, files, _ = KIND_ACTIONS[request.kind](conn, actor, request, person, related, today, None)
                raise _Preview(status, files)
        except _Preview as made:
            status, files = made.status, made.files
    name = next(n for n in files if n.endswith(".pdf"))
    with transaction(conn):
        write_audit(conn, actor.name, "letter_previewed", {"request_id": request_id, "kind": request.kind})
    return Preview(request_id, status, name, files[name], docs.pdf_text(files[name]))


def _erasure(conn, actor: Actor, request: Request, today: date, out: Path) -> Outcome:
    person, _ = person_data(conn, request.customer_id)
    try:
        plan_purge(conn, today, [request.customer_id])
    except PurgeBlocked:
        reason = blocker_words(conn, request, today)
        letter = _letter(request, person, today, "erasure_refused", ombudsman=True, blockers=reason)
        with transaction(conn):
            names = _save(conn, request, out, {f"erasure-{request.request_id}-refusal.pdf": letter}, today)
            _close(conn, actor, request, "refused", today, reason, {"files": list(names)})
        return Outcome(request.request_id, "refused", names)
    files = {f"erasure-{request.request_id}.pdf": _letter(request, person, today, "erasure")}
    names: list[str] = []

    def close_with_purge(c):
        names.extend(_save(c, request, out, files, today))
        _close(c, actor, request, "completed", today, None, {"files": list(names)})

    purge_persons(conn, today, actor, [request.customer_id], also=close_with_purge)
    return Outcome(request.request_id, "completed", tuple(names))


def extend_with_letter(conn, actor: Actor, request_id: int, reason: str, today: date, out_dir) -> Outcome:
    """Extend a request once (see `requests.extend_request`) and write the letter that tells the
    person of the extension and why, dated within the first month as Art. 12(3) requires."""
    from .requests import extend_request

    out = _out_dir(out_dir)
    request = extend_request(conn, actor, request_id, reason, today)
    lang = _lang(request)
    text = TEXT[lang]
    person = person_data(conn, request.customer_id)[0] if request.customer_id is not None else {}
    due = docs.letter_date(request.deadline(today)[0], lang)
    body = text["extension_body"].format(received=docs.letter_date(request.received_on, lang),
                                         kind=text["kinds"][request.kind], due=due, reason=request.extension_reason)
    letter = docs.letter_pdf(lang, today, _recipient(person), text["extension_title"], [text["dear"], body])
    with transaction(conn):
        names = _save(conn, request, out, {f"{request.kind}-{request_id}-extension.pdf": letter}, today)
    return Outcome(request_id, request.status, names)


def refuse_request(conn, actor: Actor, request_id: int, reason: str, today: date, out_dir) -> Outcome:
    """Close a request as refused with a dated letter of reasons in the request's language,
    telling the person they may take the matter to the Data Protection Ombudsman."""
    require(actor, "decide_request")
    reason = (reason or "").strip()
    if not reason:
        raise BadInput("a refusal needs its reasons (they go into the letter to the person)", code="refusal_reason_needed")
    out = _out_dir(out_dir)
    request = open_request(conn, request_id)
    lang = _lang(request)
    with transaction(conn):
        person = person_data(conn, request.customer_id)[0] if request.customer_id is not None else {}
        text = TEXT[lang]
        body = text["refusal_body"].format(received=docs.letter_date(request.received_on, lang),
                                           kind=text["kinds"][request.kind], reason=reason)
        letter = docs.letter_pdf(lang, today, _recipient(person), text["refusal_title"],
                                 [text["dear"], body, text["ombudsman"] + docs.OMBUDSMAN[lang]])
        names = _save(conn, request, out, {f"{request.kind}-{request_id}-refusal.pdf": letter}, today)
        _close(conn, actor, request, "refused", today, reason, {"files": list(names)})
    return Outcome(request_id, "refused", names)
