"""Every kind of request completed through the registry: its effect and its documents."""

import csv
import io
import json
import zipfile
from datetime import date

import pypdf
import pytest

from registry.store import db
from registry.access import Actor
from registry.errors import BadInput, IdentityNotVerified, RefusedByRule
from registry.marketing import write_marketing_list
from registry.requests.rights import complete_request, refuse_request
from tests.conftest import Contract

TODAY = date(2026, 11, 25)
MANAGER = Actor("mika", "manager")


@pytest.fixture
def person(store):
    """Person 1 (ended, due by an erasure request once verified), with orders and a disclosure."""
    with db.connect(store) as conn:
        c = Contract(conn)
        c.customer(id=1, first_name="Äijä", last_name="Öhman", email="aija@example.fi", phone="+358 40 111 2222",
                   postal_street="Kätkäläntie 3 A 5", postal_postcode="80400", postal_city="Ylämylly",
                   postal_country="FI", until=date(2026, 10, 1), language="fi")
        c.order(1, id=1, product="Näyttö 27\"", amount=340)
        c.invoice(1, paid_on=date(2024, 5, 3), id=1)
        conn.execute("INSERT INTO disclosures VALUES (1, 1, DATE '2025-01-01', 'Luottotieto Oy', 'credit_decision', "
                     "false)")
    return store


def add_request(store, kind, verified=True, language="fi", rid=10, customer=1):
    with db.connect(store) as conn:
        Contract(conn).request(customer, kind=kind, received_on=date(2026, 11, 20), id=rid,
                               verified_on=date(2026, 11, 21) if verified else None)
        conn.execute("UPDATE requests SET language = ? WHERE id = ?", [language, rid])
    return rid


def complete(store, rid, out, changes=None):
    with db.connect(store, exclusive=True) as conn:
        return complete_request(conn, MANAGER, rid, TODAY, out, changes)


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def stored(store, sql, params=()):
    with db.connect(store) as conn:
        return conn.execute(sql, list(params)).fetchall()


def test_access_gives_a_letter_and_json_with_all_data_and_article_15(person, tmp_path):
    outcome = complete(person, add_request(person, "access"), tmp_path)
    assert outcome.status == "completed" and outcome.files == ("access-10.pdf", "access-10.json")
    data = json.loads((tmp_path / "access-10.json").read_text())
    assert data["person"]["email"] == "aija@example.fi"
    assert data["orders"][0]["product"] == "Näyttö 27\""
    assert data["disclosures"][0]["recipient"] == "Luottotieto Oy"
    assert "Tietosuojavaltuutetun toimisto" in data["article_15"]["complaint"]
    text = pdf_text(tmp_path / "access-10.pdf")
    assert "Äijä Öhman" in text and "Kätkäläntie 3 A 5" in text and "Vastaus tietojen tarkastuspyyntöönne" in text
    assert "90 päivää asiakkuuden päättymisestä" in text and "Lintulahdenkuja 4" in text
    docs = stored(person, "SELECT file_name, length(sha256) FROM request_documents ORDER BY 1")
    assert docs == [("access-10.json", 64), ("access-10.pdf", 64)]
    assert stored(person, "SELECT status, closed_on FROM requests WHERE id = 10") == [("completed", TODAY)]


def test_access_in_english_is_written_in_english(person, tmp_path):
    complete(person, add_request(person, "access", language="en"), tmp_path)
    text = pdf_text(tmp_path / "access-10.pdf")
    assert "Reply to your request for access" in text and "Data Protection Ombudsman" in text


