"""The letters a data-subject request produces, and their words, in Finnish and English.

Each letter is made from a `Case`: the request, the person's data, the day and the settings. The
controller in the letterhead and the supervisory authority's contact come from the settings, as
in the privacy notice (registry/notice.py), so a letter and the notice cannot disagree. Nothing
here reads or writes the store: registry/requests/rights.py does the request's action and saves these
documents in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import documents as docs
from .bilingual import LANGUAGES, by_language, in_both
from .fields import FIELD_LABELS, PERSONAL_COLUMNS
from .notice import HEADINGS as NOTICE_HEADINGS
from .notice import TEXTS as NOTICE_TEXTS
from .notice import letterhead
from .requests.register import Request

PROVIDED_COLUMNS = ("first_name", "last_name", "email", "phone", "website", "postal_street", "postal_postcode",
                    "postal_city", "postal_country", "billing_street", "billing_postcode", "billing_city",
                    "billing_country", "language")
RELATED = ("orders", "invoices", "collection_cases", "disclosures", "data_sources")

TEXT = by_language({
    "dear": ("Hyvä vastaanottaja,", "Dear recipient,"),
    "access_title": ("Vastaus tietojen tarkastuspyyntöönne", "Reply to your request for access"),
    "access_body": ("Olette pyytäneet {received} saada tietää, mitä tietoja teistä on asiakasrekisterissämme. Alla ovat "
                    "kaikki teistä tallennetut tiedot ja tiedot niiden käsittelystä. Samat tiedot ovat koneluettavassa "
                    "muodossa liitteenä olevassa JSON-tiedostossa.",
                    "On {received} you asked which data we hold about you in our customer register. Below is all the data "
                    "held about you and the information on its processing. The same data is attached in machine-readable "
                    "form as a JSON file."),
    "portability_title": ("Tietonne koneluettavassa muodossa", "Your data in machine-readable form"),
    "portability_body": ("Olette pyytäneet {received} antamianne tietoja siirrettäväksi. Tiedot ovat liitteenä JSON- ja "
                         "CSV-muodossa yhdessä zip-tiedostossa.",
                         "On {received} you asked to receive the data you provided to us. It is attached as JSON and CSV in "
                         "one zip file."),
    "rectification_title": ("Tietojenne oikaisu", "Rectification of your data"),
    "rectification_body": ("Olette pyytäneet {received} tietojenne oikaisua. Olemme korjanneet seuraavat tiedot: {fields}. "
                           "Ilmoitamme korjauksesta niille, joilta tiedot on saatu tai joille niitä on luovutettu: "
                           "{notify}.",
                           "On {received} you asked us to rectify your data. We have corrected: {fields}. We notify those "
                           "from whom the data came or to whom it was disclosed: {notify}."),
    "notice_title": ("Ilmoitus henkilötietojen oikaisusta (tietosuoja-asetus 19 art.)",
                     "Notice of rectification of personal data (GDPR Article 19)"),
    "notice_body": ("Asiakkaamme {name} henkilötietoja on oikaistu {day}. Oikaistut tiedot: {fields}. Pyydämme päivittämään "
                    "tiedot myös omiin rekistereihinne.",
                    "The personal data of our customer {name} was rectified on {day}. Fields rectified: {fields}. Please "
                    "update your own records accordingly."),
    "erasure_title": ("Tietojenne poistaminen", "Erasure of your data"),
    "erasure_body": ("Olette pyytäneet {received} tietojenne poistamista. Henkilötietonne on poistettu "
                     "asiakasrekisteristämme {day}. Kirjanpitolain mukaisesti säilytettävät tilaus- ja laskutiedot säilyvät "
                     "ilman henkilötietoja.",
                     "On {received} you asked us to erase your data. Your personal data was erased from our customer "
                     "register on {day}. Order and invoice records that accounting law requires us to keep remain, without "
                     "personal data."),
    "erasure_refused_title": ("Poistopyyntönne: tietoja ei voida vielä poistaa",
                              "Your erasure request: your data cannot be erased yet"),
    "erasure_refused_body": ("Olette pyytäneet {received} tietojenne poistamista. Tietojanne ei voida vielä poistaa, koska: "
                             "{blockers}. Voitte pyytää poistoa uudelleen, kun este on päättynyt. Tietonne poistetaan joka "
                             "tapauksessa {days} päivän kuluttua asiakkuuden päättymisestä, kun esteitä ei enää ole.",
                             "On {received} you asked us to erase your data. It cannot be erased yet because: {blockers}. "
                             "You may ask again once this has ended. In any case your data is erased {days} days after the "
                             "customer relationship ends, once nothing blocks it."),
    "restriction_title": ("Tietojenne käsittelyä on rajoitettu", "Processing of your data is restricted"),
    "restriction_body": ("Olette pyytäneet {received} tietojenne käsittelyn rajoittamista. {day} alkaen tietojanne vain "
                         "säilytetään: niitä ei käytetä markkinointiin, tilastoihin eikä muuhun käsittelyyn ennen kuin "
                         "rajoitus puretaan.",
                         "On {received} you asked us to restrict the processing of your data. From {day} your data is only "
                         "stored: it is not used for marketing, statistics or any other processing until the restriction is "
                         "lifted."),
    "objection_title": ("Suoramarkkinointikielto on kirjattu", "Your objection to direct marketing is recorded"),
    "objection_body": ("Olette {received} kieltäneet tietojenne käytön suoramarkkinointiin. Kielto on kirjattu {day}, eikä "
                       "teille lähetetä enää markkinointia.",
                       "On {received} you objected to the use of your data for direct marketing. The objection was recorded "
                       "on {day}; you will receive no more marketing."),
    "extension_title": ("Pyyntönne käsittelyaikaa on jatkettu", "More time is needed for your request"),
    "extension_body": ("Olette {received} esittäneet pyynnön ({kind}). Jatkamme vastausaikaa kahdella kuukaudella "
                       "(tietosuoja-asetus 12 art. 3 kohta), ja vastaamme viimeistään {due}. Syy: {reason}",
                       "On {received} you made a request ({kind}). We extend the time to reply by two months (GDPR Article "
                       "12(3)) and will reply by {due} at the latest. Reason: {reason}"),
    "ask_identity_title": ("Pyyntönne: henkilöllisyytenne varmistaminen", "Your request: confirming who you are"),
    "ask_identity_body": ("Olette {received} esittäneet pyynnön ({kind}). Voimme vastata siihen vasta, kun olemme "
                          "varmistaneet, että pyyntö on teiltä: näin kenenkään tietoja ei anneta tai muuteta väärälle "
                          "henkilölle. Vastatkaa tähän kirjeeseen sähköpostiosoitteesta tai puhelinnumerosta, jonka "
                          "olette antaneet meille asiakkaana, tai allekirjoittakaa pyyntönne ja lähettäkää se postitse. "
                          "Emme pyydä kopiota henkilöllisyystodistuksestanne.",
                          "On {received} you made a request ({kind}). We can answer it once we have made sure that it "
                          "comes from you, so that nobody's data is given to or changed for someone else. Please reply "
                          "to this letter from the e-mail address or phone number you gave us as a customer, or sign "
                          "your request and send it by post. We do not ask for a copy of an identity document."),
    "ask_clarification_title": ("Pyyntönne: tarkennusta tarvitaan", "Your request: we need more detail"),
    "ask_clarification_body": ("Olette {received} esittäneet pyynnön ({kind}). Jotta voimme vastata siihen, pyydämme "
                               "kertomaan tarkemmin, mitä tietoja tai mitä käsittelyä pyyntönne koskee (esimerkiksi "
                               "ajanjakso, asiakassuhde tai tilaus).",
                               "On {received} you made a request ({kind}). So that we can answer it, please tell us more "
                               "precisely which data or which processing it concerns (for example a period, a customer "
                               "account or an order)."),
    "ask_clock": ("Pyyntönne käsittelyaika ei kulu tämän kirjeen päivästä siihen päivään, jona vastauksenne saapuu "
                  "(Euroopan tietosuojaneuvoston ohjeet 01/2022). Ilman vastaustanne emme voi toteuttaa pyyntöä.",
                  "The time to answer your request stands still from the date of this letter until your reply arrives "
                  "(European Data Protection Board Guidelines 01/2022). Without your reply we cannot carry out the "
                  "request."),
    "ask_late": ("Ilman vastaustanne emme voi toteuttaa pyyntöä.", "Without your reply we cannot carry out the request."),
    "and": ("ja", "and"),
    "refusal_title": ("Päätös pyyntöönne", "Decision on your request"),
    "refusal_body": ("Olette {received} esittäneet pyynnön ({kind}). Emme voi toteuttaa pyyntöä seuraavista syistä: {reason}",
                     "On {received} you made a request ({kind}). We cannot carry it out for these reasons: {reason}"),
    "erased_erasure_title": ("Poistopyyntönne", "Your erasure request"),
    "erased_erasure_body": ("Olette pyytäneet {received} tietojenne poistamista. Henkilötietonne on poistettu "
                            "asiakasrekisteristämme {erased}, eikä rekisterissä ole sen jälkeen ollut teistä "
                            "henkilötietoja. Kirjanpitolain mukaisesti säilytettävät tilaus- ja laskutiedot säilyvät ilman "
                            "henkilötietoja.",
                            "On {received} you asked us to erase your data. Your personal data was erased from our customer "
                            "register on {erased}, and the register has held no personal data about you since. Order and "
                            "invoice records that accounting law requires us to keep remain, without personal data."),
    "erased_other_title": ("Vastaus pyyntöönne", "Reply to your request"),
    "erased_other_body": ("Olette {received} esittäneet pyynnön ({kind}). Henkilötietonne poistettiin "
                          "asiakasrekisteristämme {erased}, eikä rekisterissä ole sen jälkeen ollut teistä henkilötietoja. "
                          "Siksi meillä ei ole tietoja, joita pyyntönne voisi koskea. Tämä kirje ei sisällä henkilötietoja.",
                          "On {received} you made a request ({kind}). Your personal data was erased from our customer "
                          "register on {erased}, and the register has held no personal data about you since, so there is no "
                          "data your request could concern. This letter contains no personal data."),
    "manifest_title": ("Päätös pyyntöönne", "Decision on your request"),
    "manifest_body": ("Olette {received} esittäneet pyynnön ({kind}). Emme toteuta pyyntöä, koska se on {ground} "
                      "(EU:n tietosuoja-asetus 12 art. 5 kohta). Perustelut: {reason}",
                      "On {received} you made a request ({kind}). We do not carry it out because it is {ground} "
                      "(GDPR Article 12(5)). Our reasons: {reason}"),
    "grounds": {
        "unfounded": ("ilmeisen perusteeton", "manifestly unfounded"),
        "excessive": ("kohtuuton", "excessive"),
    },
    "ombudsman": ("Voitte saattaa asian tietosuojavaltuutetun ratkaistavaksi: ",
                  "You may take the matter to the Data Protection Ombudsman: "),
    "court": ("Lisäksi voitte nostaa kanteen rekisterinpitäjää vastaan tuomioistuimessa (EU:n tietosuoja-asetus 79 art.); "
              "Suomessa kanne nostetaan käräjäoikeudessa.",
              "You may also bring proceedings against the controller before a court (GDPR Article 79); in Finland, before "
              "the district court (käräjäoikeus)."),
    "kinds": {
        "access": ("tietojen tarkastus", "access"),
        "rectification": ("tietojen oikaisu", "rectification"),
        "erasure": ("tietojen poisto", "erasure"),
        "restriction": ("käsittelyn rajoittaminen", "restriction of processing"),
        "objection": ("käsittelyn vastustaminen", "objection"),
        "portability": ("tietojen siirto", "portability"),
    },
    "blockers": {
        "open_invoice": ("teillä on avoin lasku", "you have an open invoice"),
        "collection": ("saatavaa peritään", "a debt is in collection"),
        "legal_hold": ("tietoja on säilytettävä lain tai viranomaisen vaatimuksesta",
                       "the data must be kept by law or at an authority's request"),
        "open_request": ("teillä on meille toinen avoin pyyntö, johon vastaamme ensin",
                         "you have another request open with us, which we answer first"),
        "org_contact": ("toimitte asiakasorganisaation yhteyshenkilönä", "you are the contact person of a customer organisation"),
    },
    "since": ("alkaen", "since"),
    "source": ("tietolähde", "source"),
    "tables": {
        "orders": ("Tilaukset", "Orders"),
        "invoices": ("Laskut", "Invoices"),
        "collection_cases": ("Perintä", "Collection"),
        "disclosures": ("Luovutukset", "Disclosures"),
        "data_sources": ("Tietolähteet", "Data sources"),
        "person": ("Tietonne", "Your data"),
    },
    "codes": {
        "registration": ("oma rekisteröityminen", "your registration"),
        "customer_notice": ("oma ilmoitus", "your notice"),
        "update_service": ("päivityspalvelu", "update service"),
        "subcontractor": ("alihankkija", "subcontractor"),
        "credit_decision": ("luottopäätös", "credit decision"),
        "collection": ("perintä", "collection"),
        "billing": ("laskutus", "billing"),
        "legal_obligation": ("lakisääteinen velvoite", "legal obligation"),
        "value_added_service": ("lisäpalvelu", "value-added service"),
    },
})

# The Art. 15 information in an access letter: the notice's headings over the settings' texts
# (see `article_15`), in this order (Art. 15(1) a-h and 15(2), as the notice orders them).
ART15_TITLE = in_both("Tietoja käsittelystä (EU:n tietosuoja-asetus 15 art.)",
                      "Information on the processing (GDPR Article 15)")
ART15_HEADINGS = {"purposes": "purposes", "legal_basis": "legal_basis", "categories": "data_categories",
                  "source": "sources", "recipients": "recipients", "transfers": "transfers", "retention": "retention",
                  "automated": "automated", "rights": "rights", "complaint": "authority"}
SOURCES_INTRO = in_both("Tietonne on saatu: ", "Your data came from: ")

# Column words of the related tables in a letter; a person's fields are named in registry/fields.py.
_COLUMN_LABELS = by_language({
    "id": ("Nro", "No."),
    "ordered_on": ("Tilattu", "Ordered"),
    "product": ("Tuote", "Product"),
    "amount_eur": ("Summa", "Amount"),
    "order_id": ("Tilaus", "Order"),
    "issued_on": ("Laskutettu", "Issued"),
    "due_on": ("Eräpäivä", "Due"),
    "paid_on": ("Maksettu", "Paid"),
    "credited_on": ("Hyvitetty", "Credited"),
    "opened_on": ("Avattu", "Opened"),
    "closed_on": ("Suljettu", "Closed"),
    "agency": ("Perintätoimisto", "Collection agency"),
    "disclosed_on": ("Luovutettu", "Disclosed"),
    "recipient": ("Vastaanottaja", "Recipient"),
    "purpose": ("Tarkoitus", "Purpose"),
    "outside_eu": ("EU:n ulkopuolelle", "Outside the EU"),
    "rows": ("Rivejä", "Rows"),
    "first_at": ("Ensimmäinen", "First"),
    "last_at": ("Viimeisin", "Latest"),
})
_FIELD_LABELS = by_language(FIELD_LABELS)
LABELS = {lang: {**_FIELD_LABELS[lang], **_COLUMN_LABELS[lang]} for lang in LANGUAGES}
CODED = ("source", "purpose")  # columns holding codes the letter spells out (TEXT[lang]["codes"])


@dataclass(frozen=True)
class Case:
    """What a letter is about: the request, the person as the register holds them (`person`, and
    `related`: their orders, invoices, collection cases, disclosures, data sources), the day the
    letter is dated, the settings it is written from, and a rectification's corrected fields."""
    request: Request
    person: dict
    related: dict
    today: date
    settings: dict[str, Any]
    changes: dict[str, str | None] = field(default_factory=dict)
    also_received: tuple[date, ...] = ()  # the receipt days of the duplicates this letter answers too

    @property
    def lang(self) -> str:
        return self.request.language if self.request.language in TEXT else "fi"

    @property
    def text(self) -> dict:
        return TEXT[self.lang]

    @property
    def stem(self) -> str:
        return f"{self.request.kind}-{self.request.request_id}"


