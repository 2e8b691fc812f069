"""The purge review as a manager uses it: names, search, keeping a person out with a reason, and
a large purge proposed by one manager and carried out by another."""

from __future__ import annotations

from datetime import timedelta

import pytest

from registry.clock import finnish_today
from registry.retention.review import FOUR_EYES_THRESHOLD
from registry.store import db
from registry.retention.due import purgeable_ids
from tests.conftest import Contract
from tests.pages.conftest import signed_in, texts

FIRST_NAMES = ("Aino", "Eero", "Helmi", "Ilmari", "Kerttu", "Lauri", "Saara", "Veikko")
LAST_NAMES = ("Heikkinen", "Koskinen", "Laine", "Mäkinen", "Nieminen", "Salminen", "Virtanen")


@pytest.fixture
def large_purge(app_store):
    """A store where more persons are purgeable than one manager may purge alone (FOUR_EYES_THRESHOLD):
    the register as it is at a firm a few times the demo's size, the rule at its real limit; one more, so
    that keeping one person out in the review still leaves a purge for two managers."""
    today = finnish_today()
    with db.connect(app_store) as conn:
        missing = FOUR_EYES_THRESHOLD + 2 - len(purgeable_ids(conn, today))
        contract = Contract(conn)
        for i in range(max(0, missing)):
            contract.customer(id=100_000 + i, until=today - timedelta(days=400 + i % 30),
                              first_name=FIRST_NAMES[i % len(FIRST_NAMES)], last_name=LAST_NAMES[i % len(LAST_NAMES)],
                              email=f"asiakas{i}@example.fi")
        assert len(purgeable_ids(conn, today)) > FOUR_EYES_THRESHOLD + 1
    return app_store

PAGE = "pages/due_for_purge.py"


def names(conn, ids) -> dict[int, str]:
    rows = conn.execute("SELECT id, concat_ws(' ', first_name, last_name) FROM customers "
                        "WHERE id IN (SELECT unnest(?::BIGINT[]))", [list(ids)]).fetchall()
    return dict(rows)


def review_table(at):
    token = at.session_state["purge_review"].token
    return token, at.dataframe[-1].value


def table_key(at, query: str = "") -> str:
    review = at.session_state["purge_review"]
    token = review.token
    cursor = at.session_state[f"rv_after_{token}"][-1]
    return f"rv_table_{token}_{review.table_round}_{cursor}_{query}"


def select_row(at, row: int, query: str = "") -> None:
    at.session_state[table_key(at, query)] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()


def keep_row_out(at, row: int, reason: str) -> tuple[str, int]:
    """Select row `row` of the review's names and keep that person out with `reason`: their name and id."""
    _, table = review_table(at)
    name, customer_id = table["Nimi"][row], int(table["Tunnus"][row])
    select_row(at, row)
    at.text_input[-1].input(reason)  # a form: sent with its submit
    at.button[[b.label for b in at.button].index("Pidä poissa")].click().run()
    return name, customer_id


def button(at, prefix: str):
    return next(b for b in at.button if b.key and b.key.startswith(prefix))


def test_the_review_names_whom_it_erases_and_searches_them(app_store):
    with db.connect(app_store) as conn:
        ids = purgeable_ids(conn, finnish_today())
        who = names(conn, ids)
    at = signed_in("demo-manager", PAGE)
    assert "Nimi" in at.dataframe[0].value.columns  # the due list names people too
    at.button(key="review_open").click().run()
    _, table = review_table(at)
    assert list(table["Nimi"]) == [who[i] for i in sorted(ids)[:20]]
    assert {"Organisaatio", "Asiakkuus päättyi", "Peruste", "Määräpäivä"} <= set(table.columns)
    last_name = who[sorted(ids)[3]].split()[-1]
    token = at.session_state["purge_review"].token
    at.text_input(key=f"rv_q_{token}").input(last_name.upper()).run()
    _, found = review_table(at)
    assert len(found) >= 1 and all(last_name in name for name in found["Nimi"])
    assert f"/ {len(ids)} henkilöä" in texts(at)