def test_access_without_verified_identity_is_refused_and_changes_nothing(person, tmp_path):
    rid = add_request(person, "access", verified=False)
    with pytest.raises(IdentityNotVerified, match="verified identity"):
        complete(person, rid, tmp_path / "out")
    assert stored(person, "SELECT status FROM requests WHERE id = 10") == [("received",)]
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_portability_gives_json_and_csv_of_the_provided_data_in_one_zip(person, tmp_path):
    complete(person, add_request(person, "portability"), tmp_path)
    with zipfile.ZipFile(tmp_path / "portability-10.zip") as archive:
        assert sorted(archive.namelist()) == ["orders.csv", "person.csv", "person.json"]
        provided = json.loads(archive.read("person.json"))
        rows = list(csv.DictReader(io.StringIO(archive.read("person.csv").decode("utf-8-sig"))))
    assert provided["person"]["email"] == "aija@example.fi" and "ip_address" not in provided["person"]
    assert rows[0]["first_name"] == "Äijä"


def test_rectification_validates_updates_and_lists_whom_to_notify(person, tmp_path):
    rid = add_request(person, "rectification")
    with pytest.raises(BadInput, match="not a valid e-mail"):
        complete(person, rid, tmp_path, {"email": "not-an-address"})
    with pytest.raises(BadInput, match="not a personal field"):
        complete(person, rid, tmp_path, {"customer_until": "2020-01-01"})
    outcome = complete(person, rid, tmp_path, {"email": "Uusi@Example.FI", "phone": "040 555 1234",
                                               "postal_country": "Ruotsi"})
    # One normal form (REGISTER.md section 9): as an import stores them.
    assert stored(person, "SELECT email, phone, postal_country FROM customers WHERE id = 1") == [
        ("uusi@example.fi", "+358405551234", "SE")]
    notify = json.loads((tmp_path / "rectification-10-notify.json").read_text())
    assert notify["recipients"] == ["Luottotieto Oy"] and notify["sources"] == ["registration"]
    assert "rectification-10-notice-1.pdf" in outcome.files
    assert "Luottotieto Oy" in pdf_text(tmp_path / "rectification-10-notice-1.pdf")
    details = stored(person, "SELECT details FROM audit_log WHERE action = 'request_completed'")[0][0]
    assert "email" in details and "uusi@example.fi" not in details


def test_erasure_of_an_unblocked_person_is_the_purge_and_closes_with_it(person, tmp_path):
    outcome = complete(person, add_request(person, "erasure"), tmp_path)
    assert outcome.status == "completed"
    assert stored(person, "SELECT email, purged_on IS NOT NULL FROM customers WHERE id = 1") == [(None, True)]
    assert stored(person, "SELECT action FROM audit_log ORDER BY seq") == [("purge",), ("request_completed",)]
    assert "poistettu" in pdf_text(tmp_path / "erasure-10.pdf")
    assert b"aija@example.fi" not in person.read_bytes()


def test_erasure_of_a_blocked_person_becomes_a_refusal_naming_the_blocker(person, tmp_path):
    with db.connect(person) as conn:
        Contract(conn).invoice(1, issued_on=date(2026, 9, 1), id=2)
    outcome = complete(person, add_request(person, "erasure"), tmp_path)
    assert outcome.status == "refused" and outcome.files == ("erasure-10-refusal.pdf",)
    text = pdf_text(tmp_path / "erasure-10-refusal.pdf")
    assert "avoin lasku" in text and "1.9.2026" in text and "tietosuojavaltuutetun" in text
    assert stored(person, "SELECT purged_on FROM customers WHERE id = 1") == [(None,)]


def test_restriction_and_objection_set_their_dates_and_leave_the_marketing_list(store, tmp_path):
    with db.connect(store) as conn:
        c = Contract(conn)
        for cid in (1, 2, 3):
            c.customer(id=cid, email=f"p{cid}@example.fi", first_name="=cmd|' /C calc'!A0" if cid == 3 else "Aino")
    add_request(store, "restriction", verified=False, rid=1, customer=1)
    add_request(store, "objection", verified=False, rid=2, customer=2)
    complete(store, 1, tmp_path)
    complete(store, 2, tmp_path)
    assert stored(store, "SELECT restricted_on, marketing_objection_on FROM customers ORDER BY id")[:2] == [
        (TODAY, None), (None, TODAY)]
    with db.connect(store) as conn:
        assert write_marketing_list(conn, MANAGER, tmp_path / "m.csv", TODAY) == 1
    rows = list(csv.DictReader(open(tmp_path / "m.csv", encoding="utf-8")))
    assert [r["customer_id"] for r in rows] == ["3"]
    assert rows[0]["first_name"].startswith("'=")  # neutralised against formula injection