def recipient(person: dict) -> list[str]:
    name = " ".join(filter(None, (person.get("first_name"), person.get("last_name"))))
    street = person.get("postal_street")
    town = " ".join(filter(None, (person.get("postal_postcode"), person.get("postal_city"))))
    return [line for line in (name, street, town) if line]


def authority(case: Case) -> str:
    """The supervisory authority's contact, as the settings (and the notice) give it."""
    return case.settings["authority"][case.lang]


def letter(case: Case, key: str, paragraphs=(), tables=(), about=None, person: dict | None = None,
           **values) -> bytes:
    """The letter `key` (TEXT[lang][f"{key}_title"], f"{key}_body") to the person: the body's
    {received} and {day} are the request's and the letter's dates; `paragraphs` follow it."""
    text, lang = case.text, case.lang
    body = text[f"{key}_body"].format(received=received_words(case),
                                      day=docs.letter_date(case.today, lang), days=case.settings["retention_days"],
                                      **values)
    return docs.letter_pdf(lang, letterhead(case.settings), case.today, recipient(person or case.person),
                           text[f"{key}_title"], [text["dear"], body, *paragraphs], tuple(tables), about)


def received_words(case: Case) -> str:
    """The day the request came, and the days of the duplicates closed with it: one letter answers
    all ('1.12.2026 ja 3.12.2026', 'on 1 December 2026 and 3 December 2026' reads as the body's
    'On {received}')."""
    days = [docs.letter_date(d, case.lang) for d in (case.request.received_on, *case.also_received)]
    return days[0] if len(days) == 1 else f"{', '.join(days[:-1])} {case.text['and']} {days[-1]}"


