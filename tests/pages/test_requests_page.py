"""The Requests page says plainly what happened (issue #20): a request whose person was erased is
answered with a letter saying so and offers no form that cannot work; Refuse and Extend show
their letter before anything changes; the closed view shows what a purge carried out."""

from __future__ import annotations

import io
from datetime import date

import pypdf

from registry.store import db
from registry.access import Actor
from registry.clock import finnish_today
from registry.purge import purge_persons
from tests.conftest import Contract
from tests.pages.conftest import signed_in, texts

TODAY = finnish_today()  # the page's day; the requests below are dated relative to it


def _pdf(data: bytes) -> str:
    return _words("".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages))


def _words(text: str) -> str:
    """A letter's words on one line (the PDF breaks its lines anywhere)."""
    return " ".join(text.split())


def _request(store, customer_id, kind, rid, verified=True) -> None:
    with db.connect(store) as conn:
        Contract(conn).request(customer_id, kind=kind, received_on=TODAY, verified_on=TODAY if verified else None,
                               id=rid)


def _erase(store, customer_id, out) -> None:
    with db.connect(store, exclusive=True) as conn:
        conn.execute("UPDATE customers SET customer_until = ? WHERE id = ?", [date(2020, 1, 1), customer_id])
        conn.execute("UPDATE invoices SET paid_on = coalesce(paid_on, DATE '2020-01-01') WHERE customer_id = ?",
                     [customer_id])
        conn.execute("UPDATE collection_cases SET closed_on = DATE '2020-01-01' WHERE customer_id = ?", [customer_id])
        conn.execute("UPDATE legal_holds SET lifted_on = DATE '2020-01-01' WHERE customer_id = ?", [customer_id])
        conn.execute("UPDATE requests SET status = 'withdrawn', closed_on = ? WHERE customer_id = ? "
                     "AND kind <> 'erasure' AND status IN ('received', 'in_progress')", [TODAY, customer_id])
        conn.execute("UPDATE customers SET is_contact_person = false WHERE id = ?", [customer_id])
        purge_persons(conn, TODAY, Actor("mika", "manager"), [customer_id], letters_dir=out)


def test_a_request_of_an_erased_person_says_so_and_is_answered_without_a_form(app_store, tmp_path):
    _erase(app_store, 40, tmp_path)
    _request(app_store, 40, "rectification", 900)
    at = signed_in("demo-manager", "pages/requests_page.py")
    at.selectbox(key="req_chosen").select(900).run()
    erased_label = f"tiedot poistettu {TODAY.day}.{TODAY.month}.{TODAY.year}"
    assert erased_label in at.dataframe[0].value["Henkilö"].tolist()
    assert any("Henkilön tiedot poistettiin" in i.value for i in at.info)
    assert not [w for w in at.text_input if w.key and w.key.startswith("fix_900_")]  # no rectification form
    next(b for b in at.button if b.label == "Esikatsele kirje").click().run()
    assert "ole sen jälkeen ollut teistä henkilötietoja" in _words(at.text[0].value)
    at.checkbox(key="preview_read_complete_900").check().run()
    next(b for b in at.button if b.label == "Toteuta ja laadi asiakirjat").click().run()
    assert "Pyyntö 900: valmis" in texts(at)
    with db.connect(app_store) as conn:
        assert conn.execute("SELECT status, closed_on FROM requests WHERE id = 900").fetchone() == ("completed", TODAY)
        assert conn.execute("SELECT file_name FROM request_documents WHERE request_id = 900").fetchall() == [
            ("rectification-900.pdf",)]


def _letter_shown(store, person: int, kind: str, rid: int, step: str, reason: str):
    """A manager writes the reasons of a refusal or an extension and asks to see the letter."""
    _request(store, person, kind, rid)
    at = signed_in("demo-manager", "pages/requests_page.py")
    at.selectbox(key="req_chosen").select(rid).run()
    at.text_area(key=f"{step}_reason_{rid}").input(reason)
    at.tabs[{"extend": 1, "refuse": 2}[step]].button[0].click().run()  # "Näytä kirje"
    return at, _words(at.text[0].value)


