"""Finnish and English: every string the pages show, one catalogue per language, and dates as
d.m.yyyy in Finnish. Pages call `t(key, **values)`; no user-facing literals in pages.

Each entry below is (Finnish, English), so that the two catalogues cannot drift apart;
`CATALOGUES["fi"]` and `CATALOGUES["en"]` are built from it.
"""

from __future__ import annotations

from datetime import date, datetime

import streamlit as st

from registry.access import ROLES
from registry.fields import FIELD_LABELS
from registry.clock import finnish_time
from registry.requests import CHANNELS, REQUEST_STATUSES
from registry.retention import BLOCKERS
from registry.statistics.tables import LABEL_WORDS

LANGUAGES = {"fi": "Suomi", "en": "English"}
DEFAULT_LANGUAGE = "fi"

ENTRIES: dict[str, tuple[str, str]] = {
    "app.title": ("Asiakasrekisteri · Molentum Oy", "Customer register · Molentum Oy"),
    "app.demo_created": ("Ensimmäinen käynnistys: loin esittelyaineiston ja demotunnukset.",
                         "First start: demo data and demo accounts were created."),
    "app.language": ("Kieli · Language", "Kieli · Language"),
    # sign-in
    "auth.sign_in": ("Kirjaudu sisään", "Sign in"),
    "auth.sign_in_button": ("Kirjaudu", "Sign in"),
    "auth.sign_out": ("Kirjaudu ulos", "Sign out"),
    "auth.username": ("Käyttäjätunnus", "Username"),
    "auth.password": ("Salasana", "Password"),
    "auth.refused": ("Kirjautuminen ei onnistunut. Tarkista käyttäjätunnus ja salasana. Viiden peräkkäisen "
                     "epäonnistuneen yrityksen jälkeen tunnus lukitaan 15 minuutiksi; pääkäyttäjä voi avata "
                     "lukituksen.",
                     "Sign-in failed. Check the username and password. After five failed attempts in a row an "
                     "account is locked for 15 minutes; an admin can unlock it."),
    "auth.fill_both": ("Anna sekä käyttäjätunnus että salasana.", "Enter both the username and the password."),
    "auth.signed_out": ("Olet kirjautunut ulos.", "You have signed out."),
    "auth.expired": ("Istunto päättyi käyttämättömänä. Kirjaudu uudelleen.",
                     "The session ended after a period of inactivity. Please sign in again."),
    "auth.session_ended": ("Istunto päättyi, koska tunnusta muutettiin: uusi salasana tai rooli, tai tunnus on "
                           "poistettu käytöstä tai lukittu. Kirjaudu uudelleen.",
                           "The session ended because the account changed: a new password or role, or it was "
                           "disabled or locked. Please sign in again."),
    "auth.not_signed_in": ("Kirjaudu ensin sisään.", "Please sign in first."),
    "auth.not_allowed": ("Roolisi ei salli tätä sivua.", "Your role does not allow this page."),
    "auth.no_nda": ("Salassapitositoumusta ei ole kirjattu: henkilötietoja ei näytetä.",
                    "No confidentiality undertaking (NDA) recorded: no personal data is shown."),
    "auth.demo_accounts": ("Demotunnukset", "Demo accounts"),
    "nav.proposal_waiting": ("Poistoehdotus odottaa hyväksyntääsi.", "A purge proposal awaits your approval."),
    "nav.proposals_waiting": ("{n} poistoehdotusta odottaa hyväksyntääsi.", "{n} purge proposals await your approval."),
    "auth.demo_accounts_help": ("Tämä on esittelyrekisteri. Tunnukset on luotu satunnaisilla salasanoilla.",
                                "This is a demo store. The accounts were created with random passwords."),
    # roles
    **{f"role.{r}": pair for r, pair in zip(ROLES, [("Pääkäyttäjä", "Admin"), ("Esihenkilö", "Manager"),
                                                   ("Asiakaspalvelu", "Staff"), ("Tarkastaja", "Auditor")],
                                           strict=True)},
    # pages
    "page.overview": ("Yleiskatsaus", "Overview"),
    "page.customers": ("Asiakkaat", "Customers"),
    "page.due": ("Poistettavat", "Due for purge"),
    "page.requests": ("Pyynnöt", "Requests"),
    "page.statistics": ("Tilastot", "Statistics"),
    "page.audit": ("Lokitiedot", "Audit trail"),
    "page.users": ("Käyttäjät", "Users"),
    "page.import": ("Tuonti", "Import"),
    "page.settings": ("Asetukset", "Settings"),
    "page.backups": ("Varmuuskopiot", "Backups"),
    # common
    "filter.all": ("Kaikki", "All"),
    "lang.fi": ("suomi", "Finnish"),  # a person's or a letter's language, as a word
    "lang.en": ("englanti", "English"),
    "paging.first": ("Ensimmäinen sivu", "First page"),
    "paging.next": ("Seuraava sivu", "Next page"),
    "paging.previous": ("Edellinen sivu", "Previous page"),
    "paging.older": ("Vanhemmat", "Older"),
    "paging.page": ("Sivu {n}", "Page {n}"),
    "col.id": ("Tunnus", "Id"),
    "col.name": ("Nimi", "Name"),
    "col.email": ("Sähköposti", "E-mail"),
    "col.phone": ("Puhelin", "Phone"),
    "col.organisation": ("Organisaatio", "Organisation"),
    "col.status": ("Tila", "Status"),
    "col.due_on": ("Määräpäivä", "Due on"),
    "col.reason": ("Peruste", "Reason"),
    "col.blockers": ("Estää poiston", "Blocked by"),
    "col.request": ("Pyyntö", "Request"),
    "col.kind": ("Laji", "Kind"),
    "col.person": ("Henkilö", "Person"),
    "col.days_left": ("Päiviä jäljellä", "Days left"),
    "col.seq": ("Nro", "No."),
    "col.time": ("Aika (Suomen aikaa)", "Time (Finland)"),
    "col.details": ("Tiedot", "Details"),
    # KPIs and overview
    "kpi.persons": ("Henkilöt", "Persons"),
    "kpi.active": ("Aktiiviset asiakkaat", "Active customers"),
    "kpi.due_now": ("Poistettavissa nyt", "Due now"),
    "kpi.blocked": ("Poisto estetty", "Blocked"),
    "kpi.open_requests": ("Avoimet pyynnöt", "Open requests"),
    "kpi.overdue": ("Myöhässä", "Overdue"),
    "kpi.due_7_days": ("Erääntyy 7 päivässä", "Due within 7 days"),
    "kpi.last_backup": ("Viimeisin varmuuskopio", "Last backup"),
    "kpi.proposals_for_you": ("Poistoehdotukset", "Purge proposals"),  # a tile's label is one short line
    "overview.awaiting_you": ("odottaa hyväksyntääsi", "awaiting your approval"),
    "overview.proposal_yours": ("Oma poistoehdotuksesi odottaa toisen esimiehen hyväksyntää.",
                                "Your purge proposal awaits another manager's approval."),
    "overview.proposals_yours": ("{n} omaa poistoehdotustasi odottaa toisen esimiehen hyväksyntää.",
                                 "{n} of your purge proposals await another manager's approval."),
    "overview.backup_never": ("Ei koskaan", "Never"),
    "overview.backup_stale": ("Yli 7 päivää ilman varmuuskopiota", "More than 7 days without a backup"),
    "overview.restored": ("Palautettu {at} tästä varmuuskopiosta (otti {who})",
                          "Restored on {at} from this backup (taken by {who})"),
    "overview.backup_first": ("Varmuuskopiota ei ole otettu", "No backup has been taken"),
    "overview.as_of": ("Tilanne {day}", "As of {day}"),
    "overview.open_page": ("Avaa", "Open"),
    "overview.coming_due": ("Säilytysaika päättyy, 12 seuraavaa viikkoa",
                            "Retention ends, next 12 weeks"),
    "overview.week_from": ("Viikko alkaen", "Week from"),
    "overview.persons": ("Henkilöitä", "Persons"),
    "overview.requests_by_days_left": ("Avoimet pyynnöt määräaikaan jäljellä olevien päivien mukaan",
                                       "Open requests by days left"),
    "overview.days_left": ("Päiviä jäljellä", "Days left"),
    "overview.requests": ("Pyyntöjä", "Requests"),
    "bucket.overdue": ("Myöhässä", "Overdue"),
    "bucket.0-7": ("0–7", "0–7"),
    "bucket.8-14": ("8–14", "8–14"),
    "bucket.15-30": ("15–30", "15–30"),
    "bucket.31+": ("yli 30", "over 30"),
    # customers
    "customers.search": ("Hae nimellä, sähköpostilla, puhelimella, organisaatiolla tai tunnuksella",
                         "Search by name, e-mail, phone, organisation or id"),
    "customers.search_hint": ("esim. Virtanen, 040 123, 17", "e.g. Virtanen, 040 123, 17"),
    "customers.none_found": ("Ei osumia.", "No matches."),
    "customers.erased": ("[poistettu]", "[erased]"),
    "customers.purged_on": ("Henkilötiedot poistettu {day}. Tilaukset säilyvät nimettöminä.",
                            "Personal data erased on {day}. Orders are kept anonymously."),
    "customers.restricted": ("KÄSITTELY RAJOITETTU {day} alkaen: vain säilytys sallittu.",
                             "PROCESSING RESTRICTED since {day}: storage only."),
    "customers.lift_restriction": ("Pura käsittelyn rajoitus", "Lift the restriction"),
    "customers.restriction_lifted": ("{name}: käsittelyn rajoitus purettu ja kirjattu lokiin.",
                                     "{name}: the restriction is lifted and logged."),
    "customers.restricted_marker": ("[rajoitettu: tiedot piilotettu]", "[restricted: data hidden]"),
    "customers.objection": ("Suoramarkkinointikielto {day} alkaen.", "Objected to direct marketing since {day}."),
    "customers.due": ("Poistettavissa {day} alkaen ({reason}).", "Due for purge since {day} ({reason})."),
    "customers.blocker": ("{blocker} {day} alkaen ({n} kpl)",
                          "{blocker} since {day} ({n})"),
    "customers.due_blocked": ("Poistettavissa {day} alkaen ({reason}), mutta poiston estää: {blockers}.",
                              "Due for purge since {day} ({reason}), but blocked by: {blockers}."),
    "customers.would_block": ("Poistoa estäisi: {blockers}.", "A purge would be blocked by: {blockers}."),
    "customers.lift_hold": ("Pura oikeudellinen pito: {reason} ({day})", "Lift the legal hold: {reason} ({day})"),
    "customers.hold_lifted": ("Oikeudellinen pito purettu ja kirjattu lokiin.", "Legal hold lifted and audited."),
    "customers.click_to_open": ("Avaa henkilön tiedot napsauttamalla riviä.", "Click a row to open the person's record."),
    "customers.contact": ("Yhteystiedot", "Contact data"),
    "customers.relationship": ("Asiakkuus", "Relationship"),
    "customers.contact_person": ("yhteyshenkilö", "contact person"),
    "customers.active": ("voimassa", "active"),
    "customers.same_as_postal": ("sama kuin postiosoite", "same as postal address"),
    "customers.nothing": ("Ei tietoja.", "Nothing recorded."),
    **{f"field.{field}": pair for field, pair in FIELD_LABELS.items()},  # one table with the letters
    "field.postal": ("Postiosoite", "Postal address"),
    "field.billing": ("Laskutusosoite", "Billing address"),
    "source.registration": ("rekisteröityminen", "registration"),
    "source.customer_notice": ("asiakkaan ilmoitus", "customer's notice"),
    "source.update_service": ("päivityspalvelu", "update service"),
    "source.subcontractor": ("alihankkija", "subcontractor"),
    "tab.orders": ("Tilaukset", "Orders"),
    "tab.invoices": ("Laskut", "Invoices"),
    "tab.collection_cases": ("Perintä", "Collection"),
    "tab.legal_holds": ("Oikeudelliset pidot", "Legal holds"),
    "tab.requests": ("Pyynnöt", "Requests"),
    "tab.disclosures": ("Luovutukset", "Disclosures"),
    "tab.notes": ("Muistiinpanot", "Notes"),
    "tab.data_sources": ("Tietolähteet", "Data sources"),
    "tab.field_changes": ("Muutokset", "Changes"),
    "status.active": ("asiakas", "customer"),
    "status.ended": ("päättynyt", "ended"),
    "status.restricted": ("rajoitettu", "restricted"),
    "status.purged": ("poistettu", "purged"),
    "value.yes": ("kyllä", "yes"),
    "value.no": ("ei", "no"),
    **{f"rcol.{key}": pair for key, pair in {
        "id": ("Tunnus", "Id"), "ordered_on": ("Tilattu", "Ordered on"), "product": ("Tuote", "Product"),
        "amount_eur": ("Summa €", "Amount €"), "order_id": ("Tilaus", "Order"), "issued_on": ("Laskutettu", "Issued on"),
        "due_on": ("Eräpäivä", "Due on"), "paid_on": ("Maksettu", "Paid on"), "credited_on": ("Hyvitetty", "Credited on"),
        "opened_on": ("Avattu", "Opened on"), "closed_on": ("Suljettu", "Closed on"), "agency": ("Toimisto", "Agency"),
        "reason": ("Syy", "Reason"), "placed_on": ("Asetettu", "Placed on"), "lifted_on": ("Purettu", "Lifted on"),
        "kind": ("Laji", "Kind"), "received_on": ("Vastaanotettu", "Received on"), "channel": ("Kanava", "Channel"),
        "identity_verified_on": ("Varmennettu", "Identity verified"), "extended_on": ("Jatkettu", "Extended on"),
        "status": ("Tila", "Status"), "language": ("Kieli", "Language"),
        "disclosed_on": ("Luovutettu", "Disclosed on"), "recipient": ("Vastaanottaja", "Recipient"),
        "purpose": ("Tarkoitus", "Purpose"), "outside_eu": ("EU:n ulkopuolelle", "Outside the EU"),
        "written_at": ("Kirjoitettu", "Written"), "author": ("Kirjoittaja", "Author"), "body": ("Teksti", "Text"),
        "source": ("Lähde", "Source"), "rows": ("Rivejä", "Rows"), "first_at": ("Ensimmäinen", "First"),
        "last_at": ("Viimeisin", "Latest"), "field": ("Tieto", "Field"), "changed_on": ("Muutettu", "Changed on"),
    }.items()},
    # due for purge
    "due.review_answers": ("Poisto toteuttaa samalla {n} varmennettua poistopyyntöä: ne suljetaan, ja niiden "
                           "kirjeet (laadittu ennen poistoa) voi ladata kuitilta.",
                           "The purge also carries out {n} verified erasure requests: they are closed, and their "
                           "letters (made before the erasure) can be downloaded from the receipt."),
    "due.letters_heading": ("**Toteutetut poistopyynnöt: {n}.** Lataa kirjeet ja lähetä ne nyt:",
                            "**Erasure requests carried out: {n}.** Download the letters and send them now:"),
    "due.letter_download": ("Pyyntö {id}: {name}", "Request {id}: {name}"),
    "due.letter_closed_with": ("Pyyntö {id}: sama kirje {name}", "Request {id}: the same letter, {name}"),
    "due.letters_caption": ("Kirjeitä ei säilytetä rekisterissä, koska niissä on poistettu nimi ja osoite: ne ovat "
                            "ladattavissa vain tästä kuitista.",
                            "The letters are not kept in the register, as they carry the erased name and address: "
                            "they can be downloaded only from this receipt."),
    "due.reason": ("Peruste", "Reason"),
    "due.blocker": ("Este", "Blocker"),
    "due.purgeable_only": ("Ei esteitä (poistettavissa)", "None (purgeable)"),
    "due.any_blocker": ("Mikä tahansa este (estetyt)", "Any blocker (blocked)"),
    "due.purgeable": ("Poistettavissa", "Purgeable"),
    "due.blocked": ("Estetty", "Blocked"),
    "due.as_of": ("Päivä", "Date"),
    "due.nobody": ("Ketään ei ole poistettavana näillä rajauksilla.", "Nobody is due under these filters."),
    "due.blocker_since": ("{blocker} {day} alkaen", "{blocker} since {day}"),
    "due.review_button": ("Tarkista ja poista {n} henkilöä", "Review and purge {n} persons"),
    "due.review_title": ("Poiston tarkistus", "Purge review"),
    "due.review_text": ("Poistetaan **{n} henkilön** henkilötiedot. **{orders} tilausta** ja {invoices} laskua "
                        "säilyvät nimettöminä, jotta tilastojen summat pysyvät.",
                        "The personal data of **{n} persons** will be erased. **{orders} orders** and {invoices} "
                        "invoices stay, anonymous, so that statistics keep their totals."),
    "due.review_elsewhere": ("Lisäksi poistetaan {notes} muistiinpanoa, {visits} käyntilokiriviä, {imports} "
                             "tietolähdemerkintää ja {texts} pyyntötekstiä.",
                             "Also removed: {notes} notes, {visits} visit-log rows, {imports} source records and "
                             "{texts} request texts."),
    "due.ids": ("Henkilöt: {ids}", "Persons: {ids}"),
    "due.and_more": (" ja {n} muuta", " and {n} more"),
    "due.irreversible": ("Poistoa ei voi perua. Tietokanta kirjoitetaan uudelleen, jotta poistetut tiedot "
                         "häviävät myös tiedostosta.",
                         "A purge cannot be undone. The store is rewritten so that the erased values leave the "
                         "file too."),
    "due.understand": ("Ymmärrän, että poistoa ei voi perua.", "I understand this cannot be undone."),
    "due.confirm": ("Poista {n} henkilöä", "Purge {n} persons"),
    "due.purging": ("Poistetaan…", "Purging…"),
    "due.done": ("Poistettu {n} henkilöä; {orders} tilausta säilyi nimettöminä.",
                 "Purged {n} persons; {orders} orders kept anonymously."),
    "due.receipt_caption": ("Tekijä {actor}, aika {at}, lokimerkintä {seq}.", "By {actor} at {at}, audit entry {seq}."),
    "due.download_receipt": ("Lataa kuitti (JSON)", "Download receipt (JSON)"),
    "due.close": ("Sulje", "Close"),
    "due.col_ended": ("Asiakkuus päättyi", "Relationship ended"),
    "due.review_search": ("Hae tarkistettavista (nimi, organisaatio tai tunnus)",
                          "Search the reviewed persons (name, organisation or id)"),
    "due.review_matched": ("Haku löysi {n} / {total} henkilöä.", "The search found {n} of {total} persons."),
    "due.review_pick": ("Valitse rivi pitääksesi henkilön poissa tästä poistosta.",
                        "Select a row to keep that person out of this purge."),
    "due.keep_out_title": ("Pidä {name} poissa poistosta", "Keep {name} out of the purge"),
    "due.keep_out_reason": ("Peruste (kirjataan oikeudelliseksi pidoksi)", "Reason (recorded as a legal hold)"),
    "due.keep_out_help": ("Henkilölle asetetaan oikeudellinen pito tällä perusteella. Se estää poiston, kunnes pito "
                          "puretaan henkilön tiedoista.",
                          "A legal hold with this reason is placed on the person. It blocks the purge until it is "
                          "lifted on the person's record."),
    "due.keep_out_button": ("Pidä poissa", "Keep out"),
    "due.kept_out": ("{name} pidetään poissa poistosta (oikeudellinen pito).",
                     "{name} is kept out of the purge (legal hold)."),
    "due.four_eyes": ("Yli {limit} henkilön poisto tarvitsee toisen esimiehen hyväksynnän. Ehdota poistoa; toinen "
                      "esimies tarkistaa samat henkilöt ja hyväksyy tai hylkää ehdotuksen tänään.",
                      "A purge of more than {limit} persons needs another manager's approval. Propose it; another "
                      "manager reviews the same persons and approves or refuses today."),
    "due.propose": ("Ehdota {n} henkilön poistoa", "Propose purging {n} persons"),
    "due.proposed": ("Ehdotus #{id} odottaa toisen esimiehen hyväksyntää. Se raukeaa, ellei sitä hyväksytä tänään.",
                     "Proposal #{id} awaits another manager's approval. It lapses unless approved today."),
    "due.proposals": ("Hyväksyntää odottavat poistot", "Purges awaiting approval"),
    "due.proposal_line": ("Ehdotus #{id}: {n} henkilöä, ehdotti {by} {at}.",
                          "Proposal #{id}: {n} persons, proposed by {by} at {at}."),
    "due.proposal_yours": ("Oma ehdotuksesi: toinen esimies hyväksyy sen.",
                           "Your own proposal: another manager approves it."),
    "due.withdraw": ("Peru ehdotus", "Withdraw"),
    "due.withdrawn": ("Ehdotus #{id} peruttiin.", "Proposal #{id} was withdrawn."),
    "due.open_proposal": ("Tarkista ja päätä", "Review and decide"),
    "due.proposal_not_waiting": ("Ehdotus #{id} ei enää odota hyväksyntääsi.",
                                 "Proposal #{id} no longer awaits your approval."),
    "due.kept_out_heading": ("Tarkistuksessa poistosta pidetyt: {n}", "Kept out of this purge in its review: {n}"),
    "due.kept_out_none": ("Tarkistuksessa ketään ei pidetty poissa poistosta.",
                          "Nobody was kept out of this purge in its review."),
    "due.col_kept_by": ("Kuka piti poissa", "Kept out by"),
    "due.col_kept_at": ("Milloin", "When"),
    "due.col_kept_why": ("Peruste", "Reason given"),
    "due.hold_lifted": ("{reason} (pito purettu {day})", "{reason} (hold lifted {day})"),
    "due.approve_title": ("Poistoehdotuksen #{id} hyväksyntä", "Approving purge proposal #{id}"),
    "due.approve_text": ("{by} ehdotti näiden **{n} henkilön** poistoa {at}. Tarkista henkilöt. Hyväksyminen poistaa "
                         "heidän tietonsa heti.",
                         "{by} proposed purging these **{n} persons** at {at}. Review them. Approving erases their "
                         "data at once."),
    "due.approve": ("Hyväksy ja poista {n} henkilöä", "Approve and purge {n} persons"),
    "due.refuse_reason": ("Hylkäyksen peruste", "Reason for refusing"),
    "due.refuse": ("Hylkää ehdotus", "Refuse the proposal"),
    "due.refused": ("Ehdotus #{id} hylättiin.", "Proposal #{id} was refused."),
    "due.receipt_approved": ("Ehdotti {proposer}, hyväksyi ja suoritti {actor}, aika {at}, lokimerkintä {seq}.",
                             "Proposed by {proposer}, approved and carried out by {actor} at {at}, audit entry {seq}."),
    "due.download_receipt_pdf": ("Lataa kuitti (PDF)", "Download receipt (PDF)"),
    # registry errors, by code (the registry's English message is the command line's)
    "err.reason_needed": ("Kirjoita peruste.", "Write a reason."),
    "err.reason_too_long": ("Peruste on yli {limit} merkkiä pitkä.", "The reason is longer than {limit} characters."),
    "err.no_person": ("Rekisterissä ei ole henkilöä tunnuksella {id}.", "There is no person with id {id}."),
    "err.already_purged": ("Henkilön {id} tiedot on jo poistettu.", "Person {id} has been purged already."),
    "err.no_hold": ("Oikeudellista pitoa {id} ei löydy.", "There is no legal hold {id}."),
    "err.hold_not_in_review": ("Oikeudellista pitoa {id} ei asetettu tässä tarkistuksessa. Aloita tarkistus alusta.",
                               "Legal hold {id} was not placed in this review. Start the review again."),
    "err.kept_out_in_purge": ("Ehdotus poistaisi henkilön, joka pidettiin poissa poistosta (pito {id}). Aloita "
                              "tarkistus alusta.",
                              "The proposal would purge a person who was kept out of it (hold {id}). Start the "
                              "review again."),
    "err.four_eyes_required": ("{n} henkilön poisto tarvitsee toisen esimiehen hyväksynnän (raja {limit}).",
                               "A purge of {n} persons needs another manager's approval (limit {limit})."),
    "err.no_proposal": ("Poistoehdotusta #{id} ei löydy.", "There is no purge proposal #{id}."),
    "err.nothing_to_purge": ("Ketään ei ole poistettavana.", "Nobody is there to purge."),
    "err.proposal_approved": ("Ehdotus #{id} on jo hyväksytty.", "Proposal #{id} has been approved already."),
    "err.proposal_refused": ("Ehdotus #{id} on jo hylätty.", "Proposal #{id} has been refused already."),
    "err.proposal_withdrawn": ("Ehdotus #{id} on peruttu.", "Proposal #{id} has been withdrawn."),
    "err.proposal_lapsed": ("Ehdotus #{id} raukesi {day} päättyessä. Tarkista ja ehdota uudelleen.",
                            "Proposal #{id} lapsed at the end of {day}. Review and propose again."),
    "err.own_proposal": ("Et voi hyväksyä omaa ehdotustasi #{id}: toinen esimies päättää siitä.",
                         "You cannot approve your own proposal #{id}: another manager decides."),
    "err.not_own_proposal": ("Vain ehdottaja voi perua ehdotuksen #{id}.",
                             "Only the proposer can withdraw proposal #{id}."),
    "err.purge_blocked": ("Poistoa ei tehty: {n} henkilön poiston estää nyt jokin este (esim. oikeudellinen pito). "
                          "Mitään ei muutettu; tarkista henkilöt uudelleen.",
                          "Not purged: {n} of the persons are now blocked (e.g. by a legal hold). Nothing changed; "
                          "review again."),
    "err.not_due": ("Poistoa ei tehty: {n} henkilöä ei ole enää poistettavissa. Mitään ei muutettu.",
                    "Not purged: {n} of the persons are no longer due. Nothing changed."),
    "err.store_busy": ("Rekisteri on juuri toisen työn käytössä. Yritä hetken kuluttua uudelleen.",
                       "The register is busy with another job. Try again in a moment."),
    "err.bad_choice": ("Valinta {value} ei kelpaa.", "The choice {value} is not valid."),
    "err.not_permitted": ("Roolisi ei salli tätä toimintoa.", "Your role does not allow this."),
    "err.identity_not_verified": ("Pyyntö {id} tarvitsee ensin varmennetun henkilöllisyyden.",
                                  "Request {id} needs a verified identity first."),
    "err.no_request": ("Pyyntöä {id} ei löydy.", "There is no request {id}."),
    "err.day_in_future": ("Päivä {day} on tulevaisuudessa.", "The day {day} is in the future."),
    "err.day_before_received": ("Päivä {day} on ennen pyynnön vastaanottoa ({received}).",
                                "The day {day} is before the request was received ({received})."),
    "err.request_closed": ("Pyyntö {id} on jo suljettu; mitään ei muutettu.",
                           "Request {id} is closed already; nothing changed."),
    "err.extension_reason_needed": ("Kirjoita jatkamisen syy: se kerrotaan henkilölle.",
                                    "Write the reason for the extension: the person is told it."),
    "err.already_extended": ("Pyynnön {id} määräaikaa jatkettiin jo {day}; jatkaa voi vain kerran.",
                             "Request {id} was extended on {day} already; it can be extended only once."),
    "err.extension_too_late": ("Pyynnön {id} määräaika oli {day}: jatkamisesta on päätettävä ensimmäisen kuukauden "
                               "aikana.", "Request {id} was due on {day}: an extension must be decided within the "
                               "first month."),
    "err.refusal_reason_needed": ("Kirjoita epäämisen perustelut: ne kerrotaan henkilölle kirjeessä.",
                                  "Write the reasons for refusing: the letter tells the person."),
    "err.not_matched": ("Pyyntöä {id} ei ole vielä yhdistetty henkilöön: yhdistä se ensin.",
                        "Request {id} is not matched to a person yet: match it first."),
    "err.answer_requests_first": ("Henkilöllä on muita avoimia pyyntöjä ({requests}), joihin vastataan hänen "
                                  "tiedoistaan ennen poistoa: vastaa niihin ensin. Mitään ei muutettu.",
                                  "The person has other open requests ({requests}), answered from their data before "
                                  "it is erased: answer them first. Nothing changed."),
    "err.close_needs_letter": ("Pyyntö toteutetaan tai evätään vain kirjeen kanssa: käytä välilehteä Toteuta tai "
                               "Epää. Mitään ei muutettu.",
                               "A request is carried out or refused only with its letter: use the Carry out or "
                               "Refuse tab. Nothing changed."),
    "err.no_corrections": ("Anna korjatut tiedot.", "Give the corrected fields."),
    "err.bad_email": ("Sähköpostiosoite ei kelpaa.", "The e-mail address is not valid."),
    "err.bad_phone": ("Puhelinnumero ei kelpaa.", "The phone number is not valid."),
    "err.bad_country": ("Maakoodi ei kelpaa (kaksi kirjainta, esim. FI).",
                        "The country code is not valid (two letters, e.g. FI)."),
    "err.bad_postcode": ("Postinumero ei kelpaa (viisi numeroa).", "The postcode is not valid (five digits)."),
    "err.bad_language": ("Kieli ei kelpaa.", "The language is not valid."),
    "err.bad_username": ("Käyttäjätunnuksessa saa olla 2–32 pientä kirjainta, numeroa tai merkkejä . _ -, ja sen on "
                         "alettava kirjaimella.", "A username has 2–32 lowercase letters, digits, '.', '_' or '-' and "
                         "starts with a letter."),
    "err.short_password": ("Salasanassa on oltava vähintään {n} merkkiä.", "The password needs at least {n} characters."),
    "err.no_account": ("Käyttäjätunnusta {username} ei ole.", "There is no account {username}."),
    "err.account_exists": ("Käyttäjätunnus {username} on jo olemassa.", "The account {username} exists already."),
    "err.own_account_disable": ("Et voi poistaa omaa tunnustasi käytöstä; pyydä toista pääkäyttäjää.",
                                "You cannot disable your own account; ask another admin."),
    "err.own_admin_role": ("Et voi ottaa pääkäyttäjän roolia itseltäsi; pyydä toista pääkäyttäjää.",
                           "You cannot take the admin role from yourself; ask another admin."),
    "err.sign_in_refused": ("Kirjautuminen ei onnistunut.", "Sign-in failed."),
    "err.no_actor": ("Toiminnolla on oltava nimetty tekijä: kirjaudu sisään uudelleen.",
                     "An action needs a named user: sign in again."),
    "err.no_nda": ("Tunnuksellesi ei ole kirjattu vaitiolositoumusta, joten et voi nähdä henkilötietoja. "
                   "Pääkäyttäjä kirjaa sen Käyttäjät-sivulla.",
                   "Your account has no recorded confidentiality undertaking (NDA), so you may not see personal "
                   "data. An admin records it on the Users page."),
    "err.not_a_field": ("Kenttää {field} ei voi korjata.", "The field {field} cannot be corrected."),
    "err.no_store": ("Rekisteritiedostoa {path} ei ole. Ylläpitäjä luo sen komennolla 'python -m registry init'.",
                     "There is no register file {path}. An operator creates it with 'python -m registry init'."),
    "err.not_a_store": ("{path} ei ole rekisteritiedosto.", "{path} is not a register file."),
    "err.store_dir_missing": ("Kansiota {path} ei ole.", "The folder {path} does not exist."),
    "err.store_is_directory": ("{path} on kansio, ei rekisteritiedosto.", "{path} is a folder, not a register file."),
    "err.cannot_open": ("Rekisteriä {path} ei voitu avata: {detail}", "The register {path} could not be opened: {detail}"),
    "err.bad_backup_key": ("Varmuuskopioavain ({where}) ei kelpaa: sen on oltava 32 tavua URL-turvallisena "
                           "base64-tekstinä.", "The backup key ({where}) is not valid: it must be 32 bytes in "
                           "URL-safe base64."),
    "err.no_backup_key": ("Varmuuskopioavainta ei löydy: aseta REGISTRY_BACKUP_KEY tai tuo avaintiedosto polkuun "
                          "{path}. Mitään ei muutettu.", "No backup key: set REGISTRY_BACKUP_KEY or put the key file at "
                          "{path}. Nothing changed."),
    "err.not_a_backup": ("{path} ei ole tämän ohjelman tekemä varmuuskopio. Mitään ei muutettu.",
                         "{path} is not a backup written by this program. Nothing changed."),
    "err.no_backup": ("Varmuuskopiota {path} ei löydy.", "There is no backup at {path}."),
    "err.backup_wrong_key": ("Varmuuskopio {path} on salattu toisella avaimella. Mitään ei muutettu.",
                             "The backup {path} was encrypted with another key. Nothing changed."),
    "err.backup_tampered": ("Varmuuskopio {path} ei läpäise tarkistusta: sitä on muutettu tai se on katkennut. "
                            "Mitään ei muutettu.", "The backup {path} fails its check: it was changed or cut short. "
                            "Nothing changed."),
    "err.out_dir_missing": ("Kansiota {path} ei ole.", "The folder {path} does not exist."),
    "err.no_ledger": ("Poistolokia {path} ei löydy: ilman sitä varmuuskopion jälkeen poistetut henkilöt "
                      "palaisivat. Mitään ei muutettu.", "There is no erasure ledger at {path}: without it, persons "
                      "purged after the backup would come back. Nothing changed."),
    "err.ledger_mismatch": ("Poistoloki ei sisällä varmuuskopion omia poistoja: se on toisen rekisterin loki tai "
                            "vanhempi kopio. Mitään ei muutettu.", "The erasure ledger lacks the backup's own "
                            "erasures: it is another register's ledger or an older copy. Nothing changed."),
    "err.bad_ledger": ("Poistolokin {path} rivi {line} ei ole poistomerkintä.",
                       "Line {line} of the erasure ledger {path} is not an erasure entry."),
    "err.store_too_new": ("Rekisteri on tätä ohjelmaa uudempi: ohjelma on päivitettävä ennen käyttöä.",
                          "The register is newer than this program: update the program before using it."),
    "err.bad_k": ("k:n on oltava kokonaisluku 2–1000.", "k must be a whole number from 2 to 1000."),
    "err.import_no_file": ("Tiedostoa ei löydy.", "The file was not found."),
    "err.import_empty": ("Tiedosto on tyhjä: vie luettelo uudelleen otsikkorivin kanssa.",
                         "The file is empty: export the list again with its header row."),
    "err.import_too_large": ("Tiedosto on yli {limit} Mt: jaa se osiin.", "The file is over {limit} MB: split it."),
    "err.import_binary": ("Tiedosto ei ole tekstiä eikä Excel-työkirja: tallenna se CSV- tai .xlsx-muodossa.",
                          "The file is neither text nor an Excel workbook: save it as CSV or .xlsx."),
    "err.import_bad_csv": ("Tiedostoa ei voi lukea CSV:nä (esim. liian pitkä solu).",
                           "The file cannot be read as CSV (e.g. a cell far too long)."),
    "err.import_not_xlsx": ("Tiedosto ei ole Excel-työkirja (.xlsx).", "The file is not an Excel workbook (.xlsx)."),
    "err.import_zip_bomb": ("Työkirja purkautuu yli {limit} megatavuksi: se ei ole asiakasluettelo (zip-pommi?).",
                            "The workbook unpacks to more than {limit} MB: it is not a customer list (a zip bomb?)."),
    "err.import_formulas_only": ("Työkirjassa on kaavoja ilman niiden arvoja (ohjelma on kirjoittanut sen, "
                                 "taulukkolaskenta ei ole tallentanut sitä): avaa se Excelissä tai LibreOfficessa ja "
                                 "tallenna, tai tallenna se CSV-muodossa.",
                                 "The workbook holds formulas without their values (a program wrote it, no "
                                 "spreadsheet saved it): open it in Excel or LibreOffice and save it, or save it as "
                                 "CSV."),
    "err.import_too_many_columns": ("Tiedostossa on {n} saraketta (enintään {limit}): se ei ole asiakasluettelo.",
                                    "The file has {n} columns (at most {limit}): it is not a customer list."),
    "err.import_header_only": ("Tiedostossa on vain otsikkorivi.", "The file has a header row but no rows."),
    "err.import_cell_too_long": ("Rivillä {row} on yli {limit} merkin solu.",
                                 "Row {row} has a cell of more than {limit} characters."),
    "err.import_bad_mapping": ("Sarake {column} ei ole tuotava sarake.", "{column} is not a column an import takes."),
    "err.import_duplicate_header": ("Sarake {columns} on tiedostossa kahdesti: jätä toinen pois.",
                                    "The column {columns} is in the file twice: leave one out."),
    "err.import_no_key": ("Tiedostossa ei ole asiakasnumeroa eikä sähköpostia: rivit eivät nimeä henkilöä.",
                          "The file has neither a customer number nor an e-mail column: rows name nobody."),
    "err.unknown_setting": ("Asetusta {key} ei ole.", "There is no setting {key}."),
    "err.setting_empty": ("Asetukselle {key} tarvitaan arvo.", "The setting {key} needs a value."),
    "err.bad_retention": ("Säilytysajan on oltava {low}–{high} päivää.", "The retention must be {low}–{high} days."),
    "err.setting_needs_both": ("Asetus {key} on teksti kummallakin kielellä: anna suomeksi ja englanniksi.",
                               "The setting {key} is a text in both languages: give it in Finnish and English."),
    "err.bad_business_id": ("Y-tunnus ei kelpaa (tarkiste ei täsmää).", "Not a Y-tunnus (the check digit does not "
                            "match)."),
    "err.unexpected": ("Toiminto ei onnistunut: {detail}", "The action did not succeed: {detail}"),
    **{f"reason.{r}": pair for r, pair in (("retention", ("säilytysaika päättynyt", "retention ended")),
                                           ("erasure_request", ("poistopyyntö", "erasure request")))},
    **{f"blocker.{b}": pair for b, pair in zip(BLOCKERS, [("perintä", "collection"), ("oikeudellinen pito", "legal hold"),
                                                          ("avoin lasku", "open invoice"),
                                                          ("avoin pyyntö vastaamatta", "open request unanswered"),
                                                          ("asiakasorganisaation yhteyshenkilö",
                                                           "contact of a customer organisation")], strict=True)},
    # requests
    **{key: pair for key, pair in LABEL_WORDS.items() if key.startswith("kind.")},  # one table with the CSV
    **{f"rstatus.{s}": pair for s, pair in zip(REQUEST_STATUSES, [
        ("vastaanotettu", "received"), ("käsittelyssä", "in progress"), ("valmis", "completed"),
        ("evätty", "refused"), ("peruttu", "withdrawn")], strict=True)},
    **{f"channel.{c}": pair for c, pair in zip(CHANNELS, [("kirje", "letter"), ("sähköposti", "e-mail"),
                                                          ("henkilökohtaisesti", "in person")], strict=True)},
    "missing.person": ("henkilöä ei ole yhdistetty", "person not matched"),
    "missing.identity": ("henkilöllisyyttä ei ole varmennettu", "identity not verified"),
    "requests.unmatched": ("yhdistämättä", "not matched"),
    "requests.person_erased": ("tiedot poistettu {day}", "data erased on {day}"),
    "requests.erased_note": ("Henkilön tiedot poistettiin {day}. Pyyntöön vastataan kirjeellä, joka kertoo sen "
                             "(poistopyyntöön: poisto tehtiin {day}; muihin: tietoja ei ole sen jälkeen ollut). "
                             "Kirjeessä ei ole nimeä eikä osoitetta: lähetä se sinne, mistä pyyntö tuli.",
                             "The person's data was erased on {day}. The request is answered with a letter saying so "
                             "(an erasure: it was done on {day}; any other kind: no data has been held since). The "
                             "letter has no name or address: send it to where the request came from."),
    "requests.match_first": ("Yhdistä pyyntö ensin henkilöön (vasemmalla); sen jälkeen sen voi toteuttaa.",
                             "Match the request to a person first (on the left); then it can be carried out."),
    "requests.preview_letter_button": ("Näytä kirje", "Show the letter"),
    "requests.refuse_confirm": ("Epää pyyntö ja laadi tämä kirje", "Refuse and write this letter"),
    "requests.extend_confirm": ("Jatka määräaikaa ja laadi tämä kirje", "Extend and write this letter"),
    "requests.letter_first": ("Kirjoita perustelut ja näytä kirje: se luetaan ennen kuin mitään muutetaan.",
                              "Write the reasons and show the letter: it is read before anything changes."),
    "requests.close_withdrawn_only": ("Sulje pyyntö, jonka henkilö on peruuttanut. Toteutettu tai evätty pyyntö "
                                      "suljetaan aina kirjeen kanssa (Toteuta, Epää).",
                                      "Close a request the person has withdrawn. A request is completed or refused "
                                      "only with its letter (Carry out, Refuse)."),
    "requests.show.closed": ("suljetut (30 pv)", "closed (30 days)"),
    "requests.closed_none": ("Ei suljettuja pyyntöjä 30 päivän ajalta.", "No requests closed in the last 30 days."),
    "requests.col_closed_on": ("Suljettu", "Closed on"),
    "requests.col_outcome": ("Lopputulos", "Outcome"),
    "requests.col_letters": ("Kirjeet", "Letters"),
    "requests.closed_with": ("suljettu pyynnön {id} kanssa", "closed with request {id}"),
    "requests.closed_by_purge": ("toteutettu poistossa", "carried out by a purge"),
    "requests.closed_caption": ("Kirjeitä ei säilytetä rekisterissä (niissä on poistettu nimi ja osoite): ne "
                                "tarjottiin ladattaviksi, kun pyyntö toteutettiin tai poisto tehtiin.",
                                "Letters are not kept in the register (they carry the erased name and address): "
                                "they were offered for download when the request was carried out or the purge made."),
    "requests.legend": ("Punainen: myöhässä. Keltainen: erääntyy 7 päivässä.",
                        "Red: overdue. Amber: due within 7 days."),
    "requests.none_open": ("Ei avoimia pyyntöjä.", "No open requests."),
    "requests.choose": ("Valitse pyyntö", "Choose a request"),
    "requests.heading": ("Pyyntö {id}: {kind}", "Request {id}: {kind}"),
    "requests.facts": ("Vastaanotettu {received} · määräaika **{due}** ({days}) · kanava {channel} · kieli {language}",
                       "Received {received} · due **{due}** ({days}) · channel {channel} · language {language}"),
    "requests.days_left": ("{n} pv jäljellä", "{n} days left"),
    "requests.days_overdue": (":red[{n} pv myöhässä]", ":red[{n} days overdue]"),
    "requests.extended": ("Määräaikaa jatkettu {day}: {reason}", "Extended on {day}: {reason}"),
    "requests.missing": ("Puuttuu: {what}", "Missing: {what}"),
    "requests.match_search": ("Etsi henkilö", "Find the person"),
    "requests.match_id": ("Henkilön tunnus", "Person's id"),
    "requests.match_button": ("Yhdistä henkilöön", "Match to person"),
    "requests.matched": ("Pyyntö yhdistetty henkilöön.", "Request matched to the person."),
    "requests.verified_on": ("Henkilöllisyys varmennettu", "Identity verified on"),
    "requests.verify_button": ("Kirjaa varmennus", "Record verification"),
    "requests.verified": ("Varmennus kirjattu.", "Verification recorded."),
    "requests.start_button": ("Aloita käsittely", "Start work"),
    "requests.started": ("Pyyntö on käsittelyssä.", "The request is in progress."),
    "requests.extend_reason": ("Jatkamisen syy (kerrotaan henkilölle)", "Reason for the extension (told to the person)"),
    "requests.extended_done": ("Määräaikaa jatkettu.", "Deadline extended."),
    "requests.close_button": ("Sulje pyyntö", "Close the request"),
    "requests.closed": ("Pyyntö suljettu.", "Request closed."),
    "requests.manager_decides": ("Esihenkilö päättää jatkamisesta ja sulkemisesta.",
                                 "A manager decides on extension and closing."),
    "requests.record": ("Kirjaa uusi pyyntö", "Record a new request"),
    "requests.complete_heading": ("Toteuta pyyntö: {kind}", "Carry out the request: {kind}"),
    "requests.complete_button": ("Toteuta ja laadi asiakirjat", "Carry out and write the documents"),
    "requests.preview_button": ("Esikatsele kirje", "Preview the letter"),
    "requests.preview_first": ("Esikatsele ensin kirje, jonka henkilö saa; sen jälkeen voit toteuttaa pyynnön.",
                               "Preview the letter the person will get first; then you can carry the request out."),
    "requests.preview_heading": ("**Kirjeen esikatselu** ({name}). Mitään ei ole vielä muutettu.",
                                 "**Letter preview** ({name}). Nothing has changed yet."),
    "requests.preview_download": ("Lataa esikatselu (PDF)", "Download the preview (PDF)"),
    "requests.preview_refusal": ("Poistoa ei voi tehdä, koska jokin estää sen: toteuttaminen epää pyynnön tällä "
                                 "kirjeellä.", "The erasure is blocked: carrying it out refuses the request with "
                                 "this letter."),
    "requests.show": ("Näytä", "Show"),
    "requests.show.all": ("kaikki avoimet", "all open"),
    "requests.show.overdue": ("myöhässä", "overdue"),
    "requests.show.due_soon": ("erääntyy 7 päivässä", "due within 7 days"),
    "requests.preview_read": ("Olen lukenut kirjeen.", "I have read the letter."),
    "requests.choice": ("Pyyntö {id}: {kind} · {person} · määräaika {due}", "Request {id}: {kind} · {person} · due {due}"),
    "requests.refuse_reason": ("Epäämisen perustelut (kirjeeseen)", "Reasons for refusing (for the letter)"),
    "requests.produced": ("Pyyntö {id}: {status}. Asiakirjat voi ladata alta.",
                          "Request {id}: {status}. The documents can be downloaded below."),
    "requests.documents": ("Pyynnön {id} asiakirjat", "Documents of request {id}"),
    "requests.received_on": ("Vastaanotettu", "Received on"),
    "requests.channel": ("Kanava", "Channel"),
    "requests.person_id": ("Henkilön tunnus (jos tiedossa)", "Person's id (if known)"),
    "requests.person_id_help": ("Voit yhdistää henkilön myöhemmin; määräaika kulkee vastaanotosta.",
                                "You can match the person later; the deadline runs from receipt."),
    "requests.verified_now": ("Henkilöllisyys varmennettu", "Identity verified"),
    "requests.details": ("Pyynnön sisältö", "What the person asks"),
    "requests.record_button": ("Kirjaa pyyntö", "Record the request"),
    "requests.recorded": ("Pyyntö kirjattu.", "Request recorded."),
    # audit
    "audit.actor": ("Tekijä", "Actor"),
    "audit.action": ("Toimenpide", "Action"),
    "audit.dates": ("Aikaväli", "Dates"),
    "audit.none": ("Ei merkintöjä näillä rajauksilla.", "No entries under these filters."),
    "audit.verify": ("Tarkista ketju", "Verify chain"),
    "audit.intact": ("Lokiketju on eheä: {n} merkintää tarkistettu.", "The audit chain is intact: {n} entries verified."),
    "audit.broken": ("Lokiketju on rikki merkinnästä {seq}: {problem}", "The audit chain is broken at entry {seq}: {problem}"),
    # import (issue #12)
    "import.intro": ("Tuo asiakasluettelo tiedostosta: CSV (UTF-8, Windows-1252 tai Excelin Unicode-teksti, "
                     "erottimena ; , tai sarkain) tai Excel (.xlsx, ensimmäinen taulukko). Asiakkuudenhallinnan, "
                     "verkkokaupan, uutiskirjeohjelman, Outlookin, Google-yhteystietojen ja laskutusohjelmien "
                     "sarakkeet tunnistetaan sellaisinaan. Tiedosto on enintään {mb} Mt.",
                     "Import a customer list from a file: CSV (UTF-8, Windows-1252 or Excel's Unicode Text, separated "
                     "by ; , or tab) or Excel (.xlsx, its first sheet). The columns of CRMs, web shops, newsletter "
                     "tools, Outlook, Google Contacts and invoicing programs are recognised as they come. At most "
                     "{mb} MB."),
    "import.source": ("Lähde", "Source"),
    "import.source_help": ("Tietosuojaselosteen säännönmukaiset tietolähteet. Vain rekisteröityminen lisää uusia "
                           "henkilöitä; päivityspalvelu muuttaa vain nimiä, osoitteita ja puhelinta.",
                           "The privacy notice's regular sources. Only a registration adds new persons; an update "
                           "service changes names, addresses and phone only."),
    "import.file": ("Tiedosto", "File"),
    "import.read": ("Luettu {rows} riviä ja {columns} saraketta.", "Read {rows} rows and {columns} columns."),
    "import.columns": ("Sarakkeet", "Columns"),
    "import.columns_help": ("Tarkista, miten kukin sarake ymmärrettiin. Vaihda sarake, jonka otsikkoa ei "
                            "tunnistettu, tai jätä se pois.",
                            "Check how each column was understood. Choose the column for a header that was not "
                            "recognised, or leave it out."),
    "import.header": ("Otsikko tiedostossa", "Header in the file"),
    "import.understood": ("Tarkoittaa", "Means"),
    "import.ignored": ("(ei tuoda)", "(not imported)"),
    "import.preview": ("Esikatselu (ensimmäiset {n} riviä)", "Preview (the first {n} rows)"),
    "import.check": ("Tarkista tiedosto", "Check the file"),
    "import.checking": ("Tarkistetaan…", "Checking…"),
    "import.importing": ("Tuodaan…", "Importing…"),
    "import.created": ("Uusia", "New"),
    "import.updated": ("Muuttuvia", "Changed"),
    "import.unchanged": ("Ennallaan", "Unchanged"),
    "import.rejected": ("Hylättyjä", "Rejected"),
    "import.rejected_title": ("Hylätyt rivit", "Rejected rows"),
    "import.col_row": ("Rivi", "Row"),
    "import.col_reason": ("Syy", "Reason"),
    "import.col_column": ("Sarake", "Column"),
    "import.download_rejected": ("Lataa hylätyt rivit (CSV)", "Download the rejected rows (CSV)"),
    "import.all_or_nothing": ("Tiedostossa on hylättyjä rivejä, joten mitään ei tuoda, ellei valitse hylättyjen "
                              "ohittamista. Korjaa rivit tiedostoon ja lataa se uudelleen, tai tuo muut rivit.",
                              "The file has rejected rows, so nothing is imported unless you skip them. Correct the "
                              "rows in the file and upload it again, or import the other rows."),
    "import.skip_invalid": ("Ohita hylätyt rivit ja tuo muut", "Skip the rejected rows and import the others"),
    "import.apply": ("Tuo: {created} uutta, {updated} muuttuvaa", "Import: {created} new, {updated} changed"),
    "import.nothing": ("Tiedostossa ei ole mitään uutta: tuotavaa ei ole.", "Nothing in the file is new: nothing "
                       "to import."),
    "import.candidates_rule": ("Kun tiedostossa on saman tiedon useita sarakkeita, valitaan matkapuhelin ennen muita "
                               "puhelimia, ohjelman oletus- tai postiosoite ennen työ- ja kotiosoitetta (koko osoite "
                               "samasta ryhmästä), ensisijainen sähköposti ja koko nimi vain, jos etu- ja sukunimeä "
                               "ei ole omina sarakkeinaan:",
                               "Where the file has several columns for one field, a mobile is chosen before other "
                               "phones, the program's default or mailing address before the business and home address "
                               "(the whole address from one group), the primary e-mail, and a full name only where "
                               "first and last name have no columns of their own:"),
    "import.chosen_instead": ("{header} jää pois, tilalla {chosen}", "{header} left out for {chosen}"),
    "import.nothing_valid": ("Mitään riviä ei voi tuoda sellaisenaan: korjaa hylätyt rivit (ladattavassa "
                             "tiedostossa) ja tuo ne uudelleen.",
                             "No row can be imported as it is: correct the rejected rows (in the file to download) "
                             "and import them again."),
    "import.duplicate_rows": ("{n} riviä on saman tiedoston toisen rivin kopio, ja ne tuodaan kerran: {rows}.",
                              "{n} rows are copies of another row of the file and are imported once: {rows}."),
    "import.row_same_as": ("rivi {row} = rivi {same_as}", "row {row} = row {same_as}"),
    "import.done": ("Tuotu: {created} uutta ja {updated} muuttunutta henkilöä ({unchanged} ennallaan, {rejected} "
                    "hylättyä). Lokimerkintä {seq}.",
                    "Imported: {created} new and {updated} changed persons ({unchanged} unchanged, {rejected} "
                    "rejected). Audit entry {seq}."),
    "import.notify": ("Ilmoita muutoksista vastaanottajille (GDPR 19 art.)", "Notify the recipients of the changes "
                      "(GDPR Art. 19)"),
    "import.col_recipient": ("Vastaanottaja", "Recipient"),
    "import.col_fields": ("Muuttuneet tiedot", "Changed data"),
    "import.again": ("Tuo toinen tiedosto", "Import another file"),
    "import.download_receipt": ("Lataa kuitti (JSON: tunnisteet ja määrät)", "Download the receipt (JSON: ids "
                                "and counts)"),
    "import.ignored_columns": ("Sarakkeet, joita ei tuoda: {columns}", "Columns not imported: {columns}"),
    "import.rejected_file": ("hylatyt-rivit.csv", "rejected-rows.csv"),
    "import.rejected_help": ("Tiedostossa on kunkin hylätyn rivin numero, syy ja arvot sellaisina kuin ne luettiin. "
                             "Korjaa arvot ja tuo tiedosto sellaisenaan uudelleen: rivi- ja syysarakkeet ohitetaan. "
                             "Heittomerkki +- tai =-alkuisen arvon edessä ('+358…) pitää sen tekstinä Excelissä; "
                             "tuonti poistaa sen, älä poista sitä itse.",
                             "The file holds each rejected row's number, reason and values as they were read. "
                             "Correct the values and import the file again as it is: the row and reason columns are "
                             "skipped. The apostrophe before a value starting with + or = ('+358…) keeps it text in "
                             "Excel; the import takes it off, leave it."),
    "import.col_value": ("Arvo", "Value"),
    "import.notes_title": ("Tuodaan, mutta huomaa", "Imported, but note"),
    "import.col_note": ("Huomio", "Note"),
    "inote.address_not_split": ("osoite ei ole muotoa 'katu, postinumero toimipaikka[, maa]': tallennetaan "
                                "kokonaan katuosoitteeksi",
                                "the address does not read as 'street, postcode city[, country]': stored whole as "
                                "the street"),
    "inote.organisation_not_found": ("rekisterissä ei ole organisaatiota nimeltä {value}: henkilö tuodaan ilman "
                                     "organisaatiota",
                                     "no organisation in the register is named {value}: the person comes in "
                                     "without one"),
    "inote.organisation_ambiguous": ("rekisterissä on useita organisaatioita nimeltä {value}: henkilö tuodaan "
                                     "ilman organisaatiota (anna Y-tunnus)",
                                     "more than one organisation in the register is named {value}: the person "
                                     "comes in without one (give the Y-tunnus)"),
    **{f"ireason.{code}": pair for code, pair in {
        "invalid_email": ("sähköpostiosoite ei kelpaa", "not an e-mail address"),
        "invalid_phone": ("puhelinnumero ei kelpaa", "not a phone number"),
        "invalid_postcode": ("postinumerossa on oltava viisi numeroa", "a Finnish postcode has five digits"),
        "invalid_business_id": ("Y-tunnuksen tarkiste ei täsmää", "the Y-tunnus check digit does not match"),
        "unknown_organisation": ("rekisterissä ei ole organisaatiota tällä Y-tunnuksella",
                                 "no organisation in the register has this Y-tunnus"),
        "invalid_date": ("päivämäärä ei kelpaa: anna se muodossa 24.11.2026 tai 2026-11-24, kellonaika saa seurata "
                         "(24.11.2026 klo 8.15); vinoviivoin (6/25/2025) vain, jos sarakkeessa jokin yli 12:n luku "
                         "näyttää, kumpi on päivä; tai asiakkuus päättyy ennen alkuaan",
                         "not a date: give it as 2026-11-24 or 24.11.2026, a time of day may follow (2026-11-24 "
                         "08:15); a slashed date (6/25/2025) only where a day over 12 in the column shows which is "
                         "the day; or the relationship ends before it began"),
        "invalid_value": ("arvo ei ole sallittu", "not a value this column takes"),
        # The form expected, where the column says more than the reason (registry/imports.py _COLUMN_MESSAGES).
        **{f"invalid_value.{column}": ("maa ei kelpaa: anna maakoodi (FI, FIN) tai maan nimi suomeksi, ruotsiksi tai "
                                       "englanniksi (Suomi, Finland)",
                                       "not a country: give a code (FI, FIN) or a name in Finnish, Swedish or English "
                                       "(Suomi, Finland)") for column in ("postal_country", "billing_country")},
        "invalid_value.language": ("kieli ei kelpaa: anna fi (suomi) tai en (englanti)",
                                   "not a language the register writes in: give fi (suomi) or en (English)"),
        "invalid_value.is_contact_person": ("ei kyllä eikä ei: anna kyllä/ei, yes/no, true/false tai 1/0",
                                            "not a yes or no: give kyllä/ei, yes/no, true/false or 1/0"),
        "missing_field": ("uudelta henkilöltä puuttuu nimi tai sähköpostiosoite",
                          "a new person needs a name and an e-mail address"),
        "duplicate_in_file": ("sama henkilö on tiedostossa useammin kuin kerran",
                              "the file names this person more than once"),
        "unknown_person": ("henkilöä ei ole rekisterissä (tämä lähde vain päivittää)",
                           "no such person in the register (this source only updates)"),
        "ambiguous_person": ("usealla henkilöllä on tämä sähköpostiosoite: anna asiakasnumero",
                             "more than one person has this e-mail address: give the customer number"),
        "erased_person": ("henkilön tiedot on poistettu", "this person's data has been erased"),
        "restricted_person": ("henkilön tietojen käsittely on rajoitettu", "processing of this person's data is "
                              "restricted"),
    }.items()},
    # settings (issue #13)
    "settings.intro": ("Tietosuojaselosteen tiedot. Säännöt ja seloste lukevat samat asetukset: kun muutat "
                       "säilytysaikaa, poistettavien luettelo ja seloste muuttuvat yhdessä.",
                       "The facts of the privacy notice. The rules and the notice read the same settings: a change "
                       "of retention moves the due list and the notice together."),
    "settings.controller": ("Rekisterinpitäjä ja yhteyshenkilö", "Controller and contact person"),
    "settings.texts": ("Selosteen tekstit", "The notice's texts"),
    "settings.save": ("Tallenna muutokset", "Save the changes"),
    "settings.saved": ("Tallennettu: {names}.", "Saved: {names}."),
    "settings.retention_input": ("Säilytysaika asiakkuuden päättymisestä (päivää)",
                                 "Retention after the customer relationship ends (days)"),
    "settings.retention_shorter": ("{days} päivän säilytysajalla poistettavissa olisi tänään {n} henkilöä enemmän. "
                                   "Heidät poistetaan seuraavassa poistossa.",
                                   "With {days} days, {n} more persons would be purgeable today. They are erased "
                                   "by the next purge."),
    "settings.retention_longer": ("{days} päivän säilytysajalla {n} nyt poistettavissa olevaa henkilöä ei olisi enää "
                                  "poistettavissa tänään.",
                                  "With {days} days, {n} persons purgeable now would no longer be purgeable today."),
    "settings.retention_confirm": ("Ymmärrän, että säilytysaika muuttuu {days} päivään heti.",
                                   "I understand that the retention becomes {days} days at once."),
    "settings.retention_save": ("Vaihda säilytysaika", "Change the retention"),
    "settings.preview": ("Tietosuojaseloste", "Privacy notice"),
    "settings.preview_language": ("Kieli", "Language"),
    "settings.download": ("Lataa ({fmt})", "Download ({fmt})"),
    "settings.download_record": ("Seloste käsittelytoimista (PDF)", "Record of processing (PDF)"),
    **{f"setting.{key}": pair for key, pair in {
        "controller_name": ("Rekisterinpitäjä", "Controller"), "controller_business_id": ("Y-tunnus", "Business ID"),
        "controller_address": ("Osoite", "Address"), "contact_name": ("Yhteyshenkilö", "Contact person"),
        "contact_email": ("Yhteyshenkilön sähköposti", "Contact e-mail"),
        "contact_phone": ("Yhteyshenkilön puhelin", "Contact phone"),
        "contact_address": ("Yhteyshenkilön osoite", "Contact address"),
        "retention_days": ("Säilytysaika", "Retention"), "legal_basis": ("Oikeusperuste", "Legal basis"),
        "purposes": ("Käsittelyn tarkoitus", "Purposes"), "data_categories": ("Henkilötietoryhmät", "Data categories"),
        "recipients": ("Vastaanottajat", "Recipients"), "sources": ("Tietolähteet", "Sources"),
        "disclosures": ("Luovutukset", "Disclosures"), "transfers": ("Siirrot EU:n ulkopuolelle", "Transfers outside the EU"),
        "security": ("Suojauksen periaatteet", "Security"), "cookies": ("Evästeet", "Cookies"),
        "authority": ("Valvontaviranomainen", "Supervisory authority"),
    }.items()},
    # users
    "users.name": ("Nimi", "Name"),
    "users.role": ("Rooli", "Role"),
    "users.nda": ("Salassapitositoumus", "NDA signed on"),
    "users.no_nda": ("ei kirjattu", "not recorded"),
    "users.state": ("Tila", "State"),
    "users.failed": ("Epäonnistuneet", "Failed sign-ins"),
    "users.active": ("käytössä", "active"),
    "users.locked": ("lukittu", "locked"),
    "users.disabled": ("poistettu käytöstä", "disabled"),
    "users.choose": ("Valitse käyttäjä", "Choose a user"),
    "users.change_role": ("Vaihda rooli", "Change role"),
    "users.record_nda": ("Kirjaa salassapitositoumus", "Record NDA date"),
    "users.new_password": ("Uusi salasana", "New password"),
    "users.reset_password": ("Vaihda salasana", "Reset password"),
    "users.unlock": ("Avaa lukitus", "Unlock"),
    "users.enable": ("Ota käyttöön", "Enable"),
    "users.disable": ("Poista käytöstä", "Disable"),
    "users.saved": ("Tallennettu.", "Saved."),
    "users.add": ("Lisää käyttäjä", "Add a user"),
    "users.initial_password": ("Salasana", "Password"),
    "users.password_help": ("Vähintään 10 merkkiä.", "At least 10 characters."),
    "users.add_button": ("Lisää", "Add"),
    "users.email": ("Sähköposti", "E-mail"),
    "users.language": ("Kieli", "Language"),
    "users.role_help": ("Ehdotettu rooli on suppein: tarkastaja näkee vain lokin ja tilastot. Valitse laajempi vain "
                        "tarpeen mukaan.", "The suggested role is the narrowest: an auditor sees only the audit trail "
                        "and statistics. Choose a wider one only as needed."),
    "users.date_hint": ("Päivämäärä muodossa pp.kk.vvvv, esim. 15.1.2026.", "A date as dd.mm.yyyy, e.g. 15.01.2026."),
    "users.added": ("Käyttäjä {username} lisätty.", "User {username} added."),
    # statistics
    "stats.rules_heading": ("Miten luvut suojataan", "How the numbers are protected"),
    "stats.rules": (
        "- Solu, jonka luku perustuu alle **{k}** eri henkilöön, salataan (merkki `..`, Tilastokeskuksen tapaan).\n"
        "- Euromääräinen solu salataan myös, jos yhden henkilön osuus on yli 85 %.\n"
        "- Lisäksi salataan niin monta muuta solua, ettei salattua lukua voi laskea rivin tai sarakkeen "
        "summasta: yhdelläkään rivillä tai sarakkeella ei ole vain yhtä salattua solua. Täydentävät solut "
        "valitaan niin, että tietoa menetetään mahdollisimman vähän.\n"
        "- Tarkastus laskee lineaarisella optimoinnilla jokaiselle salatulle solulle välin, jonka sen arvosta voi "
        "päätellä julkaistuista luvuista, ja varmistaa, ettei yksikään väli ole yksittäinen luku.\n"
        "- Käsittelyn rajoittaneet henkilöt eivät ole mukana. Poistettujen henkilöiden tilaukset ovat mukana "
        "nimettöminä, joten poisto ei muuta summia.",
        "- A cell whose figure comes from fewer than **{k}** distinct persons is withheld (shown as `..`, as "
        "Statistics Finland does).\n"
        "- A euro cell is also withheld when one person contributes more than 85 % of it.\n"
        "- Further cells are withheld so that no withheld figure can be worked out from a row or column "
        "total: no row or column holds exactly one withheld cell. These complementary cells are chosen to "
        "lose as little information as possible.\n"
        "- An audit computes, by linear programming, the interval each withheld cell can be narrowed to from "
        "the published figures, and checks that none is a single value.\n"
        "- Persons who restricted processing are left out. Purged persons' orders stay in, anonymous, so a "
        "purge does not change the totals."),
    "stats.k": ("Vähimmäishenkilömäärä k", "Minimum persons k"),
    "stats.k_plain": ("k = {k}: lukua ei julkaista, jos sen takana on alle {k} henkilöä.",
                      "k = {k}: a figure is not published when fewer than {k} persons stand behind it."),
    "stats.dominance_plain": ("Euromäärää ei julkaista, jos yksi henkilö tuo siitä yli 85 %, koska summa kertoisi "
                              "hänen ostoksistaan.", "A euro amount is not published when one person brings more "
                              "than 85 % of it, because the sum would tell of that person's purchases."),
    "stats.span": ("Näytä", "Show"),
    "stats.span.recent": ("viimeiset 24 kuukautta", "the last 24 months"),
    "stats.span.all": ("koko jakso", "the whole span"),
    "stats.span_help": ("Koskee sivun kaavioita ja taulukoita; ladattavat tiedostot sisältävät aina koko jakson.",
                        "For the charts and tables on this page; the downloads always hold the whole span."),
    "stats.total_is_whole": ("Yhteensä-rivi on koko jakson summa.", "The total row is the sum of the whole span."),
    "stats.k_help": ("Solu salataan, jos sen luku perustuu alle k henkilöön. Sivulla k on vähintään 5; "
                     "komentorivillä voi valita muunkin.",
                     "A cell is withheld when fewer than k persons stand behind it. On this page k is at "
                     "least 5; the command line can set another."),
    "stats.computing": ("Lasketaan tilastoja…", "Computing the statistics…"),
    "stats.as_of": ("Tilanne {day} päivän päättyessä · k = {k} · samat luvut kuin komennolla "
                    "`python -m registry stats --today {iso}`.",
                    "As of the end of {day} · k = {k} · the same numbers as `python -m registry stats --today {iso}`."),
    "stats.day": ("Tilannepäivä", "As of"),
    "stats.day_help": ("Luvut sellaisina kuin rekisteri oli tämän päivän päättyessä: myöhemmät tilaukset, "
                       "poistot ja pyyntöjen ratkaisut eivät näy. Saman päivän raportti on myöhemminkin sama "
                       "(paitsi jos joku on sittemmin rajoitettu: rajoitettua tietoa ei käsitellä).",
                       "The numbers as the register stood at the end of this day: later orders, purges and "
                       "request decisions do not show. A report for the same day stays the same when made "
                       "again (unless a person has been restricted since: restricted data is not processed)."),
    "stats.zip": ("Kaikki taulukot (CSV, zip)", "All tables (CSV, zip)"),
    "stats.zip_excel": ("Kaikki taulukot suomalaiselle Excelille (zip)", "All tables for Finnish Excel (zip)"),
    "stats.csv": ("Lataa CSV", "Download CSV"),
    "stats.csv_excel": ("CSV suomalaiselle Excelille", "CSV for Finnish Excel"),
    "stats.table_caption": ("Mittari: {measure} · salattuja soluja: liian vähän henkilöitä tai dominanssi "
                            "{primary}, niiden suojaksi {secondary}.",
                            "Measure: {measure} · withheld cells: too few persons or dominance {primary}, "
                            "to protect them {secondary}."),
    "stats.grey_is_withheld": ("Harmaa solu tai merkki `..` = salattu tieto, ei nolla.",
                               "A grey cell or `..` = withheld, not zero."),
    "stats.withheld": ("salattu (..)", "withheld (..)"),
    "stats.audit_heading": ("Suojauksen tarkastus: {n} salattua solua", "Protection audit: {n} withheld cells"),
    "stats.audit_explained": (
        "Jokaiselle salatulle solulle väli, jolle sen arvo voidaan rajata kaikista julkaistuista luvuista, ja "
        "ensisijaisesti salatulle solulle vaadittu väli, johon rajauksen on vähintään ulotuttava. "
        "Täydentävästi salattua solua ei saa voida laskea yhdeksi luvuksi.",
        "For each withheld cell, the interval its value can be narrowed to from everything published, and for "
        "a cell withheld for its own sake the range that interval must reach at least. A complementary cell "
        "must not be computable as a single value."),
    "stats.audit_linked": (
        "Kuukausi-, neljännesvuosi- ja vuositaulukot on suojattu yhdessä: välit on laskettu kaikista kolmesta.",
        "The month, quarter and year tables are protected together: the intervals are worked out from all "
        "three."),
    "stats.range_rule": (
        "**Suojaväli:** salatun solun arvoa ei saa pystyä rajaamaan 10 %:a lähemmäs oikeaa arvoa "
        "(henkilö- ja lukumäärissä ±1), eikä yhden henkilön hallitsemaa summaa alle hänen osuutensa "
        "÷ 0,85.",
        "**Protection range:** no withheld cell may be narrowed to within 10 % of its true value (counts: ±1), "
        "nor a sum one person dominates below their share ÷ 0.85."),
    "stats.insider_rule": (
        "**Sisäpiiriläinen:** henkilö, joka yksin muodostaa salatun solun, tietää sen arvon; sekään tieto ei "
        "saa riittää toisen salatun solun laskemiseen.",
        "**Insider:** a person who alone makes up a withheld cell knows its value; even that must not let them "
        "work out another withheld cell."),
    "stats.need_low": ("Vaadittu alaraja", "Required low"),
    "stats.need_high": ("Vaadittu yläraja", "Required high"),
    "stats.why": ("Syy", "Why"),
    "stats.why.primary": ("liian vähän henkilöitä tai dominanssi", "too few persons or dominance"),
    "stats.why.secondary": ("täydentävä salaus", "complementary"),
    "stats.low": ("Alaraja", "Low"),
    "stats.high": ("Yläraja", "High"),
    "stats.period": ("Jakso", "Period"),
    "stats.period_help": ("Aikataulukoiden rivit. Pienessä rekisterissä neljännesvuosi tai vuosi salaa vähemmän soluja.",
                          "Rows of the time tables. In a small register a quarter or a year withholds fewer cells."),
    "stats.period.month": ("kuukausi", "month"),
    "stats.period.quarter": ("neljännesvuosi", "quarter"),
    "stats.period.year": ("vuosi", "year"),
    **{f"stats.{key}": pair for key, pair in LABEL_WORDS.items()},  # one table with the Finnish-Excel CSV
    "stats.measure.persons": ("henkilöt", "persons"),
    "stats.measure.orders": ("tilaukset", "orders"),
    "stats.measure.eur": ("euroa", "euros"),
    "stats.measure.requests": ("pyynnöt", "requests"),
    # issue #4: audit actions and details as words, paging on one row, request decisions in tabs
    **{f"audit.action.{action}": pair for action, pair in {
        "account_locked": ("Tunnus lukittiin", "Account locked"),
        "demo_created": ("Esittelyaineisto luotiin", "Demo data created"),
        "identity_verified": ("Henkilöllisyys varmennettiin", "Identity verified"),
        "marketing_list": ("Markkinointilista muodostettiin", "Marketing list built"),
        "legal_hold_placed": ("Oikeudellinen pito asetettiin", "Legal hold placed"),
        "legal_hold_lifted": ("Oikeudellinen pito purettiin", "Legal hold lifted"),
        "letter_previewed": ("Kirjettä esikatseltiin", "Letter previewed"),
        "purge_proposed": ("Poistoa ehdotettiin", "Purge proposed"),
        "purge_approved": ("Poistoehdotus hyväksyttiin", "Purge proposal approved"),
        "purge_refused": ("Poistoehdotus hylättiin", "Purge proposal refused"),
        "purge_withdrawn": ("Poistoehdotus peruttiin", "Purge proposal withdrawn"),
        "nda_recorded": ("Salassapitositoumus kirjattiin", "NDA recorded"),
        "password_reset": ("Salasana vaihdettiin", "Password reset"),
        "purge": ("Henkilötiedot poistettiin", "Personal data purged"),
        "request_closed": ("Pyyntö suljettiin", "Request closed"),
        "request_completed": ("Pyyntö toteutettiin", "Request carried out"),
        "request_extended": ("Määräaikaa jatkettiin", "Deadline extended"),
        "request_matched": ("Pyyntö yhdistettiin henkilöön", "Request matched to a person"),
        "request_recorded": ("Pyyntö kirjattiin", "Request recorded"),
        "request_refused": ("Pyyntö evättiin", "Request refused"),
        "request_started": ("Pyynnön käsittely aloitettiin", "Work on a request started"),
        "request_withdrawn": ("Pyyntö peruttiin", "Request withdrawn"),
        "restriction_lifted": ("Käsittelyn rajoitus purettiin", "Restriction lifted"),
        "role_changed": ("Rooli vaihdettiin", "Role changed"),
        "sign_in": ("Kirjautui sisään", "Signed in"),
        "sign_in_failed": ("Kirjautuminen epäonnistui", "Sign-in failed"),
        "sign_in_refused": ("Kirjautuminen estettiin", "Sign-in refused"),
        "sign_out": ("Kirjautui ulos", "Signed out"),
        "user_added": ("Käyttäjä lisättiin", "User added"),
        "user_disabled": ("Käyttäjä poistettiin käytöstä", "User disabled"),
        "user_enabled": ("Käyttäjä otettiin käyttöön", "User enabled"),
        "user_unlocked": ("Käyttäjän lukitus avattiin", "User unlocked"),
        "view_record": ("Henkilön tiedot avattiin", "Person's record opened"),
        "import": ("Henkilöitä tuotiin tiedostosta", "Persons imported from a file"),
        "setting_changed": ("Asetusta muutettiin", "Setting changed"),
        "backup_taken": ("Varmuuskopio otettiin", "Backup taken"),
        "restore": ("Rekisteri palautettiin varmuuskopiosta", "Register restored from a backup"),
    }.items()},
    **{f"audit.detail.{key}": pair for key, pair in {
        "request_id": ("pyyntö", "request"), "customer_id": ("henkilö", "person"),
        "source": ("lähde", "source"), "rows": ("rivejä", "rows"), "key": ("asetus", "setting"),
        "old": ("vanha arvo", "old value"), "new": ("uusi arvo", "new value"), "created": ("uusia", "new"),
        "updated": ("muuttuneita", "changed"), "unchanged": ("ennallaan", "unchanged"),
        "rejected": ("hylättyjä", "rejected"), "created_ids": ("uudet henkilöt", "new persons"),
        "updated_ids": ("muuttuneet henkilöt", "changed persons"), "rejected_rows": ("hylätyt rivit", "rejected rows"),
        "customer_ids": ("henkilöt", "persons"), "kind": ("laji", "kind"), "status": ("tila", "status"),
        "files": ("asiakirjat", "documents"), "fields": ("kentät", "fields"),
        "notified": ("ilmoitettu vastaanottajille", "recipients notified"), "role": ("rooli", "role"),
        "username": ("käyttäjä", "user"), "nda_recorded": ("salassapitositoumus", "NDA recorded"),
        "nda_signed_on": ("salassapitositoumus", "NDA signed on"), "reason": ("syy", "reason"),
        "failures": ("epäonnistumisia peräkkäin", "failures in a row"), "until": ("lukittu asti", "locked until"),
        "persons": ("henkilöitä", "persons"), "counts": ("määrät", "counts"), "today": ("päivä", "date"),
        "customers": ("asiakkaita", "customers"), "seed": ("siemenluku", "seed"),
        "persons_purged": ("poistettu", "purged"), "orders_kept_anonymous": ("tilauksia nimettöminä",
                                                                           "orders kept anonymous"),
        "invoices_kept": ("laskuja säilytetty", "invoices kept"), "notes_removed": ("muistiinpanoja poistettu",
                                                                                  "notes removed"),
        "visits_removed": ("käyntilokirivejä poistettu", "visit-log rows removed"),
        "import_rows_removed": ("tuontirivejä poistettu", "import rows removed"),
        "sources_removed": ("tietolähdemerkintöjä poistettu", "source records removed"),
        "field_changes_removed": ("muutospäiviä poistettu", "field change dates removed"),
        "request_texts_erased": ("pyyntötekstejä poistettu", "request texts erased"),
        "legal_hold_reasons_erased": ("pitojen syitä poistettu", "legal-hold reasons erased"),
        "blocked_skipped": ("estettyjä ohitettu", "skipped as blocked"),
        "already_purged": ("jo poistettuja", "already purged"),
        "proposal_id": ("ehdotus", "proposal"), "proposed_by": ("ehdottaja", "proposed by"),
        "hold_id": ("pito", "hold"), "from": ("mistä", "from"),
        "kept_out_holds": ("poissa pitäneet pidot", "holds keeping persons out"),
        "file": ("tiedosto", "file"), "size": ("koko tavuina", "size in bytes"),
        "audit_seq": ("lokimerkintä", "audit entry"), "backup": ("varmuuskopio", "backup"),
        "backup_taken_at": ("otettu", "taken"), "reapplied": ("poistettu uudelleen", "purged again"),
        "without_ledger": ("ilman poistolokia", "without a ledger"),
        "by_purge": ("toteutettu poistossa", "carried out by purge"),
        "closed_with": ("suljettu pyynnön kanssa", "closed with request"),
        "person_erased": ("henkilön tiedot jo poistettu", "person's data already erased"),
        "erasure_requests_completed": ("poistopyyntöjä toteutettu", "erasure requests carried out"),
    }.items()},
    **{f"audit.reason.{reason}": pair for reason, pair in {
        "unknown_user": ("tuntematon käyttäjätunnus", "unknown username"),
        "wrong_password": ("väärä salasana", "wrong password"),
        "locked": ("tunnus lukittu", "account locked"),
        "disabled": ("tunnus poistettu käytöstä", "account disabled"),
    }.items()},
    "audit.code": ("Koodi", "Code"),
    "paging.newer": ("Uudemmat", "Newer"),
    "paging.of_pages": ("Sivu {n} / {pages}", "Page {n} of {pages}"),
    "paging.rows": ("rivit {first}–{last}", "rows {first}–{last}"),
    "paging.rows_of": ("rivit {first}–{last} / {total}", "rows {first}–{last} of {total}"),
    "requests.tab_complete": ("Toteuta", "Carry out"),
    "requests.tab_extend": ("Jatka määräaikaa", "Extend"),
    "requests.tab_refuse": ("Epää", "Refuse"),
    "requests.tab_close": ("Sulje", "Close"),
    "backups.intro": ("Varmuuskopio on salattu kopio koko rekisteristä. Avain pysyy palvelimella: pidä siitä "
                      "kopio eri paikassa kuin varmuuskopiot.", "A backup is an encrypted copy of the whole register. "
                      "The key stays on the server: keep a copy of it apart from the backups."),
    "backups.last": ("Viimeisin varmuuskopio: {at} · {size} · {who}", "Last backup: {at} · {size} · {who}"),
    "backups.file": ("Tiedosto: {file} (nimessä oleva aika on UTC-aikaa; Suomen aikaa {local}).",
                     "File: {file} (the time in the name is UTC; {local} Finnish time)."),
    "backups.restored": ("Rekisteri palautettiin {at} ({by}) varmuuskopiosta {file}.",
                         "The register was restored on {at} (by {by}) from the backup {file}."),
    "backups.restored_taken": ("Rekisteri palautettiin {at} ({by}) varmuuskopiosta, jonka otti {who} {taken}.",
                               "The register was restored on {at} (by {by}) from the backup taken {taken} "
                               "by {who}."),
    "backups.key_file": ("Salausavain on tiedostossa {path} rekisterin vieressä (ensimmäinen varmuuskopio luo "
                         "sen). Pidä siitä kopio muualla kuin varmuuskopioiden luona.",
                         "The encryption key is the file {path}, beside the store (the first backup makes it). "
                         "Keep a copy of it somewhere other than where the backups are."),
    "backups.key_env": ("Salausavain tulee ympäristömuuttujasta REGISTRY_BACKUP_KEY; avaintiedostoa {path} ei "
                        "käytetä.", "The encryption key comes from $REGISTRY_BACKUP_KEY; the key file {path} is "
                        "not used."),
    "backups.none": ("Varmuuskopiota ei ole vielä otettu.", "No backup has been taken yet."),
    "backups.stale": ("Edellinen varmuuskopio on yli 7 päivää vanha: ota uusi.",
                      "The last backup is more than 7 days old: take a new one."),
    "backups.take": ("Ota varmuuskopio", "Take a backup"),
    "backups.taking": ("Otetaan varmuuskopiota…", "Taking a backup…"),
    "backups.saved": ("Varmuuskopio tallennettu: {file} ({size}, {n} henkilöä).",
                      "Backup saved: {file} ({size}, {n} persons)."),
    "backups.ready": ("Varmuuskopio on valmis ({size}, {n} henkilöä). Lataa se ja vie turvaan.",
                      "The backup is ready ({size}, {n} persons). Download it and keep it safe."),
    "backups.download": ("Lataa varmuuskopio", "Download the backup"),
    "backups.folder": ("Varmuuskopiot tallennetaan palvelimella kansioon {folder}.",
                       "Backups are saved on the server in {folder}."),
    "backups.no_folder": ("Varmuuskopiokansiota ei ole määritetty (REGISTRY_BACKUP_DIR): varmuuskopio ladataan "
                          "selaimella.", "No backup folder is configured (REGISTRY_BACKUP_DIR): the backup is "
                          "downloaded in the browser."),
    "backups.ledger": ("Poistoloki", "Erasure ledger"),
    "backups.ledger_text": ("Poistolokissa on {n} poistoa, yhteensä {persons} henkilöä; viimeisin {at}. Palautus "
                            "poistaa heidät uudelleen. Loki on tiedostossa {path}: pidä siitä kopio palvelimen "
                            "ulkopuolella.", "The erasure ledger holds {n} purges, {persons} persons in all; the "
                            "latest on {at}. A restore purges them again. The ledger is the file {path}: keep a "
                            "copy of it off the server."),
    "backups.ledger_empty": ("Poistolokissa ei ole vielä poistoja. Loki on tiedostossa {path}.",
                             "The erasure ledger holds no purges yet. The ledger is the file {path}."),
    "backups.restore": ("Palauttaminen", "Restoring"),
    "backups.restore_text": ("Palautus korvaa koko rekisterin varmuuskopiolla ja poistaa uudelleen jokaisen "
                             "henkilön, jonka poistoloki kertoo poistetuksi. Se tehdään palvelimella "
                             "komentoriviltä, ei täältä. Pysäytä kojelauta ensin: palautus pitää rekisterin "
                             "yksin itsellään ja vaihtaa sen kerralla, joten tiedot eivät sekoitu, mutta sillä "
                             "välin tallennettu työ katoaa palautuksessa ja auki jääneet sivut näyttävät "
                             "korvatun rekisterin tietoja, kunnes ne ladataan uudelleen. Katso ensin, mitä "
                             "palautus tekisi:",
                             "A restore replaces the whole register with the backup and purges again everyone the "
                             "erasure ledger records as purged. It is done on the server from the command line, "
                             "not here. Stop the dashboard first: the restore holds the register to itself and "
                             "swaps it in at once, so nothing gets mixed up, but work saved meanwhile is lost "
                             "with the restore and pages left open show the replaced register until they are "
                             "reloaded. First see what it would do:"),
}