def remedies(case: Case) -> list[str]:
    """Both remedies of Art. 12(4) that every refusal names: a complaint to the Data Protection
    Ombudsman (its contact from the settings) and a judicial remedy in a court (Art. 79)."""
    return [case.text["ombudsman"] + authority(case), case.text["court"]]


def label(key: str, lang: str) -> str:
    return LABELS[lang].get(key, key.replace("_", " ").capitalize())


def in_sentence(label_text: str) -> str:
    """'Sähköposti' -> 'sähköposti' inside a sentence; 'IP-osoite' and 'WWW' stay as they are."""
    return label_text if label_text[1:2].isupper() else label_text[:1].lower() + label_text[1:]


def shown(key: str, value, lang: str) -> str:
    """A value as the letter shows it: amounts (`*_eur`) in euros, codes in words, dates by the
    letter's language (documents.letter_value)."""
    if key.endswith("_eur") and value is not None:
        return docs.letter_money(value, lang)
    if key in CODED and value is not None:
        return TEXT[lang]["codes"].get(value, value)
    return docs.letter_value(value, lang)


def _table(caption: str, items: list[dict], lang: str) -> docs.Table:
    keys = list(items[0])
    return docs.Table(caption, tuple(label(k, lang) for k in keys),
                      tuple(tuple(shown(k, item[k], lang) for k in keys) for item in items),
                      frozenset(i for i, k in enumerate(keys) if k.endswith("_eur")))