def test_a_refusal_writes_a_dated_letter_with_the_ombudsman(person, tmp_path):
    rid = add_request(person, "access", verified=False)
    outcome = refuse_request_via(person, rid, tmp_path)
    text = pdf_text(tmp_path / outcome.files[0])
    assert "25.11.2026" in text and "Henkilöllisyyttä ei voitu varmentaa" in text
    assert "Tietosuojavaltuutetun toimisto" in text
    with pytest.raises(RefusedByRule, match="closed"):
        refuse_request_via(person, rid, tmp_path)


def refuse_request_via(store, rid, out):
    with db.connect(store) as conn:
        return refuse_request(conn, MANAGER, rid, "Henkilöllisyyttä ei voitu varmentaa.", TODAY, out)


def test_an_extension_writes_the_letter_telling_the_person_why_and_by_when(person, tmp_path):
    from registry.requests.rights import extend_with_letter

    rid = add_request(person, "access", language="en")
    with db.connect(person) as conn:
        outcome = extend_with_letter(conn, MANAGER, rid, "Data from three systems", TODAY, tmp_path)
    text = pdf_text(tmp_path / outcome.files[0])
    text = " ".join(text.split())  # the PDF wraps lines
    assert "Article 12(3)" in text and "Data from three systems" in text and "22 February 2027" in text
    assert outcome.status == "in_progress"
    assert stored(person, "SELECT file_name FROM request_documents") == [(outcome.files[0],)]
    audit = stored(person, "SELECT action, details FROM audit_log ORDER BY seq DESC LIMIT 1")[0]
    assert audit[0] == "request_extended" and json.loads(audit[1])["files"] == list(outcome.files)


def test_an_extension_whose_letter_cannot_be_made_is_not_extended(person, tmp_path, monkeypatch):
    """The extension, its letter's record and the audit entry are one transaction: the person is
    never told nothing while the register says the deadline moved."""
    from registry import letters
    from registry.requests.rights import extend_with_letter

    def broken(case):
        raise OSError("disk full")

    rid = add_request(person, "access")
    monkeypatch.setattr(letters, "extension_files", broken)
    with db.connect(person) as conn, pytest.raises(OSError):
        extend_with_letter(conn, MANAGER, rid, "Data from three systems", TODAY, tmp_path)
    assert stored(person, "SELECT extended_on, status FROM requests WHERE id = ?", [rid]) == [(None, "received")]
    assert stored(person, "SELECT count(*) FROM audit_log WHERE action = 'request_extended'") == [(0,)]


def test_a_longer_retention_is_what_the_access_letter_and_a_blocked_erasure_letter_say(person, tmp_path):
    from registry.requests.rights import preview_letter
    from registry.settings import set_setting

    with db.connect(person) as conn:
        set_setting(conn, Actor.system("ops"), "retention_days", "150")
        Contract(conn).invoice(1, id=9, issued_on=date(2026, 9, 1))  # open: blocks the erasure
    access, erasure = add_request(person, "access"), add_request(person, "erasure", rid=11)
    with db.connect(person) as conn:
        access_text = " ".join(preview_letter(conn, MANAGER, access, TODAY).text.split())
        refusal_text = " ".join(preview_letter(conn, MANAGER, erasure, TODAY).text.split())
    assert "150 päivää asiakkuuden päättymisestä" in access_text and "90 päivää" not in access_text
    assert "150 päivän kuluttua" in refusal_text and "90 päivän" not in refusal_text


