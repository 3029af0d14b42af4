"""What each box of a form prints, read back at the box's position (`pdftotext -bbox`).

Each test here fixes a finding of a counter clerk's read of the batches (issue 10): the
value a box must show, asserted where the box is, not "somewhere on the page".
"""

from __future__ import annotations

import copy
from typing import Any

from forms.catalogue import load_catalogue
from forms.render import render_form
from forms.schema import FormField
from tests.forms.pdfbox import text_in, value_box, words
from tests.forms.samples import FULL, MINIMAL, TODAY, with_event

CATALOGUE = load_catalogue()


def spec(form_id: str, name: str) -> FormField:
    """A form's field by its name (or key)."""
    for field in CATALOGUE.forms[form_id].fields:
        if (field.name or field.key) == name:
            return field
    raise AssertionError(f"{form_id} has no field {name}")


def printed(form_id: str, name: str, data: dict[str, Any]) -> str:
    """The text the form prints in the value part of field `name`."""
    field = spec(form_id, name)
    pdf = render_form(CATALOGUE, data, form_id, today=TODAY).pdf
    return text_in(pdf, field.page, value_box(field.box, field.label_width))


# ---------------------------------------------------------------- 1: 前住所の世帯主


def test_previous_head_is_its_own_fact() -> None:
    data = with_event(FULL, "moving_in")
    data["household"].update(applicant_is_head=False, head_name="佐藤 一郎")
    data["previous_head"] = {"same": False, "name": "鈴木 次郎"}
    assert printed("juminido", "new_head", data) == "佐藤一郎"
    assert printed("juminido", "old_head", data) == "鈴木次郎"
    data["previous_head"] = {"same": True}
    assert printed("juminido", "old_head", data) == "佐藤一郎"


def test_previous_head_name_is_asked_only_when_it_differs() -> None:
    from forms.questions import questions_for

    data = with_event(MINIMAL, "moving_in")
    data["household"] = {"applicant_is_head": True, "member_count": 0, "has_children": False}
    asked = questions_for(CATALOGUE, "moving_in", data, TODAY)
    assert "previous_head.same" in asked and "previous_head.name" not in asked
    data["previous_head"] = {"same": True}
    assert "previous_head.name" not in questions_for(CATALOGUE, "moving_in", data, TODAY)
    data["previous_head"] = {"same": False}
    assert "previous_head.name" in questions_for(CATALOGUE, "moving_in", data, TODAY)


# ---------------------------------------------------------------- 3: 方書 on every address


def _address_fields(form_id: str) -> list[FormField]:
    keys = {"applicant.current_address", "new_address.full", "new_address.with_building"}
    return [f for f in CATALOGUE.forms[form_id].fields if f.key in keys]


def test_every_new_address_carries_its_building_and_room() -> None:
    building = FULL["new_address"]["building"]
    checked = []
    for form_id in sorted(CATALOGUE.forms):
        fields = _address_fields(form_id)
        if not fields:
            continue
        building_boxes = [
            value_box(f.box, f.label_width)
            for f in CATALOGUE.forms[form_id].fields
            if f.key == "new_address.building"
        ]
        for event in ("moving_in", "moving_within"):
            data = with_event(FULL, event)
            if not set(CATALOGUE.forms[form_id].procedures) & {
                p.id for p in CATALOGUE.procedures_for(event, data, TODAY)
            } | set(data["procedures"]["extra"]):
                continue
            found = words(render_form(CATALOGUE, data, form_id, today=TODAY).pdf)
            for field in fields:
                shown = text_in(found, field.page, value_box(field.box, field.label_width))
                if FULL["new_address"]["address"] not in shown:
                    continue  # this event shows another address here
                beside = [text_in(found, 1, box) for box in building_boxes]
                assert building in shown or building in beside, (form_id, event, shown)
                checked.append(form_id)
    assert {"inkan_toroku", "kokuho_ido", "jidoteate_nintei", "kodomo_iryo", "kaigo_ido"} <= set(
        checked
    )


# ---------------------------------------------------------------- 4: choice codes


def test_occupation_prints_its_label_not_its_code() -> None:
    data = with_event(FULL, "moving_in")
    assert printed("jidoteate_nintei", "applicant.occupation", data) == "会社員"


