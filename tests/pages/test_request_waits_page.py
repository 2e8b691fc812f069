"""The Requests page for issue #23: asking the person and recording their answer (the deadline
with the wait, both dates and why), duplicates said at recording and decided with their
earliest request, and an Art. 12(5) refusal proposed by one manager, waiting on another's
Overview and approved there, in Finnish and English."""

from __future__ import annotations

from datetime import timedelta

from registry.clock import finnish_today
from registry.store import db
from tests.conftest import Contract
from tests.pages.conftest import signed_in, texts

TODAY = finnish_today()  # the page's day


def _fi(day) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _quiet_person(store) -> int:
    """A current customer of the demo store with no request at all."""
    with db.connect(store) as conn:
        return conn.execute("SELECT min(id) FROM customers WHERE purged_on IS NULL AND customer_until IS NULL "
                            "AND id NOT IN (SELECT customer_id FROM requests WHERE customer_id IS NOT NULL)").fetchone()[0]


def _request(store, person, rid, kind="access", received=TODAY, verified=None) -> None:
    with db.connect(store) as conn:
        Contract(conn).request(person, kind=kind, received_on=received, verified_on=verified, id=rid)


def _row(store, rid):
    with db.connect(store) as conn:
        return conn.execute("SELECT status, asked_on, asked_for, answered_on, duplicate_of, refusal_ground, approved_by "
                            "FROM requests WHERE id = ?", [rid]).fetchone()


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_staff_ask_for_identity_read_the_letter_first_and_record_the_answer(app_store):
    person = _quiet_person(app_store)
    _request(app_store, person, 910, received=TODAY - timedelta(days=3))
    at = signed_in("demo-staff", "pages/requests_page.py")
    at.selectbox(key="req_chosen").select(910).run()
    assert "Pyydä henkilöltä lisätietoja" in [e.label for e in at.expander]
    at.radio(key="ask_for_910").set_value("identity").run()
    _button(at, "Näytä kirje").click().run()
    letter = " ".join(at.text[0].value.split())
    assert "Emme pyydä kopiota henkilöllisyystodistuksestanne" in letter and "käsittelyaika ei kulu" in letter
    assert _row(app_store, 910)[1] is None  # nothing recorded before the confirmation
    at.checkbox(key="preview_read_ask_910").check().run()
    _button(at, "Kirjaa pyyntö ja laadi tämä kirje").click().run()
    assert _row(app_store, 910)[:3] == ("received", TODAY, "identity")
    assert "access-910-ask.pdf" in [b.label for b in at.get("download_button")]
    shown = texts(at)
    assert f"Henkilöltä pyydettiin {_fi(TODAY)} henkilöllisyyden vahvistusta" in shown
    assert "odottaa henkilön vastausta" in shown  # the list's note

    at.date_input(key="answer_on_910").set_value(TODAY).run()
    _button(at, "Kirjaa vastaus").click().run()
    assert _row(app_store, 910)[3] == TODAY
    assert "Vastaus kirjattu" in texts(at)


def test_the_deadline_says_both_dates_and_why_in_english(app_store):
    person = _quiet_person(app_store)
    received = TODAY - timedelta(days=20)
    _request(app_store, person, 911, "objection", received)
    with db.connect(app_store) as conn:
        conn.execute("UPDATE requests SET asked_on = ?, asked_for = 'clarification', answered_on = ? WHERE id = 911",
                     [received + timedelta(days=2), received + timedelta(days=12)])
    at = signed_in("demo-manager", "pages/requests_page.py", lang="en")
    at.selectbox(key="req_chosen").select(911).run()
    shown = texts(at)
    assert "The person was asked for clarification of the request on" in shown
    assert "the deadline moved by 10 days" in shown and "without the wait" in shown
    assert "waited 10 days" in shown  # the list's note
    assert "An extension must be notified to the person by" in shown


