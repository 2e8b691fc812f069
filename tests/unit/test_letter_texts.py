"""Every letter a request can produce, in Finnish and English, held word for word to a reviewed
copy under tests/golden/letters/. A change to any letter's wording shows up here as a diff to
read and approve: regenerate the copies with `UPDATE_GOLDEN=1 pytest tests/unit/test_letter_texts.py`
and commit them with the change that meant them."""

import os
from datetime import date
from pathlib import Path

import pypdf
import pytest

from registry.store import db
from registry.access import Actor
from registry import users
from registry.requests.rights import ask_with_letter, complete_request, extend_with_letter, refuse_request
from tests.conftest import Contract

GOLDEN = Path(__file__).parent.parent / "golden" / "letters"
TODAY = date(2026, 11, 25)
MANAGER = Actor("mika", "manager")
# (request id, kind, person): person 1 can be erased once their other requests are answered; person 2 has
# an open invoice (and the extended request 17, still open).
CASES = [(11, "access", 1), (12, "portability", 1), (13, "rectification", 1), (14, "restriction", 1),
         (15, "objection", 1), (16, "erasure", 2), (17, "access", 2), (18, "erasure", 1), (19, "access", 1),
         (22, "rectification", 2), (23, "objection", 2), (24, "portability", 2)]  # 22-24: asks, Art. 12(5)


def _texts(store: Path, out: Path, language: str) -> dict[str, str]:
    with db.connect(store) as conn:
        c = Contract(conn)
        for pid, first in ((1, "Äijä"), (2, "Bertta")):
            c.customer(id=pid, first_name=first, last_name="Öhman", email=f"p{pid}@example.fi",
                       phone="+358 40 111 2222", postal_street="Kätkäläntie 3 A 5", postal_postcode="80400",
                       postal_city="Ylämylly", postal_country="FI", until=date(2026, 6, 1), language=language)
            c.order(pid, id=pid, product="Näyttö 27\"", amount=340)
        c.invoice(1, paid_on=date(2024, 5, 3), id=1)
        c.invoice(2, id=2)  # open: blocks person 2's erasure
        conn.execute("INSERT INTO disclosures VALUES (1, 1, DATE '2025-01-01', 'Luottotieto Oy', "
                     "'credit_decision', false)")
        for rid, kind, pid in CASES:
            c.request(pid, kind=kind, received_on=date(2026, 11, 20), verified_on=date(2026, 11, 21), id=rid)
        conn.execute("UPDATE requests SET language = ?", [language])
    with db.connect(store, exclusive=True) as conn:
        for rid, kind, _ in CASES[:6]:
            complete_request(conn, MANAGER, rid, TODAY, out, {"postal_city": "Joensuu"} if kind == "rectification"
                             else None)
        extend_with_letter(conn, MANAGER, 17, "Tiedot kolmesta järjestelmästä / data from three systems", TODAY, out)
        refuse_request(conn, MANAGER, 19, "Pyyntö on ilmeisen perusteeton / manifestly unfounded", TODAY, out)
        ask_with_letter(conn, MANAGER, 22, "identity", date(2026, 11, 23), TODAY, out)
        ask_with_letter(conn, MANAGER, 23, "clarification", date(2026, 11, 23), TODAY, out)
        users.add_user(conn, Actor.system("test"), "sanna", "manager", "salainen-sana-1")
        refuse_request(conn, MANAGER, 24, "Kuudes sama pyyntö viikossa / the sixth same request in a week", TODAY, out,
                       "excessive", approved_by="sanna")
        complete_request(conn, MANAGER, 18, TODAY, out)
    with db.connect(store, exclusive=True) as conn:  # requests that reach person 1 after their erasure
        c = Contract(conn)
        # The purge stamps the real clock; the letters say the day it happened: pin it to TODAY.
        conn.execute("UPDATE customers SET purged_on = TIMESTAMP '2026-11-25 10:00:00' WHERE id = 1")
        for rid, kind in ((20, "access"), (21, "erasure")):
            c.request(1, kind=kind, received_on=TODAY, verified_on=TODAY, id=rid)
            conn.execute("UPDATE requests SET language = ? WHERE id = ?", [language, rid])
            complete_request(conn, MANAGER, rid, TODAY, out)
    return {path.stem: "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
            for path in sorted(out.glob("*.pdf"))}


@pytest.mark.parametrize("language", ["fi", "en"])
def test_every_letter_reads_as_its_reviewed_copy(store, tmp_path, language):
    texts = _texts(store, tmp_path / "out", language)
    # six completed, a rectification notice to its recipient, an extension, a refusal, an erasure, and
    # the answers to an access and an erasure request of the erased person; an ask for identity, one for
    # clarification, and a refusal as excessive (Art. 12(5))
    assert len(texts) == 15
    for name, text in texts.items():
        golden = GOLDEN / language / f"{name}.txt"
        if os.environ.get("UPDATE_GOLDEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, encoding="utf-8")
        assert golden.is_file(), f"no reviewed copy of {name}: run with UPDATE_GOLDEN=1 and read it"
        assert text == golden.read_text(encoding="utf-8"), f"{language}/{name} changed"