def test_validate_catches_a_choice_printed_without_its_label() -> None:
    from forms.catalogue import validate_form_text

    text = """\
id: bad_choice
version: "1"
title: {ja: 職業の様式}
code: X-1
department: shimin
procedures: [juminido_tennyu]
fields:
  - {key: applicant.occupation, label: 職業, box: [20, 40, 100, 10], label_width: 16}
repeats:
  - over: [household.members]
    rows: 2
    step: [0, 10]
    fields:
      - {key: item.relationship, box: [20, 60, 40, 10], format: text}
"""
    errors = validate_form_text(text, "bad_choice.yaml", CATALOGUE)
    assert [(e.code.code, e.path) for e in errors] == [
        ("FIELD_002", "fields[0].format"),
        ("FIELD_002", "repeats[0].fields[0].format"),
    ]


# ---------------------------------------------------------------- 6: placeholders as data


def test_dog_previous_registration_is_the_previous_municipality() -> None:
    data = with_event(FULL, "moving_in")  # card address: 大阪府大阪市北区梅田...
    assert printed("inu_henko", "old_city", data) == "大阪府大阪市"


def test_municipality_of_an_address() -> None:
    from forms.expressions import municipality

    assert municipality("大阪府大阪市北区梅田一丁目2番3号") == "大阪府大阪市"
    assert municipality("東京都新宿区市谷本村町5番1号") == "東京都新宿区"
    assert municipality("東京都町田市森野2丁目") == "東京都町田市"
    assert municipality("三重県四日市市諏訪町1番5号") == "三重県四日市市"
    assert municipality("富山県中新川郡上市町横法音寺") == "富山県中新川郡上市町"
    assert municipality("千代田1番1号") is None


def test_no_field_prints_a_constant_text_as_if_it_were_data() -> None:
    from forms.expressions import compile_expression

    for form in CATALOGUE.forms.values():
        for field in form.fields:
            if field.value is None or field.format == "checkbox":
                continue
            expr = compile_expression(field.value, allow_item=True)
            if expr.keys or expr.item_fields:
                continue
            constant = str(expr.evaluate(CATALOGUE.context({}, TODAY)) or "")
            # a fixed value is fine (国保's 保険者 is the city); text in brackets is a
            # hint for a person filling the form in, never a value
            placeholder = (
                bool(constant) and constant[0] in "（(［[〔" and constant[-1] in "）)］]〕"
            )
            assert not placeholder, (form.id, field.name, constant)


# ---------------------------------------------------------------- 9: 転出 wording, 本籍


def _section(form_id: str, text: str) -> tuple[float, float, float, float]:
    for item in CATALOGUE.forms[form_id].static:
        if item.kind == "section" and item.text == text:
            return item.box
    raise AssertionError(f"{form_id} has no section {text}")


def _label_box(field: FormField) -> tuple[float, float, float, float]:
    x, y, _, h = field.box
    return (x, y, field.label_width or 0.0, h)


def test_moving_out_says_destination_and_planned_date() -> None:
    out = words(render_form(CATALOGUE, with_event(FULL, "moving_out"), "juminido", today=TODAY).pdf)
    into = words(render_form(CATALOGUE, with_event(FULL, "moving_in"), "juminido", today=TODAY).pdf)
    section = _section("juminido", "新住所")
    assert text_in(out, 1, section) == "転出先"
    assert text_in(into, 1, section) == "新住所"
    date_box = _label_box(spec("juminido", "move_date_out"))
    assert text_in(out, 1, date_box) == "転出予定日"
    assert text_in(into, 1, date_box).startswith("異動日")
    assert text_in(out, 1, value_box(spec("juminido", "move_date_out").box, 22)) == "令和7年3月28日"
    for form_id in ("jidoteate_henko", "kaigo_ido"):
        field = spec(form_id, "destination")
        data = with_event(FULL, "moving_out")
        shown = words(render_form(CATALOGUE, data, form_id, today=TODAY).pdf)
        assert text_in(shown, 1, _label_box(field)) == "転出先", form_id


def test_moving_out_prints_the_registered_domicile() -> None:
    data = with_event(FULL, "moving_out")
    assert printed("juminido", "registry.domicile", data) == "大阪府大阪市北区梅田一丁目2番"
    assert printed("juminido", "registry.head", data) == "髙𠮷健一"