def test_a_duplicate_is_said_at_recording_shown_beside_its_earliest_and_closed_with_it(app_store):
    person = _quiet_person(app_store)
    _request(app_store, person, 920, received=TODAY - timedelta(days=5), verified=TODAY - timedelta(days=4))
    at = signed_in("demo-manager", "pages/requests_page.py")
    at.selectbox(key="new_kind").select("access")
    next(n for n in at.number_input if n.label.startswith("Henkilön tunnus")).set_value(person)
    _button(at, "Kirjaa pyyntö").click().run()
    with db.connect(app_store) as conn:
        new = conn.execute("SELECT max(id) FROM requests WHERE customer_id = ?", [person]).fetchone()[0]
    assert _row(app_store, new)[4] == 920
    assert "Sama henkilö on jo esittänyt saman pyynnön (pyyntö 920)" in texts(at)
    shown = texts(at)
    assert "sama kuin pyyntö 920" in shown and "Tämä on saman henkilön aiemman pyynnön 920" in shown
    assert not at.tabs  # nothing to carry out on its own: a duplicate is decided with its earliest

    at.selectbox(key="req_chosen").select(920).run()
    assert "Samalla kirjeellä vastataan myös 1 kaksoiskappaleeseen" in texts(at)
    _button(at, "Esikatsele kirje").click().run()
    assert f"{_fi(TODAY - timedelta(days=5))} ja {_fi(TODAY)}" in " ".join(at.text[0].value.split())
    at.checkbox(key="preview_read_complete_920").check().run()
    _button(at, "Toteuta ja laadi asiakirjat").click().run()
    assert _row(app_store, 920)[0] == "completed" and _row(app_store, new)[0] == "completed"


def test_a_verified_duplicate_of_an_unverified_erasure_request_erases_nobody_from_the_page(app_store):
    person = _quiet_person(app_store)
    at = signed_in("demo-manager", "pages/requests_page.py")
    _request(app_store, person, 930, "erasure", TODAY - timedelta(days=6))  # unverified
    with db.connect(app_store) as conn:
        from registry.access import Actor
        from registry.requests.register import record_request

        twin = record_request(conn, Actor("demo-staff", "staff"), TODAY, "erasure", TODAY, "letter",
                              customer_id=person, verified_on=TODAY).request_id
    at.switch_page("pages/requests_page.py").run()
    at.selectbox(key="req_chosen").select(twin).run()
    assert not at.tabs
    at.selectbox(key="req_chosen").select(930).run()
    _button(at, "Esikatsele kirje").click().run()
    assert any("henkilöllisyys" in e.value.lower() or "varmen" in e.value for e in at.error)
    with db.connect(app_store) as conn:
        assert conn.execute("SELECT purged_on FROM customers WHERE id = ?", [person]).fetchone() == (None,)
    assert _row(app_store, 930)[0] == _row(app_store, twin)[0] == "received"


