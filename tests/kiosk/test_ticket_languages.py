"""The reception ticket in every resident language, beneath the Japanese (issue 15, on
paper): the labels and the procedures in both, every font embedded in the page PDF
(pdffonts), the resident's words there as text (pdftotext), no 〓, and the receipt image
drawn in the script's font. Images of ko, zh_Hant, ne and vi are for a person to look at."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import ImageChops
from pyzbar.pyzbar import decode

from forms.catalogue import load_catalogue
from forms.fonts import MISSING_GLYPH
from forms.qr import parse_qr_payload
from i18n import paper_translator, translator
from kiosk.ticket import ReceptionTicket, render_ticket_image, render_ticket_pdf, ticket_blocks
from tests.forms.pdfbox import text_in, words

#: やさしい日本語 (ja@easy) too: its readings printed in brackets, 漢字（かんじ）.
LOCALES = ["ja", "ja@easy", "en", "zh_Hans", "zh_Hant", "ko", "pt_BR", "es", "vi", "fil", "ne", "id"]
APP_ID = "3f9a0c12-1234-4abc-9def-0123456789ab"
CATALOGUE = load_catalogue()
PROCEDURES = [
    CATALOGUE.procedures[p] for p in ("juminido_tennyu", "kokuho_join", "child_allowance_claim")
]


def ticket(locale: str) -> ReceptionTicket:
    """As `kiosk.application.print_after_submit` makes it: each procedure in Japanese,
    and in the resident's language (the words for paper)."""
    own = paper_translator(locale)
    return ReceptionTicket(
        APP_ID,
        datetime(2025, 4, 1, 9, 5, tzinfo=ZoneInfo("Asia/Tokyo")),
        "A-017",
        procedures=tuple(
            (p.title["ja"], p.department.name["ja"], own.text(p.title), own.text(p.department.name))
            for p in PROCEDURES
        ),
        where_to_wait="本庁舎1階 北側ロビー",
        locale=locale,
    )


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_ticket_says_it_in_japanese_and_the_residents_language(
    locale: str, artifact_dir: Path
) -> None:
    ja, own = translator("ja"), paper_translator(locale)
    blocks = ticket_blocks(ticket(locale))
    said = [(b.kind, b.text) for b in blocks]
    for kind, key in [("title", "printing.ticket.title"), ("label", "printing.ticket.number"),
                      ("heading", "printing.ticket.procedures"), ("call", "printing.ticket.call")]:  # fmt: skip
        assert (kind, ja(key)) in said
        if locale != "ja":
            assert (kind, own(key)) in said, (locale, key)
            # beneath the Japanese, in the resident's language's fonts
            assert said.index((kind, own(key))) == said.index((kind, ja(key))) + 1
    resident = [b for b in blocks if b.locale]
    assert (resident == []) == (locale == "ja")
    assert all(b.locale == locale for b in resident)
    # The page PDF: fonts embedded, the words there as text.
    path = artifact_dir / f"ticket_{locale}.pdf"
    path.write_bytes(render_ticket_pdf(ticket(locale)))
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]  # fmt: skip
    assert rows and all(" yes yes yes " in row for row in rows), rows
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert MISSING_GLYPH not in text and "A-017" in text
    flat = squeeze(text)
    expected = [own("printing.ticket.title"), own("printing.ticket.privacy")]
    expected += [own.text(p.title) for p in PROCEDURES] + [p.title["ja"] for p in PROCEDURES]
    missing = [words for words in expected if squeeze(words) not in flat]
    assert missing == [], f"{locale}: not on the ticket: {missing}"
    # The receipt image still scans, and is kept for a person to look at.
    image = render_ticket_image(ticket(locale))
    assert parse_qr_payload(decode(image.convert("L"))[0].data.decode())["app"] == APP_ID
    if locale == "ja@easy":  # readings on paper in brackets, never the 《》 markup
        assert "《" not in text and "（ばんごう）" in text
    if locale in ("ko", "zh_Hant", "ne", "vi", "ja@easy"):
        image.save(artifact_dir / f"ticket_{locale}.png")
        subprocess.run(["pdftoppm", "-r", "90", "-png", "-singlefile", str(path),
                        str(artifact_dir / f"ticket_page_{locale}")], check=True)  # fmt: skip