# ---------------------------------------------------------------- 13: 出生 国保 first row


def test_birth_kokuho_form_puts_the_newborn_in_the_first_row() -> None:
    data = with_event(FULL, "birth")  # 髙𠮷 花子 was born 2024-12-24
    pdf = words(render_form(CATALOGUE, data, "kokuho_ido", today=TODAY).pdf)
    first_name_box = spec("kokuho_ido", "insured_name").box
    assert text_in(pdf, 1, first_name_box) == "髙𠮷花子"
    assert text_in(pdf, 1, spec("kokuho_ido", "insured_birth").box) == "令和6年12月24日"
    x, y, w, h = first_name_box
    assert text_in(pdf, 1, (x, y + 16.5, w, h)) == ""  # nobody in row 2
    other = with_event(FULL, "moving_in")  # the insured first, the household below
    pdf = words(render_form(CATALOGUE, other, "kokuho_ido", today=TODAY).pdf)
    assert text_in(pdf, 1, first_name_box) == "髙𠮷﨑子"
    assert text_in(pdf, 1, (x, y + 16.5, w, h)) == "髙𠮷健一"


# ---------------------------------------------------------------- 5: label over label


def test_a_hidden_field_hides_its_label() -> None:
    data = with_event(FULL, "moving_in")
    pdf = words(render_form(CATALOGUE, data, "kaigo_ido", today=TODAY).pdf)
    assert text_in(pdf, 1, spec("kaigo_ido", "filer_self").box) == "✓本人"  # not 続柄 ✓本人
    death = words(render_form(CATALOGUE, with_event(FULL, "death"), "kaigo_ido", today=TODAY).pdf)
    assert text_in(death, 1, spec("kaigo_ido", "filer_rel").box) == "続柄子"


OVERLAPS = """\
id: overlaps
version: "1"
title: {ja: 重なり}
code: X-1
department: kaigo
procedures: [kaigo_join]
fields:
  - {name: a, key: applicant.name, label: 氏名, box: [20, 40, 90, 12], label_width: 14}
  - {name: b, key: deceased.relationship, label: 続柄, box: [110, 40, 88, 12], label_width: 14, format: choice, show_if: event == 'death'}
  - {name: c, value: "event != 'death'", label: 本人, box: [110, 40, 88, 12], format: checkbox}
  - {name: d, value: "event != 'death'", label: 本人, box: [110, 60, 88, 12], format: checkbox, show_if: "event != 'death'"}
  - {name: e, key: deceased.relationship, label: 続柄, box: [110, 60, 88, 12], label_width: 14, format: choice, show_if: event == 'death'}
  - {name: f, key: applicant.phone, box: [20, 80, 90, 12], show_if: "age(applicant.birth_date) >= 65"}
  - {name: g, key: applicant.sex, box: [20, 80, 90, 12], format: choice, show_if: "age(applicant.birth_date) < 75"}
  - {name: h, key: applicant.name, box: [20, 100, 90, 12]}
  - {name: i, key: applicant.name_kana, box: [20, 111.8, 90, 6]}
repeats:
  - over: [children]
    rows: 3
    step: [0, 10]
    fields:
      - {key: item.name, box: [20, 130, 60, 10]}
      - {key: item.sex, box: [70, 130, 20, 10], format: choice}
"""


def test_validate_reports_boxes_that_overlap_and_can_be_printed_together() -> None:
    from forms.catalogue import validate_form_text

    errors = validate_form_text(OVERLAPS, "overlaps.yaml", CATALOGUE)
    assert [(e.code.code, e.path) for e in errors] == [
        ("POS_004", "fields[2].box"),  # 本人 always, 続柄 on a death: both on a death
        ("POS_004", "fields[6].box"),  # aged 65 to 74: both
        ("POS_004", "repeats[0].fields[1].box"),  # 10 mm into the name, in every row
    ]
    assert "fields[1]" in str(errors[0]) and "repeats[0].fields[0]" in str(errors[2])
    # exclusive conditions (d/e), shared borders (h/i) and the rows themselves are fine


# ---------------------------------------------------------------- 2: 続柄


