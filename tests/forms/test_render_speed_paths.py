"""What makes a batch cheap to draw, checked as behaviour (speed itself is measured in
bench/, never asserted): one data mask for every QR code, each form laid out once, each
character looked up in the font tables once, a font file read only when a text needs it,
reportlab's C accelerator in use."""

from __future__ import annotations

import copy
import subprocess
import sys
from typing import Any

import pytest

from forms import render
from forms.catalogue import load_catalogue
from forms.fonts import FontSet, load_fonts
from forms.qr import qr_matrix, qr_payload
from kiosk.application import cover_wording
from tests.forms.samples import MOVING_IN_FAMILY, TODAY

#: XORed over the format information of every QR symbol (ISO/IEC 18004, 7.9).
_FORMAT_MASK = 0b101010000010010


def _mask_pattern(matrix: list[list[bool]]) -> int:
    """The data mask a symbol was made with, read from its format information (the
    copy beside the top-left finder, bit order as qrcode places it)."""
    n = len(matrix)
    bits = 0
    for i in range(15):
        row = i if i < 6 else i + 1 if i < 8 else n - 15 + i
        bits |= int(matrix[row][8]) << i
    return ((bits ^ _FORMAT_MASK) >> 10) & 0b111


def test_every_page_code_uses_the_same_data_mask() -> None:
    """qrcode picks the best of eight masks by building all eight (41% of a batch's
    time); a fixed mask builds one."""
    masks = {
        _mask_pattern(qr_matrix(qr_payload(f"A-2026-{n:06d}", form, "1", page)))
        for n in range(3)
        for form in ("tennyu", "kokuho_shikaku")
        for page in (1, 2, 3)
    }
    assert len(masks) == 1


