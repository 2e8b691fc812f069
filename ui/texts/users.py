"""The Users page."""

ENTRIES = {
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
    "users.password_help": ("Vähintään 10 merkkiä.", "At least 10 characters."),
    "users.add_button": ("Lisää", "Add"),
    "users.email": ("Sähköposti", "E-mail"),
    "users.language": ("Kieli", "Language"),
    "users.email_help": ("Päivän kooste ja viestit hyväksyntää odottavista ehdotuksista lähetetään tähän osoitteeseen "
                         "tällä kielellä (esihenkilöt ja pääkäyttäjät).",
                         "The daily digest and the messages about proposals awaiting approval go to this address, in "
                         "this language (managers and admins)."),
    "users.save_contact": ("Tallenna sähköposti ja kieli", "Save e-mail and language"),
    "users.role_help": ("Ehdotettu rooli on suppein: tarkastaja näkee vain lokin ja tilastot. Valitse laajempi vain "
                        "tarpeen mukaan.", "The suggested role is the narrowest: an auditor sees only the audit trail "
                        "and statistics. Choose a wider one only as needed."),
    "users.date_hint": ("Päivämäärä muodossa pp.kk.vvvv, esim. 15.1.2026.", "A date as dd.mm.yyyy, e.g. 15.01.2026."),
    "users.added": ("Käyttäjä {username} lisätty.", "User {username} added."),
}