def _row_relationship(pdf: list[Any], row: int) -> str:
    """The 続柄 printed in row `row` (0 = the applicant) of the 住民異動届's persons table."""
    x, y, w, h = spec("juminido", "applicant.relationship_display").box
    if row == 0:
        return text_in(pdf, 1, (x, y, w, h))
    repeat = CATALOGUE.forms["juminido"].repeats[0]
    rx, ry, rw, rh = next(f.box for f in repeat.fields if f.key == "item.relationship")
    return text_in(pdf, 1, (rx, ry + repeat.step[1] * (row - 1), rw, rh))


def test_relationships_in_the_notation_seen_from_the_head() -> None:
    data = with_event(FULL, "moving_in")
    # the applicant is the head's child: her children are the head's grandchildren;
    # the other member moving is the head's grandmother
    data["household"].update(applicant_is_head=False, head_name="髙𠮷 一")
    data["applicant"]["relationship_to_head"] = "child"
    data["household"]["members"][0]["relationship"] = "grandmother"
    pdf = words(render_form(CATALOGUE, data, "juminido", today=TODAY).pdf)
    assert _row_relationship(pdf, 0) == "子"
    assert _row_relationship(pdf, 1) == "祖母"  # was その他: not in the list
    assert _row_relationship(pdf, 2) == "孫"  # the applicant's children: the head's grandchildren
    assert _row_relationship(pdf, 3) == "孫"


def test_a_childs_relationship_is_asked_only_when_it_cannot_be_derived() -> None:
    from forms.questions import questions_for

    data = with_event(FULL, "moving_in")
    data["household"].update(applicant_is_head=False, head_name="髙𠮷 一")
    for relationship, asked in (("child", False), ("wife", False), ("elder_sister", True)):
        data["applicant"]["relationship_to_head"] = relationship
        questions = questions_for(CATALOGUE, "moving_in", data, TODAY)
        assert ("children[0].relationship_to_head" in questions) is asked, relationship
    data["children"][0]["relationship_to_head"] = "nephew"
    pdf = words(render_form(CATALOGUE, data, "juminido", today=TODAY).pdf)
    assert _row_relationship(pdf, 2) == "甥"


def test_the_relationship_list_has_the_notation() -> None:
    printed_labels = {c.print or c.label["ja"] for c in CATALOGUE.choices["relationship"]}
    assert {"世帯主", "妻", "夫", "子", "父", "母", "妻の子", "子の妻", "孫", "祖父", "祖母", "兄",
            "姉", "弟", "妹", "叔父", "叔母", "甥", "姪", "縁故者", "同居人", "妻（未届）",
            "夫（未届）"} <= printed_labels  # fmt: skip
    assert "その他" not in printed_labels


# ---------------------------------------------------------------- 8: age routing, 後期高齢者医療


def _household(applicant_born: str, *members: tuple[str, str]) -> dict[str, Any]:
    data = with_event(FULL, "moving_in")
    data["applicant"]["birth_date"] = applicant_born
    data["household"].update(has_children=False, child_count=0, member_count=len(members))
    data["children"] = []
    data["household"]["members"] = [
        dict(FULL["household"]["members"][0], name=name, birth_date=born) for name, born in members
    ]
    data["procedures"]["extra"] = []
    return data


def _procedures(data: dict[str, Any]) -> set[str]:
    return {p.id for p in CATALOGUE.procedures_for(data["event"], data, TODAY)}


def _names_in_rows(form_id: str, data: dict[str, Any], first: str, rows: int) -> list[str]:
    pdf = words(render_form(CATALOGUE, data, form_id, today=TODAY).pdf)
    x, y, w, h = spec(form_id, first).box
    return [text_in(pdf, 1, (x, y + 16.5 * row, w, h)) for row in range(rows)]


def test_a_couple_over_75_is_routed_to_kouki_not_kokuho() -> None:
    data = _household("1940-05-01", ("髙𠮷 健一", "1945-01-20"))
    chosen = _procedures(data)
    assert "kouki_join" in chosen and "kokuho_join" not in chosen
    assert "kouki_ido" in CATALOGUE.forms_for("moving_in", data, TODAY)
    assert _names_in_rows("kouki_ido", data, "insured_name", 3) == ["髙𠮷﨑子", "髙𠮷健一", ""]
    assert {s.id for s in CATALOGUE.suggestions("moving_in", data, TODAY)} >= {"kaigo_join"}