def test_each_form_is_laid_out_once_and_the_cover_still_lists_flags(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalogue = load_catalogue()
    ids = catalogue.forms_for("moving_in", MOVING_IN_FAMILY, TODAY)
    laid_out: list[tuple[str, int]] = []
    real = render._FormPainter.page_content

    def counting(self: Any, page: int) -> None:
        laid_out.append((self.form.id, page))
        real(self, page)

    monkeypatch.setattr(render._FormPainter, "page_content", counting)
    data = copy.deepcopy(MOVING_IN_FAMILY)
    data["new_address"]["building"] = "グランドメゾン千代田タワーレジデンス" * 12  # overflows
    batch = render.render_batch(catalogue, data, ids, "A-1", "A-001", today=TODAY,
                                wording=cover_wording("ja"))  # fmt: skip
    assert len(laid_out) == len(set(laid_out)) == batch.pages - 1
    assert ("new_address.building", "overflow") in {(f.field, f.reason) for f in batch.flags}
    assert "枠に収まりません" in _page_text(batch.pdf, 1)  # listed for staff on the cover


def _page_text(pdf: bytes, page: int) -> str:
    done = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def test_a_character_is_looked_up_in_the_fonts_once(monkeypatch: pytest.MonkeyPatch) -> None:
    fonts = load_fonts()
    fresh = FontSet(fonts.names, fonts.paths, fonts.coverage)
    looked_up: list[str] = []
    real = FontSet.has
    monkeypatch.setattr(
        FontSet, "has", lambda self, role, char: looked_up.append(char) or real(self, role, char)
    )
    first = fresh.runs("髙𠮷﨑 髙𠮷")
    once = len(looked_up)
    assert fresh.runs("髙𠮷﨑 髙𠮷") == first
    fresh.width("𠮷髙", 10)
    assert len(looked_up) == once
    assert [font for _, font, _ in first] == ["BIZUDGothic", "IPAmjMincho", "BIZUDGothic",
                                              "IPAmjMincho"]  # fmt: skip


def test_reportlab_uses_its_c_accelerator() -> None:
    from reportlab.lib import rl_accel

    assert rl_accel.instanceStringWidthTTF.__module__ == "_rl_accel"


_FONTS_READ = """
import sys
from reportlab.pdfbase import pdfmetrics
from forms import render
from forms.catalogue import load_catalogue
from kiosk.application import cover_wording
from tests.forms.samples import MOVING_IN_FAMILY, TODAY

catalogue = load_catalogue()
ids = catalogue.forms_for("moving_in", MOVING_IN_FAMILY, TODAY)
def batch(data):
    render.render_batch(catalogue, data, ids, "A-1", "A-001", today=TODAY,
                        wording=cover_wording("ja"))
    print(sorted(pdfmetrics.getRegisteredFontNames()), flush=True)
batch(MOVING_IN_FAMILY)
data = dict(MOVING_IN_FAMILY, applicant={**MOVING_IN_FAMILY["applicant"], "name": "𠮷田 花子"})
batch(data)
"""


def test_a_new_process_reads_only_the_font_files_its_text_needs() -> None:
    """Reading a TrueType file was most of a new process's render (eleven fonts for a
    batch that prints in two): a Japanese batch reads BIZ UD only, and IPAmj明朝 is
    read when a name holds a character BIZ UD lacks (𠮷)."""
    done = subprocess.run(
        [sys.executable, "-c", _FONTS_READ], capture_output=True, text=True, check=True
    )
    plain, rare = (line.strip("[]").replace("'", "").split(", ") for line in done.stdout.splitlines())
    assert {"BIZUDGothic", "BIZUDGothic-Bold"} <= set(plain)
    assert not {"IPAmjMincho", "NanumGothic", "WenQuanYiMicroHei", "NotoSansDevanagari"} & set(plain)
    assert "IPAmjMincho" in rare


def _fitted_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the renderer fits into boxes from now on (forms and cover)."""
    fitted: list[str] = []
    real_text, real_paragraphs = render.fit_text, render.fit_paragraphs

    def text(fonts: FontSet, words: str, *args: Any, **kwargs: Any) -> Any:
        fitted.append(words)
        return real_text(fonts, words, *args, **kwargs)

    def paragraphs(fonts: FontSet, paras: Any, *args: Any, **kwargs: Any) -> Any:
        fitted.extend(words for words, _ in paras)
        return real_paragraphs(fonts, paras, *args, **kwargs)

    monkeypatch.setattr(render, "fit_text", text)
    monkeypatch.setattr(render, "fit_paragraphs", paragraphs)
    return fitted


def test_the_definitions_words_are_laid_out_once_not_for_every_application(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Static texts, labels, headings and the cover's procedures are the same for every
    application: the next resident's batch fits only what is theirs."""
    catalogue = load_catalogue()
    ids = catalogue.forms_for("moving_in", MOVING_IN_FAMILY, TODAY)
    _clear_layouts()
    fitted = _fitted_texts(monkeypatch)
    render.render_batch(catalogue, MOVING_IN_FAMILY, ids, "A-1", "A-001", today=TODAY,
                        wording=cover_wording("en"))  # fmt: skip
    first = set(fitted)
    fitted.clear()
    data = copy.deepcopy(MOVING_IN_FAMILY)
    data["applicant"]["name"] = "転入 次郎"
    batch = render.render_batch(catalogue, data, ids, "A-2", "A-002", today=TODAY,
                                wording=cover_wording("en"))  # fmt: skip
    forms = [catalogue.form(f) for f in ids]
    words = {s.text for f in forms for s in f.static if s.text} | {f.title["ja"] for f in forms}
    labels = {spec.label for f in forms for spec in f.fields if spec.label}
    drawn = (words | labels) & first  # (some are shown only for other data)
    assert len(drawn) > 50
    assert "転入 次郎" in fitted  # the resident's values are fitted every time
    assert not drawn & set(fitted) - {"世帯主", "国民健康保険"}  # these two are values too
    assert len(set(fitted)) < len(first) / 3
    assert "転入 次郎" in _page_text(batch.pdf, 2).replace("\u3000", " ")


def _clear_layouts() -> None:
    for cache in (render._fixed_text, render._fixed_paragraphs, render._fixed_line,
                  render._vertical, render._fixed_lines):  # fmt: skip
        cache.cache_clear()


def test_a_batch_laid_out_from_the_caches_is_the_batch_laid_out_anew(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "invariant", 1)  # no date or random id in the PDF
    catalogue = load_catalogue()
    ids = catalogue.forms_for("moving_in", MOVING_IN_FAMILY, TODAY)

    def batch() -> bytes:
        return render.render_batch(catalogue, MOVING_IN_FAMILY, ids, "A-1", "A-001",
                                   today=TODAY, wording=cover_wording("ne")).pdf  # fmt: skip

    _clear_layouts()
    anew = batch()
    assert render._fixed_text.cache_info().currsize > 100
    assert batch() == anew


def test_a_batch_reads_each_fact_once_though_every_form_asks_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The forms of one batch ask for the same facts and conditions (the applicant's
    name, `event == 'moving_in'`): one context for the batch keeps what it read."""
    catalogue = load_catalogue()
    ids = catalogue.forms_for("moving_in", MOVING_IN_FAMILY, TODAY)
    read: list[tuple[str, str | None]] = []
    real = catalogue._resolve

    def resolve(context: Any, path: str) -> Any:
        read.append((path, context.item))
        return real(context, path)

    monkeypatch.setattr(catalogue, "_resolve", resolve)
    batch = render.render_batch(catalogue, MOVING_IN_FAMILY, ids, "A-1", today=TODAY,
                                cover=False)  # the forms (the cover asks the catalogue)  # fmt: skip
    assert ("applicant.name", None) in read
    assert len(read) == len(set(read))
    assert MOVING_IN_FAMILY["applicant"]["name"] in _page_text(batch.pdf, 1).replace("\u3000", " ")


def test_a_context_without_a_memo_reads_the_data_as_it_is_now() -> None:
    """The kiosk's questions evaluate conditions while the resident answers: only a
    caller that asks for a memo gets values kept."""
    catalogue = load_catalogue()
    data: dict[str, Any] = {"applicant": {"name": "転入 太郎"}}
    context = catalogue.context(data, TODAY)
    assert context.value("applicant.name") == "転入 太郎"
    data["applicant"]["name"] = "転入 次郎"
    assert context.value("applicant.name") == "転入 次郎"
    assert context.with_item(None).memo is None
