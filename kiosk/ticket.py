"""The reception ticket (受付票) the resident takes away after submitting.

One content list (`ticket_blocks`) drawn two ways:
- `render_ticket_image`: a 1-bit image for an 80 mm receipt printer at 203 dpi (576 dots
  across), sent as an ESC/POS raster by `kiosk.printing`: works on any ESC/POS printer,
  with any kanji, without the printer's own fonts or code pages.
- `render_ticket_pdf`: a PDF for an ordinary page printer (the top half of an A4 sheet,
  or an A6 card), fonts embedded.

The ticket is Japanese with the resident's language beneath each part (labels, the
procedures and their counters), as the cover sheet. Japanese is drawn in BIZ UD Gothic;
a character it lacks (𠮷 and other 外字) is drawn in IPAmj明朝, the resident's language
in its script's font (Nanum Gothic, WenQuanYi Micro Hei, Noto Sans, Noto Sans
Devanagari, shaped), all found through `forms.fonts` (the same fonts and per-glyph
fallback as the forms). A character no font has becomes 〓, never an empty box.

Beneath the number, as the done screen says it: the counter to go to first
(`printing.ticket.go_to`), the people ahead and the expected wait (`kiosk.waiting`, when
the store could tell), each in Japanese and in the resident's language.

The ticket holds no name or address: only the number, the procedures, where to go, and
a QR code with the application id (`forms.qr` format) for staff to scan.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache, partial
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from forms.fonts import FontSet, load_fonts
from forms.qr import SCHEME, draw_qr, qr_matrix
from forms.textfit import wrap_lines
from i18n import DEFAULT_LOCALE, paper_translator
from kiosk import printing
from kiosk.clock import as_utc

#: Dots across the printable width of an 80 mm receipt printer at 203 dpi (72 mm).
RECEIPT_WIDTH_PX = printing.RECEIPT_WIDTH_PX
#: Grey levels below this become black dots (Pillow draws anti-aliased grey edges).
_INK_THRESHOLD = 160


@dataclass(frozen=True)
class ReceptionTicket:
    """What the ticket says. Either a reception number, or the spool reference the kiosk
    gave out while the database was unreachable (the number is drawn at the counter)."""

    application_id: str
    issued_at: datetime
    reception_number: str | None = None
    spooled_reference: str | None = None
    #: (procedure title, counter or department text), in the order to visit them, in
    #: Japanese; optionally followed by both in the resident's language.
    procedures: tuple[tuple[str, ...], ...] = ()
    where_to_wait: str = ""
    #: The applications of the counter group waiting before this one, and today's
    #: typical wait in minutes (`kiosk.waiting.WaitEstimate`); None: not known.
    waiting_ahead: int | None = None
    wait_minutes: int | None = None
    #: Municipality or site name printed at the top (e.g. "浜松市役所 本庁舎").
    site_name: str = ""
    #: The resident's language, printed beneath the Japanese (labels, and procedures
    #: given in it too).
    locale: str = "ja"

    def __post_init__(self) -> None:
        if not (self.reception_number or self.spooled_reference):
            raise ValueError("a ticket needs a reception number or a spool reference")

    @property
    def spooled(self) -> bool:
        return not self.reception_number

    @property
    def number(self) -> str:
        """The big number on the ticket: the reception number, else the spool reference."""
        return str(self.reception_number or self.spooled_reference)

    @classmethod
    def from_receipt(
        cls,
        receipt: Any,
        procedures: Iterable[tuple[str, ...]] = (),
        *,
        where_to_wait: str = "",
        site_name: str = "",
        locale: str = "ja",
        issued_at: datetime,
    ) -> ReceptionTicket:
        """From a `kiosk.session.Receipt` (reception_number, application_id,
        spooled_reference, waiting_ahead, wait_minutes), printed at `issued_at` (the
        kiosk clock's local time)."""
        return cls(
            application_id=str(receipt.application_id),
            issued_at=as_utc(issued_at).astimezone(issued_at.tzinfo),
            reception_number=receipt.reception_number,
            spooled_reference=getattr(receipt, "spooled_reference", None),
            procedures=tuple(tuple(map(str, p)) for p in procedures),
            where_to_wait=where_to_wait,
            waiting_ahead=getattr(receipt, "waiting_ahead", None),
            wait_minutes=getattr(receipt, "wait_minutes", None),
            site_name=site_name,
            locale=locale,
        )


def qr_text(application_id: str) -> str:
    """The QR payload: the forms' scheme (`forms.qr.parse_qr_payload` reads it) with the
    application id only, so one scanner handles tickets and printed forms."""
    return json.dumps({"s": SCHEME, "app": application_id}, separators=(",", ":"))


# -- content ------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One piece of the ticket: `kind` selects the style, `text` is what it says."""

    kind: str  # site title label number note time goto wait rule heading procedure counter call qr small
    text: str = ""
    #: The resident's language when the block is the line beneath the Japanese (drawn
    #: in that language's font, without the space before the block).
    locale: str = ""


def ticket_blocks(ticket: ReceptionTicket) -> list[Block]:
    """The ticket's content, top to bottom: Japanese, the resident's language beneath."""
    local = ticket.issued_at
    when = {
        "year": local.year,
        "month": local.month,
        "day": local.day,
        "hour": local.hour,
        "minute": f"{local.minute:02d}",
    }
    resident = ticket.locale if ticket.locale != DEFAULT_LOCALE else ""

    def both(kind: str, key: str, **params: object) -> list[Block]:
        blocks = [Block(kind, paper_translator(DEFAULT_LOCALE)(key, **params))]
        if resident:
            blocks.append(Block(kind, paper_translator(resident)(key, **params), resident))
        return blocks

    def issued(locale: str) -> str:
        tr = paper_translator(locale)
        return tr("printing.ticket.issued", when=tr("printing.ticket.datetime", **when))

    blocks: list[Block] = []
    if ticket.site_name:
        blocks.append(Block("site", ticket.site_name))
    blocks += both("title", "printing.ticket.title")
    if ticket.spooled:
        blocks += both("label", "printing.ticket.reference")
        blocks.append(Block("number", ticket.number))
        blocks += both("note", "printing.ticket.reference_note")
    else:
        blocks += both("label", "printing.ticket.number")
        blocks.append(Block("number", ticket.number))
    blocks.append(Block("time", issued(DEFAULT_LOCALE)))
    if resident:
        blocks.append(Block("time", issued(resident), resident))
    blocks += _where_and_how_long(ticket, resident)
    if ticket.procedures:
        blocks += [Block("rule"), *both("heading", "printing.ticket.procedures")]
        for title, counter, *own in ticket.procedures:
            title_own, counter_own = [*own, "", ""][:2] if resident else ("", "")
            blocks.append(Block("procedure", f"・{title}"))
            if title_own and title_own != title:
                blocks.append(Block("procedure", title_own, resident))
            if counter:
                blocks.append(Block("counter", counter))
            if counter_own and counter_own != counter:
                blocks.append(Block("counter", counter_own, resident))
    if ticket.where_to_wait:
        blocks += [
            Block("rule"),
            *both("heading", "printing.ticket.wait"),
            Block("procedure", ticket.where_to_wait),
        ]
    blocks += [
        Block("rule"),
        *both("call", "printing.ticket.call"),
        Block("qr", qr_text(ticket.application_id)),
        *both("small", "printing.ticket.privacy"),
    ]
    return blocks


def _where_and_how_long(ticket: ReceptionTicket, resident: str) -> list[Block]:
    """The counters to go to (the done screen's 行き先, each counter once, in the order
    of the visit) and the wait, Japanese first, the resident's language beneath."""
    blocks: list[Block] = []
    counters = list(dict.fromkeys(p[1] for p in ticket.procedures if len(p) > 1 and p[1]))
    own = list(dict.fromkeys(p[3] for p in ticket.procedures if len(p) > 3 and p[3]))
    languages = [(DEFAULT_LOCALE, counters)] + ([(resident, own or counters)] if resident else [])
    if counters and not ticket.spooled:
        for locale, names in languages:
            tr = paper_translator(locale)  # a list in each language's own way (、 or ", ")
            listed = tr("printing.ticket.list_separator").join(names)
            text = tr("printing.ticket.go_to", counter=listed)
            blocks.append(Block("goto", text, "" if locale == DEFAULT_LOCALE else locale))
    if ticket.waiting_ahead is not None and not ticket.spooled:
        # One line each (the estimate only once someone of today was called): a number
        # and its unit never part across lines.
        said = [("printing.ticket.ahead", {"ahead": ticket.waiting_ahead})]
        if ticket.wait_minutes is not None:
            said.append(("printing.ticket.wait_minutes", {"minutes": ticket.wait_minutes}))
        for key, params in said:
            for locale, _ in languages:
                text = paper_translator(locale)(key, **params)
                blocks.append(Block("wait", text, "" if locale == DEFAULT_LOCALE else locale))
    return blocks


@dataclass(frozen=True)
class Style:
    role: str  # forms.fonts role: gothic, gothic_bold
    size: float  # pixels for the image, points for the PDF
    align: str = "left"  # left | center
    indent: float = 0.0
    space_before: float = 0.0


def styled(styles: dict[str, Style], block: Block) -> Style:
    """The block's style; a line in the resident's language beneath the Japanese is in
    that language's font (role ``gothic@ko``), close under it, and a procedure title
    lines up with the Japanese after its bullet."""
    style = styles[block.kind]
    if not block.locale:
        return style
    indent = style.indent + (style.size if block.kind == "procedure" else 0)
    return replace(style, role=f"{style.role}@{block.locale}", space_before=0, indent=indent)


#: Characters that never start a line (行頭禁則): they hang at the end of the line before.
NO_LINE_START = frozenset(
    "、。，．,.)）」』】〕〉》・：；:;!！?？ーぁぃぅぇぉっゃゅょァィゥェォッャュョ"
)


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Lines no wider than `width`: Japanese breaks between phrases (forms.phrases; a
    phrase wider than a line between characters; closing punctuation hangs rather than
    start a line), spaced languages at the last space that
    fits (a word longer than a line is cut between letters, never inside one)."""
    return wrap_lines(text, width, measure, NO_LINE_START, hang=True, phrases=True)


# -- the receipt image --------------------------------------------------------------

#: Styles in pixels at 203 dpi (8 dots per mm): body text about 3.5 mm high.
IMAGE_STYLES: dict[str, Style] = {
    "site": Style("gothic", 24, "center"),
    "title": Style("gothic_bold", 36, "center", space_before=8),
    "label": Style("gothic", 28, "center", space_before=16),
    "number": Style("gothic_bold", 168, "center"),
    "note": Style("gothic", 26, space_before=8),
    "call": Style("gothic", 26, space_before=8),
    "time": Style("gothic", 26, "center", space_before=8),
    "goto": Style("gothic_bold", 30, "center", space_before=12),
    "wait": Style("gothic", 26, "center", space_before=6),
    "heading": Style("gothic_bold", 28, space_before=4),
    "procedure": Style("gothic_bold", 30, indent=8, space_before=6),
    "counter": Style("gothic", 26, indent=40),
    "small": Style("gothic", 21, space_before=12),
}
_MARGIN_PX = 12
_QR_MODULE_PX = 6


@cache
def pil_font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


class _Glyphs:
    """Pillow fonts by role, with forms.fonts' per-glyph fallback (IPAmj明朝, the script
    fonts). Pillow lays text out with libraqm (HarfBuzz) when it has it, as the wheels
    do: Devanagari is shaped here too."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self.path_of = {fonts.names[role]: str(fonts.paths[role]) for role in fonts.names}

    def runs(self, text: str, role: str, size: int) -> list[tuple[str, ImageFont.FreeTypeFont]]:
        return [
            (run, pil_font(self.path_of[name], size))
            for run, name, _ in self.fonts.runs(text, role)
        ]

    def font(self, role: str, size: int) -> ImageFont.FreeTypeFont:
        """The role's first font (its line height): the resident's script font for
        ``gothic@ne``, BIZ UD for Japanese."""
        return pil_font(self.path_of[self.fonts.names[self.fonts.chain(role)[0]]], size)

    def width(self, text: str, role: str, size: int) -> float:
        return sum(font.getlength(run) for run, font in self.runs(text, role, size))

    def draw(
        self, draw: ImageDraw.ImageDraw, x: float, baseline: float, text: str, role: str, size: int
    ) -> None:
        for run, font in self.runs(text, role, size):
            draw.text((x, baseline), run, font=font, fill=0, anchor="ls")
            x += font.getlength(run)


