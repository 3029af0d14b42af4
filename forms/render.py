"""Print-quality PDFs of the forms with reportlab: one batch per application.

    batch = render_batch(catalogue, data, form_ids, application_id="A-20250401-0012",
                         reception_number="A-012")
    batch.pdf, batch.pages, batch.flags, batch.form_ids

A batch is a cover sheet (the procedures, where to go, what staff must check) followed by
every form in the fixed batch order. Each page carries the department and form code, a
page number and a QR code (application id, form id, version). Values that do not fit
their box, or hold characters no font can print, are listed in `flags` and on the cover
sheet: nothing is clipped silently.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from forms import values
from forms.catalogue import Catalogue
from forms.countries import japanese_name
from forms.data import dictionary_key, get_value, member_number
from forms.expressions import Context, compile_expression
from forms.fonts import FontSet, Placed, draw_placed, load_fonts
from forms.kana import to_katakana
from forms.qr import draw_qr, qr_payload
from forms.schema import PAGE_HEIGHT_MM, PAGE_WIDTH_MM, FormField, FormFile, Repeat, Static
from forms.textfit import LEADING, Fitted, fit_paragraphs, fit_text

PAGE_W = PAGE_WIDTH_MM * mm
PAGE_H = PAGE_HEIGHT_MM * mm
LABEL_SHADE = 0.92
QR_SIZE_MM = 22.0
CHECK = "✓"
#: Where a continuation sheet's table starts (mm from the top), under its title.
_SHEET_TABLE_TOP = 40.0


@dataclass(frozen=True)
class Flag:
    """Something staff must look at on the printed form."""

    form_id: str
    field: str  # field name or key (children[1].name for repeat rows)
    page: int  # page of the batch, 1-based
    reason: str  # overflow | glyph_missing | too_many_rows | too_many_digits
    #: for too_many_rows: who was printed on the continuation sheet (続紙), in plain words
    detail: str = ""

    @property
    def key(self) -> str:
        """forms.po msgid describing the reason."""
        return f"forms.flag.{self.reason}"


@dataclass(frozen=True)
class FieldArea:
    """Where a fact is printed: so a tap on a page preview can find its question."""

    page: int  # page of the batch, 1-based
    box: tuple[float, float, float, float]  # x, y, width, height in mm from the top left
    path: str  # data path of the fact (children[1].name), or of the first fact it is made of


@dataclass
class RenderedBatch:
    pdf: bytes
    pages: int
    flags: list[Flag] = field(default_factory=list)
    form_ids: list[str] = field(default_factory=list)
    areas: list[FieldArea] = field(default_factory=list)

    def fact_at(self, page: int, x_mm: float, y_mm: float) -> str | None:
        """The data path printed at a point of a page (the smallest box holding it)."""
        hits = [
            a
            for a in self.areas
            if a.page == page
            and a.box[0] <= x_mm <= a.box[0] + a.box[2]
            and a.box[1] <= y_mm <= a.box[1] + a.box[3]
        ]
        return min(hits, key=lambda a: a.box[2] * a.box[3]).path if hits else None


#: The cover sheet's content: drawn last, shown on page 1.
_COVER_XOBJECT = "madoguchi-cover"


def render_batch(
    catalogue: Catalogue,
    data: dict[str, Any],
    form_ids: Sequence[str],
    application_id: str,
    reception_number: str | None = None,
    *,
    today: date,
    wording: Sequence[Wording] = (),
    cover: bool = True,
) -> RenderedBatch:
    """All forms for one application in one PDF, cover sheet first, in the fixed order.

    `wording`: the cover sheet's languages, Japanese first, then the resident's (printed
    beneath the Japanese); `kiosk.application.cover_wording(locale)` makes it. The forms
    themselves are always Japanese: they are the city's documents."""
    fonts = load_fonts()
    ordered = catalogue.batch_order(form_ids)
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(PAGE_W, PAGE_H),
        pageCompression=1,
        initialFontName=fonts.names["gothic"],
        initialFontSize=10,
    )
    canvas.setTitle(f"{application_id}")
    canvas.setAuthor("madoguchi")
    canvas.setCreator("madoguchi forms")
    # Pages are counted first (a form's continuation sheets, 続紙, come from the data
    # alone), so every footer can say "n / total" in one pass. The cover lists the
    # flags of the forms after it, known only once they are drawn: page 1 shows a form
    # XObject that is defined after the forms (PDF resolves it at save), so every form
    # is laid out once.
    painters: list[_FormPainter] = []
    page = 1 + (1 if cover else 0)
    # One context for the whole batch: every form asks the same conditions and facts,
    # each is evaluated once (the data does not change while the batch is drawn).
    context = catalogue.context(data, today, memo={})
    for form_id in ordered:
        painter = _FormPainter(catalogue, fonts, context, catalogue.form(form_id), page)
        painters.append(painter)
        page += painter.form.pages + painter.continuation_sheets()
    total = page - 1
    if cover:
        canvas.doForm(_COVER_XOBJECT)
        canvas.showPage()
    flags: list[Flag] = []
    areas: list[FieldArea] = []
    for painter in painters:
        painter.paint(canvas, application_id, reception_number, total)
        flags += painter.flags
        areas += painter.areas
    if cover:
        canvas.beginForm(_COVER_XOBJECT)
        _Cover(catalogue, fonts, canvas, context, ordered, application_id, reception_number,
               wording, flags, total).draw()  # fmt: skip
        canvas.endForm()
    canvas.save()
    return RenderedBatch(buffer.getvalue(), total, flags, list(ordered), areas)