def test_a_manager_keeps_a_person_out_of_the_purge_with_a_reason(app_store):
    at = signed_in("demo-manager", PAGE)
    at.button(key="review_open").click().run()
    before = list(at.session_state["purge_review"].ids)
    token, table = review_table(at)
    kept_name, kept_id = table["Nimi"][1], int(table["Tunnus"][1])
    select_row(at, 1)
    assert f"Pidä {kept_name} poissa poistosta" in texts(at)
    at.button[[b.label for b in at.button].index("Pidä poissa")].click().run()  # no reason yet
    assert "Kirjoita peruste." in [e.value for e in at.error]
    at.text_input[-1].input("Asiakas riitauttaa viimeisen laskun")  # a form: sent with its submit
    at.button[[b.label for b in at.button].index("Pidä poissa")].click().run()
    assert at.session_state["purge_review"].ids == [i for i in before if i != kept_id]
    assert f"{kept_name} pidetään poissa poistosta (oikeudellinen pito)." in texts(at)
    button(at, "confirm_")  # still a one-click review below the threshold
    # Nobody is selected now: the rows moved up, and the next person must not get a form never asked for.
    assert "Valitse rivi pitääksesi henkilön poissa tästä poistosta." in texts(at)
    assert "Pidä poissa" not in [b.label for b in at.button]
    assert not [t for t in texts(at).splitlines() if t.startswith("Pidä ") and t.endswith("poissa poistosta")]
    with db.connect(app_store) as conn:
        hold = conn.execute("SELECT reason, lifted_on FROM legal_holds WHERE customer_id = ?", [kept_id]).fetchall()
        assert ("Asiakas riitauttaa viimeisen laskun", None) in hold
        assert kept_id not in purgeable_ids(conn, finnish_today())


def test_a_large_purge_is_proposed_by_one_manager_and_carried_out_by_another(large_purge):
    with db.connect(large_purge) as conn:
        ids = purgeable_ids(conn, finnish_today())
    assert len(ids) > FOUR_EYES_THRESHOLD
    first = signed_in("demo-manager", PAGE)
    first.button(key="review_open").click().run()
    assert "tarvitsee toisen esimiehen hyväksynnän" in texts(first)
    assert not [b for b in first.button if b.key and b.key.startswith("confirm_")]  # no one-click purge
    first.checkbox[0].check().run()
    button(first, "propose_").click().run()
    assert "odottaa toisen esimiehen hyväksyntää" in texts(first)
    first.button(key="review_close").click().run()
    assert "Oma ehdotuksesi: toinen esimies hyväksyy sen." in texts(first)
    assert not [b for b in first.button if b.key and b.key.startswith("decide_")]  # not by its proposer

    second = signed_in("demo-manager-2", PAGE)
    button(second, "decide_").click().run()
    assert f"Demo manager ehdotti näiden **{len(ids)} henkilön** poistoa" in texts(second)
    _, table = review_table(second)
    assert len(table) == min(20, len(ids))
    second.checkbox[0].check().run()
    approve = button(second, "confirm_")
    assert approve.label == f"Hyväksy ja poista {len(ids)} henkilöä"
    approve.click().run()
    assert second.success[0].value.startswith(f"Poistettu {len(ids)} henkilöä")
    assert "Ehdotti Demo manager, hyväksyi ja suoritti Demo manager 2" in texts(second)
    assert second.get("download_button")  # the receipt: PDF and JSON
    # Behind the receipt the page no longer offers what was just done: no proposal waits, nobody is purgeable.
    assert "Hyväksyntää odottavat poistot" not in [h.value for h in second.subheader]
    assert second.button(key="review_open").disabled
    with db.connect(large_purge) as conn:
        left = conn.execute("SELECT count(*) FROM customers WHERE purged_on IS NULL AND id IN "
                            "(SELECT unnest(?::BIGINT[]))", [ids]).fetchone()[0]
        decided = conn.execute("SELECT status, proposed_by, decided_by FROM purge_proposals").fetchall()
    assert left == 0 and decided == [("approved", "demo-manager", "demo-manager-2")]