CATALOGUES = {lang: {key: pair[index] for key, pair in ENTRIES.items()} for index, lang in enumerate(("fi", "en"))}


def language() -> str:
    return st.session_state.get("lang") or st.session_state.get("language", DEFAULT_LANGUAGE)


def t(key: str, **values) -> str:
    """The text for `key` in the session's language; unknown keys show as themselves."""
    text = CATALOGUES[language()].get(key, key)
    return text.format(**values) if values else text


def _remember_language() -> None:
    st.session_state["language"] = st.session_state["lang"]


def language_switch() -> str:
    """The sidebar's language choice, kept in the URL (`?lang=en`): a reload or a new session
    starts with empty session state, and the cookie that signs a browser back in knows nothing of
    the language; the URL is what a reload keeps, before sign-in too. st.navigation drops query
    parameters on a page switch, so every run writes it back. A copy outside the widget's own
    state keeps the choice when Streamlit drops that state (seen on the first sign-in after a
    server start)."""
    if "language" not in st.session_state and st.query_params.get("lang") in LANGUAGES:
        st.session_state["language"] = st.query_params["lang"]  # a reload: the URL remembers
    chosen = st.session_state.get("language", DEFAULT_LANGUAGE)
    st.sidebar.selectbox(t("app.language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang",
                         index=list(LANGUAGES).index(chosen), on_change=_remember_language)
    if st.query_params.get("lang") != language():
        st.query_params["lang"] = language()
    return language()


def fmt_date(day) -> str:
    """d.m.yyyy in Finnish, yyyy-mm-dd in English; '' for None. A timestamp (stored in UTC) is
    written as its day in Finland."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = finnish_time(day).date()
    if not isinstance(day, date):
        return str(day)
    return f"{day.day}.{day.month}.{day.year}" if language() == "fi" else day.isoformat()


def fmt_time(at: datetime | None, seconds: bool = False) -> str:
    """A stored (UTC) timestamp as Finnish wall-clock time: 2.12.2026 klo 8.58 / 2026-12-02 08:58."""
    if at is None:
        return ""
    local = finnish_time(at)
    if language() == "fi":
        clock = f"{local.hour}.{local.minute:02d}" + (f".{local.second:02d}" if seconds else "")
        return f"{fmt_date(local.date())} klo {clock}"
    return f"{fmt_date(local.date())} {local:{'%H:%M:%S' if seconds else '%H:%M'}}"


def fmt_money(amount) -> str:
    """12 345,50 in Finnish, 12,345.50 in English."""
    text = f"{float(amount):,.2f}"
    return text.replace(",", "\u202f").replace(".", ",") if language() == "fi" else text


def fmt_size(n: int | None) -> str:
    """A file's size: 8,3 Mt / 8.3 MB (decimal units, as file managers show them)."""
    if n is None:
        return ""
    for fi_unit, en_unit, scale in (("Gt", "GB", 1e9), ("Mt", "MB", 1e6), ("kt", "kB", 1e3)):
        if n >= scale:
            text = f"{n / scale:.1f}"
            return f"{text.replace('.', ',')} {fi_unit}" if language() == "fi" else f"{text} {en_unit}"
    return f"{n} t" if language() == "fi" else f"{n} B"


def fmt_int(n: int) -> str:
    """Thousands with a narrow space in Finnish, a comma in English."""
    return f"{n:,}".replace(",", "\u202f") if language() == "fi" else f"{n:,}"
