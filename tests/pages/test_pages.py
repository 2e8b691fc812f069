"""Each page as its users see it: what each role can open, the purge dialog end to end,
search and record, requests, audit trail and users."""

import json

import pytest

from registry.clock import finnish_today
from registry import users
from registry.store import db
from registry.retention.due import due_counts
from registry.settings import DEFAULTS
from tests.pages.conftest import signed_in, texts

ALL_PAGES = ["overview_page", "customers_page", "due_for_purge", "requests_page", "import_page", "statistics_page",
             "audit_trail", "users_page", "settings_page"]
ROLE_PAGES = {
    "demo-manager": ["overview_page", "customers_page", "due_for_purge", "requests_page", "import_page",
                     "statistics_page"],
    "demo-staff": ["overview_page", "customers_page", "requests_page"],
    "demo-auditor": ["overview_page", "statistics_page", "audit_trail"],
    "demo-admin": ["overview_page", "audit_trail", "users_page", "settings_page"],
}


def opens(at, page: str) -> bool:
    try:
        at.switch_page(f"pages/{page}.py").run()
    except ValueError as err:  # AppTest: "Could not find a navigation page" — it does not exist for this session
        assert "Could not find a navigation page" in str(err)
        return False
    return not at.exception


@pytest.mark.parametrize("username", list(ROLE_PAGES))
def test_each_role_gets_exactly_its_pages(app_store, username):
    at = signed_in(username)
    assert [page for page in ALL_PAGES if opens(at, page)] == ROLE_PAGES[username]


@pytest.mark.parametrize("username", ["demo-auditor", "demo-admin"])
def test_roles_without_personal_data_see_no_emails_or_names(app_store, username):
    with db.connect(app_store) as conn:
        emails = [r[0] for r in conn.execute("SELECT email FROM customers WHERE email IS NOT NULL").fetchall()]
    for page in ROLE_PAGES[username]:
        at = signed_in(username, f"pages/{page}.py")
        shown = texts(at)
        assert not any(email in shown for email in emails), page
        # The controller's own contact (the notice's facts on the Settings page) is no register person's data.
        shown = shown.replace(DEFAULTS["contact.email"], "").replace(DEFAULTS["authority"]["fi"], "")
        assert "@" not in shown.replace("@example", ""), page


def test_a_user_without_an_nda_sees_only_the_overview_and_the_anonymous_statistics(app_store):
    from registry.access import Actor
    from registry.users import record_nda

    with db.connect(app_store) as conn:
        record_nda(conn, Actor.system("test"), "demo-manager", None)
    at = signed_in("demo-manager")
    assert "salassapitositoumusta ei ole kirjattu" in texts(at).lower()
    assert [page for page in ALL_PAGES if opens(at, page)] == ["overview_page", "statistics_page"]


def test_overview_shows_the_weeks_figures_with_links_and_charts(app_store):
    at = signed_in("demo-manager")
    figures = {m.label: m.value for m in at.metric}
    with db.connect(app_store) as conn:
        counts = due_counts(conn, finnish_today())
    assert figures["Poistettavissa nyt"] == str(counts.purgeable)
    assert figures["Poisto estetty"] == str(counts.blocked)
    assert set(figures) >= {"Henkilöt", "Aktiiviset asiakkaat", "Avoimet pyynnöt", "Myöhässä", "Erääntyy 7 päivässä"}
    assert len(at.get("page_link")) == 8  # each tile, the purge proposals' too
    assert len(at.get("plotly_chart")) == 2


