"""Due for purge: the due list, the purge review, four eyes and the receipt."""

ENTRIES = {
    "due.review_answers": (("Poisto toteuttaa samalla {n} varmennetun poistopyynnön: se suljetaan, ja sen kirjeen "
                            "(laadittu ennen poistoa) voi ladata kuitilta.",
                            "Poisto toteuttaa samalla {n} varmennettua poistopyyntöä: ne suljetaan, ja niiden kirjeet "
                            "(laadittu ennen poistoa) voi ladata kuitilta."),
                           ("The purge also carries out {n} verified erasure request: it is closed, and its letter "
                            "(made before the erasure) can be downloaded from the receipt.",
                            "The purge also carries out {n} verified erasure requests: they are closed, and their "
                            "letters (made before the erasure) can be downloaded from the receipt.")),
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
    "due.review_button": (("Tarkista ja poista {n} henkilö", "Tarkista ja poista {n} henkilöä"),
                          ("Review and purge {n} person", "Review and purge {n} persons")),
    "due.review_title": ("Poiston tarkistus", "Purge review"),
    # {orders}, {invoices}: due.count.orders, due.count.invoices
    "due.review_text": (("Poistetaan **{n} henkilön** henkilötiedot. **{orders}** ja {invoices} säilyvät nimettöminä, "
                         "jotta tilastojen summat pysyvät.",
                         "Poistetaan **{n} henkilön** henkilötiedot. **{orders}** ja {invoices} säilyvät nimettöminä, "
                         "jotta tilastojen summat pysyvät."),
                        ("The personal data of **{n} person** will be erased. **{orders}** and {invoices} stay, "
                         "anonymous, so that statistics keep their totals.",
                         "The personal data of **{n} persons** will be erased. **{orders}** and {invoices} stay, "
                         "anonymous, so that statistics keep their totals.")),
    "due.count.orders": (("{n} tilaus", "{n} tilausta"), ("{n} order", "{n} orders")),
    "due.count.invoices": (("{n} lasku", "{n} laskua"), ("{n} invoice", "{n} invoices")),
    "due.review_elsewhere": ("Lisäksi poistetaan {notes}, {visits}, {sources} ja {texts}.",
                             "Also removed: {notes}, {visits}, {sources} and {texts}."),
    "due.count.notes": (("{n} muistiinpano", "{n} muistiinpanoa"), ("{n} note", "{n} notes")),
    "due.count.visits": (("{n} käyntilokirivi", "{n} käyntilokiriviä"), ("{n} visit-log row", "{n} visit-log rows")),
    "due.count.sources": (("{n} tietolähdemerkintä", "{n} tietolähdemerkintää"),
                          ("{n} source record", "{n} source records")),
    "due.count.texts": (("{n} pyyntöteksti", "{n} pyyntötekstiä"), ("{n} request text", "{n} request texts")),
    "due.and_more": ((" ja {n} muu", " ja {n} muuta"), (" and {n} more", " and {n} more")),
    "due.irreversible": ("Poistoa ei voi perua. Tietokanta kirjoitetaan uudelleen, jotta poistetut tiedot "
                         "häviävät myös tiedostosta.",
                         "A purge cannot be undone. The store is rewritten so that the erased values leave the "
                         "file too."),
    "due.understand": ("Ymmärrän, että poistoa ei voi perua.", "I understand this cannot be undone."),
    "due.confirm": (("Poista {n} henkilö", "Poista {n} henkilöä"), ("Purge {n} person", "Purge {n} persons")),
    "due.purging": ("Poistetaan…", "Purging…"),
    "due.done": (("Poistettu {n} henkilö; {orders} säilyi nimettöminä.",
                  "Poistettu {n} henkilöä; {orders} säilyi nimettöminä."),
                 ("Purged {n} person; {orders} kept anonymously.", "Purged {n} persons; {orders} kept anonymously.")),
    "due.receipt_caption": ("Tekijä {actor}, aika {at}, lokimerkintä {seq}.", "By {actor} at {at}, audit entry {seq}."),
    "due.download_receipt": ("Lataa kuitti (JSON)", "Download receipt (JSON)"),
    "due.close": ("Sulje", "Close"),
    "due.col_ended": ("Asiakkuus päättyi", "Relationship ended"),
    "due.review_search": ("Hae tarkistettavista (nimi, organisaatio tai tunnus)",
                          "Search the reviewed persons (name, organisation or id)"),
    "due.review_matched": (("Haku löysi {found} / {n} henkilön.", "Haku löysi {found} / {n} henkilöä."),
                           ("The search found {found} of {n} person.", "The search found {found} of {n} persons.")),
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
    "due.four_eyes": (("Yli {n} henkilön poisto tarvitsee toisen esimiehen hyväksynnän. Ehdota poistoa; toinen "
                       "esimies tarkistaa samat henkilöt ja hyväksyy tai hylkää ehdotuksen tänään.",
                       "Yli {n} henkilön poisto tarvitsee toisen esimiehen hyväksynnän. Ehdota poistoa; toinen "
                       "esimies tarkistaa samat henkilöt ja hyväksyy tai hylkää ehdotuksen tänään."),
                      ("A purge of more than {n} person needs another manager's approval. Propose it; another "
                       "manager reviews the same persons and approves or refuses today.",
                       "A purge of more than {n} persons needs another manager's approval. Propose it; another "
                       "manager reviews the same persons and approves or refuses today.")),
    "due.propose": (("Ehdota {n} henkilön poistoa", "Ehdota {n} henkilön poistoa"),
                    ("Propose purging {n} person", "Propose purging {n} persons")),
    "due.proposed": ("Ehdotus #{id} odottaa toisen esimiehen hyväksyntää. Se raukeaa, ellei sitä hyväksytä tänään.",
                     "Proposal #{id} awaits another manager's approval. It lapses unless approved today."),
    "due.proposals": ("Hyväksyntää odottavat poistot", "Purges awaiting approval"),
    "due.proposal_line": (("Ehdotus #{id}: {n} henkilö, ehdotti {by} {at}.",
                           "Ehdotus #{id}: {n} henkilöä, ehdotti {by} {at}."),
                          ("Proposal #{id}: {n} person, proposed by {by} at {at}.",
                           "Proposal #{id}: {n} persons, proposed by {by} at {at}.")),
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
    "due.approve_text": (("{by} ehdotti **{n} henkilön** poistoa {at}. Tarkista henkilö. Hyväksyminen poistaa hänen "
                          "tietonsa heti.",
                          "{by} ehdotti näiden **{n} henkilön** poistoa {at}. Tarkista henkilöt. Hyväksyminen poistaa "
                          "heidän tietonsa heti."),
                         ("{by} proposed purging **{n} person** at {at}. Review them. Approving erases their data at "
                          "once.",
                          "{by} proposed purging these **{n} persons** at {at}. Review them. Approving erases their "
                          "data at once.")),
    "due.approve": (("Hyväksy ja poista {n} henkilö", "Hyväksy ja poista {n} henkilöä"),
                    ("Approve and purge {n} person", "Approve and purge {n} persons")),
    "due.refuse_reason": ("Hylkäyksen peruste", "Reason for refusing"),
    "due.refuse": ("Hylkää ehdotus", "Refuse the proposal"),
    "due.refused": ("Ehdotus #{id} hylättiin.", "Proposal #{id} was refused."),
    "due.receipt_approved": ("Ehdotti {proposer}, hyväksyi ja suoritti {actor}, aika {at}, lokimerkintä {seq}.",
                             "Proposed by {proposer}, approved and carried out by {actor} at {at}, audit entry {seq}."),
    "due.download_receipt_pdf": ("Lataa kuitti (PDF)", "Download receipt (PDF)"),
}