def controller(settings: dict) -> dict[str, str]:
    """The controller as the access export names it."""
    head = letterhead(settings)
    return {"name": head.name, "business_id": head.business_id, "address": head.address, "contact": head.contact}


def _sources(case: Case) -> str | None:
    """The sources recorded for this person (their own registration, an import's source), in words."""
    codes = dict.fromkeys(filter(None, [case.person.get("source"), *(s["source"] for s in case.related.get(
        "data_sources", ()))]))
    words = [case.text["codes"].get(code, code) for code in codes]
    return SOURCES_INTRO[case.lang] + ", ".join(words) + "." if words else None


def article_15(case: Case) -> dict[str, str | list[str]]:
    """The Art. 15(1) and 15(2) information on the processing, keyed as in the access export, from
    the settings and the notice's own texts: the letter and the notice say the same."""
    s, lang, x = case.settings, case.lang, NOTICE_TEXTS[case.lang]
    return {"purposes": s["purposes"][lang], "legal_basis": s["legal_basis"][lang],
            "categories": s["data_categories"][lang], "source": _sources(case) or s["sources"][lang],
            "recipients": f"{s['recipients'][lang]} {s['disclosures'][lang]}", "transfers": s["transfers"][lang],
            "retention": x["retention"].format(days=s["retention_days"]), "automated": x["automated"],
            "rights": list(x["rights"]), "complaint": f"{x['authority_intro']} {authority(case)}"}