def test_another_manager_refuses_a_proposal_with_a_reason(large_purge):
    with db.connect(large_purge) as conn:
        ids = purgeable_ids(conn, finnish_today())
    first = signed_in("demo-manager", PAGE)
    first.button(key="review_open").click().run()
    first.checkbox[0].check().run()
    button(first, "propose_").click().run()
    second = signed_in("demo-manager-2", PAGE, lang="en")
    button(second, "decide_").click().run()
    button(second, "refuse_").click().run()
    assert "Write a reason." in [e.value for e in second.error]  # in the session's language
    token = second.session_state["purge_review"].token
    second.text_input(key=f"refuse_reason_{token}").input("Check the open invoices first").run()
    button(second, "refuse_").click().run()
    assert "Proposal #1 was refused." in texts(second)
    with db.connect(large_purge) as conn:
        assert conn.execute("SELECT status, decision_reason FROM purge_proposals").fetchall() == [
            ("refused", "Check the open invoices first")]
        assert purgeable_ids(conn, finnish_today()) == ids  # nobody purged


@pytest.mark.parametrize("lang, expected", [("fi", "Poistokuitti"), ("en", "Purge receipt")])
def test_the_receipt_pdf_is_in_the_managers_language(app_store, lang, expected):
    from pypdf import PdfReader
    import io

    from registry.clock import finnish_time
    from registry.documents import purge_receipt_pdf
    from registry.notice import letterhead
    from registry.settings import DEFAULTS

    at = signed_in("demo-manager", PAGE, lang=lang)
    at.button(key="review_open").click().run()
    at.checkbox[0].check().run()
    button(at, "confirm_").click().run()
    receipt = at.session_state["purge_review"].receipt
    text = PdfReader(io.BytesIO(purge_receipt_pdf(receipt, lang, finnish_time(receipt.at),
                                                       letterhead(DEFAULTS)))).pages[0].extract_text()
    assert expected in text and "Molentum Oy" in text and "demo-manager" in text and str(receipt.customer_ids[0]) in text
    assert f"#{receipt.audit_seq}" in text


