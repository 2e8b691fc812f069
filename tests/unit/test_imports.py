"""Imports (REGISTER.md section 9): each source's rule, each reason code, encodings and separators,
.xlsx, all or nothing, --skip-invalid, --dry-run, the same file twice, Art. 19, and purge after import."""

from __future__ import annotations

from datetime import date

import pytest

from registry.intake import imports
from registry.access import Actor
from registry.errors import BadInput
from registry.intake.imports import import_file
from registry.purge import purge_persons

TODAY = date(2026, 11, 24)
ACTOR = Actor.system("tuonti")
HEADER = "etunimi;sukunimi;sähköposti;puhelin;katuosoite;postinumero;postitoimipaikka"


def write(tmp_path, text: str, name: str = "tuonti.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(conn, tmp_path, text: str, source: str = "registration", **options):
    return import_file(conn, ACTOR, TODAY, source, write(tmp_path, text), **options)


def person(conn, email: str) -> dict | None:
    cur = conn.execute("SELECT * FROM customers WHERE email = ?", [email])
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None


def reasons(result) -> list[tuple[int, str]]:
    return [(r.row, r.reason) for r in result.rejected]


def test_a_registration_creates_a_person_in_normal_form_with_its_source_and_the_day(conn, tmp_path):
    result = run(conn, tmp_path, f"{HEADER}\nAino;Aaltonen; Aino.Aaltonen@Example.FI ;040 123 4567;Kuja 1;00500;Helsinki\n")
    assert (result.created, result.updated, result.unchanged, result.rejected) == (1, 0, 0, ())
    aino = person(conn, "aino.aaltonen@example.fi")
    assert aino["phone"] == "+358401234567" and aino["postal_country"] == "FI" and aino["source"] == "registration"
    assert aino["customer_since"] == TODAY and aino["language"] == "fi"
    assert conn.execute("SELECT source, first_on FROM person_sources WHERE customer_id = ?",
                        [aino["id"]]).fetchall() == [("registration", TODAY)]
    fields = {f for (f,) in conn.execute("SELECT field FROM field_changes WHERE customer_id = ?", [aino["id"]]).fetchall()}
    assert {"first_name", "email", "phone", "postal_postcode"} <= fields


def test_the_same_file_twice_changes_nothing_the_second_time(conn, tmp_path):
    text = f"{HEADER}\nAino;Aaltonen;aino@example.fi;0401234567;Kuja 1;00500;Helsinki\n"
    run(conn, tmp_path, text)
    before = conn.execute("SELECT * FROM customers ORDER BY id").fetchall()
    again = run(conn, tmp_path, text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert conn.execute("SELECT * FROM customers ORDER BY id").fetchall() == before


def test_known_persons_are_updated_by_id_or_email_and_an_empty_cell_erases_nothing(conn, contract, tmp_path):
    contract.customer(id=7, email="eila@example.fi", phone="+358401111111", postal_city="Oulu")
    result = run(conn, tmp_path, "asiakasnumero;sukunimi;puhelin;postitoimipaikka\n7;Uusinimi;;Kemi\n",
                 source="customer_notice")
    assert (result.updated, reasons(result)) == (1, [])
    eila = person(conn, "eila@example.fi")
    assert (eila["last_name"], eila["phone"], eila["postal_city"]) == ("Uusinimi", "+358401111111", "Kemi")
    by_email = run(conn, tmp_path, "email,first_name\nEILA@example.fi,Eila\n", source="subcontractor")
    assert by_email.updated == 1 and person(conn, "eila@example.fi")["first_name"] == "Eila"


@pytest.mark.parametrize("source", ["customer_notice", "update_service", "subcontractor"])
def test_only_a_registration_creates_persons(conn, tmp_path, source):
    result = run(conn, tmp_path, f"{HEADER}\nUusi;Henkilö;uusi@example.fi;;;;\n", source=source)
    assert reasons(result) == [(2, "unknown_person")] and result.refused
    assert person(conn, "uusi@example.fi") is None


def test_an_update_service_changes_names_addresses_and_phone_only(conn, contract, tmp_path):
    contract.customer(id=8, email="vanha@example.fi", website="https://vanha.example")
    result = run(conn, tmp_path, "customer_id,last_name,website,postal_street,lisätiedot\n8,Muuttanut,https://uusi.example,"
                 "Uusitie 2,x\n", source="update_service")
    moved = person(conn, "vanha@example.fi")
    assert (moved["last_name"], moved["postal_street"], moved["website"]) == ("Muuttanut", "Uusitie 2",
                                                                            "https://vanha.example")
    assert "website" in result.ignored_columns and "lisätiedot" in result.ignored_columns


@pytest.mark.parametrize("row, reason", [
    ("Aino;A;not-an-email;;;;", "invalid_email"),
    ("Aino;A;a@example.fi;12;;;", "invalid_phone"),
    ("Aino;A;a@example.fi;;Kuja 1;123;Oulu", "invalid_postcode"),
    (";;a@example.fi;;;;", "missing_field"),
    ("Aino;A;;;;;", "unknown_person"),  # no e-mail and no id: nobody is named (a registration needs the e-mail)
])
def test_each_value_reason_has_its_code_and_row(conn, tmp_path, row, reason):
    result = run(conn, tmp_path, f"{HEADER}\nOk;Rivi;ok@example.fi;;;;\n{row}\n")
    expected = "missing_field" if reason == "unknown_person" else reason
    assert reasons(result) == [(3, expected)]
    assert result.refused and person(conn, "ok@example.fi") is None  # all or nothing


def test_business_ids_dates_and_values_are_checked(conn, contract, tmp_path):
    contract.organisation(id=1, business_id="1572860-0")
    text = ("sähköposti;etunimi;y-tunnus;yhteyshenkilö;asiakkuus alkoi;asiakkuus päättyi;maa;kieli\n"
            "a@example.fi;A;1572860-0;kyllä;1.2.2024;;FI;suomi\n"
            "b@example.fi;B;1572860-1;;;;;\n"
            "c@example.fi;C;2345678-0;;;;;\n"
            "d@example.fi;D;;;31.2.2024;;;\n"
            "e@example.fi;E;;;2024-05-01;2024-04-01;;\n"
            "f@example.fi;F;;;;;Atlantis;\n"  # "Suomi" is FI (REGISTER.md section 9)
            "g@example.fi;G;;ehkä;;;;\n"
            "h@example.fi;H;;;;;;ruotsi\n")
    result = run(conn, tmp_path, text, skip_invalid=True)
    assert reasons(result) == [(3, "invalid_business_id"), (4, "unknown_organisation"), (5, "invalid_date"),
                               (6, "invalid_date"), (7, "invalid_value"), (8, "invalid_value"), (9, "invalid_value")]
    a = person(conn, "a@example.fi")
    assert (a["organisation_id"], a["is_contact_person"], a["customer_since"], a["language"]) == (
        1, True, date(2024, 2, 1), "fi")


def test_persons_that_cannot_be_named_or_changed_are_rejected(conn, contract, tmp_path):
    contract.customer(id=1, email="sama@example.fi")
    contract.customer(id=2, email="Sama@example.fi")
    contract.customer(id=3, email="poistettu@example.fi", purged_on=date(2026, 1, 1))
    contract.customer(id=4, email="rajoitettu@example.fi", restricted_on=date(2026, 1, 1))
    text = ("asiakasnumero;sähköposti;etunimi\n;sama@example.fi;X\n999;;X\n3;;X\n4;;X\n"
            ";kahdesti@example.fi;X\n;kahdesti@example.fi;Y\n")
    result = run(conn, tmp_path, text, source="registration")
    assert reasons(result) == [(2, "ambiguous_person"), (3, "unknown_person"), (4, "erased_person"),
                               (5, "restricted_person"), (6, "duplicate_in_file"), (7, "duplicate_in_file")]
    assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 4


def test_skip_invalid_applies_the_rest_and_dry_run_changes_nothing(conn, tmp_path):
    text = f"{HEADER}\nA;A;a@example.fi;;;;\nB;B;huono;;;;\nC;C;c@example.fi;;;;\n"
    dry = run(conn, tmp_path, text, dry_run=True)
    assert dry.refused and not dry.applied and dry.created == 2 and reasons(dry) == [(3, "invalid_email")]
    assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'import'").fetchone()[0] == 0
    done = run(conn, tmp_path, text, skip_invalid=True)
    assert done.applied and not done.refused and done.created == 2
    assert person(conn, "a@example.fi") and person(conn, "c@example.fi")


@pytest.mark.parametrize("encoding, separator, bom", [("utf-8", ";", False), ("utf-8", ",", True),
                                                       ("cp1252", ";", False), ("cp1252", ",", False)])
def test_both_encodings_and_separators_are_read(conn, tmp_path, encoding, separator, bom):
    text = f"Etunimi{separator}Sukunimi{separator}Sähköposti\nÄijä{separator}Öörni{separator}aija@example.fi\n"
    path = tmp_path / "tuonti.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    result = import_file(conn, ACTOR, TODAY, "registration", path)
    assert result.created == 1
    assert person(conn, "aija@example.fi")["last_name"] == "Öörni"


def test_an_excel_workbook_is_read_with_its_numbers_and_dates(conn, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Etunimi", "Sukunimi", "Sähköposti", "Puhelin", "Postinumero", "Asiakkuus alkoi"])
    sheet.append(["Eero", "Excel", "eero@example.fi", 401234567, "00500", date(2023, 3, 4)])
    book.save(tmp_path / "asiakkaat.xlsx")
    result = import_file(conn, ACTOR, TODAY, "registration", tmp_path / "asiakkaat.xlsx")
    eero = person(conn, "eero@example.fi")
    assert result.created == 1 and eero["phone"] == "+358401234567" and eero["customer_since"] == date(2023, 3, 4)


def test_art_19_lists_whom_to_notify_when_a_disclosed_persons_data_changes(conn, contract, tmp_path):
    contract.customer(id=5, email="luovutettu@example.fi", postal_street="Vanha 1")
    conn.execute("INSERT INTO disclosures (id, customer_id, disclosed_on, recipient, purpose) VALUES "
                 "(1, 5, DATE '2026-01-01', 'Luottotieto Oy', 'credit_decision')")
    result = run(conn, tmp_path, "asiakasnumero;katuosoite\n5;Uusi 2\n", source="update_service")
    assert [n.as_json() for n in result.notify] == [{"customer_id": 5, "recipient": "Luottotieto Oy",
                                                     "fields": ["postal_street"]}]


def test_the_audit_trail_records_ids_counts_and_field_names_never_values(conn, tmp_path):
    run(conn, tmp_path, f"{HEADER}\nSalainen;Nimi;salainen@example.fi;0401234567;Kuja 9;00500;Helsinki\n")
    details = conn.execute("SELECT details FROM audit_log WHERE action = 'import'").fetchone()[0]
    assert '"created":1' in details and "first_name" in details
    assert "Salainen" not in details and "salainen@example.fi" not in details and "Kuja" not in details


def test_an_imported_person_purged_later_leaves_no_trace(conn, tmp_path, store):
    run(conn, tmp_path, f"{HEADER}\nJälki;Ton;jalki@example.fi;0401234567;Kuja 3;00500;Helsinki\n")
    cid = person(conn, "jalki@example.fi")["id"]
    conn.execute("UPDATE customers SET customer_until = DATE '2026-01-01' WHERE id = ?", [cid])
    purge_persons(conn, TODAY, ACTOR, [cid])
    for table in ("person_sources", "field_changes", "import_rows"):
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE customer_id = ?", [cid]).fetchone()[0] == 0, table
    assert b"jalki@example.fi" not in store.read_bytes() and b"J\xc3\xa4lki" not in store.read_bytes()


@pytest.mark.parametrize("content, code", [
    (b"", "import_empty"),
    (b"\x00\x01\x02binary\x00", "import_binary"),
    ("etunimi;sähköposti\n".encode(), "import_header_only"),
    ((";".join(f"c{i}" for i in range(1000)) + "\n" + ";" * 999 + "\n").encode(), "import_too_many_columns"),
    (b"etunimi;email\n" + b"x" * 20_000_000 + b";a@example.fi\n", "import_bad_csv"),
    (b"etunimi;etunimi;email\nA;B;a@example.fi\n", "import_duplicate_header"),
    (b"etunimi;first_name;email\nA;B;a@example.fi\n", "import_duplicate_header"),
    (b"nimi;osoite\nA;B\n", "import_no_key"),
])
def test_what_is_not_a_customer_list_is_bad_input_and_changes_nothing(conn, tmp_path, content, code):
    path = tmp_path / "huono.csv"
    path.write_bytes(content)
    with pytest.raises(BadInput) as raised:
        import_file(conn, ACTOR, TODAY, "registration", path)
    assert raised.value.code == code and raised.value.exit_code == 2
    assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 0


def test_a_zip_that_is_not_a_workbook_and_a_missing_file_are_bad_input(conn, tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "fake.xlsx", "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    for path, code in ((tmp_path / "fake.xlsx", "import_not_xlsx"), (tmp_path / "missing.csv", "import_no_file")):
        with pytest.raises(BadInput) as raised:
            import_file(conn, ACTOR, TODAY, "registration", path)
        assert raised.value.code == code


def test_sql_and_formula_looking_text_is_stored_as_text(conn, tmp_path):
    run(conn, tmp_path, "etunimi,sukunimi,email\n=HYPERLINK(\"x\"),'); DROP TABLE customers; --,kaava@example.fi\n")
    stored = person(conn, "kaava@example.fi")
    assert stored["first_name"] == '=HYPERLINK("x")' and stored["last_name"] == "'); DROP TABLE customers; --"


def test_staff_and_auditors_may_not_import(conn, tmp_path):
    from registry.access import NotPermitted

    for role in ("staff", "auditor", "admin"):
        with pytest.raises(NotPermitted):
            import_file(conn, Actor("someone", role), TODAY, "registration", write(tmp_path, f"{HEADER}\n"))


def test_headers_match_without_case_spaces_or_dashes():
    assert imports.map_columns(["Y-tunnus", "ASIAKKUUS ALKOI", "first-name", "IP"], "registration").columns == (
        "business_id", "customer_since", "first_name", "ip_address")


def test_a_rejected_row_keeps_its_number_in_the_file_past_blank_lines(conn, tmp_path):
    result = run(conn, tmp_path, f"{HEADER}\nA;A;a@example.fi;;;;\n\n;;;;;;\nB;B;huono;;;;\n")
    assert reasons(result) == [(5, "invalid_email")] and result.rows == 2


@pytest.mark.parametrize("written", ["FI", "fi", "FIN", "Finland", "SUOMI", "suomi", " Suomi "])
def test_a_country_is_read_as_code_or_name_in_finnish_swedish_or_english(conn, tmp_path, written):
    result = run(conn, tmp_path, f"etunimi;sukunimi;sähköposti;maa\nAino;Maa;aino@example.fi;{written}\n")
    assert not result.rejected
    assert person(conn, "aino@example.fi")["postal_country"] == "FI"


def test_other_countries_by_their_names_and_a_rejection_names_the_form_expected(conn, tmp_path):
    text = ("first_name;last_name;email;postal_country;billing_country\n"
            "Sven;A;sven@example.se;Sverige;Ruotsi\nHans;B;hans@example.de;Germany;DEU\nX;C;x@example.fi;Atlantis;\n")
    result = run(conn, tmp_path, text, skip_invalid=True)
    assert (person(conn, "sven@example.se")["postal_country"], person(conn, "sven@example.se")["billing_country"]) \
        == ("SE", "SE")
    assert (person(conn, "hans@example.de")["postal_country"], person(conn, "hans@example.de")["billing_country"]) \
        == ("DE", "DE")
    [rejected] = [r.as_json() for r in result.rejected]
    assert (rejected["row"], rejected["reason"], rejected["column"]) == (4, "invalid_value", "postal_country")
    assert "FI" in rejected["message"] and "Suomi" in rejected["message"]


@pytest.mark.parametrize("written, code", [
    ("Venäjä", "RU"), ("Russia", "RU"), ("Ryssland", "RU"),  # ISO's name is "Russian Federation"
    ("Iso-Britannia", "GB"), ("Storbritannien", "GB"), ("United Kingdom", "GB"), ("UK", "GB"),
    ("Yhdysvallat", "US"), ("USA", "US"), ("Alankomaat", "NL"), ("Turkki", "TR"), ("Viro", "EE"),
    ("Ahvenanmaa", "AX"), ("Tšekki", "CZ"), ("Etelä-Korea", "KR"), ("EL", "GR")])
def test_countries_as_finnish_swedish_and_english_lists_write_them(written, code):
    from registry.validation import country

    assert country(written) == code


def test_a_rectification_and_an_import_store_a_field_in_the_same_form(conn, tmp_path):
    """One validator per field (registry/validation.py): the same input, by either path, is stored alike."""
    from registry.requests.rights import validate_changes

    typed = {"email": " Aino.Maa@Example.FI ", "phone": "040 123 4567", "postal_country": "Suomi",
             "postal_postcode": "00100"}
    run(conn, tmp_path, "etunimi;sukunimi;sähköposti;puhelin;maa;postinumero\n"
                        f"Aino;Maa;{typed['email']};{typed['phone']};{typed['postal_country']};{typed['postal_postcode']}\n")
    imported = person(conn, "aino.maa@example.fi")
    rectified = validate_changes(typed)
    assert {field: imported[field] for field in typed} == rectified == {
        "email": "aino.maa@example.fi", "phone": "+358401234567", "postal_country": "FI", "postal_postcode": "00100"}


@pytest.mark.parametrize(("written", "stored"), [
    ("2025-06-25 00:00", date(2025, 6, 25)),  # a CRM's "Create Date"
    ("2025-06-25T08:15:00Z", date(2025, 6, 25)),
    ("2025-06-24T22:30:00Z", date(2025, 6, 25)),  # already 25 June in Helsinki
    ("2025-06-24T22:30:00+03:00", date(2025, 6, 24)),
    ("25.6.2025 8.15", date(2025, 6, 25)),
    ("25.6.2025 klo 8.15", date(2025, 6, 25)),
    ("25.6.2025 08:15:30", date(2025, 6, 25)),
])
def test_a_date_may_carry_a_time_of_day_and_is_the_day_in_helsinki(conn, tmp_path, written, stored):
    result = run(conn, tmp_path, f"etunimi;sukunimi;sähköposti;asiakkuus alkoi\nAino;Aika;aika@example.fi;{written}\n")
    assert not result.rejected
    assert person(conn, "aika@example.fi")["customer_since"] == stored


@pytest.mark.parametrize("written", ["2025-06-25 25:00", "2025-06-25 soon", "31.2.2024 8.00"])
def test_a_date_with_an_impossible_time_is_rejected_naming_the_forms_read(conn, tmp_path, written):
    result = run(conn, tmp_path, f"etunimi;sukunimi;sähköposti;asiakkuus alkoi\nAino;Aika;aika@example.fi;{written}\n")
    [rejected] = [r.as_json() for r in result.rejected]
    assert rejected["reason"] == "invalid_date" and "24.11.2026" in rejected["message"]


def test_identical_rows_are_one_row_and_only_conflicting_rows_are_duplicates_in_file(conn, tmp_path):
    """Two identical rows made the person vanish (both rejected, and with --skip-invalid never
    imported): a copy is imported once and reported as duplicate_row; rows naming one person with
    different values are still duplicate_in_file, each of them."""
    text = ("etunimi;sukunimi;sähköposti\n"
            "Aino;Kaksi;aino@example.fi\n"       # row 2
            "Bertta;Yksi;bertta@example.fi\n"    # row 3
            "Aino;Kaksi;aino@example.fi\n"       # row 4: row 2 again
            "Cecilia;Eri;cecilia@example.fi\n"   # row 5
            "Cecilia;Toinen;cecilia@example.fi\n"  # row 6: Cecilia with another last name
            "Cecilia;Eri;cecilia@example.fi\n")  # row 7: row 5 again
    result = run(conn, tmp_path, text, skip_invalid=True)
    assert result.as_json()["duplicate_rows"] == [{"row": 4, "same_as": 2}, {"row": 7, "same_as": 5}]
    assert reasons(result) == [(5, "duplicate_in_file"), (6, "duplicate_in_file")]
    assert (result.created, result.rows) == (2, 6)
    assert person(conn, "aino@example.fi")["last_name"] == "Kaksi" and person(conn, "cecilia@example.fi") is None
    again = run(conn, tmp_path, "etunimi;sukunimi;sähköposti\nAino;Kaksi;aino@example.fi\nAino;Kaksi;aino@example.fi\n")
    assert (again.created, again.unchanged, again.rejected, again.duplicate_rows) == (0, 1, (), ((3, 2),))


SLASHED = "etunimi;sukunimi;sähköposti;asiakkuus alkoi\n"


def test_slashed_dates_are_read_in_the_order_their_column_settles(conn, tmp_path):
    """A US export writes 6/25/2025: the 25 says the column is month/day/year, so 7/1/2025 in the same
    column is 1 July. A Finnish one writes 25/6/2025: day first."""
    us = run(conn, tmp_path, SLASHED + "Aino;Us;us1@example.fi;6/25/2025\nEino;Us;us2@example.fi;7/1/2025 8:15 PM\n")
    assert not us.rejected
    assert (person(conn, "us1@example.fi")["customer_since"], person(conn, "us2@example.fi")["customer_since"]) == (
        date(2025, 6, 25), date(2025, 7, 1))
    fi = run(conn, tmp_path, SLASHED + "Aino;Fi;fi1@example.fi;25/6/2025\nEino;Fi;fi2@example.fi;7/1/2025\n")
    assert not fi.rejected and person(conn, "fi2@example.fi")["customer_since"] == date(2025, 1, 7)


def test_slashed_dates_the_column_does_not_settle_are_rejected_naming_the_forms_read(conn, tmp_path):
    result = run(conn, tmp_path, SLASHED + "Aino;Epä;e1@example.fi;6/7/2025\nEino;Epä;e2@example.fi;5/5/2025\n"
                                           "Helmi;Epä;e3@example.fi;24.11.2025\n", skip_invalid=True)
    [rejected] = [r.as_json() for r in result.rejected]
    assert (rejected["row"], rejected["reason"], rejected["column"]) == (2, "invalid_date", "customer_since")
    assert "6/25/2025" in rejected["message"] and "24.11.2026" in rejected["message"]
    assert person(conn, "e2@example.fi")["customer_since"] == date(2025, 5, 5)  # the same either way
    # Both orders in one column settle nothing: those rows are rejected too.
    both = run(conn, tmp_path, SLASHED + "Aino;Kaksi;k1@example.fi;6/25/2025\nEino;Kaksi;k2@example.fi;25/6/2025\n")
    assert reasons(both) == [(2, "invalid_date"), (3, "invalid_date")]


ONE_COLUMN = "First Name,Last Name,Email,Address\n"


def test_an_address_in_one_column_is_split_and_one_that_does_not_read_so_is_stored_whole_with_a_note(conn, tmp_path):
    text = (ONE_COLUMN + 'Aino,Osoite,a1@example.fi,"Niemikuja 34 B 12, 00500 Helsinki"\n'
            'Eino,Osoite,a2@example.fi,"Storgatan 1, 111 22 Stockholm, Sverige"\n'
            'Helmi,Osoite,a3@example.fi,"Kauppakatu 5\n40100 Jyväskylä\nFinland"\n'
            'Saara,Osoite,a4@example.fi,Mökkitie 3 Rovaniemi\n')
    result = run(conn, tmp_path, text)
    assert not result.rejected and result.created == 4
    address = ("postal_street", "postal_postcode", "postal_city", "postal_country")
    assert [tuple(person(conn, f"a{i}@example.fi")[c] for c in address) for i in (1, 2, 3, 4)] == [
        ("Niemikuja 34 B 12", "00500", "Helsinki", "FI"), ("Storgatan 1", "111 22", "Stockholm", "SE"),
        ("Kauppakatu 5", "40100", "Jyväskylä", "FI"), ("Mökkitie 3 Rovaniemi", None, None, "FI")]
    assert [n.as_json() for n in result.notes] == [{
        "row": 5, "note": "address_not_split", "column": "postal_street", "value": None,
        "message": "the address does not read as 'street, postcode city[, country]': stored whole as the street"}]


def test_a_street_column_beside_a_postcode_or_city_column_is_not_split(conn, tmp_path):
    run(conn, tmp_path, 'etunimi,sukunimi,email,katuosoite,postitoimipaikka\n'
                        'Aino,Katu,k@example.fi,"Niemikuja 34, 00500",Helsinki\n')
    assert (person(conn, "k@example.fi")["postal_street"], person(conn, "k@example.fi")["postal_postcode"]) == (
        "Niemikuja 34, 00500", None)


def test_a_full_name_is_split_at_its_last_space_only_where_there_is_no_first_or_last_name(conn, tmp_path):
    result = run(conn, tmp_path, "Nimi;Sähköposti\nAnna Maria Virtanen;n1@example.fi\nMadonna;n2@example.fi\n")
    assert result.as_json()["columns"] == {"Nimi": "full_name", "Sähköposti": "email"}
    assert (person(conn, "n1@example.fi")["first_name"], person(conn, "n1@example.fi")["last_name"]) == (
        "Anna Maria", "Virtanen")
    assert (person(conn, "n2@example.fi")["first_name"], person(conn, "n2@example.fi")["last_name"]) == (None, "Madonna")
    both = imports.map_columns(["Name", "First Name", "Last Name", "Email"], "registration")
    assert both.ignored == ["Name"] and both.instead == (("Name", "First Name"),)


def test_a_company_name_links_the_one_organisation_of_that_name_and_notes_the_others(conn, contract, tmp_path):
    contract.organisation(id=1, name="Esimerkki Oy", business_id="1572860-0")
    contract.organisation(id=2, name="Kaksoset Oy", business_id="0112038-9")
    contract.organisation(id=3, name="Kaksoset Oy", business_id="1813720-8")
    text = ("Etunimi;Sukunimi;Sähköposti;Yritys;Y-tunnus\n"
            "Aino;Yksi;y1@example.fi; esimerkki oy ;\n"      # one organisation of the name, any case
            "Eino;Kaksi;y2@example.fi;Kaksoset Oy;\n"        # two: no organisation, noted
            "Helmi;Ei;y3@example.fi;Tuntematon Ky;\n"        # none: noted
            "Saara;Tunnus;y4@example.fi;Kaksoset Oy;1813720-8\n")  # the Y-tunnus says which
    result = run(conn, tmp_path, text)
    assert not result.rejected and result.created == 4
    assert [person(conn, f"y{i}@example.fi")["organisation_id"] for i in (1, 2, 3, 4)] == [1, None, None, 3]
    assert [(n.row, n.note, n.value) for n in result.notes] == [
        (3, "organisation_ambiguous", "Kaksoset Oy"), (4, "organisation_not_found", "Tuntematon Ky")]


def test_a_rejected_row_carries_its_values_as_read(conn, tmp_path):
    result = run(conn, tmp_path, "Etunimi;Sukunimi;Sähköposti;Maa;Muistiinpano\nAino;Maa;m@example.fi;Finlandia;vip\n")
    [rejected] = [r.as_json() for r in result.rejected]
    assert rejected["values"] == {"Etunimi": "Aino", "Sukunimi": "Maa", "Sähköposti": "m@example.fi",
                                  "Maa": "Finlandia", "Muistiinpano": "vip"}
    assert "FI" in rejected["message"] and "Suomi" in rejected["message"]


def test_the_registers_own_formula_neutraliser_is_taken_off_on_the_way_back_in(conn, tmp_path):
    """A rejected-rows file writes '+358… and '=… so a spreadsheet shows them as text; imported again
    they are the values they were. An apostrophe anywhere else is text."""
    run(conn, tmp_path, "etunimi;sukunimi;email;puhelin\n'=Kaava;O'Brien;f@example.fi;'+358 40 123 4567\n")
    stored = person(conn, "f@example.fi")
    assert (stored["first_name"], stored["last_name"], stored["phone"]) == ("=Kaava", "O'Brien", "+358401234567")


@pytest.mark.parametrize("dialect, separator", [("excel-fi", ";"), ("standard", ",")])
def test_the_rejected_rows_file_corrected_imports_as_it_is(conn, tmp_path, dialect, separator):
    """The file a manager downloads: row and reason first (ignored when imported again), then the
    file's own columns with the values as read, formula-safe, in the session's dialect."""
    original = ("First Name,Last Name,Email,Mobile Phone,Country/Region\n"
                "Aino,Hyvä,hyva@example.fi,040 111 2222,Finland\n"
                "=cmd|' /C calc'!A0,Kaava,kaava@example.fi,+358 40 333 4444,Suomi\n"
                "Eino,Huono,huono(at)example.fi,040 555 6666,Finland\n"
                "Helmi,Maa,maa@example.fi,040 777 8888,Finlandia\n")
    first = run(conn, tmp_path, original, skip_invalid=True)
    assert (first.created, reasons(first)) == (2, [(4, "invalid_email"), (5, "invalid_value")])
    data = imports.rejected_rows_file(["First Name", "Last Name", "Email", "Mobile Phone", "Country/Region"],
                                      first.rejected, ("Rivi", "Syy"), lambda r: r.message, dialect)
    text = data.decode("utf-8")
    assert text.startswith("\ufeffRivi" + separator + "Syy" + separator + "First Name")
    assert text.splitlines()[1].startswith("4" + separator) and "huono(at)example.fi" in text
    corrected = text.replace("huono(at)example.fi", "huono@example.fi").replace("Finlandia", "Suomi")
    again = run(conn, tmp_path, corrected)
    assert again.rejected == () and again.created == 2 and set(again.ignored_columns) == {"Rivi", "Syy"}
    assert person(conn, "huono@example.fi")["phone"] == "+358405556666"
    assert person(conn, "maa@example.fi")["postal_country"] == "FI"


def test_the_rejected_rows_file_is_formula_safe_and_gives_the_value_back(conn, tmp_path):
    first = run(conn, tmp_path, "etunimi;sukunimi;sähköposti;puhelin\n=HYPERLINK(\"x\");Kaava;ei-osoite;+358 40 123 4567\n")
    data = imports.rejected_rows_file(["etunimi", "sukunimi", "sähköposti", "puhelin"], first.rejected,
                                      ("Rivi", "Syy"), lambda r: r.message, "excel-fi").decode("utf-8")
    assert ";\"'=HYPERLINK(\"\"x\"\")\";" in data and ";'+358 40 123 4567" in data
    run(conn, tmp_path, data.replace("ei-osoite", "kaava@example.fi"))
    stored = person(conn, "kaava@example.fi")
    assert (stored["first_name"], stored["phone"]) == ('=HYPERLINK("x")', "+358401234567")


def test_excels_unicode_text_utf16_with_bom_tab_separated_is_read(conn, tmp_path):
    """Excel's 'Save as: Unicode Text (*.txt)': UTF-16 little-endian with its BOM, tabs, CRLF."""
    text = "Etunimi\tSukunimi\tSähköposti\tMaa\r\nÄijä\tÖhman\taija.ohman@example.fi\tRuotsi\r\n"
    path = tmp_path / "asiakkaat.txt"
    path.write_bytes(text.encode("utf-16"))  # Python writes the BOM of its byte order, as Excel does
    result = import_file(conn, ACTOR, TODAY, "registration", path)
    assert not result.rejected and result.created == 1
    stored = person(conn, "aija.ohman@example.fi")
    assert (stored["first_name"], stored["last_name"], stored["postal_country"]) == ("Äijä", "Öhman", "SE")


def _workbook(path, entries: dict[str, bytes]) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        for name, data in entries.items():
            archive.writestr(name, data)


def test_a_workbook_that_unpacks_to_far_more_than_it_holds_is_refused_before_it_is_read(conn, tmp_path):
    _workbook(tmp_path / "pommi.xlsx", {"xl/worksheets/sheet1.xml": b"0" * (30 * 2**20)})  # 30 MB in ~30 KB
    with pytest.raises(BadInput) as raised:
        import_file(conn, ACTOR, TODAY, "registration", tmp_path / "pommi.xlsx")
    assert raised.value.code == "import_zip_bomb" and raised.value.exit_code == 2 and "zip bomb" in str(raised.value)


def test_a_workbook_is_unpacked_only_up_to_the_limit_whatever_its_entries_declare(conn, tmp_path, monkeypatch):
    from registry.intake import files as import_files

    monkeypatch.setattr(import_files, "MAX_UNPACKED_BYTES", 2**20)
    _workbook(tmp_path / "iso.xlsx", {f"xl/worksheets/sheet{i}.xml": bytes(range(256)) * 2048 for i in range(1, 4)})
    with pytest.raises(BadInput) as raised:
        import_file(conn, ACTOR, TODAY, "registration", tmp_path / "iso.xlsx")
    assert raised.value.code == "import_zip_bomb"


def test_a_workbook_of_formulas_without_their_values_says_to_save_it_in_a_spreadsheet(conn, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["etunimi", "sukunimi", "sähköposti"])
    book.active.append(['=CONCAT("Ai","no")', '="Kaava"', '=LOWER("AINO@EXAMPLE.FI")'])
    book.save(tmp_path / "kaavat.xlsx")  # openpyxl writes formulas and no values: no spreadsheet computed them
    with pytest.raises(BadInput) as raised:
        import_file(conn, ACTOR, TODAY, "registration", tmp_path / "kaavat.xlsx")
    assert raised.value.code == "import_formulas_only" and raised.value.exit_code == 2
    assert "save it" in str(raised.value)


def test_a_vat_number_names_the_organisation_of_its_y_tunnus(conn, contract, tmp_path):
    """Invoicing programs export the ALV-numero (FI18137208): the Y-tunnus 1813720-8 without its dash."""
    contract.organisation(id=4, name="Molentum Oy", business_id="1813720-8")
    result = run(conn, tmp_path, "etunimi;sukunimi;sähköposti;ALV-numero\nAino;Alv;alv@example.fi;FI18137208\n")
    assert not result.rejected and person(conn, "alv@example.fi")["organisation_id"] == 4


def test_a_rejected_row_names_every_wrong_value_so_one_correction_is_enough(conn, tmp_path):
    result = run(conn, tmp_path, "etunimi;sukunimi;sähköposti;puhelin;maa\nAino;Kaksi;ei-osoite;soita;Finlandia\n")
    [rejected] = result.rejected
    assert (rejected.reason, rejected.column) == ("invalid_email", "email")  # section 9's one code a row
    assert rejected.also == (("invalid_phone", "phone"), ("invalid_value", "postal_country"))
    message = rejected.as_json()["message"]
    assert message.startswith("not an e-mail address; not a phone number; not a country") and "Suomi" in message