def test_the_purge_dialog_purges_once_and_offers_a_receipt(app_store):
    at = signed_in("demo-manager", "pages/due_for_purge.py")
    purgeable = int(at.metric[0].value.replace("\u202f", ""))
    assert purgeable > 0
    at.button(key="review_open").click().run()
    confirm = next(b for b in at.button if b.key and b.key.startswith("confirm_"))
    assert confirm.disabled  # not before "I understand"
    at.checkbox[0].check().run()
    confirm = next(b for b in at.button if b.key and b.key.startswith("confirm_"))
    assert confirm.label == f"Poista {purgeable} henkilöä" and not confirm.disabled
    confirm.click().run()
    assert at.success[0].value.startswith(f"Poistettu {purgeable} henkilöä")
    review = at.session_state["purge_review"]
    assert review.mode == "done"
    document = json.loads(review.receipt.to_json_bytes())
    assert document["actor"] == "demo-manager" and len(document["customer_ids"]) == purgeable
    at.run()  # a repeated run of the same review (a double click) purges nothing more
    with db.connect(app_store) as conn:
        purges = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'purge'").fetchone()[0]
        emails = conn.execute("SELECT count(email) FROM customers WHERE id IN (SELECT unnest(?::BIGINT[]))",
                              [document["customer_ids"]]).fetchone()[0]
    assert purges == 1 and emails == 0
    at.button(key="review_close").click().run()
    assert at.metric[0].value == "0"
    assert "purge_review" not in at.session_state


def test_the_due_list_filters_by_blocker(app_store):
    at = signed_in("demo-manager", "pages/due_for_purge.py")
    at.selectbox(key="due_blocker").select("open_invoice").run()
    shown = at.dataframe[0].value
    assert len(shown) > 0 and all("avoin lasku" in cell for cell in shown["Estää poiston"])
    assert at.button(key="review_open").disabled


def test_the_due_lists_filters_keep_their_choice_in_the_words_of_a_new_language(app_store):
    """A manager who switches to English keeps the filters chosen, and the list filtered by them; the page sends
    the chosen blocker's English words for the browser to show. (How the browser shows it AppTest cannot see:
    tests/e2e/test_statistics_and_restriction checks it in Chromium.)"""
    at = signed_in("demo-manager", "pages/due_for_purge.py")
    at.selectbox(key="due_blocker").select("open_invoice").run()
    before = at.dataframe[0].value
    at.selectbox(key="lang").set_value("en").run()
    blocker, reason = at.selectbox(key="due_blocker"), at.selectbox(key="due_reason")
    assert (blocker.value, blocker.options[blocker.index]) == ("open_invoice", "open invoice")
    assert blocker.proto.raw_value == "open invoice"
    assert (reason.options[reason.index], reason.options[0]) == ("All", "All")
    after = at.dataframe[0].value
    assert len(after) == len(before) and all("open invoice" in cell for cell in after["Blocked by"])


def test_the_audit_trails_action_filter_keeps_its_choice_in_the_words_of_a_new_language(app_store, passwords):
    """An auditor who switches to English keeps the trail filtered by the chosen action, and the page tells the
    browser to show that choice in English (the raw value it sends), not in the Finnish words it showed."""
    with db.connect(app_store) as conn:
        users.sign_in(conn, "demo-manager", passwords["demo-manager"])
    at = signed_in("demo-auditor", "pages/audit_trail.py")
    at.selectbox(key="audit_what").select("sign_in").run()
    at.selectbox(key="lang").set_value("en").run()
    what = at.selectbox(key="audit_what")
    assert (what.value, what.proto.raw_value) == ("sign_in", "Signed in")
    assert set(at.dataframe[0].value["Action"]) == {"Signed in"}


def test_the_requests_filter_the_chosen_request_and_its_refusal_ground_keep_their_choice_in_a_new_language(app_store):
    """A manager who switches to English mid-decision keeps the list's filter, the chosen request (not the first
    of the list) and the Art. 12(5) ground with its justification form, each shown in English words."""
    at = signed_in("demo-manager", "pages/requests_page.py")
    at.button_group(key="req_show").set_value("due_soon").run()
    listed = at.selectbox(key="req_chosen").options
    assert len(listed) > 1
    at.selectbox(key="req_chosen").set_value(listed[-1]).run()  # as the browser sends it: the shown words
    rid = at.selectbox(key="req_chosen").value
    at.radio(key=f"refuse_ground_{rid}").set_value("excessive").run()
    at.selectbox(key="lang").set_value("en").run()
    show, chosen, ground = at.button_group(key="req_show"), at.selectbox(key="req_chosen"), at.radio(key=f"refuse_ground_{rid}")
    assert (show.value, list(show.proto.raw_values)) == ("due_soon", ["due within 7 days"])
    assert chosen.value == rid and chosen.proto.raw_value.startswith(f"Request {rid}: ")
    assert (ground.value, ground.proto.raw_value) == ("excessive", "Excessive (Art. 12(5))")
    assert at.text_area(key=f"manifest_reason_{rid}").label == "Justification (for the letter and the auditor)"