def open_in_customers(at, query: str, row: int = 0) -> None:
    at.text_input(key="cust_q").input(query).run()
    at.session_state[f"cust_table_{query}_0"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()


def keep_first_out(store, reason: str) -> int:
    """A manager keeps the first purgeable person out of purges (as the review does); their id."""
    from registry.access import Actor
    from registry.retention.review import keep_out

    with db.connect(store) as conn:
        kept = purgeable_ids(conn, finnish_today())[0]
        keep_out(conn, finnish_today(), Actor("demo-manager", "manager"), kept, reason)
    return kept


def test_a_kept_out_person_reads_due_and_blocked_once_and_the_hold_is_lifted_on_the_record(app_store):
    kept = keep_first_out(app_store, "Riita-asia käräjäoikeudessa")
    at = signed_in("demo-manager", "pages/customers_page.py")
    open_in_customers(at, str(kept))
    assert f"#{kept}" in at.header[0].value
    said = [w.value for w in at.warning if "Poistettavissa" in w.value]
    assert len(said) == 1 and "mutta poiston estää: oikeudellinen pito" in said[0]
    assert not [e.value for e in at.error]  # no red "due" beside a grey "blocked"
    at.button(key=next(b.key for b in at.button if b.key.startswith("lift_hold_"))).click().run()
    assert "Oikeudellinen pito purettu ja kirjattu lokiin." in texts(at)
    assert any("Poistettavissa" in e.value for e in at.error)  # due again, nothing blocks it
    with db.connect(app_store) as conn:
        assert kept in purgeable_ids(conn, finnish_today())
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'legal_hold_lifted'").fetchone()[0] == 1


def test_staff_see_holds_but_cannot_lift_them(app_store):
    kept = keep_first_out(app_store, "Riita-asia")
    at = signed_in("demo-staff", "pages/customers_page.py")
    open_in_customers(at, str(kept))
    assert f"#{kept}" in at.header[0].value
    assert not [b for b in at.button if b.key and b.key.startswith("lift_hold_")]


def test_a_click_on_a_row_opens_the_record_and_a_new_search_closes_it(app_store):
    at = signed_in("demo-staff", "pages/customers_page.py")
    open_in_customers(at, "Virta", 0)
    first = at.header[0].value
    assert "Virta" in first
    at.text_input(key="cust_q").input("Korho").run()
    assert not at.header  # the old record is gone with its search
    assert not at.get("selectbox") or all("Avaa" not in s.label for s in at.selectbox)  # no dropdown of ids


def test_overview_tiles_open_their_page_filtered_as_they_count(app_store):
    at = signed_in("demo-manager")
    links = {link.label: link for link in at.get("page_link")}
    assert links  # each tile links to its page
    at.query_params["blocker"] = "any"  # what the "Poisto estetty" tile's link carries
    at.switch_page(PAGE).run()
    shown = at.dataframe[0].value
    assert len(shown) > 0 and "–" not in shown["Estää poiston"].tolist()  # only the blocked
    assert at.selectbox(key="due_blocker").value == "any"
    at.query_params["show"] = "overdue"
    at.switch_page("pages/requests_page.py").run()
    days = at.dataframe[0].value["Päiviä jäljellä"].tolist()
    assert days and all(d < 0 for d in days)


@pytest.mark.parametrize("lang, spoken, overdue", [("fi", ("suomi", "englanti"), "pv myöhässä"),
                                                   ("en", ("Finnish", "English"), "days overdue")])
def test_a_language_is_a_word_and_an_overdue_request_says_how_late_it_is(app_store, lang, spoken, overdue):
    at = signed_in("demo-manager", "pages/customers_page.py", lang=lang)
    open_in_customers(at, "Virta", 0)
    shown = " ".join(m.value for m in at.markdown)
    assert any(f":** {word} ·" in shown for word in spoken), shown  # not the code 'fi' / 'en'
    at.query_params["show"] = "overdue"
    at.switch_page("pages/requests_page.py").run()
    facts = " ".join(m.value for m in at.markdown)
    assert overdue in facts and "(-" not in facts


def propose_keeping_one_out(large_purge, reason: str) -> tuple[str, int]:
    """demo-manager reviews everybody purgeable, keeps the second row out with `reason` and proposes
    the rest (more than the four-eyes limit): the kept-out person's name and id."""
    first = signed_in("demo-manager", PAGE)
    first.button(key="review_open").click().run()
    kept = keep_row_out(first, 1, reason)
    first.checkbox[0].check().run()
    button(first, "propose_").click().run()
    assert "odottaa toisen esimiehen hyväksyntää" in texts(first)
    return kept


def test_the_approver_sees_whom_the_review_kept_out_by_whom_when_and_why(large_purge):
    (kept_name, kept_id) = propose_keeping_one_out(large_purge, "Asiakas riitauttaa viimeisen laskun")
    second = signed_in("demo-manager-2", PAGE)
    button(second, "decide_").click().run()
    assert "Tarkistuksessa poistosta pidetyt: 1" in texts(second)
    listed = second.table[0].value
    assert list(listed.columns) == ["Nimi", "Kuka piti poissa", "Milloin", "Peruste"]
    assert (listed["Nimi"][0], listed["Kuka piti poissa"][0], listed["Peruste"][0]) == (
        kept_name, "Demo manager", "Asiakas riitauttaa viimeisen laskun")
    assert str(finnish_today().year) in listed["Milloin"][0]
    assert kept_id not in second.session_state["purge_review"].ids
    english = signed_in("demo-manager-2", PAGE, lang="en")
    button(english, "decide_").click().run()
    assert "Kept out of this purge in its review: 1" in texts(english)
    assert list(english.table[0].value.columns) == ["Name", "Kept out by", "When", "Reason given"]


def test_a_proposal_whose_review_kept_nobody_out_says_so(large_purge):
    first = signed_in("demo-manager", PAGE)
    first.button(key="review_open").click().run()
    first.checkbox[0].check().run()
    button(first, "propose_").click().run()
    second = signed_in("demo-manager-2", PAGE)
    button(second, "decide_").click().run()
    assert "Tarkistuksessa ketään ei pidetty poissa poistosta." in texts(second)
    assert not second.table


def test_the_other_manager_is_told_on_the_overview_and_in_the_sidebar_and_the_link_opens_the_approval(
        large_purge):
    kept_name, _ = propose_keeping_one_out(large_purge, "Riita-asia")
    second = signed_in("demo-manager-2")
    tile = next(m for m in second.metric if m.label == "Poistoehdotukset")
    assert tile.value == "1" and "odottaa hyväksyntääsi" in texts(second)
    links = [link.proto for link in second.get("page_link")]
    assert [link.label for link in links if link.query_string == "proposal=1"] == ["Tarkista ja päätä"] * 2
    assert [i.value for i in second.sidebar.info] == ["Poistoehdotus odottaa hyväksyntääsi."]
    second.query_params["proposal"] = "1"  # what the tile's link carries
    second.switch_page(PAGE).run()
    review = second.session_state["purge_review"]
    assert review.mode == "approving" and review.proposal.proposal_id == 1  # the approval is open
    assert "Demo manager ehdotti näiden" in texts(second) and kept_name in second.table[0].value["Nimi"].tolist()
    assert "proposal" not in second.query_params  # read once

    proposer = signed_in("demo-manager", lang="en")
    tile = next(m for m in proposer.metric if m.label == "Purge proposals")
    assert tile.value == "1" and "awaiting your approval" not in texts(proposer)  # theirs counted instead
    assert "Your purge proposal awaits another manager's approval." in texts(proposer)
    assert not proposer.sidebar.info
    assert not [link for link in proposer.get("page_link") if link.proto.query_string.startswith("proposal=")]
    staff = signed_in("demo-staff")
    assert "Poistoehdotukset" not in [m.label for m in staff.metric]


def test_a_link_to_a_proposal_that_no_longer_waits_says_so(large_purge):
    propose_keeping_one_out(large_purge, "Riita-asia")
    second = signed_in("demo-manager-2", PAGE)
    button(second, "decide_").click().run()
    button(second, "refuse_")
    token = second.session_state["purge_review"].token
    second.text_input(key=f"refuse_reason_{token}").input("Ei tänään").run()
    button(second, "refuse_").click().run()
    second.query_params["proposal"] = "1"
    second.switch_page(PAGE).run()
    assert "Ehdotus #1 ei enää odota hyväksyntääsi." in [e.value for e in second.error]
    assert "purge_review" not in second.session_state


def mail_to_second_manager(store, port: int) -> None:
    from registry.access import Actor
    from registry.settings import set_settings
    with db.connect(store) as conn:
        conn.execute("UPDATE staff_users SET email = 'manager2@molentum.fi', language = 'en' "
                     "WHERE username = 'demo-manager-2'")
        set_settings(conn, Actor.system("test"), {"smtp.host": "127.0.0.1", "smtp.port": str(port),
                                                  "smtp.security": "none", "smtp.from": "rekisteri@molentum.fi"})


def test_a_proposal_mails_the_other_manager_at_once_and_says_so(large_purge, smtp):
    inbox, port = smtp()
    mail_to_second_manager(large_purge, port)
    first = signed_in("demo-manager", PAGE)
    first.button(key="review_open").click().run()
    first.checkbox[0].check().run()
    button(first, "propose_").click().run()
    assert "Muille esihenkilöille lähetettiin sähköposti: Demo manager 2." in [s.value for s in first.success]
    [(to, mail)] = inbox.parsed()
    assert to == ("manager2@molentum.fi",) and "awaits your approval" in mail["Subject"]


def test_a_mail_that_fails_leaves_the_proposal_and_says_who_was_not_reached(large_purge):
    from tests.smtp import free_port
    mail_to_second_manager(large_purge, free_port())  # nothing listens there
    first = signed_in("demo-manager", PAGE, lang="en")
    first.button(key="review_open").click().run()
    first.checkbox[0].check().run()
    button(first, "propose_").click().run()
    [warning] = [w.value for w in first.warning if "could not be sent" in w.value]
    assert warning.startswith("The mail could not be sent to Demo manager 2 (ConnectionRefusedError")
    assert "awaits another manager's approval" in texts(first)
    with db.connect(large_purge) as conn:
        assert conn.execute("SELECT status FROM purge_proposals").fetchall() == [("proposed",)]