def render_form(
    catalogue: Catalogue,
    data: dict[str, Any],
    form_id: str,
    application_id: str = "PREVIEW",
    *,
    today: date,
) -> RenderedBatch:
    """One form alone, without the cover sheet (previews, the admin editor)."""
    return render_batch(catalogue, data, [form_id], application_id, today=today, cover=False)


# ---------------------------------------------------------------------------- drawing helpers


def _x(x_mm: float) -> float:
    return x_mm * mm


def _y(y_mm: float) -> float:
    """Top-left millimetres to reportlab's bottom-left points."""
    return PAGE_H - y_mm * mm


def draw_text(
    canvas: Canvas | None,
    fonts: FontSet,
    text: str,
    x: float,
    baseline: float,
    size: float,
    role: str = "gothic",
) -> bool:
    """Draw `text` run by run (fallback font where needed); False if a glyph was missing."""
    if canvas is None:
        return all(found for _, _, found in fonts.runs(text, role))
    return fonts.draw(canvas, text, x, baseline, size, role)[1]


def _fact_path(spec: FormField, item: str | None) -> str | None:
    """The data path a form field shows: its key, or the first fact its value reads."""
    if spec.key:
        if spec.key.startswith("item."):
            return f"{item}{spec.key[4:]}" if item else None
        return spec.key
    if spec.value:
        expr = compile_expression(spec.value, allow_item=item is not None)
        if item and expr.item_fields:
            return f"{item}.{sorted(expr.item_fields)[0]}"
        if expr.keys:
            return sorted(expr.keys)[0]
    return None


#: A text laid out in its box: its runs where they are drawn, and True if it fitted and
#: every glyph was found.
Laid = tuple[tuple[Placed, ...], bool]
Box = tuple[float, float, float, float]


def lay_out(fonts: FontSet, fitted: Fitted, box: Box, align: str) -> Laid:
    """Fitted lines centred in the box (mm), each line in its role."""
    x, y, w, h = box
    lines = fitted.lines
    if not fitted.fits and lines:
        lines = [*lines[:-1], lines[-1][:-1] + "※"] if lines[-1] else lines
    block = len(lines) * fitted.size * LEADING - (LEADING - 1) * fitted.size
    top = _y(y) - max(0.0, (h * mm - block) / 2)
    complete = True
    placed: list[Placed] = []
    for number, (line, role) in enumerate(zip(lines, fitted.roles, strict=True)):
        width = fonts.width(line, fitted.size, role)
        left = _x(x)
        if align == "center":
            left = _x(x + w / 2) - width / 2
        elif align == "right":
            left = _x(x + w) - width
        baseline = top - fitted.size * 0.88 - number * fitted.size * LEADING
        runs, _, found = fonts.place(line, left, baseline, fitted.size, role)
        placed += runs
        complete = found and complete
    return tuple(placed), fitted.fits and complete


def draw_fitted(canvas: Canvas, fonts: FontSet, fitted: Fitted, box: Box, align: str) -> bool:
    """Draw laid-out lines centred in the box (mm), each line in its role; True if the
    text fitted and every glyph was found (a form's boxes and the cover's cells)."""
    placed, complete = lay_out(fonts, fitted, box, align)
    draw_placed(canvas, placed)
    return complete


# The texts of the definitions (a form's static texts, labels and headers, the cover's
# headings and procedures) are the same for every application: each is fitted and laid
# out once per process, keyed by its words, box and sizes (a changed definition is a new
# key), and drawn from that. The resident's values are laid out on every render.
_FIXED = 8192


@lru_cache(maxsize=_FIXED)
def _fixed_text(fonts: FontSet, text: str, box: Box, size: float, min_size: float,
                align: str, role: str, wrap: bool) -> Laid:  # fmt: skip
    fitted = fit_text(fonts, text, box[2] * mm, box[3] * mm, size, min_size, role, wrap)
    return lay_out(fonts, fitted, box, align)


@lru_cache(maxsize=_FIXED)
def _fixed_paragraphs(fonts: FontSet, paragraphs: tuple[tuple[str, str], ...], box: Box,
                      size: float, min_size: float, align: str) -> Laid:  # fmt: skip
    fitted = fit_paragraphs(fonts, paragraphs, box[2] * mm, box[3] * mm, size, min_size,
                            phrases=True)  # fmt: skip
    return lay_out(fonts, fitted, box, align)


@lru_cache(maxsize=_FIXED)
def _fixed_line(fonts: FontSet, text: str, x: float, baseline: float, size: float,
                role: str = "gothic", align: str = "left") -> tuple[Placed, ...]:  # fmt: skip
    """One line at `x` (its left, centre or right end by `align`)."""
    if align != "left":
        x -= fonts.width(text, size, role) / (2 if align == "center" else 1)
    return tuple(fonts.place(text, x, baseline, size, role)[0])


@lru_cache(maxsize=1024)
def _vertical(fonts: FontSet, text: str, box: Box, size: float, role: str) -> tuple[Placed, ...]:
    """縦書き section headers: one character under the other, centred."""
    x, y, w, h = box
    chars = [c for c in text if c != " "]
    size = min(size, (h * mm - 2) / max(len(chars), 1) / 1.05, w * mm - 2)
    step = size * 1.05
    top = _y(y) - (h * mm - step * len(chars)) / 2
    placed: list[Placed] = []
    for number, char in enumerate(chars):
        width = fonts.width(char, size, role)
        left = _x(x + w / 2) - width / 2
        placed += fonts.place(char, left, top - step * number - size * 0.88, size, role)[0]
    return tuple(placed)


