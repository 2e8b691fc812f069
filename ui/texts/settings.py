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
    "setting.smtp_security": ("SMTP-suojaus (starttls, tls, none)", "SMTP security (starttls, tls, none)"),
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
