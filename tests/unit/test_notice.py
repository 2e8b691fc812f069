"""The privacy notice and the Art. 30 record written from the settings (REGISTER.md section 10)."""

from __future__ import annotations

import pytest

from registry.access import Actor
from registry.documents import pdf_text
from registry.notice import notice_bytes
from registry.settings import set_setting

# What the published notice (shared/spec/privacy-notice-molentum-fi.txt) says, as a new store's notice must.
ORIGINAL = ["Molentum Oy", "1813720-8", "Lautasuontie 2 A 4", "80400 Ylämylly", "Mika Lähteenmäki",
            "mika.lahteenmaki@molentum.fi", "0400 273 150", "Sopimus", "asiakassuhteen hoitaminen",
            "Nimi, edustettu organisaatio, yhteystiedot, laskutustiedot", "ulkoistuskumppanit",
            "Etunimi", "Sukunimi", "Edustettu organisaatio", "Sähköposti", "Postiosoite", "Laskutusosoite",
            "Puhelin", "WWW", "IP-osoite", "Tiedot aikaisemmista tilauksista", "rekisteröitymisistä",
            "päivityspalveluja", "alihankkijoilta", "perintään", "luottopäätöksen", "Euroopan unionin ulkopuolelle",
            "90 päivää asiakkuuden päättymisestä", "salassapitositoumuksen", "palomuurilla", "evästeitä",
            "Google Analytics", "Ei tehdä.", "Tarkastusoikeus", "korjaamista", "poistamiseen", "Rajoittamisoikeus",
            "Vastustamisoikeus", "siirtää tiedot", "Tietosuojavaltuutetun toimisto", "PL 800, 00531 Helsinki",
            "Lintulahdenkuja 4", "jäsenvaltiossa",
            "029 566 6700", "tietosuoja@om.fi", "Viimeksi päivitetty 2.11.2022"]


def test_the_finnish_notice_of_a_new_store_says_everything_the_published_notice_says(conn):
    text = notice_bytes(conn, "fi").decode()
    assert [fact for fact in ORIGINAL if fact not in text] == []


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
@pytest.mark.parametrize("lang, words", [("fi", ["Rekisterinpitäjä", "Säännönmukaiset tietolähteet"]),
                                         ("en", ["Controller", "Regular sources of data", "Contract"])])
def test_the_notice_is_complete_in_both_languages_and_three_formats(conn, fmt, lang, words):
    content = notice_bytes(conn, lang, "privacy", fmt)
    text = pdf_text(content) if fmt == "pdf" else content.decode()
    assert all(w in text for w in words + ["Molentum Oy", "1813720-8"]), text[:500]
    if fmt == "html":
        assert text.startswith("<!DOCTYPE html>") and f'lang="{lang}"' in text


def test_a_settings_change_moves_the_notice_and_its_date(conn):
    set_setting(conn, Actor.system("mika"), "retention_days", "150")
    text = notice_bytes(conn, "en").decode()
    assert "150 days after the customer relationship ends" in text and "2 November 2022" not in text


def test_the_record_of_processing_activities_exists_in_both_languages(conn):
    fi = notice_bytes(conn, "fi", "processing").decode()
    en = notice_bytes(conn, "en", "processing").decode()
    assert "30 art." in fi and "Rekisteröityjen ryhmät" in fi and "90 päivää" in fi
    assert "Article 30" in en and "Categories of data subjects" in en and "How the register is protected" in en
