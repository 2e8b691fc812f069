"""The Requests page: the list, one request's facts and the manager's decisions in tabs."""

ENTRIES = {
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
    "requests.closed_caption": ("Kirjeitä ei säilytetä rekisterissä, vain niiden nimet ja tarkisteet: niissä on henkilön "
                                "tietoja, jotka poistetaan aikanaan. Ne tarjottiin ladattaviksi, kun pyyntö toteutettiin "
                                "tai poisto tehtiin.",
                                "Letters are not kept in the register, only their names and checksums: they carry the "
                                "person's data, which is erased in time. They were offered for download when the "
                                "request was carried out or the purge made."),
    "requests.legend": ("Punainen: myöhässä. Keltainen: erääntyy 7 päivässä.",
                        "Red: overdue. Amber: due within 7 days."),
    "requests.none_open": ("Ei avoimia pyyntöjä.", "No open requests."),
    "requests.choose": ("Valitse pyyntö", "Choose a request"),
    "requests.opened": ("Pyyntö {id} on avattu alla.", "Request {id} is open below."),
    "requests.link_not_open": ("Pyyntö {id} ei ole enää avoin: se on käsitelty tai sitä ei ole. Käsitellyt pyynnöt "
                               "näet valinnalla ”suljetut”.",
                               "Request {id} is no longer open: it has been dealt with, or there is no such request. "
                               "Closed requests are under “closed”."),
    "requests.heading": ("Pyyntö {id}: {kind}", "Request {id}: {kind}"),
    "requests.facts": ("Vastaanotettu {received} · määräaika **{due}** ({days}) · kanava {channel} · kieli {language}",
                       "Received {received} · due **{due}** ({days}) · channel {channel} · language {language}"),
    "requests.days_left": (("{n} pv jäljellä", "{n} pv jäljellä"), ("{n} day left", "{n} days left")),
    "requests.days_overdue": ((":red[{n} pv myöhässä]", ":red[{n} pv myöhässä]"),
                              (":red[{n} day overdue]", ":red[{n} days overdue]")),
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
    "requests.tab_complete": ("Toteuta", "Carry out"),
    "requests.tab_extend": ("Jatka määräaikaa", "Extend"),
    "requests.tab_refuse": ("Epää", "Refuse"),
    "requests.tab_close": ("Sulje", "Close"),
    # Waiting for the person (REGISTER.md section 4): the deadline with the days waited, and why.
    "asked.identity": ("henkilöllisyyden vahvistusta", "confirmation of identity"),
    "asked.clarification": ("tarkennusta pyyntöön", "clarification of the request"),
    "requests.col_note": ("Huomio", "Note"),
    "requests.note_duplicate": ("sama kuin pyyntö {id}", "same as request {id}"),
    "requests.note_waiting": ("odottaa henkilön vastausta", "waiting for the person"),
    "requests.note_waited": (("odotettiin {n} pv", "odotettiin {n} pv"), ("waited {n} day", "waited {n} days")),
    "requests.note_asked_late": ("lisätietoja pyydetty myöhään", "asked late"),
    "requests.waiting": ((
        "Henkilöltä pyydettiin {day} {what}, eikä vastausta ole vielä tullut. Määräaika ei kulu odotuksen aikana: "
        "se on nyt **{due}** (ilman odotusta {strict}; odotettu {n} päivä) ja siirtyy päivällä jokaista "
        "odotuspäivää kohden.",
        "Henkilöltä pyydettiin {day} {what}, eikä vastausta ole vielä tullut. Määräaika ei kulu odotuksen aikana: "
        "se on nyt **{due}** (ilman odotusta {strict}; odotettu {n} päivää) ja siirtyy päivällä jokaista "
        "odotuspäivää kohden."), (
        "The person was asked for {what} on {day} and has not answered yet. The deadline stands still while we "
        "wait: it is now **{due}** (without the wait {strict}; {n} day waited so far) and moves a day with each day "
        "of waiting.",
        "The person was asked for {what} on {day} and has not answered yet. The deadline stands still while we "
        "wait: it is now **{due}** (without the wait {strict}; {n} days waited so far) and moves a day with each "
        "day of waiting.")),
    "requests.waited": ((
        "Henkilöltä pyydettiin {day} {what}, ja vastaus saapui {answered}: määräaika siirtyi {n} päivällä, "
        "**{due}** (ilman odotusta {strict}).",
        "Henkilöltä pyydettiin {day} {what}, ja vastaus saapui {answered}: määräaika siirtyi {n} päivällä, "
        "**{due}** (ilman odotusta {strict})."), (
        "The person was asked for {what} on {day} and answered on {answered}: the deadline moved by {n} day, to "
        "**{due}** (without the wait {strict}).",
        "The person was asked for {what} on {day} and answered on {answered}: the deadline moved by {n} days, to "
        "**{due}** (without the wait {strict}).")),
    "requests.asked_late": ((
        "Henkilöltä pyydettiin {day} {what}, yli {n} päivä pyynnön saapumisesta: odotus ei siirrä määräaikaa "
        "(**{due}**), koska pyyntöä ei esitetty viipymättä.",
        "Henkilöltä pyydettiin {day} {what}, yli {n} päivää pyynnön saapumisesta: odotus ei siirrä määräaikaa "
        "(**{due}**), koska pyyntöä ei esitetty viipymättä."), (
        "The person was asked for {what} on {day}, more than {n} day after the request arrived: the wait does not "
        "move the deadline (**{due}**), since the ask was not made without undue delay.",
        "The person was asked for {what} on {day}, more than {n} days after the request arrived: the wait does not "
        "move the deadline (**{due}**), since the ask was not made without undue delay.")),
    "requests.extend_by": ("Jatkamisesta on ilmoitettava henkilölle viimeistään {day} (12 art. 3 kohta).",
                           "An extension must be notified to the person by {day} (Art. 12(3))."),
    "requests.ask_heading": ("Pyydä henkilöltä lisätietoja", "Ask the person for information"),
    "requests.ask_help": ((
        "Jos henkilöllisyyttä ei voi varmistaa tai pyyntö on epäselvä, pyydä henkilöltä vain se, mitä tarvitaan. "
        "Pyyntö {n} päivän kuluessa saapumisesta pysäyttää määräajan vastaukseen asti; myöhempi pyyntö ei pysäytä. "
        "Pyytää voi kerran.",
        "Jos henkilöllisyyttä ei voi varmistaa tai pyyntö on epäselvä, pyydä henkilöltä vain se, mitä tarvitaan. "
        "Pyyntö {n} päivän kuluessa saapumisesta pysäyttää määräajan vastaukseen asti; myöhempi pyyntö ei pysäytä. "
        "Pyytää voi kerran."), (
        "When the identity cannot be confirmed or the request is unclear, ask the person for only what is needed. "
        "An ask within {n} day of receipt stops the deadline until the answer arrives; a later one does not. A "
        "request is asked once.",
        "When the identity cannot be confirmed or the request is unclear, ask the person for only what is needed. "
        "An ask within {n} days of receipt stops the deadline until the answer arrives; a later one does not. A "
        "request is asked once.")),
    "requests.ask_for": ("Mitä pyydetään", "What to ask for"),
    "requests.asked_on": ("Pyydetty", "Asked on"),
    "requests.ask_confirm": ("Kirjaa pyyntö ja laadi tämä kirje", "Record the ask and write this letter"),
    "requests.ask_first": ("Näytä ensin kirje, jonka henkilö saa; sen jälkeen voit kirjata pyynnön.",
                           "Show the letter the person will get first; then you can record the ask."),
    "requests.answered_on": ("Henkilön vastaus saapui", "The person's answer arrived on"),
    "requests.answer_button": ("Kirjaa vastaus", "Record the answer"),
    "requests.answered": ("Vastaus kirjattu: määräaika kulkee taas.", "Answer recorded: the deadline runs again."),
    # Duplicates
    "requests.recorded_duplicate": (
        "Pyyntö {id} kirjattu. Sama henkilö on jo esittänyt saman pyynnön (pyyntö {first}), joka on yhä avoin: "
        "niihin vastataan yhdellä kirjeellä, ja pyyntö {id} suljetaan pyynnön {first} kanssa.",
        "Request {id} recorded. The same person already made the same request (request {first}), still open: both "
        "are answered by one letter, and request {id} is closed with request {first}."),
    "requests.is_duplicate": (
        "Tämä on saman henkilön aiemman pyynnön {id} (saapunut {day}) kaksoiskappale. Se suljetaan pyynnön {id} "
        "kanssa samalla kirjeellä, joka mainitsee molemmat saapumispäivät; sitä ei toteuteta erikseen. "
        "Henkilöllisyys varmennetaan kummastakin pyynnöstä erikseen.",
        "This duplicates the same person's earlier request {id} (received {day}). It is closed with request {id} by "
        "the same letter, which names both receipt days; it is never carried out on its own. Identity is verified "
        "for each request separately."),
    "requests.has_duplicates": ((
        "Samalla kirjeellä vastataan myös {n} kaksoiskappaleeseen: {which}.",
        "Samalla kirjeellä vastataan myös {n} kaksoiskappaleeseen: {which}."), (
        "The same letter also answers {n} duplicate: {which}.", "The same letter also answers {n} duplicates: {which}.")),
    "requests.twin": ("pyyntö {id} (saapunut {day})", "request {id} (received {day})"),
    "requests.duplicate_decided": ("Kaksoiskappaleesta päätetään aiemman pyynnön kanssa.",
                                   "A duplicate is decided with its earlier request."),
    # Art. 12(5)
    "ground.ordinary": ("Tavallinen epääminen", "Ordinary refusal"),
    "ground.unfounded": ("Ilmeisen perusteeton (12 art. 5 k.)", "Manifestly unfounded (Art. 12(5))"),
    "ground.excessive": ("Kohtuuton (12 art. 5 k.)", "Excessive (Art. 12(5))"),
    "requests.refuse_ground": ("Peruste", "Ground"),
    "requests.manifest_help": (
        "Pyynnön voi evätä ilmeisen perusteettomana tai kohtuuttomana vain painavin perustein, ja näyttötaakka on "
        "rekisterinpitäjällä: kirjoita perustelut niin, että ne kestävät tarkastuksen. Toinen esihenkilö hyväksyy "
        "epäämisen ennen kuin kirje lähtee. Toistuvuus ei yksin tee pyynnöstä kohtuutonta.",
        "A request can be refused as manifestly unfounded or excessive only on strong grounds, and the burden of "
        "proof is the controller's: write the justification so that it stands up to an audit. A second manager "
        "approves the refusal before the letter goes. Repetition alone does not make a request excessive."),
    "requests.justification_label": ("Perustelut (kirjeeseen ja tarkastajalle)",
                                     "Justification (for the letter and the auditor)"),
    "requests.justification": ("**Perustelut**", "**Justification**"),
    "requests.refusal_propose": ("Ehdota epäämistä toiselle esihenkilölle", "Propose the refusal to another manager"),
    "requests.refusal_proposed": ("Epäämisehdotus odottaa toisen esihenkilön hyväksyntää. Kirjettä ei ole lähetetty.",
                                  "The refusal awaits another manager's approval. No letter has been sent."),
    "requests.refusal_waiting": ("Epäämisehdotus ({ground}) odottaa hyväksyntää: ehdottanut {who} {at}.",
                                 "A refusal ({ground}) awaits approval: proposed by {who} on {at}."),
    "requests.refusal_yours": ("Ehdotus on sinun: toinen esihenkilö hyväksyy tai hylkää sen.",
                               "The proposal is yours: another manager approves or declines it."),
    "requests.refusal_withdraw": ("Peru ehdotus", "Withdraw the proposal"),
    "requests.refusal_withdrawn": ("Epäämisehdotus peruttu; pyyntö on avoin.",
                                   "Refusal proposal withdrawn; the request is open."),
    "requests.refusal_approve": ("Hyväksy epääminen ja laadi tämä kirje", "Approve the refusal and write this letter"),
    "requests.refusal_decline": ("Hylkää ehdotus", "Decline the proposal"),
    "requests.refusal_declined": ("Epäämisehdotus hylätty; pyyntö on avoin.",
                                  "Refusal proposal declined; the request is open."),
    "requests.approve_first": ("Lue ensin kirje, jonka henkilö saa; sen jälkeen voit hyväksyä epäämisen.",
                               "Read the letter the person will get first; then you can approve the refusal."),
}