def test_an_art_12_5_refusal_is_proposed_by_one_manager_and_approved_by_another(app_store):
    person = _quiet_person(app_store)
    _request(app_store, person, 940, received=TODAY - timedelta(days=2))
    why = "Kuudes samansisältöinen pyyntö kahdessa viikossa; tiedot annettiin juuri."
    first = signed_in("demo-manager", "pages/requests_page.py")
    first.selectbox(key="req_chosen").select(940).run()
    first.radio(key="refuse_ground_940").set_value("excessive").run()
    assert "näyttötaakka on rekisterinpitäjällä" in texts(first)
    first.text_area(key="manifest_reason_940").input(why)
    first.tabs[2].button[0].click().run()
    letter = " ".join(first.text[0].value.split())
    assert "kohtuuton" in letter and "12 art. 5 kohta" in letter and "tietosuojavaltuutetun" in letter
    first.checkbox(key="preview_read_manifest_940").check().run()
    _button(first, "Ehdota epäämistä toiselle esihenkilölle").click().run()
    assert _row(app_store, 940)[0] == "received"  # nothing sent yet
    assert "odottaa toisen esihenkilön hyväksyntää" in texts(first)

    second = signed_in("demo-manager-2", "pages/overview_page.py", lang="en")
    assert "A refusal awaits your approval: request 940, Excessive (Art. 12(5))" in texts(second)
    second.query_params["request"] = "940"
    second.switch_page("pages/requests_page.py").run()
    assert second.selectbox(key="req_chosen").value == 940
    assert why in [t.value for t in second.text]
    second.button(key="approve_preview_940").click().run()
    second.checkbox(key="preview_read_approve_940").check().run()
    _button(second, "Approve the refusal and write this letter").click().run()
    assert _row(app_store, 940)[0] == "refused" and _row(app_store, 940)[5:] == ("excessive", "demo-manager-2")

    proposer = signed_in("demo-manager", "pages/overview_page.py")
    assert "Epäämisehdotus odottaa" not in texts(proposer)  # the proposer's own Overview never asked them

    auditor = signed_in("demo-auditor", "pages/audit_trail.py")
    shown = texts(auditor)
    assert "Ilmeisen perusteettomina tai kohtuuttomina evätyt pyynnöt" in shown
    assert why in shown and "Kohtuuton (12 art. 5 k.)" in shown  # the burden of proof, read by the auditor


def test_a_proposed_art_12_5_refusal_is_mailed_to_the_other_manager_at_once(app_store, smtp):
    from registry.access import Actor
    from registry.settings import set_settings
    inbox, port = smtp()
    with db.connect(app_store) as conn:
        conn.execute("UPDATE staff_users SET email = 'manager2@molentum.fi' WHERE username = 'demo-manager-2'")
        set_settings(conn, Actor.system("test"), {"smtp.host": "127.0.0.1", "smtp.port": str(port),
                                                  "smtp.security": "none", "smtp.from": "rekisteri@molentum.fi"})
    person = _quiet_person(app_store)
    _request(app_store, person, 941, received=TODAY - timedelta(days=2))
    first = signed_in("demo-manager", "pages/requests_page.py")
    first.selectbox(key="req_chosen").select(941).run()
    first.radio(key="refuse_ground_941").set_value("unfounded").run()
    first.text_area(key="manifest_reason_941").input("Pyyntö koskee toisen yhtiön asiakkuutta.")
    first.tabs[2].button[0].click().run()
    first.checkbox(key="preview_read_manifest_941").check().run()
    _button(first, "Ehdota epäämistä toiselle esihenkilölle").click().run()
    assert any("Muille esihenkilöille lähetettiin sähköposti: Demo manager 2." in s.value for s in first.success)
    [(to, mail)] = inbox.parsed()
    assert to == ("manager2@molentum.fi",)
    assert mail["Subject"] == "Asiakasrekisteri: pyynnön 941 epääminen odottaa hyväksyntääsi"
    assert "ilmeisen perusteeton" in mail.get_body(("plain",)).get_content()


def test_a_link_to_a_request_beyond_the_first_page_or_hidden_by_the_filter_opens_that_request(app_store):
    from registry.access import Actor
    from registry.requests.register import record_request
    person = _quiet_person(app_store)
    with db.connect(app_store) as conn:  # more open requests than one page holds; the last one received is last
        for _ in range(55):
            last = record_request(conn, Actor.system("test"), TODAY, "access", TODAY, "email",
                                  customer_id=person).request_id
    at = signed_in("demo-manager", "pages/requests_page.py", lang="en")
    at.segmented_control(key="req_show").set_value("overdue").run()  # a filter that hides it, too
    at.query_params["request"] = str(last)
    at.run()
    assert at.selectbox(key="req_chosen").value == last  # never silently another request
    assert f"Request {last} is open below." in [i.value for i in at.info]
    at.query_params["request"] = "99999"
    at.run()
    assert "Request 99999 is no longer open: it has been dealt with, or there is no such request." in \
        " ".join(i.value for i in at.info)