def test_the_receipt_draws_hangul_from_its_font_not_boxes() -> None:
    """The Korean lines differ from the same ticket with the Hangul replaced by a code
    point no font has (which prints 〓): the glyphs are really drawn."""
    korean = render_ticket_image(ticket("ko"))
    assert korean.height > render_ticket_image(ticket("ja")).height  # the lines beneath
    blank = ReceptionTicket(APP_ID, datetime(2025, 4, 1, 9, 5, tzinfo=ZoneInfo("Asia/Tokyo")),
                            "A-017", procedures=(("転入届", "市民課", "전입신고", "시민과"),),
                            locale="ko")  # fmt: skip
    other = ReceptionTicket(APP_ID, blank.issued_at, "A-017",
                            procedures=(("転入届", "市民課", "\U000f0000", "시민과"),), locale="ko")  # fmt: skip
    drawn, missing = render_ticket_image(blank), render_ticket_image(other)
    assert ImageChops.difference(drawn.convert("L"), missing.convert("L")).getbbox() is not None
    assert [b.text for b in ticket_blocks(blank) if b.kind == "procedure"] == [
        "・転入届",
        "전입신고",
    ]


def test_nothing_beneath_when_the_translation_says_the_same() -> None:
    same = ReceptionTicket(APP_ID, datetime(2025, 4, 1, 9, 5, tzinfo=ZoneInfo("Asia/Tokyo")),
                           "A-017", procedures=(("転入届", "市民課", "轉入申報", "市民課"),),
                           locale="zh_Hant")  # fmt: skip
    counters = [b.text for b in ticket_blocks(same) if b.kind == "counter"]
    assert counters == ["市民課"]


def waiting(locale: str) -> ReceptionTicket:
    """The ticket as the kiosk prints it after the done screen's estimate: 3 ahead, ~12 min."""
    return replace(ticket(locale), waiting_ahead=3, wait_minutes=12)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_ticket_says_where_to_go_and_the_wait_under_the_number(
    locale: str, artifact_dir: Path
) -> None:
    """Like the done screen: 行き先 (each counter once, in the visit's order), the people
    ahead and the expected wait, Japanese first, the resident's language beneath — printed
    in the left column under the number, read back with pdftotext -bbox."""
    ja, own = translator("ja"), paper_translator(locale)
    counters_ja = list(dict.fromkeys(p.department.name["ja"] for p in PROCEDURES))
    counters_own = list(dict.fromkeys(own.text(p.department.name) for p in PROCEDURES))
    go_ja = ja("printing.ticket.go_to", counter="、".join(counters_ja))
    listed = own("printing.ticket.list_separator").join(counters_own)
    go_own = own("printing.ticket.go_to", counter=listed)
    ahead_ja, ahead_own = (
        ja("printing.ticket.ahead", ahead=3),
        own("printing.ticket.ahead", ahead=3),
    )
    wait_ja = ja("printing.ticket.wait_minutes", minutes=12)
    wait_own = own("printing.ticket.wait_minutes", minutes=12)
    said = [(b.kind, b.text, b.locale) for b in ticket_blocks(waiting(locale))]
    expected = []
    for kind, in_ja, in_own in [("goto", go_ja, go_own), ("wait", ahead_ja, ahead_own),
                                ("wait", wait_ja, wait_own)]:  # fmt: skip
        expected.append((kind, in_ja, ""))
        if locale != "ja":
            expected.append((kind, in_own, locale))
    assert [s for s in said if s[0] in ("goto", "wait")] == expected
    # Without an estimate (the store could not tell) no wait line; a spooled ticket has
    # no number yet, so it names no counter or wait either.
    assert "wait" not in [b.kind for b in ticket_blocks(ticket(locale))]
    spooled = replace(waiting(locale), reception_number=None, spooled_reference="K-1")
    assert not {"goto", "wait"} & {b.kind for b in ticket_blocks(spooled)}

    pdf = render_ticket_pdf(waiting(locale))
    (artifact_dir / f"ticket_wait_{locale}.pdf").write_bytes(pdf)
    found = words(pdf)
    (number,) = [w for w in found if w.text == "A-017"]
    # The left column (x < 105 mm), below the number, above the cut line (148.5 mm).
    column = squeeze(text_in(found, 1, (0, number.y + 5, 105, 148.5 - number.y - 5)))
    mine = [go_own, ahead_own, wait_own] if locale != "ja" else []
    for text in [go_ja, ahead_ja, wait_ja, *mine]:
        assert squeeze(text) in column, (locale, text, column)
    assert MISSING_GLYPH not in column
    if locale in ("ja", "ne", "vi", "pt_BR"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(artifact_dir / f"ticket_wait_{locale}.pdf"),
                        str(artifact_dir / f"ticket_wait_{locale}")], check=True)  # fmt: skip
        receipt = artifact_dir / f"ticket_wait_receipt_{locale}.png"
        render_ticket_image(waiting(locale)).save(receipt)