def access_files(case: Case) -> dict[str, bytes]:
    """The access letter (every field held, the related lists as tables, the Art. 15 information)
    and the same data as JSON."""
    lang, names = case.lang, case.text["tables"]
    held = {k: v for k, v in case.person.items() if k in PERSONAL_COLUMNS or k in (
        "customer_since", "customer_until", "source", "organisation_name")}
    # A list of fields and their values: no heading row.
    tables = [docs.Table(names["person"], (), tuple((label(k, lang), shown(k, v, lang))
                                                    for k, v in held.items() if v is not None))]
    tables += [_table(names[name], case.related[name], lang) for name in RELATED if case.related[name]]
    info = article_15(case)
    about = (ART15_TITLE[lang], tuple((NOTICE_HEADINGS[lang][ART15_HEADINGS[key]],
                                       "\n".join(f"– {line}" for line in text) if isinstance(text, list) else text)
                                      for key, text in info.items()))
    export = {"controller": controller(case.settings),
              "request": {"id": case.request.request_id, "received_on": case.request.received_on},
              "person": held, **{k: case.related[k] for k in RELATED}, "article_15": info}
    return {f"{case.stem}.pdf": letter(case, "access", tables=tables, about=about),
            f"{case.stem}.json": docs.json_bytes(export)}