class _FormPainter:
    """Draws one form (all its pages) and collects its flags."""

    def __init__(
        self,
        catalogue: Catalogue,
        fonts: FontSet,
        context: Context,
        form: FormFile,
        first_page: int,
    ) -> None:
        self.catalogue = catalogue
        self.fonts = fonts
        self.data = context.data
        self.form = form
        self.context = context
        self.first_page = first_page
        self.flags: list[Flag] = []
        self.areas: list[FieldArea] = []
        self.canvas: Canvas | None = None

    # ------------------------------------------------------------------ entry points

    def paint(self, canvas: Canvas, application_id: str, reception: str | None, total: int) -> None:
        self.canvas = canvas
        for page in range(1, self.form.pages + 1):
            self.page_frame(page, application_id, reception, total)
            self.page_content(page)
            canvas.showPage()
        for sheet in range(1, self.continuation_sheets() + 1):
            self.page_frame(self.form.pages + sheet, application_id, reception, total, sheet)
            self.continuation_content(sheet)
            canvas.showPage()

    # ------------------------------------------------------------------ continuation sheets

    def visible_repeats(self) -> list[tuple[int, Repeat]]:
        return [
            (index, repeat)
            for index, repeat in enumerate(self.form.repeats)
            if not repeat.show_if or compile_expression(repeat.show_if).holds(self.context)
        ]

    def members(self, repeat: Repeat) -> list[str]:
        """Data paths of the members a repeat prints, in order (its `where` applied)."""
        members: list[str] = []
        where = compile_expression(repeat.where, allow_item=True) if repeat.where else None
        for group in repeat.over:
            items = get_value(self.data, group)
            for position in range(len(items) if isinstance(items, list) else 0):
                path = f"{group}[{position}]"
                if where is None or where.holds(self.context.with_item(path)):
                    members.append(path)
        return members

    def sheet_layout(self, repeat: Repeat) -> tuple[int, int]:
        """(rows the table moves up on a 続紙, rows per 続紙): on a continuation sheet the
        rows start right under the table's header (the form's single rows above them,
        such as the applicant's, are not repeated)."""
        top = min(f.box[1] for f in repeat.fields)
        page = repeat.fields[0].page
        headers = [
            s.box[1] + s.box[3]
            for s in self.form.static
            if s.page == page and top - 30 < s.box[1] + s.box[3] <= top + 0.01
        ]
        step = repeat.step[1]
        up = int((top - max(headers, default=top) + 0.01) // step) if step > 0 else 0
        return up, repeat.rows + up

    def continuation_sheets(self) -> int:
        sheets = 0
        for _, repeat in self.visible_repeats():
            rest = len(self.members(repeat)) - repeat.rows
            if rest > 0:
                sheets = max(sheets, -(-rest // self.sheet_layout(repeat)[1]))
        return sheets

    def continuation_content(self, sheet: int) -> None:
        """A 続紙: the form's table again, for the members its rows could not hold."""
        page = self.form.pages + sheet
        title = self.form.title["ja"]
        self.text_at(f"続紙　{title}", (30, 12, 140, 12), 18, 10, "center", "gothic_bold",
                     fixed=True)  # fmt: skip
        self.text_at(f"{title}の記入欄に書ききれなかった方（続紙 {sheet}枚目）",
                     (12, 27, 150, 6), 9, 6, "left", "gothic", fixed=True)  # fmt: skip
        for index, repeat in self.visible_repeats():
            members = self.members(repeat)
            up, per = self.sheet_layout(repeat)
            start = repeat.rows + (sheet - 1) * per
            if start >= len(members):
                continue
            top = min(f.box[1] for f in repeat.fields) - up * repeat.step[1] - 7
            bottom = max(f.box[1] + f.box[3] for f in repeat.fields) + repeat.step[1] * (
                repeat.rows - 1
            )
            lift = max(0.0, top - _SHEET_TABLE_TOP)  # the table moves up under the title
            for item in self.form.static:
                if item.page == repeat.fields[0].page and item.kind != "title":
                    x, y, w, h = item.box
                    if y >= top - 0.01 and y < bottom and y + h > top:
                        self.static(item.model_copy(update={"box": (x, y - lift, w, h)}))
            self.rows(repeat, index, page, members[start : start + per], per, -up,
                      repeat.fields[0].page, lift)  # fmt: skip

    # ------------------------------------------------------------------ page frame

    # ------------------------------------------------------------------ page frame

    def page_frame(
        self,
        page: int,
        application_id: str,
        reception: str | None,
        total: int,
        sheet: int | None = None,
    ) -> None:
        canvas = self.canvas
        assert canvas is not None
        form = self.form
        department = self.catalogue.departments[form.department]
        batch_page = self.first_page + page - 1
        head = f"様式 {form.code}　{department.name['ja']}"
        draw_placed(canvas, _fixed_line(self.fonts, head, _x(12), _y(9), 8))
        payload = qr_payload(
            application_id,
            form.id,
            form.version,
            page if form.pages > 1 or sheet else None,
            reception,
        )
        draw_qr(
            canvas,
            payload,
            _x(PAGE_WIDTH_MM - 10 - QR_SIZE_MM),
            _y(4 + QR_SIZE_MM),
            QR_SIZE_MM * mm,
        )
        foot = f"申請番号 {application_id}"
        if reception:
            foot += f"　受付番号 {reception}"
        draw_text(canvas, self.fonts, foot, _x(12), _y(291), 7)
        # Which catalogue made this page (forms.version): staff can tell which
        # definitions a resident's paper came from after a publication.
        made_by = f"定義版 {self.catalogue.version}　" if self.catalogue.version else ""
        right = f"{form.id} v{form.version}　{made_by}" + (
            f"続紙{sheet}" if sheet else f"{page}/{form.pages}頁"
        )
        fonts = self.fonts
        draw_placed(canvas, _fixed_line(fonts, right, _x(PAGE_WIDTH_MM - 12), _y(291), 7,
                                        align="right"))  # fmt: skip
        center = f"- {batch_page} / {total} -"
        draw_placed(canvas, _fixed_line(fonts, center, PAGE_W / 2, _y(291), 8, align="center"))

    # ------------------------------------------------------------------ content

    def page_content(self, page: int) -> None:
        for item in self.form.static:
            if item.page == page:
                self.static(item)
        for index, spec in enumerate(self.form.fields):
            if spec.page == page:
                self.field(
                    spec, spec.name or spec.key or f"fields[{index}]", None, (0.0, 0.0), page
                )
        for index, repeat in enumerate(self.form.repeats):
            self.repeat(repeat, index, page)

    def repeat(self, repeat: Repeat, index: int, page: int) -> None:
        if repeat.show_if and not compile_expression(repeat.show_if).holds(self.context):
            return
        members = self.members(repeat)
        self.rows(repeat, index, page, members, repeat.rows, 0)
        rest = members[repeat.rows :]
        if rest and any(f.page == page for f in repeat.fields):
            names = [self.person(path) for path in rest]
            self.flag(f"repeats[{index}]", page, "too_many_rows", "、".join(names))
            # ※別紙: the form itself says that more people are on the continuation sheet
            right = max(f.box[0] + f.box[2] for f in repeat.fields)
            bottom = max(f.box[1] + f.box[3] for f in repeat.fields) + repeat.step[1] * (
                repeat.rows - 1
            )
            self.text_at(f"※別紙（続紙）あり：ほか{len(rest)}人", (right - 80, bottom + 0.3, 80, 3.4),
                         7.5, 6, "right", "gothic_bold")  # fmt: skip

    def person(self, path: str) -> str:
        """A member in plain words for the cover: their name, or which member they are."""
        name = get_value(self.data, f"{path}.name")
        if isinstance(name, str) and name.strip():
            return f"{name}さん"
        group = self.catalogue.groups.get(path.split("[")[0])
        number = int(path.rsplit("[", 1)[1].rstrip("]")) + 1
        return f"{group.label['ja'] if group else path}の{number}人目"

    def rows(
        self,
        repeat: Repeat,
        index: int,
        page: int,
        members: list[str],
        rows: int,
        shift: int,
        fields_of: int | None = None,
        lift: float = 0.0,
    ) -> None:
        """Draw `rows` rows of a repeat for `members`, moved `shift` steps; the fields of
        form page `fields_of` (default: `page`; a 続紙 prints those of the table's page)."""
        for row in range(rows):
            item = members[row] if row < len(members) else None
            offset = (repeat.step[0] * (row + shift), repeat.step[1] * (row + shift) - lift)
            for f_index, spec in enumerate(repeat.fields):
                if spec.page != (fields_of or page):
                    continue
                name = spec.name or spec.key or f"repeats[{index}].fields[{f_index}]"
                if item and spec.key and spec.key.startswith("item."):
                    name = item + spec.key[4:]
                self.field(spec, name, item, offset, page, in_repeat=True)

    def flag(self, name: str, page: int, reason: str, detail: str = "") -> None:
        flag = Flag(self.form.id, name, self.first_page + page - 1, reason, detail)
        if flag not in self.flags:
            self.flags.append(flag)

    def static(self, item: Static) -> None:
        if item.show_if and not compile_expression(item.show_if).holds(self.context):
            return
        c = self.canvas
        x, y, w, h = item.box
        if item.kind == "line":
            if c:
                c.setLineWidth(0.6)
                c.line(_x(x), _y(y), _x(x + w), _y(y + h))
            return
        if c and item.kind in ("rect", "section", "signature", "seal"):
            c.setLineWidth(0.8 if item.kind == "section" else 0.5)
            if item.shade or item.kind == "section":
                c.setFillGray(LABEL_SHADE)
                c.rect(_x(x), _y(y + h), w * mm, h * mm, stroke=1, fill=1)
                c.setFillGray(0)
            else:
                c.rect(_x(x), _y(y + h), w * mm, h * mm, stroke=1, fill=0)
        if c and item.kind == "seal":
            radius = min(w, h) * mm / 2 - 2 * mm
            c.setDash(2, 2)
            c.circle(_x(x + w / 2), _y(y + h / 2), radius)
            c.setDash()
        text = item.text or {"signature": "署名", "seal": "印"}.get(item.kind, "")
        fixed = item.value is None  # the definition's words, else the resident's facts
        if item.value is not None:
            text = str(compile_expression(item.value).evaluate(self.context) or "")
        if not text:
            return
        defaults = {"title": 18.0, "section": 9.0, "note": 7.0, "signature": 7.0, "seal": 7.0}
        size = item.size or defaults.get(item.kind, 9.0)
        role = "gothic_bold" if item.kind in ("title", "section") else "gothic"
        if item.kind == "section" and w < 12 and "\n" not in text:
            self.vertical(text, x, y, w, h, size, role)
            return
        if item.kind in ("signature", "seal"):
            self.text_at(text, (x + 1, y + 0.8, w - 2, 3), 6.5, 5, "left", "gothic", fixed=fixed)
            return
        fitted = self.text_at(
            text, (x + 1, y + 0.5, w - 2, h - 1), size, min(size, 5), item.align, role,
            fixed=fixed,
        )  # fmt: skip
        if not fitted:
            self.flag(f"static:{text[:10]}", item.page, "overflow")

    def vertical(
        self, text: str, x: float, y: float, w: float, h: float, size: float, role: str
    ) -> None:
        assert self.canvas is not None
        draw_placed(self.canvas, _vertical(self.fonts, text, (x, y, w, h), size, role))

    def text_at(
        self,
        text: str,
        box: tuple[float, float, float, float],
        size: float,
        min_size: float,
        align: str,
        role: str,
        wrap: bool = True,
        *,
        fixed: bool = False,
    ) -> bool:
        """Fit and draw `text` in a box (mm); True if it fitted. `fixed`: words of the
        definition, laid out once (`_fixed_text`)."""
        assert self.canvas is not None
        if fixed:
            placed, fits = _fixed_text(self.fonts, text, box, size, min_size, align, role, wrap)
            draw_placed(self.canvas, placed)
            return fits
        fitted = fit_text(self.fonts, text, box[2] * mm, box[3] * mm, size, min_size, role, wrap)
        return draw_fitted(self.canvas, self.fonts, fitted, box, align)

    # ------------------------------------------------------------------ fields

    def value_of(self, spec: FormField, context: Context) -> Any:
        if spec.key is not None:
            path = spec.key
            if path.startswith("item."):
                if context.item is None:
                    return None
                path = context.item + path[4:]
            return context.value(path)  # the catalogue's resolver, kept in the memo
        assert spec.value is not None
        return compile_expression(spec.value, allow_item=True).evaluate(context)

    def choice_list(self, spec: FormField, context: Context) -> str | None:
        key = spec.key
        if key is None:
            return None
        if key.startswith("item.") and context.item is not None:
            key = context.item + key[4:]

        found = self.catalogue.dictionary.get(dictionary_key(key))
        return found.choices if found else None

    def field(
        self,
        spec: FormField,
        name: str,
        item: str | None,
        offset: tuple[float, float],
        page: int,
        in_repeat: bool = False,
    ) -> None:
        c = self.canvas
        x, y, w, h = spec.box
        x, y = x + offset[0], y + offset[1]
        context = self.context.with_item(item)
        if c:
            c.setLineWidth(0.5)
            c.rect(_x(x), _y(y + h), w * mm, h * mm, stroke=1, fill=0)
        shown = not spec.show_if or compile_expression(spec.show_if, allow_item=True).holds(context)
        if not shown:
            # A hidden field keeps its outline (the form's grid) but neither label nor
            # value: another field may show its own label in the same box.
            return
        area = (x, y, w, h)
        if spec.label and spec.label_width:
            lw = spec.label_width
            if c:
                c.setFillGray(LABEL_SHADE)
                c.rect(_x(x), _y(y + h), lw * mm, h * mm, stroke=1, fill=1)
                c.setFillGray(0)
            self.text_at(spec.label, (x + 0.8, y + 0.5, lw - 1.6, h - 1), 8, 5, "center", "gothic",
                         fixed=True)  # fmt: skip
            area = (x + lw, y, w - lw, h)
        elif spec.label and spec.format != "checkbox":
            self.text_at(spec.label, (x + 0.8, y + 0.4, w - 1.6, 2.6), 6, 4.5, "left", "gothic",
                         wrap=False, fixed=True)  # fmt: skip
            area = (x, y + 2.6, w, h - 2.6)
        if in_repeat and item is None:
            return
        fact = _fact_path(spec, item)
        if c and fact:
            self.areas.append(FieldArea(self.first_page + page - 1, (x, y, w, h), fact))
        value = self.value_of(spec, context)
        choices = self.choice_list(spec, context)
        if spec.format == "checkbox":
            self.checkboxes(spec, value, choices, area, name, page)
            return
        if spec.format == "digits":
            self.digits(spec, value, area, name, page)
            return
        text = self.format_value(spec, value, choices)
        if not text:
            return
        ax, ay, aw, ah = area
        pad = 1.2
        role = "mincho" if spec.font == "mincho" else "gothic"
        fits = self.text_at(
            text, (ax + pad, ay + 0.4, aw - 2 * pad, ah - 0.8), spec.size, spec.min_size,
            spec.align, role, wrap=spec.format not in ("postal_code", "phone", "wareki", "date", "integer"),
        )  # fmt: skip
        if not fits:
            missing = self.fonts.missing(text, role)
            self.flag(name, page, "glyph_missing" if missing else "overflow")

    def format_value(self, spec: FormField, value: Any, choices: str | None) -> str:
        if value is None or value == "" or value == []:
            return ""
        fmt = spec.format
        text: str
        if fmt == "wareki":
            text = values.wareki(value)
        elif fmt == "date":
            text = values.western(value)
        elif fmt == "kana":
            text = to_katakana(str(value))
        elif fmt == "choice":
            text = values.choices(value, lambda v: self.choice_print(choices, v), "・")
        elif fmt == "country":
            text = japanese_name(str(value))
        elif fmt == "postal_code":
            text = values.postal_code(value)
        elif isinstance(value, bool):
            text = "はい" if value else "いいえ"
        else:
            text = str(value)
        return f"{spec.prefix or ''}{text}{spec.suffix or ''}"

    def choice_print(self, choices: str | None, value: Any) -> str:
        for choice in self.catalogue.choices.get(choices or "", []):
            if choice.value == str(value):
                return choice.print or choice.label["ja"]
        return str(value)

    def checkboxes(
        self,
        spec: FormField,
        value: Any,
        choices: str | None,
        area: tuple[float, ...],
        name: str,
        page: int,
    ) -> None:
        ax, ay, aw, ah = area
        size = min(spec.size, 9.5)
        if choices is None or isinstance(value, bool):
            # a yes/no box: the label goes beside the box (or in the label cell)
            options: list[tuple[str, bool]] = [
                ("" if spec.label_width else (spec.label or ""), bool(value))
            ]
        else:
            wanted = spec.options or [c.value for c in self.catalogue.choices[choices]]
            chosen = {str(v) for v in value} if isinstance(value, list) else {str(value)}
            options = [(self.choice_print(choices, v), v in chosen) for v in wanted]
        per_row = spec.cells or len(options)
        rows = (len(options) + per_row - 1) // per_row
        cell_w = (aw - 2) / per_row
        row_h = ah / rows
        box_mm = min(size * 0.36, row_h - 1.2, 3.6)
        for number, (label, checked) in enumerate(options):
            row, col = divmod(number, per_row)
            bx = ax + 1.5 + col * cell_w
            by = ay + row * row_h + (row_h - box_mm) / 2
            if self.canvas:
                self.canvas.setLineWidth(0.6)
                self.canvas.rect(_x(bx), _y(by + box_mm), box_mm * mm, box_mm * mm)
            if checked:
                check_size = box_mm * mm * 1.15
                width = self.fonts.width(CHECK, check_size)
                draw_text(self.canvas, self.fonts, CHECK, _x(bx + box_mm / 2) - width / 2,
                          _y(by + box_mm) + box_mm * mm * 0.12, check_size, "gothic_bold")  # fmt: skip
            if label:
                fits = self.text_at(
                    label, (bx + box_mm + 0.8, ay + row * row_h, cell_w - box_mm - 1.2, row_h),
                    size, 5, "left", "gothic", wrap=False, fixed=True,
                )  # fmt: skip
                if not fits:
                    self.flag(name, page, "overflow")

    def digits(
        self, spec: FormField, value: Any, area: tuple[float, ...], name: str, page: int
    ) -> None:
        ax, ay, aw, ah = area
        cells = spec.cells or 1
        cell_w = aw / cells
        if self.canvas:
            self.canvas.setLineWidth(0.3)
            for number in range(1, cells):
                self.canvas.line(
                    _x(ax + number * cell_w), _y(ay), _x(ax + number * cell_w), _y(ay + ah)
                )
        text = "" if value is None else "".join(str(value).split())
        text = "".join(ch for ch in text if ch not in "-ー－")
        if len(text) > cells:
            self.flag(name, page, "too_many_digits")
            text = text[:cells]
        size = min(spec.size, ah * mm * 0.8, cell_w * mm * 1.4)
        for number, char in enumerate(text):
            width = self.fonts.width(char, size)
            left = _x(ax + (number + 0.5) * cell_w) - width / 2
            baseline = _y(ay + ah / 2) - size * 0.36
            if not draw_text(self.canvas, self.fonts, char, left, baseline, size):
                self.flag(name, page, "glyph_missing")


class Wording(Protocol):
    """One language's words for the cover sheet. forms does not import i18n: the kiosk
    passes `i18n.Translator`s (`kiosk.application.cover_wording`). Called with a key it
    gives a keyed message (printing.cover.*); `text` gives a catalogue text
    (``{ja: ..., en: ...}``, else the catalogue domain's translation) in this language."""

    @property
    def locale(self) -> str: ...

    def __call__(self, key: str, /, **params: object) -> str: ...

    def text(self, texts: Mapping[str, str] | str | None) -> str: ...


class _KeysOnly:
    """The wording when none is given: the catalogue's Japanese, the keys themselves
    (as a missing translation shows), so a caller that forgot its wording is seen."""

    locale = "ja"

    def __call__(self, key: str, /, **params: object) -> str:
        return key

    def text(self, texts: Mapping[str, str] | str | None) -> str:
        if texts is None or isinstance(texts, str):
            return texts or ""
        return str(texts.get("ja", ""))


#: (text, role) paragraphs of one box: the Japanese, then the resident's language.
Paragraphs = list[tuple[str, str]]


class _Cover:
    """The first page: reception number, procedures in visiting order, where to go; the
    resident's language beneath the Japanese, in its script's font (role ``gothic@ko``)."""

    def __init__(
        self,
        catalogue: Catalogue,
        fonts: FontSet,
        canvas: Canvas,
        context: Context,
        form_ids: list[str],
        application_id: str,
        reception: str | None,
        wording: Sequence[Wording],
        flags: list[Flag],
        total: int,
    ) -> None:
        self.catalogue = catalogue
        self.fonts = fonts
        self.c = canvas
        self.context = context
        self.data = context.data
        self.form_ids = form_ids
        self.application_id = application_id
        self.reception = reception
        self.ja: Wording = wording[0] if wording else _KeysOnly()
        #: The resident's language, when it is not Japanese.
        self.resident: Wording | None = next(
            (w for w in wording[1:] if w.locale != self.ja.locale), None
        )
        self.today = context.today
        self.flags = flags
        self.total = total

    def role(self, base: str) -> str:
        """The role of the resident's lines: the base role in their language's font."""
        return f"{base}@{self.resident.locale}" if self.resident else base

    def say(self, key: str, base: str = "gothic", prefix: str = "", **params: object) -> Paragraphs:
        """A keyed message in Japanese, with the resident's language beneath it."""
        paragraphs = [(prefix + self.ja(key, **params), base)]
        if self.resident:
            paragraphs.append((prefix + self.resident(key, **params), self.role(base)))
        return paragraphs

    def t(self, *texts: tuple[str, Mapping[str, str] | None], base: str = "gothic") -> Paragraphs:
        """Catalogue texts, each as (prefix, text), in Japanese, and beneath them in the
        resident's language (each one that says something else than the Japanese)."""
        japanese = [(prefix, self.ja.text(text)) for prefix, text in texts if text]
        paragraphs = [(prefix + words, base) for prefix, words in japanese]
        if self.resident:
            others = [(prefix, self.resident.text(text)) for prefix, text in texts if text]
            paragraphs += [
                (prefix + words, self.role(base))
                for (prefix, words), (_, own) in zip(others, japanese, strict=True)
                if words and words != own
            ]
        return paragraphs

    def text(self, text: str | Paragraphs, x: float, y: float, w: float, h: float, size: float,
             role: str = "gothic", align: str = "left", min_size: float = 5,
             fixed: bool = True) -> None:  # fmt: skip
        """Fit and draw in a box (mm). `fixed`: words of the catalogue and the wording
        alone, laid out once (`_fixed_paragraphs`); False for the application's facts."""
        paragraphs = [(text, role)] if isinstance(text, str) else text
        if fixed:
            laid = _fixed_paragraphs(self.fonts, tuple(paragraphs), (x, y, w, h), size,
                                     min(size, min_size), align)  # fmt: skip
            draw_placed(self.c, laid[0])
            return
        fitted = fit_paragraphs(self.fonts, paragraphs, w * mm, h * mm, size, min(size, min_size),
                                phrases=True)  # fmt: skip
        draw_fitted(self.c, self.fonts, fitted, (x, y, w, h), align)

    def field_label(self, form_id: str, name: str) -> str:
        """A flagged box in the words printed on the form: its label, else its fact's
        (numbered per member); staff never read a field's id ("repeats[0]")."""
        form = self.catalogue.form(form_id)
        for spec in form.fields:
            if name in (spec.name, spec.key) and spec.label:
                return spec.label
        fact = self.catalogue.dictionary.get(dictionary_key(name))  # children[1].name too
        if fact is None:
            return "世帯員などの記入欄" if name.startswith("repeats[") else "記入欄"
        number = member_number(name)
        return f"{fact.label['ja']}（{number}）" if number else fact.label["ja"]

    def flag_line(self, flag: Flag) -> str:
        """One flag for staff, in plain words: which form, which box, what to do."""
        where = f"・{self.catalogue.form(flag.form_id).title['ja']}（{flag.page}頁）"
        if flag.reason == "too_many_rows":
            return f"{where}: 記入欄が足りないため、{flag.detail}を続紙に記入しました。続紙を添えてください"
        return f"{where} {self.field_label(flag.form_id, flag.field)}: {self.ja(flag.key)}"

    def procedures(self) -> list[Any]:
        """The procedures on this application: those whose forms are in the batch, plus
        form-less ones (notes) of the event, in counter order."""
        event_id = self.data.get("event")
        chosen = []
        if isinstance(event_id, str) and event_id in self.catalogue.events:
            chosen = self.catalogue.procedures_for(event_id, self.data, self.today)
        ids = {p.id for p in chosen}
        for form_id in self.form_ids:
            for pid in self.catalogue.form(form_id).procedures:
                proc = self.catalogue.procedures[pid]
                if pid not in ids and not chosen:
                    chosen.append(proc)
                    ids.add(pid)
        with_forms = [p for p in chosen if not p.forms or set(p.forms) & set(self.form_ids)]
        return self.catalogue.in_counter_order(with_forms)

    def row(self, proc: Any) -> tuple[list[Paragraphs], bool]:
        """A procedure's cells: its title and note, where to go, its forms; and whether
        the first names whom it concerns (the application's facts: laid out each time)."""
        forms = [self.catalogue.form(f) for f in proc.forms if f in self.form_ids]
        name = self.t(("", proc.title), ("※", proc.note))
        persons = proc.persons.evaluate(self.context) if proc.persons is not None else None
        if persons:
            name.insert(1, (f"（{persons}）", "gothic"))  # whom it concerns: names, no words
        where = self.t(("", proc.department.name), ("", proc.department.counter))
        papers = self.t(*(("", f.title) for f in forms))  # the Japanese with its code:
        codes = [(f"{t}（{f.code}）", r) for (t, r), f in zip(papers, forms, strict=False)]
        papers = codes + papers[len(codes) :] or self.say("printing.cover.no_forms")
        return [name, where, papers], bool(persons)

    def row_height(self, cells: list[Paragraphs], personal: bool) -> float:
        """The height (mm) a row's cells need at their readable size (_READABLE)."""
        needed = 0.0
        for number, (paragraphs, (_, w, size, _)) in enumerate(zip(cells, _CELLS, strict=True)):
            readable = min(size, _READABLE)
            lines = _line_count(
                self.fonts, tuple(paragraphs), w * mm, readable, personal and not number
            )
            needed = max(needed, lines * readable * LEADING / mm)
        return needed + 1.6 + 0.5

    def draw(self) -> None:
        c = self.c
        ja = self.ja
        two = self.resident is not None  # two languages: taller boxes
        draw_qr(c, qr_payload(self.application_id, "cover", "1", reception=self.reception),
                _x(PAGE_WIDTH_MM - 10 - QR_SIZE_MM),
                _y(4 + QR_SIZE_MM), QR_SIZE_MM * mm)  # fmt: skip
        self.text(self.say("printing.cover.title", "gothic_bold"), 12, 8, 150, 20, 20, min_size=10)
        y = 30.0
        if self.reception:
            c.setLineWidth(1.2)
            c.rect(_x(12), _y(y + 22), 90 * mm, 22 * mm)
            self.text(self.say("printing.ticket.number"), 14, y + 1, 86, 8, 9)
            self.text(self.reception, 14, y + 8, 86, 13, 30, "gothic_bold", "center", fixed=False)
        info = [
            f"{ja('printing.cover.application_id')}　{self.application_id}",
            f"{ja('printing.cover.received_on')}　{values.wareki(self.today)}",
            f"{ja('printing.cover.papers')}　"
            + ja("printing.cover.papers_count", kinds=len(self.form_ids), pages=self.total),
        ]
        self.text("\n".join(info), 108, y + 2, 90, 18, 9, fixed=False)
        y += 28
        lead_h = 14.0 if two else 10.0
        self.text(self.say("printing.cover.lead"), 12, y, 186, lead_h, 10, min_size=7)
        y += lead_h + 2
        cols = [(12, 10, "order"), (22, 70, "procedure"), (92, 56, "counter"), (148, 50, "forms")]
        head_h = 10.0 if two else 7.0
        c.setLineWidth(0.5)
        c.setFillGray(LABEL_SHADE)
        c.rect(_x(12), _y(y + head_h), 186 * mm, head_h * mm, fill=1)
        c.setFillGray(0)
        for x, w, column in cols:
            heading = self.say(f"printing.cover.column.{column}", "gothic_bold")
            self.text(heading, x + 1, y + 0.5, w - 2, head_h - 1, 9, align="center")
        y += head_h
        procedures = self.procedures()
        rows = [self.row(proc) for proc in procedures]
        # Each row as tall as its text needs at a readable size, when the page has room
        # for that (a long translation); else the fixed heights, the text shrinking.
        base = 20.0 if two else 11.0
        fixed = [base + (6.0 if proc.note else 0.0) for proc in procedures]
        wanted = [max(f, self.row_height(*row)) for f, row in zip(fixed, rows, strict=True)]
        heights = wanted if y + sum(wanted) <= 250 else fixed
        for number, ((cells, personal), row_h) in enumerate(zip(rows, heights, strict=True), 1):
            if y + row_h > 250:
                break
            c.rect(_x(12), _y(y + row_h), 186 * mm, row_h * mm)
            for x, _, _ in cols[1:]:
                c.line(_x(x), _y(y), _x(x), _y(y + row_h))
            self.text(str(number), 13, y, 8, row_h, 12, "gothic_bold", "center")
            for cell, (paragraphs, (left, width, size, smallest)) in enumerate(
                zip(cells, _CELLS, strict=True)
            ):
                self.text(paragraphs, left, y + 0.8, width, row_h - 1.6, size, min_size=smallest,
                          fixed=not (personal and cell == 0))  # fmt: skip
            y += row_h
        y = max(y + 6, 250)
        c.setLineWidth(0.8)
        c.rect(_x(12), _y(285), 186 * mm, (285 - y) * mm)
        self.text(ja("printing.cover.staff_check"), 14, y + 1, 40, 5, 8, "gothic_bold")
        if self.flags:
            lines = [self.flag_line(f) for f in self.flags]
            self.text("\n".join(lines[:6]), 14, y + 6, 182, 285 - y - 7, 8, fixed=False)
        else:
            self.text(ja("printing.cover.nothing_to_check"), 14, y + 6, 182, 6, 8)
        foot = f"{ja('printing.cover.application_id')} {self.application_id}"
        if self.reception:
            foot += f"　{ja('printing.ticket.number')} {self.reception}"
        draw_text(c, self.fonts, foot, _x(12), _y(291), 7)
        center = f"- 1 / {self.total} -"
        draw_text(c, self.fonts, center, PAGE_W / 2 - self.fonts.width(center, 8) / 2, _y(291), 8)


def _line_count(fonts: FontSet, paragraphs: tuple[tuple[str, str], ...], width: float,
                size: float, personal: bool) -> int:  # fmt: skip
    """The lines of a cover cell wrapped at `size` (once per process for the catalogue's
    words alone, `_fixed_lines`)."""
    if personal:
        return len(fit_paragraphs(fonts, paragraphs, width, 1e6, size, size, phrases=True).lines)
    return _fixed_lines(fonts, paragraphs, width, size)


@lru_cache(maxsize=1024)
def _fixed_lines(fonts: FontSet, paragraphs: tuple[tuple[str, str], ...], width: float,
                 size: float) -> int:  # fmt: skip
    return len(fit_paragraphs(fonts, paragraphs, width, 1e6, size, size, phrases=True).lines)


#: The cover's procedure cells: (left mm, width mm, font size, smallest size).
_CELLS = ((23.5, 67.0, 10.0, 5.0), (93.5, 53.0, 9.0, 5.0), (149.5, 47.0, 8.0, 6.0))
#: The size a row grows to keep its text at, when the page has room (points).
_READABLE = 8.0