def render_ticket_image(ticket: ReceptionTicket, width_px: int = RECEIPT_WIDTH_PX) -> Image.Image:
    """The ticket as a 1-bit image `width_px` dots wide (576: 80 mm paper at 203 dpi;
    384 for 58 mm paper). `image.info["number_box"]` is the (left, top, right, bottom)
    of the big number's line and `image.info["number_px"]` its font size."""
    glyphs = _Glyphs(load_fonts())
    scale = width_px / RECEIPT_WIDTH_PX
    canvas = Image.new("L", (width_px, 4000), 255)
    draw = ImageDraw.Draw(canvas)
    usable = width_px - 2 * _MARGIN_PX
    y = float(_MARGIN_PX)
    info: dict[str, Any] = {}
    for block in ticket_blocks(ticket):
        if block.kind == "rule":
            y += 14 * scale
            draw.line([(_MARGIN_PX, y), (width_px - _MARGIN_PX, y)], fill=0, width=2)
            y += 6 * scale
            continue
        if block.kind == "qr":
            y = _draw_qr(canvas, block.text, y + 16 * scale, max(3, round(_QR_MODULE_PX * scale)))
            continue
        style = styled(IMAGE_STYLES, block)
        size = round(style.size * scale)
        if block.kind == "number":
            while size > 24 and glyphs.width(block.text, style.role, size) > usable:
                size -= 4
        y += style.space_before * scale
        ascent, descent = glyphs.font(style.role, size).getmetrics()
        indent = style.indent * scale
        lines = wrap(block.text, usable - indent, partial(glyphs.width, role=style.role, size=size))
        for line in lines:
            width = glyphs.width(line, style.role, size)
            x = (
                _MARGIN_PX + (usable - width) / 2
                if style.align == "center"
                else _MARGIN_PX + indent
            )
            glyphs.draw(draw, x, y + ascent, line, style.role, size)
            if block.kind == "number":
                info["number_box"] = (
                    round(x),
                    round(y),
                    round(x + width),
                    round(y + ascent + descent),
                )
                info["number_px"] = size
            y += (ascent + descent) * (1.0 if block.kind == "number" else 1.15)
    height = round(y + 24 * scale)
    mono = canvas.crop((0, 0, width_px, height)).point(
        lambda v: 0 if v < _INK_THRESHOLD else 255, "1"
    )
    mono.info.update(info)
    return mono