def test_a_refusal_shows_its_letter_with_both_remedies_before_anything_changes(app_store):
    at, letter = _letter_shown(app_store, 46, "portability", 901, "refuse",
                               "The data asked for is not held in this register.")
    assert "The data asked for is not held" in letter
    assert "tietosuojavaltuutetun" in letter and "käräjäoikeudessa" in letter  # both Art. 12(4) remedies
    with db.connect(app_store) as conn:
        assert conn.execute("SELECT status FROM requests WHERE id = 901").fetchone()[0] == "received"
    confirm = next(b for b in at.button if b.label == "Epää pyyntö ja laadi tämä kirje")
    assert confirm.disabled  # not before the letter is read
    at.checkbox(key="preview_read_refuse_901").check().run()
    next(b for b in at.button if b.label == "Epää pyyntö ja laadi tämä kirje").click().run()
    assert "Pyyntö 901: evätty" in texts(at)
    assert "käräjäoikeu" in _pdf(at.session_state["req_docs"]["files"]["portability-901-refusal.pdf"])
    with db.connect(app_store) as conn:
        assert conn.execute("SELECT status, closed_on FROM requests WHERE id = 901").fetchone() == ("refused", TODAY)


def test_an_extension_shows_its_letter_and_new_deadline_first(app_store):
    at, letter = _letter_shown(app_store, 47, "access", 902, "extend", "Tiedot kootaan kolmesta järjestelmästä.")
    assert "Jatkamme vastausaikaa kahdella kuukaudella" in letter
    with db.connect(app_store) as conn:
        assert conn.execute("SELECT extended_on FROM requests WHERE id = 902").fetchone()[0] is None
    at.checkbox(key="preview_read_extend_902").check().run()
    next(b for b in at.button if b.label == "Jatka määräaikaa ja laadi tämä kirje").click().run()
    with db.connect(app_store) as conn:
        assert conn.execute("SELECT extended_on, status FROM requests WHERE id = 902").fetchone() == (
            TODAY, "in_progress")


def test_closing_without_a_letter_offers_only_withdrawn(app_store):
    _request(app_store, 48, "objection", 903)
    at = signed_in("demo-manager", "pages/requests_page.py")
    at.selectbox(key="req_chosen").select(903).run()
    assert not [s for s in at.selectbox if s.label == "Sulje ilman asiakirjoja"]
    at.tabs[3].button[0].click().run()
    with db.connect(app_store) as conn:
        assert conn.execute("SELECT status FROM requests WHERE id = 903").fetchone()[0] == "withdrawn"


def test_the_closed_view_shows_an_erasure_request_a_purge_carried_out(app_store, tmp_path):
    _request(app_store, 44, "erasure", 904)
    _erase(app_store, 44, tmp_path)
    at = signed_in("demo-manager", "pages/requests_page.py")
    at.segmented_control(key="req_show").set_value("closed").run()
    table = at.dataframe[0].value
    row = table[table["Pyyntö"] == 904].iloc[0]
    assert row["Lopputulos"] == "valmis" and row["Kirjeet"] == "erasure-904.pdf"
    assert row["Henkilö"].startswith("tiedot poistettu")


def test_a_rectification_on_the_page_stores_what_an_import_and_the_command_line_store(app_store, tmp_path):
    """One normal form (REGISTER.md section 9): the e-mail and phone a manager types into the
    rectification form are stored as an import and `request complete --set` store them."""
    from registry.intake.imports import import_file
    from registry.requests.rights import validate_changes

    typed = {"email": " Aino.Oikaistu@Example.FI ", "phone": "040 123 4567"}
    with db.connect(app_store) as conn:
        pid = conn.execute("SELECT min(id) FROM customers WHERE purged_on IS NULL AND restricted_on IS NULL "
                           "AND id > 30").fetchone()[0]
    _request(app_store, pid, "rectification", 901)
    at = signed_in("demo-manager", "pages/requests_page.py")
    at.selectbox(key="req_chosen").select(901).run()
    for field, value in typed.items():
        at.text_input(key=f"fix_901_{field}").input(value)
    next(b for b in at.button if b.label == "Esikatsele kirje").click().run()
    at.checkbox(key="preview_read_complete_901").check().run()
    next(b for b in at.button if b.label == "Toteuta ja laadi asiakirjat").click().run()
    assert "Pyyntö 901: valmis" in texts(at)
    path = tmp_path / "tuonti.csv"
    path.write_text(f"etunimi;sukunimi;sähköposti;puhelin\nUusi;Tuotu;{typed['email'].replace('Oikaistu', 'Tuotu')};"
                    f"{typed['phone']}\n", encoding="utf-8")
    with db.connect(app_store) as conn:
        import_file(conn, Actor.system("tuonti"), TODAY, "registration", path)
        by_page = conn.execute("SELECT email, phone FROM customers WHERE id = ?", [pid]).fetchone()
        by_import = conn.execute("SELECT email, phone FROM customers WHERE email = 'aino.tuotu@example.fi'").fetchone()
    assert by_page == ("aino.oikaistu@example.fi", "+358401234567")
    assert by_import == ("aino.tuotu@example.fi", "+358401234567")
    assert tuple(validate_changes(typed).values()) == by_page  # what `request complete --set` stores
