"""The Statistics page: how the numbers are protected, the tables, the protection audit."""

ENTRIES = {
    "stats.rules_heading": ("Miten luvut suojataan", "How the numbers are protected"),
    "stats.rules": (
        "- Solu, jonka luku perustuu alle **{k}** eri henkilöön, salataan (merkki `..`, Tilastokeskuksen tapaan).\n"
        "- Euromääräinen solu salataan myös, jos yhden henkilön osuus on yli {share} %.\n"
        "- Lisäksi salataan niin monta muuta solua, ettei salattua lukua voi laskea rivin tai sarakkeen "
        "summasta: yhdelläkään rivillä tai sarakkeella ei ole vain yhtä salattua solua. Täydentävät solut "
        "valitaan niin, että tietoa menetetään mahdollisimman vähän.\n"
        "- Tarkastus laskee lineaarisella optimoinnilla jokaiselle salatulle solulle välin, jonka sen arvosta voi "
        "päätellä julkaistuista luvuista, ja varmistaa, ettei yksikään väli ole yksittäinen luku.\n"
        "- Käsittelyn rajoittaneet henkilöt eivät ole mukana. Poistettujen henkilöiden tilaukset ovat mukana "
        "nimettöminä, joten poisto ei muuta summia.",
        "- A cell whose figure comes from fewer than **{k}** distinct persons is withheld (shown as `..`, as "
        "Statistics Finland does).\n"
        "- A euro cell is also withheld when one person contributes more than {share} % of it.\n"
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
    "stats.dominance_plain": ("Euromäärää ei julkaista, jos yksi henkilö tuo siitä yli {share} %, koska summa kertoisi "
                              "hänen ostoksistaan.", "A euro amount is not published when one person brings more "
                              "than {share} % of it, because the sum would tell of that person's purchases."),
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
    "stats.stage.count": ("Lasketaan taulukot rekisteristä…", "Counting the tables in the register…"),
    "stats.stage.protect": ("Suojataan taulukoita: {done}/{total} valmiina…", "Protecting the tables: {done} of {total} ready…"),
    "stats.stage.keep": ("Tallennetaan suojaus seuraavaa kertaa varten…", "Keeping the protection for next time…"),
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
    "stats.table_caption": ("Mittari: {measure} · salattu {primary} solua, joissa on liian vähän henkilöitä tai "
                            "yhden henkilön osuus on liian suuri, ja {secondary} solua niiden suojaksi.",
                            "Measure: {measure} · withheld: {primary} cells with too few persons or one person's "
                            "too large share, and {secondary} cells to protect them."),
    "stats.table_caption_none": ("Mittari: {measure} · kaikki luvut julkaistu, mitään ei salattu.",
                                 "Measure: {measure} · every figure published, nothing withheld."),
    "stats.grey_is_withheld": ("Harmaa solu tai merkki `..` = salattu tieto, ei nolla.",
                               "A grey cell or `..` = withheld, not zero."),
    "stats.withheld": ("salattu (..)", "withheld (..)"),
    "stats.audit_heading": (("Suojauksen tarkastus: {n} salattu solu", "Suojauksen tarkastus: {n} salattua solua"),
                            ("Protection audit: {n} withheld cell", "Protection audit: {n} withheld cells")),
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
        "÷ {dominance}.",
        "**Protection range:** no withheld cell may be narrowed to within 10 % of its true value (counts: ±1), "
        "nor a sum one person dominates below their share ÷ {dominance}."),
    "stats.insider_rule": (
        "**Sisäpiiriläinen:** henkilö, joka yksin muodostaa salatun solun, tietää sen arvon; sekään tieto ei "
        "saa riittää toisen salatun solun laskemiseen.",
        "**Insider:** a person who alone makes up a withheld cell knows its value; even that must not let them "
        "work out another withheld cell."),
    "stats.audit_working": ("Lasketaan, mihin väliin kunkin salatun solun voi päätellä…",
                            "Working out the interval a reader can derive for each withheld cell…"),
    "stats.need_low": ("Vaadittu alaraja", "Required low"),
    "stats.need_high": ("Vaadittu yläraja", "Required high"),
    "stats.why": ("Syy", "Why"),
    "stats.why.primary": ("liian vähän henkilöitä tai yhden osuus liian suuri",
                          "too few persons or one person's too large share"),
    "stats.why.secondary": ("toisen suojaksi", "to protect another"),
    "stats.low": ("Alaraja", "Low"),
    "stats.high": ("Yläraja", "High"),
    "stats.period": ("Jakso", "Period"),
    "stats.period_help": ("Aikataulukoiden rivit. Pienessä rekisterissä neljännesvuosi tai vuosi salaa vähemmän soluja.",
                          "Rows of the time tables. In a small register a quarter or a year withholds fewer cells."),
    "stats.period.month": ("kuukausi", "month"),
    "stats.period.quarter": ("neljännesvuosi", "quarter"),
    "stats.period.year": ("vuosi", "year"),
    "stats.measure.persons": ("henkilöt", "persons"),
    "stats.measure.orders": ("tilaukset", "orders"),
    "stats.measure.eur": ("euroa", "euros"),
    "stats.measure.requests": ("pyynnöt", "requests"),
}
