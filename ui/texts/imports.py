"""The Import page (issue #12): columns, the check, rejected rows and their reasons (`ireason.<code>`),
notes (`inote.<code>`) and the receipt."""

NOT_A_COUNTRY = ("maa ei kelpaa: anna maakoodi (FI, FIN) tai maan nimi suomeksi, ruotsiksi tai englanniksi "
                 "(Suomi, Finland)",
                 "not a country: give a code (FI, FIN) or a name in Finnish, Swedish or English (Suomi, Finland)")

ENTRIES = {
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
    "import.read": (("Luettu {n} rivi ja {columns}.", "Luettu {n} riviä ja {columns}."),
                    ("Read {n} row and {columns}.", "Read {n} rows and {columns}.")),
    "import.count.columns": (("{n} sarake", "{n} saraketta"), ("{n} column", "{n} columns")),
    "import.columns": ("Sarakkeet", "Columns"),
    "import.columns_help": ("Tarkista, miten kukin sarake ymmärrettiin. Vaihda sarake, jonka otsikkoa ei "
                            "tunnistettu, tai jätä se pois.",
                            "Check how each column was understood. Choose the column for a header that was not "
                            "recognised, or leave it out."),
    "import.header": ("Otsikko tiedostossa", "Header in the file"),
    "import.understood": ("Tarkoittaa", "Means"),
    "import.ignored": ("(ei tuoda)", "(not imported)"),
    "import.preview": (("Esikatselu ({n} rivi)", "Esikatselu (ensimmäiset {n} riviä)"),
                       ("Preview ({n} row)", "Preview (the first {n} rows)")),
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
    "import.apply": ("Tuo: {created}, {updated}", "Import: {created}, {updated}"),  # import.count.new, .changing
    "import.count.new": (("{n} uusi", "{n} uutta"), ("{n} new", "{n} new")),
    "import.count.changing": (("{n} muuttuva", "{n} muuttuvaa"), ("{n} changed", "{n} changed")),
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
    "import.duplicate_rows": (("{n} rivi on saman tiedoston toisen rivin kopio, ja se tuodaan kerran: {rows}.",
                               "{n} riviä on saman tiedoston toisen rivin kopio, ja ne tuodaan kerran: {rows}."),
                              ("{n} row is a copy of another row of the file and is imported once: {rows}.",
                               "{n} rows are copies of another row of the file and are imported once: {rows}.")),
    "import.row_same_as": ("rivi {row} = rivi {same_as}", "row {row} = row {same_as}"),
    # {created}: import.count.new, {updated}: import.count.changed_persons, {rejected}: import.count.rejected
    "import.done": ("Tuotu: {created} ja {updated} ({unchanged} ennallaan, {rejected}). Lokimerkintä {seq}.",
                    "Imported: {created} and {updated} ({unchanged} unchanged, {rejected}). Audit entry {seq}."),
    "import.count.changed_persons": (("{n} muuttunut henkilö", "{n} muuttunutta henkilöä"),
                                     ("{n} changed person", "{n} changed persons")),
    "import.count.rejected": (("{n} hylätty", "{n} hylättyä"), ("{n} rejected", "{n} rejected")),
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
    "ireason.invalid_email": ("sähköpostiosoite ei kelpaa", "not an e-mail address"),
    "ireason.invalid_phone": ("puhelinnumero ei kelpaa", "not a phone number"),
    "ireason.invalid_postcode": ("postinumerossa on oltava viisi numeroa", "a Finnish postcode has five digits"),
    "ireason.invalid_business_id": ("Y-tunnuksen tarkiste ei täsmää", "the Y-tunnus check digit does not match"),
    "ireason.unknown_organisation": ("rekisterissä ei ole organisaatiota tällä Y-tunnuksella",
                                     "no organisation in the register has this Y-tunnus"),
    "ireason.invalid_date": ("päivämäärä ei kelpaa: anna se muodossa 24.11.2026 tai 2026-11-24, kellonaika saa "
                             "seurata (24.11.2026 klo 8.15); vinoviivoin (6/25/2025) vain, jos sarakkeessa jokin yli "
                             "12:n luku näyttää, kumpi on päivä; tai asiakkuus päättyy ennen alkuaan",
                             "not a date: give it as 2026-11-24 or 24.11.2026, a time of day may follow (2026-11-24 "
                             "08:15); a slashed date (6/25/2025) only where a day over 12 in the column shows which "
                             "is the day; or the relationship ends before it began"),
    "ireason.invalid_value": ("arvo ei ole sallittu", "not a value this column takes"),
    # The form expected, where the column says more than the reason (registry/intake/imports.py _COLUMN_MESSAGES).
    "ireason.invalid_value.postal_country": NOT_A_COUNTRY,
    "ireason.invalid_value.billing_country": NOT_A_COUNTRY,
    "ireason.invalid_value.language": ("kieli ei kelpaa: anna fi (suomi) tai en (englanti)",
                                       "not a language the register writes in: give fi (suomi) or en (English)"),
    "ireason.invalid_value.is_contact_person": ("ei kyllä eikä ei: anna kyllä/ei, yes/no, true/false tai 1/0",
                                                "not a yes or no: give kyllä/ei, yes/no, true/false or 1/0"),
    "ireason.missing_field": ("uudelta henkilöltä puuttuu nimi tai sähköpostiosoite",
                              "a new person needs a name and an e-mail address"),
    "ireason.duplicate_in_file": ("sama henkilö on tiedostossa useammin kuin kerran",
                                  "the file names this person more than once"),
    "ireason.unknown_person": ("henkilöä ei ole rekisterissä (tämä lähde vain päivittää)",
                               "no such person in the register (this source only updates)"),
    "ireason.ambiguous_person": ("usealla henkilöllä on tämä sähköpostiosoite: anna asiakasnumero",
                                 "more than one person has this e-mail address: give the customer number"),
    "ireason.erased_person": ("henkilön tiedot on poistettu", "this person's data has been erased"),
    "ireason.restricted_person": ("henkilön tietojen käsittely on rajoitettu",
                                  "processing of this person's data is restricted"),
}
