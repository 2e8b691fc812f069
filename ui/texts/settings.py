"""The Settings page (issue #13): the privacy notice's facts (`setting.<key>`) and the retention."""

ENTRIES = {
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
    # {retention}: settings.count.retention
    "settings.retention_shorter": (("{retention} poistettavissa olisi tänään {n} henkilö enemmän. Hänet poistetaan "
                                    "seuraavassa poistossa.",
                                    "{retention} poistettavissa olisi tänään {n} henkilöä enemmän. Heidät poistetaan "
                                    "seuraavassa poistossa."),
                                   ("{retention}, {n} more person would be purgeable today. That person is erased by "
                                    "the next purge.",
                                    "{retention}, {n} more persons would be purgeable today. They are erased by the "
                                    "next purge.")),
    "settings.retention_longer": (("{retention} {n} nyt poistettavissa oleva henkilö ei olisi enää poistettavissa "
                                   "tänään.",
                                   "{retention} {n} nyt poistettavissa olevaa henkilöä ei olisi enää poistettavissa "
                                   "tänään."),
                                  ("{retention}, {n} person purgeable now would no longer be purgeable today.",
                                   "{retention}, {n} persons purgeable now would no longer be purgeable today.")),
    "settings.count.retention": (("{n} päivän säilytysajalla", "{n} päivän säilytysajalla"),
                                 ("With {n} day", "With {n} days")),
    "settings.retention_confirm": (("Ymmärrän, että säilytysaika muuttuu {n} päivään heti.",
                                    "Ymmärrän, että säilytysaika muuttuu {n} päivään heti."),
                                   ("I understand that the retention becomes {n} day at once.",
                                    "I understand that the retention becomes {n} days at once.")),
    "settings.retention_save": ("Vaihda säilytysaika", "Change the retention"),
    "settings.preview": ("Tietosuojaseloste", "Privacy notice"),
    "settings.preview_language": ("Kieli", "Language"),
    "settings.download": ("Lataa ({fmt})", "Download ({fmt})"),
    "settings.download_record": ("Seloste käsittelytoimista (PDF)", "Record of processing (PDF)"),
    "setting.controller_name": ("Rekisterinpitäjä", "Controller"),
    "setting.controller_business_id": ("Y-tunnus", "Business ID"),
    "setting.controller_address": ("Osoite", "Address"),
    "setting.contact_name": ("Yhteyshenkilö", "Contact person"),
    "setting.contact_email": ("Yhteyshenkilön sähköposti", "Contact e-mail"),
    "setting.contact_phone": ("Yhteyshenkilön puhelin", "Contact phone"),
    "setting.contact_address": ("Yhteyshenkilön osoite", "Contact address"),
    "setting.retention_days": ("Säilytysaika", "Retention"),
    "setting.dashboard_url": ("Koontinäkymän osoite (sähköpostien linkit)", "The dashboard's address (links in e-mails)"),
    "setting.smtp_host": ("Sähköpostipalvelin (SMTP)", "Mail server (SMTP)"),
    "setting.smtp_port": ("SMTP-portti", "SMTP port"),
    "setting.smtp_security": ("Yhteyden suojaus", "Connection security"),
    "smtp_security.starttls": ("STARTTLS (yleensä portti 587)", "STARTTLS (usually port 587)"),
    "smtp_security.tls": ("TLS alusta asti (yleensä portti 465)", "TLS from the start (usually port 465)"),
    "smtp_security.none": ("Ei salausta (vain paikallinen välityspalvelin)", "None (a local relay only)"),
    "settings.mail": ("Sähköposti ja muistutukset", "E-mail and reminders"),
    "settings.mail_intro": ("Rekisteri lähettää esihenkilöille ja pääkäyttäjille aamuisin koosteen avoimista töistä "
                            "ja heti viestin ehdotuksista, jotka odottavat toisen esihenkilön hyväksyntää. Viesteissä "
                            "on vain tunnisteita, päiviä ja lukumääriä, ei henkilötietoja.",
                            "Every morning the register mails managers and admins a digest of the open work, and at "
                            "once a message about proposals awaiting a second manager. The messages hold only ids, "
                            "dates and counts, no personal data."),
    "settings.url_help": ("Osoite, jolla esihenkilöt avaavat koontinäkymän; viestien linkit johtavat sinne.",
                          "The address at which managers open the dashboard; the messages' links lead there."),
    "settings.password_set": ("Salasana luetaan ympäristömuuttujasta {env}, ja se on asetettu. Salasanaa ei "
                              "tallenneta rekisteriin.",
                              "The password is read from the environment variable {env}, and it is set. The password "
                              "is never stored in the register."),
    "settings.password_unset": ("Salasana luetaan ympäristömuuttujasta {env}, eikä sitä ole asetettu: ilman "
                                "salasanaa kirjaudutaan vain, jos palvelin ei sitä vaadi. Salasanaa ei tallenneta "
                                "rekisteriin.",
                                "The password is read from the environment variable {env}, which is not set: without "
                                "it, sign-in works only if the server needs none. The password is never stored in the "
                                "register."),
    "settings.mail_save": ("Tallenna sähköpostiasetukset", "Save the e-mail settings"),
    "settings.mail_off": ("Sähköposti ei ole käytössä: anna palvelin ja lähettäjän osoite. Ehdotukset näkyvät silti "
                          "esihenkilöiden Yleiskatsauksessa.",
                          "E-mail is off: give the server and the sender's address. Proposals still show on the "
                          "managers' Overview."),
    "settings.test_no_address": ("Testiviestiä varten lisää itsellesi sähköpostiosoite Käyttäjät-sivulla.",
                                 "To send a test message, add your own e-mail address on the Users page."),
    "settings.test_send": ("Lähetä testiviesti itselleni ({to})", "Send a test message to me ({to})"),
    "settings.test_sending": ("Lähetetään palvelimen {host} kautta…", "Sending through {host}…"),
    "settings.test_sent": ("Palvelin otti testiviestin vastaan osoitteeseen {to}. Tarkista saapuneet viestit.",
                           "The server accepted the test message to {to}. Check your inbox."),
    "settings.test_failed": ("Testiviestiä osoitteeseen {to} ei saatu lähetettyä: {why}",
                             "The test message to {to} could not be sent: {why}"),
    "settings.digest_preview": ("Päivän kooste sellaisena kuin vastaanottaja sen saa",
                                "The daily digest as its recipient receives it"),
    "settings.digest_for": ("Kenen kooste", "Whose digest"),
    "settings.digest_none.disabled": ("{who}: tili on poistettu käytöstä, joten koostetta ei lähetetä.",
                                      "{who}: the account is disabled, so no digest is sent."),
    "settings.digest_none.no_address": ("{who}: tilillä ei ole sähköpostiosoitetta, joten koostetta ei lähetetä. "
                                        "Osoitteen voi lisätä Käyttäjät-sivulla.",
                                        "{who}: the account has no e-mail address, so no digest is sent. Add one on "
                                        "the Users page."),
    "settings.digest_none.nothing_due": ("{who}: tänään ei ole mitään tehtävää, joten koostetta ei lähetetä.",
                                         "{who}: nothing is due today, so no digest is sent."),
    "settings.digest_to": ("Vastaanottaja {to} · Aihe: {subject}", "To {to} · Subject: {subject}"),
    "settings.digest_html": ("Viesti", "Message"),
    "settings.digest_text": ("Pelkkä teksti", "Plain text"),
    "setting.smtp_from": ("Lähettäjän osoite", "Sender's address"),
    "setting.smtp_username": ("SMTP-käyttäjätunnus", "SMTP user name"),
    "setting.request_ask_days": ("Lisätietojen pyyntö viimeistään (päivää pyynnön saapumisesta)",
                                 "Ask for more information within (days of receipt)"),
    "setting.legal_basis": ("Oikeusperuste", "Legal basis"),
    "setting.purposes": ("Käsittelyn tarkoitus", "Purposes"),
    "setting.data_categories": ("Henkilötietoryhmät", "Data categories"),
    "setting.recipients": ("Vastaanottajat", "Recipients"),
    "setting.sources": ("Tietolähteet", "Sources"),
    "setting.disclosures": ("Luovutukset", "Disclosures"),
    "setting.transfers": ("Siirrot EU:n ulkopuolelle", "Transfers outside the EU"),
    "setting.security": ("Suojauksen periaatteet", "Security"),
    "setting.cookies": ("Evästeet", "Cookies"),
    "setting.authority": ("Valvontaviranomainen", "Supervisory authority"),
}