def portability_files(case: Case) -> dict[str, bytes]:
    """The data the person provided and their orders, as JSON and CSV in one zip, and its letter."""
    provided = {k: case.person[k] for k in PROVIDED_COLUMNS}
    orders = case.related["orders"]
    archive = docs.zip_bytes({"person.json": docs.json_bytes({"person": provided, "orders": orders}),
                              "person.csv": docs.csv_bytes([provided]), "orders.csv": docs.csv_bytes(orders)})
    return {f"{case.stem}.zip": archive, f"{case.stem}.pdf": letter(case, "portability")}


def rectification_files(case: Case, clean: dict[str, str | None]) -> tuple[dict[str, bytes], list[str]]:
    """The letter telling the person what was corrected and whom we notify, the list of those
    notified as JSON, and an Art. 19 notice to each recipient of a disclosure; and the recipients."""
    lang, text = case.lang, case.text
    recipients = sorted({d["recipient"] for d in case.related["disclosures"]})
    sources = sorted({s["source"] for s in case.related["data_sources"]} | {case.person["source"]})
    notify = recipients + [f"{text['source']}: {text['codes'].get(s, s)}" for s in sources]
    fields = ", ".join(in_sentence(label(f, lang)) for f in clean)
    name = " ".join(filter(None, (case.person["first_name"], case.person["last_name"])))
    files = {f"{case.stem}.pdf": letter(case, "rectification", person={**case.person, **clean}, fields=fields,
                                        notify=", ".join(notify) or "-"),
             f"{case.stem}-notify.json": docs.json_bytes({"request_id": case.request.request_id,
                                                           "fields": list(clean), "recipients": recipients,
                                                           "sources": sources})}
    body = text["notice_body"].format(name=name, day=docs.letter_date(case.today, lang), fields=fields)
    for n, to in enumerate(recipients, start=1):
        files[f"{case.stem}-notice-{n}.pdf"] = docs.letter_pdf(lang, letterhead(case.settings), case.today, [to],
                                                                text["notice_title"], [body])
    return files, recipients