def test_letters_name_the_controller_and_the_authority_as_the_settings_do(person, tmp_path):
    from registry.settings import set_setting

    with db.connect(person) as conn:
        for key, value in (("controller.name", "Molentum Group Oy"), ("contact.name", "Maija Meikäläinen"),
                           ("authority.fi", "Tietosuojavaltuutetun toimisto, PL 800, 00531 Helsinki, uusi osoite")):
            set_setting(conn, Actor.system("ops"), key, value)
    rid = add_request(person, "access", verified=False)
    outcome = refuse_request_via(person, rid, tmp_path)
    text = " ".join(pdf_text(tmp_path / outcome.files[0]).split())
    assert text.startswith("Molentum Group Oy") and "Maija Meikäläinen" in text and "uusi osoite" in text


def test_a_purged_person_is_never_in_the_marketing_list(store, tmp_path):
    with db.connect(store) as conn:
        c = Contract(conn)
        c.customer(id=1, email="elava@example.fi")
        c.customer(id=2, email="poistettu@example.fi")
        conn.execute("UPDATE customers SET purged_on = TIMESTAMP '2026-11-01 00:00:00' WHERE id = 2")
        assert write_marketing_list(conn, MANAGER, tmp_path / "m.csv", TODAY) == 1
    assert "poistettu@example.fi" not in (tmp_path / "m.csv").read_text()


@pytest.mark.parametrize("kind, words", [("access", "Vastaus tietojen tarkastuspyyntöönne"),
                                         ("restriction", "Äijä Öhman"), ("erasure", "Äijä Öhman")])
def test_a_preview_shows_the_letter_completing_would_send_and_changes_nothing(person, tmp_path, kind, words):
    from registry.requests.rights import preview_letter

    rid = add_request(person, kind)
    before = stored(person, "SELECT * FROM customers ORDER BY id")
    with db.connect(person) as conn:
        preview = preview_letter(conn, MANAGER, rid, TODAY)
    assert preview.pdf.startswith(b"%PDF") and words in preview.text and preview.status == "completed"
    assert stored(person, "SELECT * FROM customers ORDER BY id") == before  # no flag set, nobody purged
    assert stored(person, "SELECT status FROM requests WHERE id = ?", [rid]) == [("received",)]
    assert stored(person, "SELECT count(*) FROM request_documents") == [(0,)]
    assert stored(person, "SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1") == [("letter_previewed",)]
    done = complete(person, rid, tmp_path)
    assert preview.file_name in done.files  # the letter previewed is the letter sent
    assert pdf_text(tmp_path / preview.file_name).split() == preview.text.split()


def test_a_rectification_preview_shows_the_corrected_value_but_keeps_the_old_one(person, tmp_path):
    from registry.requests.rights import preview_letter

    rid = add_request(person, "rectification")
    with db.connect(person) as conn:
        preview = preview_letter(conn, MANAGER, rid, TODAY, {"postal_city": "Joensuu"})
        with pytest.raises(BadInput):
            preview_letter(conn, MANAGER, rid, TODAY, {})
    assert "Joensuu" in preview.text
    assert stored(person, "SELECT postal_city FROM customers WHERE id = 1") == [("Ylämylly",)]


def test_a_preview_of_a_blocked_erasure_is_the_refusal_and_needs_a_verified_identity(person, tmp_path):
    from registry.requests.rights import preview_letter

    with db.connect(person) as conn:
        Contract(conn).invoice(1, id=9, issued_on=date(2026, 9, 1))
    rid = add_request(person, "erasure")
    unverified = add_request(person, "access", verified=False, rid=11)
    with db.connect(person) as conn:
        preview = preview_letter(conn, MANAGER, rid, TODAY)
        with pytest.raises(IdentityNotVerified):
            preview_letter(conn, MANAGER, unverified, TODAY)
    assert preview.status == "refused" and preview.file_name.endswith("-refusal.pdf")