def test_every_person_is_routed_by_their_own_age() -> None:
    # a 45-year-old moving in with her 80-year-old mother: 国保 for her, 後期 for the mother
    data = _household("1980-05-01", ("髙𠮷 トメ", "1944-09-09"))
    assert {"kokuho_join", "kouki_join"} <= _procedures(data)
    kokuho = _names_in_rows("kokuho_ido", data, "insured_name", 2)
    assert kokuho == ["髙𠮷﨑子", ""]  # the mother is not listed as a 国保 member
    assert _names_in_rows("kouki_ido", data, "insured_name", 2) == ["髙𠮷トメ", ""]
    # 介護: the mother is 65 or over, though the applicant is not
    assert "kaigo_join" in {s.id for s in CATALOGUE.suggestions("moving_in", data, TODAY)}


def test_65_to_74_with_a_disability_certification_is_in_kouki() -> None:
    from forms.questions import questions_for

    data = _household("1955-05-01")  # 69
    data.pop("applicant")
    data["applicant"] = {"birth_date": "1955-05-01", "name": "髙𠮷 﨑子", "card_read": True}
    assert questions_for(CATALOGUE, "moving_in", data, TODAY)[0] == "applicant.kouki_disability"
    data["applicant"]["kouki_disability"] = True
    assert "kouki_join" in _procedures(data)
    data["applicant"]["kouki_disability"] = False
    assert "kouki_join" not in _procedures(data)


def test_the_funeral_of_someone_over_75_is_a_kouki_claim() -> None:
    from forms.questions import questions_for

    data = with_event(FULL, "death")  # the deceased was born 1930: 95 at death
    data["deceased"].pop("kokuho")
    assert "deceased.kokuho" not in questions_for(CATALOGUE, "death", data, TODAY)
    chosen = _procedures(data)
    assert {"kouki_leave", "kouki_funeral"} <= chosen
    assert not {"kokuho_leave", "kokuho_funeral"} & chosen
    forms = CATALOGUE.forms_for("death", data, TODAY)
    assert "kouki_sosaihi" in forms and "kokuho_sosaihi" not in forms
    young = copy.deepcopy(data)
    young["deceased"].update(birth_date="1960-02-11", kokuho=True)
    assert {"kokuho_leave", "kokuho_funeral"} <= _procedures(young)
    assert not {"kouki_leave", "kouki_funeral"} & _procedures(young)


# ---------------------------------------------------------------- 11: the card, who files


def test_without_a_card_the_card_procedures_and_box_follow_the_answer() -> None:
    from forms.questions import questions_for

    data = with_event(FULL, "moving_in")
    data["applicant"].pop("card_read")  # no card read at the kiosk
    assert "applicant.has_card" in questions_for(CATALOGUE, "moving_in", data, TODAY)
    data["applicant"]["has_card"] = False
    data["household"]["members"][0]["has_card"] = False  # nobody moving has one
    data["filer"] = {"kind": "self"}
    assert "mynumber_card_update" not in _procedures(data)
    box = spec("juminido", "rel_card").box
    pdf = words(render_form(CATALOGUE, data, "juminido", today=TODAY).pdf)
    assert text_in(pdf, 1, box) == "マイナンバーカード"  # not ticked
    data["applicant"]["has_card"] = True
    assert "mynumber_card_update" in _procedures(data)
    pdf = words(render_form(CATALOGUE, data, "juminido", today=TODAY).pdf)
    assert text_in(pdf, 1, box) == "✓マイナンバーカード"


def _row_boxes(data: dict[str, Any], row: int) -> dict[str, str]:
    """What the 住民異動届's card boxes print for the person in `row` (0: the applicant)."""
    form = CATALOGUE.forms["juminido"]
    [repeat] = form.repeats
    found = words(render_form(CATALOGUE, data, "juminido", today=TODAY).pdf)
    out = {}
    for name in ("card_held", "card_continues"):
        if row == 0:
            box = spec("juminido", f"applicant.{name}").box
        else:
            x, y, w, h = next(f for f in repeat.fields if f.key == f"item.{name}").box
            box = (x + repeat.step[0] * (row - 1), y + repeat.step[1] * (row - 1), w, h)
        out[name] = text_in(found, 1, box)
    return out