def click_row(at, query: str, row: int) -> None:
    """A click on a row of the customers list (AppTest sets the table's selection state)."""
    at.session_state[f"cust_table_{query}_0"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()


def test_customers_search_and_open_a_record_is_audited(app_store):
    at = signed_in("demo-staff", "pages/customers_page.py")
    at.text_input(key="cust_q").input("Virta").run()
    with db.connect(app_store) as conn:
        expected = conn.execute("SELECT count(*) FROM customers WHERE lower(last_name || first_name) LIKE '%virta%'"
                                ).fetchone()[0]
    assert len(at.dataframe[0].value) == min(expected, 25)
    at.text_input(key="cust_q").input("13").run()  # scenario 13: a restricted person
    click_row(at, "13", 0)
    assert "#13" in at.header[0].value
    assert any("KÄSITTELY RAJOITETTU" in w.value for w in at.warning)
    at.run()  # redrawing the same record is not a second opening
    with db.connect(app_store) as conn:
        views = conn.execute("SELECT actor, details FROM audit_log WHERE action = 'view_record'").fetchall()
    assert views == [("demo-staff", '{"customer_id":13}')]



def test_a_restricted_person_is_listed_as_restricted_and_a_manager_lifts_it_with_a_confirmation(app_store):
    at = signed_in("demo-manager", "pages/customers_page.py")
    at.text_input(key="cust_q").input("13").run()
    row = at.dataframe[0].value.iloc[0]
    assert row["Nimi"] == "[rajoitettu: tiedot piilotettu]" and row["Sähköposti"] == "–"
    click_row(at, "13", 0)
    name = at.header[0].value.split(" · ")[0]
    at.button(key="lift_restriction").click().run()
    assert not at.exception
    assert f"{name}: käsittelyn rajoitus purettu" in " ".join(s.value for s in at.success)
    assert not any("KÄSITTELY RAJOITETTU" in w.value for w in at.warning)
    with db.connect(app_store) as conn:
        assert conn.execute("SELECT restricted_on FROM customers WHERE id = 13").fetchone()[0] is None

def test_requests_page_lists_by_deadline_and_records_a_new_request(app_store):
    at = signed_in("demo-staff", "pages/requests_page.py")
    table = at.dataframe[0].value
    days = list(table["Päiviä jäljellä"])
    assert days == sorted(days) and days[0] < 0  # overdue first
    before = int(at.metric[0].value)
    form_button = next(b for b in at.button if b.label == "Kirjaa pyyntö")
    at.selectbox(key="new_kind").select("erasure")
    form_button.click().run()
    assert "Pyyntö kirjattu." in texts(at)
    assert int(at.metric[0].value) == before + 1


def test_staff_cannot_decide_requests_but_a_manager_extends_one(app_store):
    staff = signed_in("demo-staff", "pages/requests_page.py")
    assert "Esihenkilö päättää" in texts(staff)
    manager = signed_in("demo-manager", "pages/requests_page.py")
    assert any(b.label == "Näytä kirje" for b in manager.tabs[1].button)  # the extension's letter, read first


def test_audit_trail_filters_and_verifies_the_chain(app_store, passwords):
    with db.connect(app_store) as conn:
        users.sign_in(conn, "demo-manager", passwords["demo-manager"])
    at = signed_in("demo-auditor", "pages/audit_trail.py")
    at.selectbox(key="audit_what").select("sign_in").run()
    assert set(at.dataframe[0].value["Toimenpide"]) == {"Kirjautui sisään"}
    assert set(at.dataframe[0].value["Koodi"]) == {"sign_in"}
    at.button(key="audit_verify").click().run()
    assert "Lokiketju on eheä" in at.success[0].value


def test_an_admin_adds_a_user_and_records_the_nda(app_store):
    at = signed_in("demo-admin", "pages/users_page.py")
    inputs = {w.label: w for w in at.text_input}
    inputs["Käyttäjätunnus"].input("uusi.kayttaja")
    inputs["Nimi"].input("Uusi Käyttäjä")
    inputs["Salasana"].input("pitka-salasana-1")
    next(b for b in at.button if b.label == "Lisää").click().run()
    assert "Käyttäjä uusi.kayttaja lisätty." in texts(at)
    assert "uusi.kayttaja" in list(at.dataframe[0].value["Käyttäjätunnus"])


def test_an_admin_gives_an_existing_manager_an_address_and_language_for_the_digest(app_store):
    at = signed_in("demo-admin", "pages/users_page.py", "en")
    at.selectbox(key="users_chosen").set_value("demo-manager-2").run()
    at.text_input(key="contact_email_demo-manager-2").input("Manager2@Molentum.fi")
    at.selectbox(key="contact_language_demo-manager-2").set_value("en")
    next(b for b in at.button if b.label == "Save e-mail and language").click().run()
    assert not at.error
    with db.connect(app_store) as conn:
        assert conn.execute("SELECT email, language FROM staff_users WHERE username = 'demo-manager-2'").fetchone() \
            == ("manager2@molentum.fi", "en")
    at.text_input(key="contact_email_demo-manager-2").input("manager2(at)molentum.fi")
    next(b for b in at.button if b.label == "Save e-mail and language").click().run()
    assert at.error and "e-mail" in at.error[0].value.lower()


def test_a_refusal_without_reasons_is_said_in_the_sessions_language_beside_the_action(app_store):
    at = signed_in("demo-manager", "pages/requests_page.py")
    at.tabs[2].button[0].click().run()  # "Näytä kirje" of a refusal with no reasons
    errors = [e.value for e in at.error]
    assert errors == ["Kirjoita epäämisen perustelut: ne kerrotaan henkilölle kirjeessä."]


def test_a_manager_completes_an_access_request_and_downloads_the_letter(app_store):
    import io

    import pypdf

    at = signed_in("demo-manager", "pages/requests_page.py")
    at.selectbox(key="req_chosen").select(5).run()  # scenario: access request of person 17, verified
    with db.connect(app_store) as conn:
        name = conn.execute("SELECT first_name || ' ' || last_name FROM customers WHERE id = 17").fetchone()[0]
    assert name in at.dataframe[0].value["Henkilö"].tolist()  # the list names the person, not an id
    assert not [b for b in at.button if b.label == "Toteuta ja laadi asiakirjat"]  # not before the letter is read
    next(b for b in at.button if b.label == "Esikatsele kirje").click().run()
    assert "Kirjeen esikatselu" in texts(at)
    assert name in at.text[0].value and "Vastaus tietojen tarkastuspyyntöönne" in at.text[0].value
    with db.connect(app_store) as conn:
        assert conn.execute("SELECT status FROM requests WHERE id = 5").fetchone()[0] != "completed"
    carry_out = next(b for b in at.button if b.label == "Toteuta ja laadi asiakirjat")
    assert carry_out.disabled
    at.checkbox(key="preview_read_complete_5").check().run()
    next(b for b in at.button if b.label == "Toteuta ja laadi asiakirjat").click().run()
    assert "Pyyntö 5: valmis" in texts(at)
    produced = at.session_state["req_docs"]
    assert sorted(produced["files"]) == ["access-5.json", "access-5.pdf"]
    assert {b.label for b in at.get("download_button")} >= {"access-5.json", "access-5.pdf"}
    with db.connect(app_store) as conn:
        kept = conn.execute("SELECT file_name FROM request_documents WHERE request_id = 5 ORDER BY 1").fetchall()
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(produced["files"]["access-5.pdf"])).pages)
    assert name in text and "Tietosuojavaltuutetun toimisto" in text
    assert kept == [("access-5.json",), ("access-5.pdf",)]
    assert "5" not in [str(o) for o in at.selectbox(key="req_chosen").options]  # closed: no longer listed
