"""The Import page as a manager uses it: upload, columns understood, preview, the check with
rejected rows, then the import and its receipt, in Finnish and English."""

from __future__ import annotations

import pytest

from registry.store import db
from tests.pages.conftest import signed_in, texts

PAGE = "pages/import_page.py"
GOOD = ("Etunimi;Sukunimi;Sähköposti;Puhelin;Lisätiedot\n"
        "Aino;Tuotu;aino.tuotu@example.fi;040 123 4567;vip\n"
        "Eino;Tuotu;eino.tuotu@example.fi;050 765 4321;\n").encode("cp1252")
ONE_BAD = GOOD + b"Huono;Rivi;ei-osoite;;\n"


def uploaded(data: bytes, name: str = "asiakkaat.csv", lang: str = "fi"):
    at = signed_in("demo-manager", PAGE, lang=lang)
    at.file_uploader(key="imp_file").set_value((name, data, "text/csv")).run()
    return at


def persons(store, email: str) -> int:
    with db.connect(store) as conn:
        return conn.execute("SELECT count(*) FROM customers WHERE email = ?", [email]).fetchone()[0]


def test_a_manager_checks_and_imports_a_finnish_excel_csv_and_gets_a_receipt(app_store):
    at = uploaded(GOOD)
    assert not at.exception and "Luettu 2 riviä ja 5 saraketta." in texts(at)
    columns = at.get("arrow_data_frame")[0].value if at.get("arrow_data_frame") else None
    assert columns is None or len(columns) == 5
    at.button(key="imp_check").click().run()
    shown = texts(at)
    assert "Uusia 2" in shown and "Hylättyjä 0" in shown
    assert persons(app_store, "aino.tuotu@example.fi") == 0  # a check changes nothing
    at.button(key="imp_apply").click().run()
    assert "Tuotu: 2 uutta ja 0 muuttunutta henkilöä" in at.success[0].value
    assert persons(app_store, "aino.tuotu@example.fi") == 1
    assert at.get("download_button")  # the receipt with the new persons' ids
    with db.connect(app_store) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'import' AND actor = 'demo-manager'"
                            ).fetchone()[0] == 1


@pytest.mark.parametrize("lang, reason, skip", [("fi", "sähköpostiosoite ei kelpaa", "Ohita hylätyt rivit"),
                                               ("en", "not an e-mail address", "Skip the rejected rows")])
def test_rejected_rows_are_listed_in_the_sessions_language_and_nothing_is_imported_without_skipping(
        app_store, lang, reason, skip):
    at = uploaded(ONE_BAD, lang=lang)
    at.button(key="imp_check").click().run()
    assert reason in texts(at)
    assert at.button(key="imp_apply").disabled
    at.checkbox(key="imp_skip").check().run()
    assert skip in at.checkbox(key="imp_skip").label
    at.button(key="imp_apply").click().run()
    assert persons(app_store, "eino.tuotu@example.fi") == 1 and persons(app_store, "ei-osoite") == 0


def test_a_file_that_is_not_a_list_is_said_in_finnish_beside_the_upload(app_store):
    at = uploaded(b"\x00\x01binary", name="kuva.csv")
    assert "Tiedosto ei ole tekstiä eikä Excel-työkirja" in at.error[0].value


def test_staff_do_not_get_the_page(app_store):
    at = signed_in("demo-staff")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE).run()


