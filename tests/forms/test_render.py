"""PDF rendering, checked with poppler (pdftotext, pdffonts, pdftoppm) and zbar."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from forms.catalogue import Catalogue, load_catalogue
from forms.data import get_value
from forms.expressions import compile_expression
from forms.fonts import load_fonts
from forms.kana import to_katakana
from forms.qr import parse_qr_payload
from forms.render import render_batch, render_form
from forms.schema import FormField
from forms.textfit import LEADING, fit_text
from forms.wareki import format_wareki
from kiosk.application import cover_wording
from tests.forms.samples import FULL, MINIMAL, MOVING_IN_FAMILY, TODAY, with_event

CATALOGUE = load_catalogue()


def event_for(form_id: str) -> str:
    """An event under which the form is part of the application."""
    form = CATALOGUE.forms[form_id]
    for event in CATALOGUE.events.values():
        offered = [p for p, _ in event.procedures] + [s.procedure for s in event.suggest]
        if set(offered) & set(form.procedures):
            return event.id
    raise AssertionError(f"no event uses {form_id}")


def pdf_text(pdf: Path | bytes, page: int | None = None, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else [])]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    if isinstance(pdf, bytes):
        out = subprocess.run([*args, "-", "-"], input=pdf, capture_output=True, check=True)
    else:
        out = subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def choice_print(catalogue: Catalogue, list_name: str | None, value: Any) -> str:
    for choice in catalogue.choices.get(list_name or "", []):
        if choice.value == str(value):
            return choice.print or choice.label["ja"]
    return str(value)


def expected_for(spec: FormField, data: dict[str, Any], item: str | None) -> tuple[str | None, int]:
    """What a field must show: (text or None, number of ✓ marks)."""
    context = CATALOGUE.context(data, TODAY).with_item(item)
    if spec.show_if and not compile_expression(spec.show_if, allow_item=True).holds(context):
        return None, 0
    list_name = None
    if spec.key:
        path = spec.key if item is None else item + spec.key[4:]
        value = (
            CATALOGUE.value(data, path, TODAY)
            if item is None
            else CATALOGUE._resolve(context, path)
        )
        from forms.data import dictionary_key

        list_name = CATALOGUE.dictionary[dictionary_key(path)].choices
    else:
        value = compile_expression(spec.value or "", allow_item=True).evaluate(context)
    if spec.format == "checkbox":
        if isinstance(value, bool) or list_name is None:
            return None, int(bool(value))
        options = spec.options or [c.value for c in CATALOGUE.choices[list_name]]
        chosen = {str(v) for v in value} if isinstance(value, list) else {str(value)}
        return None, sum(1 for o in options if o in chosen)
    if value is None or value == "" or value == []:
        return None, 0
    if spec.format == "wareki":
        text = format_wareki(value)
    elif spec.format == "kana":
        text = to_katakana(str(value))
    elif spec.format == "choice":
        text = choice_print(CATALOGUE, list_name, value)
    elif spec.format == "postal_code":
        digits = re.sub(r"\D", "", str(value))
        text = f"〒{digits[:3]}-{digits[3:]}"
    elif spec.format == "digits":
        text = re.sub(r"\D", "", str(value))
    else:
        text = str(value)
    return f"{spec.prefix or ''}{text}{spec.suffix or ''}", 0


def expectations(form_id: str, data: dict[str, Any]) -> tuple[list[str], int]:
    form = CATALOGUE.forms[form_id]
    texts: list[str] = []
    checks = 0
    for spec in form.fields:
        text, marks = expected_for(spec, data, None)
        checks += marks
        if text:
            texts.append(text)
    for repeat in form.repeats:
        if repeat.show_if and not compile_expression(repeat.show_if).holds(
            CATALOGUE.context(data, TODAY)
        ):
            continue
        members = []
        for group in repeat.over:
            for index in range(len(get_value(data, group) or [])):
                path = f"{group}[{index}]"
                where = repeat.where
                ctx = CATALOGUE.context(data, TODAY).with_item(path)
                if where is None or compile_expression(where, allow_item=True).holds(ctx):
                    members.append(path)
        for path in members[: repeat.rows]:
            for spec in repeat.fields:
                text, marks = expected_for(spec, data, path)
                checks += marks
                if text:
                    texts.append(text)
    return texts, checks


@pytest.mark.parametrize("form_id", sorted(CATALOGUE.forms))
@pytest.mark.parametrize("dataset", ["full", "minimal"])
def test_every_form_shows_every_filled_value(form_id: str, dataset: str) -> None:
    data = with_event(FULL if dataset == "full" else MINIMAL, event_for(form_id))
    batch = render_form(CATALOGUE, data, form_id, "A-TEST-0001", today=TODAY)
    assert batch.pages == CATALOGUE.forms[form_id].pages and batch.flags == []
    text = pdf_text(batch.pdf)
    page = squeeze(text)
    # digits in separate boxes read in line order only with -layout
    lines = [squeeze(line) for line in pdf_text(batch.pdf, layout=True).splitlines()]
    expected, checks = expectations(form_id, data)
    if dataset == "full":
        assert len(expected) >= 5
    for value in expected:
        found = squeeze(value) in page or any(squeeze(value) in line for line in lines)
        assert found, f"{form_id}: {value!r} not printed"
    assert text.count("✓") == checks
    assert "〓" not in text  # every character printable, 𠮷 included
    assert CATALOGUE.forms[form_id].title["ja"].split()[0][:4] in page.replace("\n", "")


def test_fonts_are_embedded_subsets(tmp_path: Path) -> None:
    batch = render_batch(CATALOGUE, with_event(FULL, "moving_in"), ["juminido"], "A-1", today=TODAY)
    path = tmp_path / "batch.pdf"
    path.write_bytes(batch.pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, out
    names = {row[0].split("+", 1)[-1] for row in rows}
    assert {"BIZUDGothic-Regular", "BIZUDGothic-Bold", "IPAmjMincho"} <= names
    for row in rows:
        assert row[0].count("+") == 1, row  # subset prefix ABCDEF+
        emb, sub = row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), row


@pytest.mark.parametrize("name", ["髙𠮷 﨑子", "ＡＢＣ　全角テキスト１２３", "渡邉 﨑"])
def test_rare_and_fullwidth_characters_survive(name: str) -> None:
    data = with_event(MINIMAL, "moving_in")
    data["applicant"]["name"] = name
    batch = render_form(CATALOGUE, data, "juminido", today=TODAY)
    assert batch.flags == []
    assert squeeze(name) in squeeze(pdf_text(batch.pdf))


def test_conditional_fields_appear_only_when_their_condition_holds() -> None:
    data = with_event(FULL, "moving_in")
    assert "前登録地" in pdf_text(render_form(CATALOGUE, data, "inu_henko", today=TODAY).pdf)
    data["event"] = "moving_within"  # hidden: neither its value nor its label
    assert "前登録地" not in pdf_text(render_form(CATALOGUE, data, "inu_henko", today=TODAY).pdf)
    new_name = FULL["marriage"]["new_name"]
    for event, shown in (("marriage", True), ("moving_within", False)):
        text = squeeze(
            pdf_text(
                render_form(CATALOGUE, with_event(FULL, event), "jidoteate_henko", today=TODAY).pdf
            )
        )
        assert (squeeze(new_name) in text) is shown


def test_qr_code_decodes_to_application_form_and_version(tmp_path: Path) -> None:
    batch = render_batch(CATALOGUE, MOVING_IN_FAMILY, ["juminido", "kokuho_ido"], "A-20250401-0007",
                         "A-007", today=TODAY)  # fmt: skip
    pdf = tmp_path / "batch.pdf"
    pdf.write_bytes(batch.pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    found = []
    for png in sorted(tmp_path.glob("page-*.png")):
        codes = decode(Image.open(png))
        assert len(codes) == 1, png
        found.append(parse_qr_payload(codes[0].data.decode("utf-8")))
    assert [(p["app"], p["form"]) for p in found] == [
        ("A-20250401-0007", "cover"),
        ("A-20250401-0007", "juminido"),
        ("A-20250401-0007", "kokuho_ido"),
    ]
    assert found[1]["v"] == CATALOGUE.forms["juminido"].version


def test_fit_shrinks_then_wraps_then_reports() -> None:
    fonts = load_fonts()
    width, height = 40 * 72 / 25.4, 10 * 72 / 25.4  # a 40 x 10 mm box
    short = fit_text(fonts, "山田 太郎", width, height, 12, 6)
    assert short.fits and short.size == 12 and short.lines == ["山田 太郎"]
    longer = "東京都千代田区千代田一丁目"
    shrunk = fit_text(fonts, longer, width, height, 12, 6)
    assert shrunk.fits and len(shrunk.lines) == 1 and 6 <= shrunk.size < 12
    assert fonts.width(longer, shrunk.size) <= width
    assert fonts.width(longer, shrunk.size + 0.5) > width  # the largest size that fits
    wrapped_text = "東京都千代田区千代田一丁目二番三号 千代田レジデンス三〇五号室"
    wrapped = fit_text(fonts, wrapped_text, width, height, 12, 6)
    assert wrapped.fits and len(wrapped.lines) >= 2
    assert "".join(wrapped.lines).replace(" ", "") == wrapped_text.replace(" ", "")
    assert all(fonts.width(line, wrapped.size) <= width for line in wrapped.lines)
    assert len(wrapped.lines) * wrapped.size * LEADING <= height + 0.01
    too_long = wrapped_text * 4
    failed = fit_text(fonts, too_long, width, height, 12, 6)
    assert not failed.fits and failed.size == 6
    assert all(fonts.width(line, 6) <= width for line in failed.lines)


def test_fallback_font_width_is_measured() -> None:
    fonts = load_fonts()
    runs = fonts.runs("髙𠮷﨑")
    assert [font for _, font, _ in runs] == ["BIZUDGothic", "IPAmjMincho", "BIZUDGothic"]
    assert fonts.width("𠮷", 10) > 5  # a full-width glyph, not zero


def test_overflow_is_flagged_never_clipped_silently() -> None:
    data = with_event(MINIMAL, "moving_in")
    data["new_address"]["building"] = "グランドメゾン千代田タワーレジデンス" * 12
    batch = render_batch(
        CATALOGUE, data, ["juminido"], "A-1", today=TODAY, wording=cover_wording("ja")
    )
    assert [(f.form_id, f.field, f.reason, f.page) for f in batch.flags] == [
        ("juminido", "new_address.building", "overflow", 2)
    ]
    text = pdf_text(batch.pdf)
    assert "※" in pdf_text(batch.pdf, page=2)
    assert "枠に収まりません" in pdf_text(batch.pdf, page=1)  # listed for staff on the cover
    # The form's words, and the reason in forms.po's words (one text for staff everywhere).
    assert "方書:枠に収まりません。原本を確認してください。" in squeeze(pdf_text(batch.pdf, page=1))
    assert "new_address.building" not in text  # no internal names for staff


def test_unprintable_character_is_flagged() -> None:
    data = with_event(MINIMAL, "moving_in")
    data["applicant"]["name"] = "山田 \U0001f600"
    batch = render_form(CATALOGUE, data, "juminido", today=TODAY)
    assert {(f.field, f.reason) for f in batch.flags} >= {("applicant.name", "glyph_missing")}
    assert "〓" in pdf_text(batch.pdf)


def test_too_many_people_for_the_rows_go_on_a_continuation_sheet() -> None:
    from tests.forms.pdfbox import text_in, words

    data = with_event(FULL, "moving_in")  # the applicant, a husband and 6 children
    data["children"] = [dict(FULL["children"][0], name=f"髙𠮷 子{n}") for n in range(6)]
    batch = render_batch(CATALOGUE, data, ["juminido"], "A-1", "A-001", today=TODAY)
    assert batch.pages == 3  # cover, the form, one 続紙
    flags = [(f.field, f.reason, f.page, f.detail) for f in batch.flags]
    assert flags == [("repeats[0]", "too_many_rows", 2, "髙𠮷 子3さん、髙𠮷 子4さん、髙𠮷 子5さん")]
    found = words(batch.pdf)
    repeat = CATALOGUE.forms["juminido"].repeats[0]
    x, y, w, h = next(f.box for f in repeat.fields if f.key == "item.name")
    last = y + repeat.step[1] * (repeat.rows - 1)
    assert text_in(found, 2, (x, last, w, h)) == "髙𠮷子2"  # the form's last row
    assert "※別紙（続紙）あり：ほか3人" in squeeze(pdf_text(batch.pdf, page=2))
    sheet = squeeze(pdf_text(batch.pdf, page=3))
    assert sheet.startswith("様式市民-1") and "続紙住民異動届" in sheet
    names = [n for n in ("髙𠮷子3", "髙𠮷子4", "髙𠮷子5") if n in sheet]
    assert names == ["髙𠮷子3", "髙𠮷子4", "髙𠮷子5"] and "髙𠮷子2" not in sheet
    # on the sheet the rows start right under the table's header, same columns
    header = next(i for i in CATALOGUE.forms["juminido"].static if i.text == "フリガナ／氏名")
    first = next(word for word in found if word.page == 3 and word.text == "子3")
    assert x <= first.x <= x + w and 40 < first.y < y  # same column, moved up to the header
    cover = squeeze(pdf_text(batch.pdf, page=1))
    assert (
        "記入欄が足りないため、髙𠮷子3さん、髙𠮷子4さん、髙𠮷子5さんを続紙に記入しました" in cover
    )
    assert "repeats[0]" not in cover
    assert header.text in sheet


def test_batch_order_and_cover_sheet() -> None:
    ids = CATALOGUE.forms_for("moving_in", MOVING_IN_FAMILY, TODAY)
    assert len(ids) >= 5
    batch = render_batch(CATALOGUE, MOVING_IN_FAMILY, list(reversed(ids)), "A-9", "B-042",
                         wording=cover_wording("en"), today=TODAY)  # fmt: skip
    assert batch.form_ids == ids  # fixed order whatever order they were asked in
    assert batch.pages == 1 + len(ids)
    cover = pdf_text(batch.pdf, page=1)
    assert "B-042" in cover and "手続きのご案内" in cover and "where to go" in cover
    for procedure in CATALOGUE.procedures_for("moving_in", MOVING_IN_FAMILY, TODAY):
        assert squeeze(procedure.title["ja"]) in squeeze(cover)
        assert squeeze(procedure.department.counter["ja"]) in squeeze(cover)
    # each form page says where it belongs and which page of the batch it is
    for number, form_id in enumerate(ids, start=2):
        page = pdf_text(batch.pdf, page=number)
        form = CATALOGUE.forms[form_id]
        assert f"{form.id} v{form.version}" in page and f"- {number} / {batch.pages} -" in page
        assert CATALOGUE.departments[form.department].name["ja"] in page


def test_render_the_default_catalogue_to_png(artifact_dir: Path) -> None:
    """Every default form (full data) to PNG, for a person to look at."""
    for form_id in CATALOGUE.batch_order(CATALOGUE.forms):
        data = with_event(FULL, event_for(form_id))
        batch = render_form(CATALOGUE, data, form_id, "A-20250401-0001", today=TODAY)
        pdf = artifact_dir / f"{form_id}.pdf"
        pdf.write_bytes(batch.pdf)
        subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf),
                        str(artifact_dir / form_id)], check=True)  # fmt: skip
        image = Image.open(artifact_dir / f"{form_id}.png")
        assert image.size[0] == 827 and image.size[1] in (1169, 1170)  # A4 at 100 dpi
        # ink on the page: not blank
        assert image.convert("L").getextrema()[0] < 50
    cover = render_batch(CATALOGUE, MOVING_IN_FAMILY, CATALOGUE.forms_for("moving_in", MOVING_IN_FAMILY, TODAY),
                         "A-20250401-0002", "A-012", today=TODAY, wording=cover_wording("ja"))  # fmt: skip
    (artifact_dir / "moving_in_batch.pdf").write_bytes(cover.pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(artifact_dir / "moving_in_batch.pdf"), str(artifact_dir / "cover")], check=True)  # fmt: skip
    assert (artifact_dir / "cover.png").exists()


def test_missing_font_is_a_clear_error(tmp_path: Path) -> None:
    from forms.errors import FontNotFoundError
    from forms.fonts import find_font

    with pytest.raises(FontNotFoundError) as info:
        find_font("gothic", dirs=[tmp_path])
    assert "BIZUDGothic-Regular.ttf" in str(info.value) and str(tmp_path) in str(info.value)
    assert info.value.key == "forms.error.font_missing"


def test_font_dir_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from forms.fonts import find_font

    installed = find_font("fallback")
    (tmp_path / "ipamjm.ttf").symlink_to(installed)
    monkeypatch.setenv("MADOGUCHI_FONT_DIR", str(tmp_path))
    assert find_font("fallback") == tmp_path / "ipamjm.ttf"