def test_each_person_s_own_card_prints_in_their_row_and_decides_the_card_procedure() -> None:
    """住民異動届: every person moving has a 個人番号カード 有/無 and, on a 転入, the card's
    継続利用; the card procedure is there when anyone moving has a card, naming who."""
    from forms.questions import questions_for
    from forms.render import render_batch

    data = with_event(FULL, "moving_in")
    data["applicant"].pop("card_read")
    data["applicant"]["has_card"] = False
    data["filer"] = {"kind": "self"}
    # asked of each member moving with the applicant (nothing more for one living alone)
    del data["household"]["members"][0]["has_card"]
    del data["children"][1]["has_card"]
    asked = questions_for(CATALOGUE, "moving_in", data, TODAY)
    assert "household.members[0].has_card" in asked and "children[1].has_card" in asked
    assert not [k for k in questions_for(CATALOGUE, "moving_in", with_event(MINIMAL, "moving_in"),
                                         TODAY) if k.endswith("].has_card")]  # fmt: skip
    data["household"]["members"][0]["has_card"] = True  # the husband has one
    data["children"][1]["has_card"] = False
    assert _row_boxes(data, 0) == {"card_held": "有✓無", "card_continues": "継続利用"}
    assert _row_boxes(data, 1) == {"card_held": "✓有無", "card_continues": "✓継続利用"}
    assert _row_boxes(data, 2) == {"card_held": "有✓無", "card_continues": "継続利用"}
    assert printed("juminido", "rel_card", data) == "✓マイナンバーカード"
    assert "mynumber_card_update" in _procedures(data)
    cover = "".join(w.text for w in words(
        render_batch(CATALOGUE, data, ["juminido"], "A-1", today=TODAY).pdf) if w.page == 1)
    assert "マイナンバーカードの住所変更（髙𠮷健一）" in cover  # fmt: skip
    # within the city the card's address changes: no 継続利用 box
    within = with_event(data, "moving_within")
    assert _row_boxes(within, 1) == {"card_held": "✓有無", "card_continues": ""}
    assert "mynumber_card_update" in {
        p.id for p in CATALOGUE.procedures_for("moving_within", within, TODAY)
    }
    # a household change moves nobody: no card boxes, no question
    change = with_event(data, "household_change")
    assert _row_boxes(change, 1) == {"card_held": "", "card_continues": ""}
    del change["household"]["members"][0]["has_card"]
    assert "household.members[0].has_card" not in questions_for(
        CATALOGUE, "household_change", change, TODAY
    )


def test_who_files_is_asked_without_a_card_and_a_proxy_is_printed() -> None:
    from forms.questions import questions_for

    data = with_event(FULL, "moving_in")
    assert "filer.kind" not in questions_for(CATALOGUE, "moving_in", data, TODAY)  # card: 本人
    data["applicant"].pop("card_read")
    data["applicant"]["has_card"] = True
    assert "filer.kind" in questions_for(CATALOGUE, "moving_in", data, TODAY)
    data["filer"] = {"kind": "proxy"}
    asked = questions_for(CATALOGUE, "moving_in", data, TODAY)
    assert {"filer.name", "filer.address"} <= set(asked)
    data["filer"].update(name="佐藤 代理", address="東京都千代田区千代田2番2号")
    pdf = words(render_form(CATALOGUE, data, "juminido", today=TODAY).pdf)
    assert text_in(pdf, 1, value_box(spec("juminido", "filer_name").box, 14)) == "佐藤代理"
    assert text_in(pdf, 1, value_box(spec("juminido", "filer_address").box, 18)) == (
        "東京都千代田区千代田2番2号"
    )
    bx, by, bw, bh = spec("juminido", "applicant.filer_relationship").box
    inside = {
        w.text: w.x for w in pdf if w.page == 1 and bx <= w.x <= bx + bw and by <= w.y <= by + bh
    }
    assert inside["世帯員"] < inside["✓"] < inside["代理人"]  # the tick is in 代理人's box
    assert "proxy_letter" in _procedures(data)
    from forms.render import render_batch

    cover = render_batch(CATALOGUE, data, ["juminido"], "A-1", today=TODAY).pdf
    assert "委任状" in "".join(w.text for w in words(cover) if w.page == 1)