def _draw_qr(canvas: Image.Image, payload: str, top: float, module: int) -> float:
    matrix = qr_matrix(payload)
    size = (len(matrix) + 8) * module  # with the 4-module quiet zone on each side
    left = (canvas.width - size) // 2 + 4 * module
    y0 = round(top) + 4 * module
    draw = ImageDraw.Draw(canvas)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                x, y = left + c * module, y0 + r * module
                draw.rectangle([x, y, x + module - 1, y + module - 1], fill=0)
    return top + size


# -- the page-printer PDF -----------------------------------------------------------

#: Styles in points for the PDF.
PDF_STYLES: dict[str, Style] = {
    "site": Style("gothic", 9, "center"),
    "title": Style("gothic_bold", 14, "center", space_before=2),
    "label": Style("gothic", 10, "center", space_before=6),
    "number": Style("gothic_bold", 50, "center"),
    "note": Style("gothic", 9, space_before=6),
    "call": Style("gothic", 9, space_before=4),
    "time": Style("gothic", 10, "center", space_before=8),
    "goto": Style("gothic_bold", 11, "center", space_before=6),
    "wait": Style("gothic", 10, "center", space_before=3),
    "heading": Style("gothic_bold", 10, space_before=2),
    "procedure": Style("gothic_bold", 11, indent=3, space_before=3),
    "counter": Style("gothic", 10, indent=14),
    "small": Style("gothic", 7.5, space_before=4),
}
#: On the page, these go in the left column; the procedures and where to wait on the right.
_LEFT_COLUMN = {"site", "title", "label", "number", "note", "time", "goto", "wait", "qr", "small"}
_PDF_MARGIN = 10 * mm
_QR_PT = 28 * mm