def test_an_imported_persons_record_shows_the_source_and_the_fields_it_changed_in_words(app_store):
    at = uploaded(GOOD)
    at.button(key="imp_check").click().run()
    at.button(key="imp_apply").click().run()
    at.switch_page("pages/customers_page.py").run()
    at.text_input(key="cust_q").input("aino.tuotu@example.fi").run()
    at.session_state["cust_table_aino.tuotu@example.fi_0"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    tabs = " ".join(frame.value.to_string() for frame in at.dataframe[1:])
    assert "rekisteröityminen" in tabs and "Sähköposti" in tabs and "Puhelin" in tabs
    assert "registration" not in tabs and "first_name" not in tabs


@pytest.mark.parametrize("lang, said, not_said, expected", [
    ("fi", "Mitään riviä ei voi tuoda sellaisenaan", "Tiedostossa ei ole mitään uutta", "anna maakoodi (FI, FIN)"),
    ("en", "No row can be imported as it is", "Nothing in the file is new", "give a code (FI, FIN)")])
def test_a_file_of_rejected_rows_is_never_called_nothing_new(app_store, lang, said, not_said, expected):
    """'Finland' in the country column once rejected every row, and the page then said 'nothing
    new': a file whose every row is rejected says so, and what to do."""
    at = uploaded("Etunimi;Sukunimi;Sähköposti;Maa\nAino;Hylätty;aino.hylatty@example.fi;Atlantis\n".encode(), lang=lang)
    at.button(key="imp_check").click().run()
    shown = texts(at)
    assert said in shown and not_said not in shown
    assert expected in shown  # the rejection names the form expected, in the session's language
    assert not at.exception


def test_identical_rows_are_imported_once_and_shown_as_copies(app_store):
    at = uploaded(GOOD + "Aino;Tuotu;aino.tuotu@example.fi;040 123 4567;vip\n".encode("cp1252"))
    at.button(key="imp_check").click().run()
    shown = texts(at)
    assert "Uusia 2" in shown and "Hylättyjä 0" in shown and "rivi 4 = rivi 2" in shown
    at.button(key="imp_apply").click().run()
    assert persons(app_store, "aino.tuotu@example.fi") == 1


@pytest.mark.parametrize("lang, said", [("fi", "Phone Number jää pois, tilalla Mobile Phone Number"),
                                        ("en", "Phone Number left out for Mobile Phone Number")])
def test_a_crm_export_is_understood_without_mapping_and_the_rule_is_shown(app_store, lang, said):
    data = (b"First Name,Last Name,Email,Phone Number,Mobile Phone Number,Country/Region,Create Date\n"
            b"Aino,Hubspot,aino.hubspot@example.fi,09 4000000,040 1234567,Finland,2025-06-25 00:00\n")
    at = uploaded(data, name="hubspot-crm-exports-all-contacts.csv", lang=lang)
    assert said in texts(at)
    at.button(key="imp_check").click().run()
    assert not at.exception and not at.warning
    at.button(key="imp_apply").click().run()
    with db.connect(app_store) as conn:
        assert conn.execute("SELECT phone, postal_country, customer_since::VARCHAR FROM customers WHERE email = ?",
                            ["aino.hubspot@example.fi"]).fetchone() == ("+358401234567", "FI", "2025-06-25")


@pytest.mark.parametrize("lang, help_said, note_said", [
    ("fi", "Korjaa arvot ja tuo tiedosto sellaisenaan uudelleen", "ei ole organisaatiota nimeltä Tuntematon Oy"),
    ("en", "Correct the values and import the file again as it is", "no organisation in the register is named "
                                                                    "Tuntematon Oy")])
def test_a_rejected_row_is_shown_with_its_values_and_a_company_not_found_is_a_note(app_store, lang, help_said,
                                                                                  note_said):
    data = (b"Name,Email,Company,Address\n"
            b"Aino Virtanen,aino.virtanen@example.fi,Tuntematon Oy,\"Niemikuja 34, 00500 Helsinki, Suomi\"\n"
            b"Eino Huono,eino(at)example.fi,,Kuja 1\n")
    at = uploaded(data, name="contacts.csv", lang=lang)
    at.button(key="imp_check").click().run()
    [rejected] = [d.value for d in at.dataframe if {"Rivi", "Row"} & set(d.value.columns)
                  and "eino(at)example.fi" in d.value.to_string()]  # not the preview: the rejected rows
    assert {"Name", "Email", "Address"} <= set(rejected.columns) and rejected["Name"][0] == "Eino Huono"
    [download] = [b for b in at.get("download_button") if b.proto.label in ("Lataa hylätyt rivit (CSV)",
                                                                          "Download the rejected rows (CSV)")]
    assert help_said in download.proto.help
    assert any(note_said in d.value.to_string() for d in at.dataframe)
    at.checkbox(key="imp_skip").check().run()
    at.button(key="imp_apply").click().run()
    with db.connect(app_store) as conn:
        assert conn.execute("SELECT first_name, last_name, postal_postcode, postal_city, postal_country, organisation_id "
                            "FROM customers WHERE email = 'aino.virtanen@example.fi'").fetchone() == (
            "Aino", "Virtanen", "00500", "Helsinki", "FI", None)


def test_every_wrong_value_is_shown_and_the_rejected_rows_stay_downloadable_after_skipping(app_store):
    data = ("Etunimi;Sukunimi;Sähköposti;Puhelin;Maa\n"
            "Aino;Hyvä;aino.hyva@example.fi;040 123 4567;Suomi\n"
            "Kalle;Korjattava;kalle(at)example.fi;040 765 4321;Finlandia\n").encode()
    at = uploaded(data)
    at.button(key="imp_check").click().run()
    [rejected] = [d.value for d in at.dataframe if "Rivi" in d.value.columns]
    assert "sähköpostiosoite ei kelpaa; maa ei kelpaa" in rejected["Syy"][0]
    assert rejected["Sarake"][0] == "Sähköposti, Maa" and rejected["Arvo"][0] == "kalle(at)example.fi; Finlandia"
    at.checkbox(key="imp_skip").check().run()
    at.button(key="imp_apply").click().run()
    assert "1 hylätty)" in at.success[0].value
    assert [b.label for b in at.get("download_button")].count("Lataa hylätyt rivit (CSV)") == 1  # not lost