def test_setainushi_henko_relationships_are_to_the_new_head() -> None:
    from forms.questions import questions_for

    data = with_event(FULL, "death")  # the deceased was the head; the applicant is the new head
    data["household"]["members"][0]["relationship"] = "child"  # seen from the deceased
    # the applicant, a 縁故者 of the deceased: nothing follows from it, everyone is asked
    # (what follows is derived: tests/forms/test_new_head_relationship.py)
    data["deceased"]["relationship"] = "relative"
    asked = questions_for(CATALOGUE, "death", data, TODAY)
    assert "household.members[0].relationship_to_new_head" in asked
    assert "children[0].relationship_to_new_head" in asked
    data["household"]["members"][0]["relationship_to_new_head"] = "husband"
    data["children"][0]["relationship_to_new_head"] = "child"
    data["children"][1]["relationship_to_new_head"] = "grandchild"
    pdf = words(render_form(CATALOGUE, data, "setainushi_henko", today=TODAY).pdf)
    repeat = CATALOGUE.forms["setainushi_henko"].repeats[0]
    x, y, w, h = next(f.box for f in repeat.fields if f.key == "item.new_head_relationship")
    rows = [text_in(pdf, 1, (x, y + repeat.step[1] * row, w, h)) for row in range(3)]
    assert rows == ["夫", "子", "孫"]  # not 子 (the husband, seen from the deceased)
    # someone who becomes the head is 世帯主 there, and is not asked
    data["new_head"] = {"is_applicant": False, "name": "髙𠮷 健一", "birth_date": "1956-01-20"}
    assert "household.members[0].relationship_to_new_head" not in questions_for(
        CATALOGUE, "death", data, TODAY
    )
    pdf = words(render_form(CATALOGUE, data, "setainushi_henko", today=TODAY).pdf)
    # the applicant is a member now, in the first row; the members from the second
    below = CATALOGUE.forms["setainushi_henko"].repeats[1]
    x, y, w, h = next(f.box for f in below.fields if f.key == "item.new_head_relationship")
    assert text_in(pdf, 1, (x, y, w, h)) == "世帯主"
    moving = with_event(FULL, "moving_in")
    everything = questions_for(CATALOGUE, "moving_in", moving, TODAY, include_answered=True)
    assert not any("new_head" in q for q in everything)  # a death's question only


# ---------------------------------------------------------------- 国保: 資格取得・喪失日 per person


def test_kokuho_prints_each_persons_date_of_joining_or_leaving() -> None:
    """転入: 資格取得日 is the day of the move (国民健康保険法 第7条); 転出: 喪失日 is the day
    after (第8条); 出生: the day of birth. Printed in each person's row."""
    data = with_event(FULL, "moving_in")
    assert printed("kokuho_ido", "insured_since", data) == "令和7年3月28日"
    data = with_event(FULL, "moving_out")
    assert printed("kokuho_ido", "insured_since", data) == "令和7年3月29日"
    data = with_event(FULL, "birth")
    form = CATALOGUE.forms["kokuho_ido"]
    birth_rows = next(r for r in form.repeats if r.show_if == "event == 'birth'")
    since = next(f for f in birth_rows.fields if f.name == "member_since")
    pdf = render_form(CATALOGUE, data, "kokuho_ido", today=TODAY).pdf
    assert text_in(pdf, 1, value_box(since.box)) == "令和6年12月24日"  # the newborn's birthday


def test_an_unanswered_card_ticks_neither_box() -> None:
    """Nobody said whether this person has a card (staff cleared it, an old record):
    neither 有 nor 無 is ticked, for the clerk to ask; a guessed 無 would be a wrong box."""
    data = with_event(FULL, "moving_in")
    data["applicant"].pop("card_read")
    data["applicant"].pop("has_card", None)
    data["household"]["members"][0].pop("has_card", None)
    data["filer"] = {"kind": "self"}
    assert _row_boxes(data, 0)["card_held"] == "有無"
    assert _row_boxes(data, 1)["card_held"] == "有無"
    data["household"]["members"][0]["has_card"] = False
    assert _row_boxes(data, 1)["card_held"] == "有✓無"