def render_ticket_pdf(ticket: ReceptionTicket) -> bytes:
    """The ticket as a one-page A4 PDF, fonts embedded (subsets), laid out in the top
    half in two columns (number and QR code; procedures and where to wait) with a cut
    line below: every office printer has A4, and the half sheet fits in a hand."""
    fonts = load_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=fonts.names["gothic"])
    canvas.setTitle(ticket.number)
    canvas.setAuthor("madoguchi")
    canvas.setCreator("madoguchi ticket")
    page_w, page_h = A4
    blocks = ticket_blocks(ticket)
    column = (page_w - 3 * _PDF_MARGIN) / 2
    top = page_h - _PDF_MARGIN
    _pdf_column(
        canvas, fonts, [b for b in blocks if b.kind in _LEFT_COLUMN], _PDF_MARGIN, top, column
    )
    right = [b for b in blocks if b.kind not in _LEFT_COLUMN]
    while right and right[0].kind == "rule":
        right.pop(0)  # the right column starts with its heading
    _pdf_column(canvas, fonts, right, 2 * _PDF_MARGIN + column, top, column)
    canvas.setDash(3, 3)
    canvas.setLineWidth(0.4)
    canvas.line(_PDF_MARGIN, page_h / 2, page_w - _PDF_MARGIN, page_h / 2)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _pdf_column(
    canvas: Canvas, fonts: FontSet, blocks: list[Block], left: float, top: float, width: float
) -> float:
    """Draw `blocks` top-down from `top` in a column `width` wide; returns the bottom."""
    y = top
    for block in blocks:
        if block.kind == "rule":
            y -= 6
            canvas.setLineWidth(0.6)
            canvas.line(left, y, left + width, y)
            y -= 2
            continue
        if block.kind == "qr":
            y -= 6 + _QR_PT
            draw_qr(canvas, block.text, left + (width - _QR_PT) / 2, y, _QR_PT)
            continue
        style = styled(PDF_STYLES, block)
        size = style.size
        if block.kind == "number":
            while size > 12 and fonts.width(block.text, size, style.role) > width:
                size -= 2
        y -= style.space_before
        measure = partial(fonts.width, size=size, role=style.role)
        for line in wrap(block.text, width - style.indent, measure):
            y -= size * (0.9 if block.kind == "number" else 1.3)
            x = left + style.indent
            if style.align == "center":
                x = left + (width - fonts.width(line, size, style.role)) / 2
            _pdf_text(canvas, fonts, x, y, line, style.role, size)
    return y


def _pdf_text(
    canvas: Canvas, fonts: FontSet, x: float, y: float, text: str, role: str, size: float
) -> None:
    fonts.draw(canvas, text, x, y, size, role)
