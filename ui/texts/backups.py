"""The Backups page: the last backup, taking one, the key, the erasure ledger and restoring."""

ENTRIES = {
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
    "backups.saved": (("Varmuuskopio tallennettu: {file} ({size}, {n} henkilö).",
                       "Varmuuskopio tallennettu: {file} ({size}, {n} henkilöä)."),
                      ("Backup saved: {file} ({size}, {n} person).", "Backup saved: {file} ({size}, {n} persons).")),
    "backups.ready": (("Varmuuskopio on valmis ({size}, {n} henkilö). Lataa se ja vie turvaan.",
                       "Varmuuskopio on valmis ({size}, {n} henkilöä). Lataa se ja vie turvaan."),
                      ("The backup is ready ({size}, {n} person). Download it and keep it safe.",
                       "The backup is ready ({size}, {n} persons). Download it and keep it safe.")),
    "backups.download": ("Lataa varmuuskopio", "Download the backup"),
    "backups.folder": ("Varmuuskopiot tallennetaan palvelimella kansioon {folder}.",
                       "Backups are saved on the server in {folder}."),
    "backups.no_folder": ("Varmuuskopiokansiota ei ole määritetty (REGISTRY_BACKUP_DIR): varmuuskopio ladataan "
                          "selaimella.", "No backup folder is configured (REGISTRY_BACKUP_DIR): the backup is "
                          "downloaded in the browser."),
    "backups.ledger": ("Poistoloki", "Erasure ledger"),
    # {purges}: backups.count.purges
    "backups.ledger_text": (("Poistolokissa on {purges}, yhteensä {n} henkilö; viimeisin {at}. Palautus poistaa hänet "
                             "uudelleen. Loki on tiedostossa {path}: pidä siitä kopio palvelimen ulkopuolella.",
                             "Poistolokissa on {purges}, yhteensä {n} henkilöä; viimeisin {at}. Palautus poistaa "
                             "heidät uudelleen. Loki on tiedostossa {path}: pidä siitä kopio palvelimen ulkopuolella."),
                            ("The erasure ledger holds {purges}, {n} person in all; the latest on {at}. A restore "
                             "purges that person again. The ledger is the file {path}: keep a copy of it off the "
                             "server.",
                             "The erasure ledger holds {purges}, {n} persons in all; the latest on {at}. A restore "
                             "purges them again. The ledger is the file {path}: keep a copy of it off the server.")),
    "backups.count.purges": (("{n} poisto", "{n} poistoa"), ("{n} purge", "{n} purges")),
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
