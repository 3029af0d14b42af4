"""The reception ticket: the receipt image (number, QR code, fallback glyphs) and the
page-printer PDF, checked by pixels, zbar, pdftotext and pdffonts."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont
from pyzbar.pyzbar import decode

from forms.fonts import load_fonts
from forms.qr import parse_qr_payload
from kiosk.session import Receipt
from kiosk.ticket import (
    RECEIPT_WIDTH_PX,
    ReceptionTicket,
    render_ticket_image,
    render_ticket_pdf,
    ticket_blocks,
    wrap,
)

APP_ID = "3f9a0c12-1234-4abc-9def-0123456789ab"
TOKYO = ZoneInfo("Asia/Tokyo")
PROCEDURES = (
    ("住民異動届（転入）", "市民課 本庁舎1階 1番〜3番窓口"),
    ("国民健康保険 資格取得", "保険年金課 本庁舎1階 5番窓口"),
    ("𠮷田さんの犬の登録", "環境課 西庁舎1階"),
)


def ticket(**overrides) -> ReceptionTicket:
    values = {
        "application_id": APP_ID,
        "issued_at": datetime(2025, 4, 1, 9, 5, tzinfo=TOKYO),
        "reception_number": "A-017",
        "procedures": PROCEDURES,
        "where_to_wait": "本庁舎1階 北側ロビー（呼び出し表示の前）",
        "site_name": "浜松市役所 本庁舎",
    }
    values.update(overrides)
    return ReceptionTicket(**values)


def ink(image: Image.Image) -> int:
    """Black dots in a 1-bit or grey image."""
    return sum(image.convert("L").histogram()[:128])


def text_alone(
    text: str, font_path: Path, size: int, box: tuple[int, int, int, int]
) -> Image.Image:
    """`text` drawn by Pillow directly, as a 1-bit image the size of `box`."""
    font = ImageFont.truetype(str(font_path), size)
    ascent, _ = font.getmetrics()
    canvas = Image.new("L", (box[2] - box[0], box[3] - box[1]), 255)
    ImageDraw.Draw(canvas).text((0, ascent), text, font=font, fill=0, anchor="ls")
    return canvas.point(lambda v: 0 if v < 160 else 255, "1")


def test_the_receipt_shows_the_number_big_at_the_top(artifact_dir: Path) -> None:
    image = render_ticket_image(ticket())
    image.save(artifact_dir / "ticket_ja.png")
    assert image.mode == "1"
    assert image.width == RECEIPT_WIDTH_PX
    _, top, _, bottom = image.info["number_box"]
    # At least 15 mm tall on 203 dpi paper, in the upper third, and really drawn there.
    assert bottom - top >= 15 * 8
    assert top < image.height / 3
    crop = image.crop(image.info["number_box"])
    expected = text_alone(
        "A-017",
        load_fonts().paths["gothic_bold"],
        image.info["number_px"],
        image.info["number_box"],
    )
    assert ImageChops.difference(crop.convert("L"), expected.convert("L")).getbbox() is None
    assert ink(crop) > 5000
    # Another number changes those pixels.
    other = render_ticket_image(ticket(reception_number="B-1203"))
    assert other.crop(other.info["number_box"]).tobytes() != crop.tobytes()


def test_the_qr_code_decodes_to_the_application_id() -> None:
    image = render_ticket_image(ticket())
    codes = decode(image.convert("L"))
    assert len(codes) == 1
    assert codes[0].type == "QRCODE"
    assert parse_qr_payload(codes[0].data.decode("utf-8"))["app"] == APP_ID


def test_a_58mm_printer_gets_a_narrower_ticket_that_still_scans() -> None:
    image = render_ticket_image(ticket(), width_px=384)
    assert image.width == 384
    box = image.info["number_box"]
    assert box[0] >= 0 and box[2] <= 384
    assert parse_qr_payload(decode(image.convert("L"))[0].data.decode())["app"] == APP_ID


def test_kanji_the_ud_font_lacks_come_from_ipamj_not_boxes() -> None:
    fonts = load_fonts()
    assert not fonts.has("gothic_bold", "𠮷") and fonts.has("fallback", "𠮷")
    with_rare = render_ticket_image(ticket(procedures=(("𠮷", ""),)))
    notdef = render_ticket_image(ticket(procedures=(("\U000f0000", ""),)))  # no font has it
    # The procedure line is the only difference: 𠮷 drawn from IPAmj is not 〓 and not
    # BIZ UD's empty box (.notdef) either.
    region = ImageChops.difference(with_rare.convert("L"), notdef.convert("L")).getbbox()
    assert region is not None
    size = 30
    mj = ImageFont.truetype(str(fonts.paths["fallback"]), size)
    ud = ImageFont.truetype(str(fonts.paths["gothic_bold"]), size)

    def glyph(font: ImageFont.FreeTypeFont, char: str) -> bytes:
        canvas = Image.new("L", (60, 60), 255)
        ImageDraw.Draw(canvas).text((10, 45), char, font=font, fill=0, anchor="ls")
        return canvas.point(lambda v: 0 if v < 160 else 255, "1").tobytes()

    assert glyph(mj, "𠮷") != glyph(ud, "𠮷")  # BIZ UD alone would draw a box
    # The rare glyph has the ink of IPAmj's 𠮷 (the line holds "・" and the glyph).
    line = with_rare.crop((0, region[1] - 4, with_rare.width, region[3] + 4))
    assert ink(line) > ink(Image.frombytes("1", (60, 60), glyph(mj, "𠮷"))) * 0.8


def test_a_spooled_application_gets_its_reference_and_a_note(artifact_dir: Path) -> None:
    spooled = ticket(reception_number=None, spooled_reference="S-3F9A0C", locale="en")
    image = render_ticket_image(spooled)
    image.save(artifact_dir / "ticket_spooled_en.png")
    kinds = [(b.kind, b.text) for b in ticket_blocks(spooled)]
    assert ("number", "S-3F9A0C") in kinds
    assert ("label", "Reference number") in kinds
    assert any(k == "note" and "counter" in t for k, t in kinds)
    box = image.info["number_box"]
    assert box[2] - box[0] <= RECEIPT_WIDTH_PX - 24  # shrunk to fit the paper


def test_a_ticket_needs_a_number_and_comes_from_a_receipt() -> None:
    with pytest.raises(ValueError, match="reception number"):
        ticket(reception_number=None)
    receipt = Receipt(reception_number="A-005", application_id=APP_ID)
    at = datetime(2026, 11, 25, 10, 3, tzinfo=TOKYO)
    made = ReceptionTicket.from_receipt(receipt, PROCEDURES[:1], issued_at=at)
    assert made.number == "A-005" and not made.spooled
    assert made.issued_at == at and made.issued_at.utcoffset() is not None
    assert made.procedures == PROCEDURES[:1]


def test_wrapping_keeps_closing_punctuation_off_the_line_start() -> None:
    lines = wrap("ありがとうございます。またどうぞ", 10, len)
    assert lines == ["ありがとうございます。", "またどうぞ"]
    assert wrap("Show this number at the counter", 12, len) == [
        "Show this",
        "number at",
        "the counter",
    ]


def test_the_page_ticket_is_a4_with_embedded_fonts_and_the_text(artifact_dir: Path) -> None:
    pdf = render_ticket_pdf(ticket())
    path = artifact_dir / "ticket_page.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "A-017",
        "受付番号",
        "国民健康保険 資格取得",
        "保険年金課",
        "北側ロビー",
        "𠮷田",
    ):
        assert expected in text, expected
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes yes " in row for row in rows), fonts
    assert any("IPAmj" in row for row in rows)  # 𠮷 came from the fallback font
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89" in info  # A4
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "80",
            "-png",
            "-singlefile",
            str(path),
            str(artifact_dir / "ticket_page"),
        ],
        check=True,
    )
    page = Image.open(artifact_dir / "ticket_page.png")
    lower = page.crop((0, page.height // 2 + 4, page.width, page.height))
    assert ink(lower) == 0  # everything is on the top half, above the cut line
    codes = decode(page.convert("L").resize((page.width * 3, page.height * 3)))
    assert [parse_qr_payload(c.data.decode())["app"] for c in codes] == [APP_ID]
