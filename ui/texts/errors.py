"""A registry error's sentence by its code (`err.<code>`, ui/feedback.py `error_text`); the registry's
own English message is the command line's."""

ENTRIES = {
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
    "err.four_eyes_required": (("{n} henkilön poisto tarvitsee toisen esimiehen hyväksynnän (raja {limit}).",
                                "{n} henkilön poisto tarvitsee toisen esimiehen hyväksynnän (raja {limit})."),
                               ("A purge of {n} person needs another manager's approval (limit {limit}).",
                                "A purge of {n} persons needs another manager's approval (limit {limit}).")),
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
    "err.purge_blocked": (("Poistoa ei tehty: {n} henkilön poiston estää nyt jokin este (esim. oikeudellinen pito). "
                           "Mitään ei muutettu; tarkista henkilöt uudelleen.",
                           "Poistoa ei tehty: {n} henkilön poiston estää nyt jokin este (esim. oikeudellinen pito). "
                           "Mitään ei muutettu; tarkista henkilöt uudelleen."),
                          ("Not purged: {n} of the persons is now blocked (e.g. by a legal hold). Nothing changed; "
                           "review again.",
                           "Not purged: {n} of the persons are now blocked (e.g. by a legal hold). Nothing changed; "
                           "review again.")),
    "err.not_due": (("Poistoa ei tehty: {n} henkilö ei ole enää poistettavissa. Mitään ei muutettu.",
                     "Poistoa ei tehty: {n} henkilöä ei ole enää poistettavissa. Mitään ei muutettu."),
                    ("Not purged: {n} of the persons is no longer due. Nothing changed.",
                     "Not purged: {n} of the persons are no longer due. Nothing changed.")),
    "err.store_busy": ("Rekisteri on juuri toisen työn käytössä. Yritä hetken kuluttua uudelleen.",
                       "The register is busy with another job. Try again in a moment."),
    "err.bad_choice": ("Valinta {value} ei kelpaa.", "The choice {value} is not valid."),
    "err.not_permitted": ("Roolisi ei salli tätä toimintoa.", "Your role does not allow this."),
    "err.identity_not_verified": ("Pyyntö {id} tarvitsee ensin varmennetun henkilöllisyyden.",
                                  "Request {id} needs a verified identity first."),
    "err.no_request": ("Pyyntöä {id} ei löydy.", "There is no request {id}."),
    "err.already_asked": ("Pyynnöstä {id} on jo pyydetty lisätietoja {day}; lisätietoja pyydetään kerran.",
                          "Request {id} already has its ask, on {day}; a request is asked once."),
    "err.no_ask": ("Pyynnöstä {id} ei ole pyydetty lisätietoja: kirjaa ensin pyyntö.",
                   "Request {id} has no ask to answer: record the ask first."),
    "err.already_answered": ("Pyyntöön {id} kirjattiin vastaus jo {day}.", "Request {id} was answered on {day} already."),
    "err.answer_before_ask": ("Vastauspäivä {day} on ennen lisätietojen pyytämistä ({asked}).",
                              "The answer's day {day} is before the ask ({asked})."),
    "err.approval_without_ground": ("Toisen esihenkilön hyväksyntä kuuluu vain ilmeisen perusteettoman tai kohtuuttoman "
                                    "pyynnön epäämiseen.", "A second manager's approval goes with a refusal as "
                                    "manifestly unfounded or excessive only."),
    "err.is_duplicate": ("Pyyntö {id} on pyynnön {first} kaksoiskappale: siihen vastataan ja se suljetaan pyynnön "
                         "{first} kanssa samalla kirjeellä. Mitään ei muutettu.",
                         "Request {id} duplicates request {first}: it is answered and closed with request {first} by "
                         "the same letter. Nothing changed."),
    "err.approval_needed": ("Ilmeisen perusteettoman tai kohtuuttoman pyynnön epääminen tarvitsee toisen esihenkilön "
                            "hyväksynnän. Mitään ei muutettu.", "A refusal as manifestly unfounded or excessive needs "
                            "a second manager's approval. Nothing changed."),
    "err.own_approval": ("{who} on ehdottanut epäämistä eikä voi myös hyväksyä sitä: toinen esihenkilö hyväksyy.",
                         "{who} proposed the refusal and cannot approve it too: another manager approves."),
    "err.approver_not_manager": ("{who} ei ole käytössä oleva esihenkilön tunnus eikä voi hyväksyä epäämistä.",
                                 "{who} is not an active manager account and cannot approve the refusal."),
    "err.justification_needed": ("Kirjoita epäämisen perustelut: näyttötaakka on rekisterinpitäjällä.",
                                 "Write the justification: the burden of proof is the controller's."),
    "err.no_refusal_proposal": ("Pyynnöllä {id} ei ole hyväksyntää odottavaa epäämisehdotusta.",
                                "Request {id} has no refusal awaiting approval."),
    "err.refusal_proposed_already": ("Pyynnöllä {id} on jo epäämisehdotus ({who}).",
                                     "Request {id} already has a refusal proposal ({who})."),
    "err.day_in_future": ("Päivä {day} on tulevaisuudessa.", "The day {day} is in the future."),
    "err.day_before_received": ("Päivä {day} on ennen pyynnön vastaanottoa ({received}).",
                                "The day {day} is before the request was received ({received})."),
    "err.request_closed": ("Pyyntö {id} on jo suljettu; mitään ei muutettu.",
                           "Request {id} is closed already; nothing changed."),
    "err.extension_reason_needed": ("Kirjoita jatkamisen syy: se kerrotaan henkilölle.",
                                    "Write the reason for the extension: the person is told it."),
    "err.already_extended": ("Pyynnön {id} määräaikaa jatkettiin jo {day}; jatkaa voi vain kerran.",
                             "Request {id} was extended on {day} already; it can be extended only once."),
    "err.extension_too_late": ("Pyyntöä {id} olisi voinut jatkaa {day} asti (kuukausi saapumisesta ja henkilön vastausta "
                               "odotetut päivät): jatkamisesta on ilmoitettava ensimmäisen kuukauden aikana.",
                               "Request {id} could be extended until {day} (one month from receipt plus the days spent "
                               "waiting for the person): an extension must be notified within the first month."),
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
    "err.short_password": (("Salasanassa on oltava vähintään {n} merkki.", "Salasanassa on oltava vähintään {n} merkkiä."),
                           ("The password needs at least {n} character.", "The password needs at least {n} characters.")),
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
    "err.import_too_many_columns": (("Tiedostossa on {n} sarake (enintään {limit}): se ei ole asiakasluettelo.",
                                     "Tiedostossa on {n} saraketta (enintään {limit}): se ei ole asiakasluettelo."),
                                    ("The file has {n} column (at most {limit}): it is not a customer list.",
                                     "The file has {n} columns (at most {limit}): it is not a customer list.")),
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
    "err.smtp_password_not_stored": ("SMTP-salasanaa ei tallenneta: se annetaan ympäristömuuttujassa "
                                     "REGISTRY_SMTP_PASSWORD.", "The SMTP password is never stored: it is given in the "
                                     "environment variable REGISTRY_SMTP_PASSWORD."),
    "err.smtp_not_set_up": ("Sähköposti ei ole käytössä: anna SMTP-palvelin ja lähettäjän osoite asetuksissa.",
                            "Mail is not set up: give the SMTP server and the sender's address in the settings."),
    "err.mail_not_delivered": ("Viesti ei mennyt perille: {who}. Heille lähetetään seuraavalla kerralla.",
                               "The message did not reach {who}. They are sent to next time."),
    "err.bad_port": ("Portin on oltava luku 1–65535.", "The port must be a number from 1 to 65535."),
    "err.bad_url": ("Anna osoite, jonka esihenkilöt avaavat, esim. https://rekisteri.example.fi.",
                    "Give the address managers open, e.g. https://rekisteri.example.fi."),
    "err.bad_ask_days": ("Lisätietojen pyynnön määräajan on oltava 0–{high} päivää.",
                         "The time to ask for more information must be 0–{high} days."),
    "err.bad_retention": ("Säilytysajan on oltava {low}–{high} päivää.", "The retention must be {low}–{high} days."),
    "err.setting_needs_both": ("Asetus {key} on teksti kummallakin kielellä: anna suomeksi ja englanniksi.",
                               "The setting {key} is a text in both languages: give it in Finnish and English."),
    "err.bad_business_id": ("Y-tunnus ei kelpaa (tarkiste ei täsmää).", "Not a Y-tunnus (the check digit does not "
                            "match)."),
    "err.unexpected": ("Toiminto ei onnistunut: {detail}", "The action did not succeed: {detail}"),
}