def done_letter(case: Case) -> dict[str, bytes]:
    """The letter saying a restriction, an objection or an erasure was carried out."""
    return {f"{case.stem}.pdf": letter(case, case.request.kind)}


def blocker_words(blockers, lang: str) -> str:
    """What blocks an erasure, in the person's words: 'teillä on avoin lasku (1.5.2024 alkaen)'."""
    text = TEXT[lang]
    return "; ".join(f"{text['blockers'][b.blocker]} ({text['since']} {docs.letter_date(b.since, lang)})"
                     for b in blockers)


def erased_files(case: Case, erased: date) -> dict[str, bytes]:
    """The answer to a request whose person was erased before it was answered: the erasure was
    done on `erased` (an erasure request), or no personal data has been held since (any other
    kind). No address and no personal data: staff send it where the request came from."""
    key = "erased_erasure" if case.request.kind == "erasure" else "erased_other"
    return {f"{case.stem}.pdf": letter(case, key, person={}, erased=docs.letter_date(erased, case.lang),
                                       kind=case.text["kinds"][case.request.kind])}


def erasure_refused_files(case: Case, blockers: str) -> dict[str, bytes]:
    """The letter of an erasure that cannot be done yet: why, and the way to the authority."""
    return {f"{case.stem}-refusal.pdf": letter(case, "erasure_refused", remedies(case), blockers=blockers)}


def extension_files(case: Case) -> dict[str, bytes]:
    """The letter telling the person of the extension, why, and the new deadline."""
    request, lang = case.request, case.lang
    due = docs.letter_date(request.deadline(case.today)[0], lang)
    return {f"{case.stem}-extension.pdf": letter(case, "extension", kind=case.text["kinds"][request.kind], due=due,
                                                 reason=request.extension_reason)}


def refusal_files(case: Case, reason: str) -> dict[str, bytes]:
    """The letter of a refused request: the reasons, and the way to the authority."""
    return {f"{case.stem}-refusal.pdf": letter(case, "refusal", remedies(case),
                                               kind=case.text["kinds"][case.request.kind], reason=reason)}


def ask_files(case: Case, asked_for: str, late: bool = False) -> dict[str, bytes]:
    """The letter asking the person for what the controller needs to identify them or to
    understand the request (proportionate: no copy of an identity document), and that the time
    stands still until they reply (not said of an ask made too late to suspend anything)."""
    return {f"{case.stem}-ask.pdf": letter(case, f"ask_{asked_for}", [case.text["ask_late" if late else "ask_clock"]],
                                           kind=case.text["kinds"][case.request.kind])}


def manifest_refusal_files(case: Case, ground: str, reason: str) -> dict[str, bytes]:
    """The letter of a refusal under Art. 12(5): the ground, the controller's reasons and both remedies."""
    return {f"{case.stem}-refusal.pdf": letter(case, "manifest", remedies(case),
                                               kind=case.text["kinds"][case.request.kind],
                                               ground=case.text["grounds"][ground], reason=reason)}
