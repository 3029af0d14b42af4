"""Moving in from abroad, foreign residents' 在留カード facts, the 住民票コード and the
addressee of every form, each read back from the PDF at its box (issue 10)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from forms.catalogue import load_catalogue
from forms.checks import check, check_answer
from forms.questions import instead_offered, questions_for
from forms.render import render_form
from tests.forms.pdfbox import text_in, ticked, value_box, words
from tests.forms.samples import FULL, MINIMAL, TODAY, with_event
from tests.forms.test_printed_boxes import printed, spec

CATALOGUE = load_catalogue()

#: A Vietnamese applicant arriving from Hà Nội with his wife; a Japanese grandmother
#: moves in with them (no 在留カード facts for her).
ABROAD: dict[str, Any] = {
    "event": "moving_in",
    "office": {"municipality": "東京都千代田区"},
    "applicant": {
        "name": "NGUYEN VAN AN", "name_kana": "グエン ヴァン アン", "birth_date": "1990-03-14",
        "sex": "1", "address": "", "phone": "080-3333-4444", "card_read": False,
        "has_card": False, "resident_code": "12345678901",
    },
    "filer": {"kind": "self"},
    "previous_address": {"country": "VN", "abroad": "12 Nguyen Trai, Ha Noi"},
    "move": {"date": "2025-03-28"},
    "new_address": {"postal_code": "101-0051", "address": "東京都千代田区神田神保町",
                    "banchi": "2丁目3番4号", "building": ""},
    "household": {
        "applicant_is_head": True,
        "member_count": 2,
        "members": [
            {"name": "TRAN THI BINH", "birth_date": "1993-07-01", "sex": "2",
             "relationship": "wife", "nationality": "VN", "residence_category": "mid_long",
             "residence_card_number": "CD87654321EF", "residence_status": "dependent",
             "residence_expiry": "2028-05-19", "residence_period_years": 1,
             "residence_period_months": 6, "alias": "陳　美平", "resident_code": "40592817364"},
            {"name": "山田 はな", "birth_date": "1950-01-01", "sex": "2",
             "relationship": "wife_mother", "nationality": ""},
        ],
        "has_children": False,
    },
    "previous_head": {"same": True},
    "registry": {"domicile": "", "nationality": "VN"},
    "residence": {"category": "mid_long", "card_number": "AB12345678CD",
                  "status": "engineer_humanities", "expiry": "2031-11-19",
                  "period_years": 5, "period_months": 0},
    "insurance": {"kind": "employee"},
    "pets": {"has_dog": False},
}


def at(form_id: str, data: dict[str, Any], box: tuple[float, float, float, float]) -> str:
    return text_in(render_form(CATALOGUE, data, form_id, today=TODAY).pdf, 1, box)


# ---------------------------------------------------------------- 国外からの転入


def test_moving_in_from_abroad_prints_the_country_and_the_address_there() -> None:
    pdf = render_form(CATALOGUE, ABROAD, "juminido", today=TODAY).pdf
    found = words(pdf)

    def box(name: str) -> str:
        field = spec("juminido", name)
        return text_in(found, 1, value_box(field.box, field.label_width))

    kind = spec("juminido", "move.kind")
    assert ticked(found, 1, value_box(kind.box, kind.label_width)) == ["国外転入"]
    assert box("previous_address.country") == "ベトナム"
    assert box("previous_address.abroad") == "12NguyenTrai,HaNoi"
    # no 転出証明書 is asked for: the note says what a 国外転入 shows instead
    note = text_in(found, 1, (14, 260, 182, 20))
    assert "転出証明書はありません" in note and "添えてください" not in note
    # from inside Japan: the card's 前住所 and the 転出証明書 as before
    home = with_event(FULL, "moving_in")
    assert printed("juminido", "applicant.address", home).startswith("大阪府大阪市北区梅田")
    assert printed("juminido", "move.kind", home).startswith("✓転入")
    assert "転出証明書" in at("juminido", home, (14, 260, 182, 20))


def test_the_country_is_offered_on_the_previous_address_only_when_moving_in() -> None:
    data = with_event(MINIMAL, "moving_in")
    assert instead_offered(CATALOGUE, "applicant.address", data, TODAY) == (
        "previous_address.country"
    )
    for event in ("moving_within", "certificates", "seal"):
        assert instead_offered(CATALOGUE, "applicant.address", with_event(MINIMAL, event),
                               TODAY) is None  # fmt: skip
    # the 本籍 screen still offers the nationality in every event
    assert instead_offered(CATALOGUE, "registry.domicile", data, TODAY) == "registry.nationality"


def test_the_address_abroad_is_asked_after_the_country() -> None:
    data = copy.deepcopy(ABROAD)
    del data["previous_address"]["abroad"]
    assert "previous_address.abroad" in questions_for(CATALOGUE, "moving_in", data, TODAY)
    data["previous_address"] = {}
    data["applicant"]["address"] = "大阪府大阪市北区梅田一丁目2番3号"
    assert "previous_address.abroad" not in questions_for(CATALOGUE, "moving_in", data, TODAY)


# ---------------------------------------------------------------- 住民票コード


def test_the_resident_code_prints_in_its_eleven_cells_and_is_asked_only_after_abroad() -> None:
    field = spec("juminido", "applicant.resident_code")
    assert field.cells == 11
    assert printed("juminido", "applicant.resident_code", ABROAD) == "12345678901"
    data = copy.deepcopy(ABROAD)
    del data["applicant"]["resident_code"]
    assert "applicant.resident_code" in questions_for(CATALOGUE, "moving_in", data, TODAY)
    # from inside Japan the 転出証明書 carries it: not asked
    home = with_event(MINIMAL, "moving_in")
    assert "applicant.resident_code" not in questions_for(CATALOGUE, "moving_in", home, TODAY)
    assert [i.code for i in check_answer(CATALOGUE, "applicant.resident_code", "1234")] == [
        "pattern"
    ]
    assert check_answer(CATALOGUE, "applicant.resident_code", "") == []  # optional


def test_each_member_s_resident_code_prints_in_their_row_and_is_asked_only_after_abroad() -> (
    None
):
    """住基法第22条: every person moving in has a 住民票コード box (the clerk fills it from
    the 転出証明書); after 国外転入 the members' own codes are asked, and may be left out."""
    form = CATALOGUE.forms["juminido"]
    [repeat] = form.repeats
    code = next(f for f in repeat.fields if f.key == "item.resident_code")
    assert code.cells == 11
    found = words(render_form(CATALOGUE, ABROAD, "juminido", today=TODAY).pdf)
    x, y, w, h = code.box
    assert text_in(found, 1, (x, y, w, h)) == "40592817364"  # the wife, row 2
    assert text_in(found, 1, (x, y + repeat.step[1], w, h)) == ""  # the grandmother: none
    data = copy.deepcopy(ABROAD)
    del data["household"]["members"][0]["resident_code"]
    asked = questions_for(CATALOGUE, "moving_in", data, TODAY)
    assert "household.members[0].resident_code" in asked
    assert check_answer(CATALOGUE, "household.members[0].resident_code", "") == []  # optional
    assert [i.code for i in check_answer(CATALOGUE, "children[0].resident_code", "123")] == [
        "pattern"
    ]
    # from inside Japan it is on the 転出証明書: never asked
    home = with_event(FULL, "moving_in")
    assert not [k for k in questions_for(CATALOGUE, "moving_in", home, TODAY)
                if k.endswith("resident_code")]  # fmt: skip


# ---------------------------------------------------------------- 外国人住民


def test_the_period_of_stay_is_asked_in_years_and_months_and_printed_as_the_card_writes_it(
) -> None:  # fmt: skip
    data = copy.deepcopy(ABROAD)
    for key in ("period_years", "period_months"):
        del data["residence"][key]
    asked = questions_for(CATALOGUE, "moving_in", data, TODAY)
    assert asked[:2] == ["residence.period_years", "residence.period_months"]
    for years, months, text in ((3, 0, "3年"), (1, 6, "1年6月"), (0, 6, "6月"), (4, 3, "4年3月")):
        data["residence"].update(period_years=years, period_months=months)
        assert printed("juminido_gaikoku", "residence.period", data) == text
    assert [i.code for i in check_answer(CATALOGUE, "residence.period_months", 12)] == [
        "out_of_range"
    ]
    # a permanent resident (永住者) and a 特別永住者 have no 在留期間
    data["residence"] = {"category": "mid_long", "status": "permanent"}
    asked = questions_for(CATALOGUE, "moving_in", data, TODAY)
    assert "residence.period_years" not in asked
    data["residence"] = {"category": "special_permanent", "card_number": "AB12345678CD"}
    asked = questions_for(CATALOGUE, "moving_in", data, TODAY)
    assert "residence.period_years" not in asked


def test_a_period_of_stay_of_nothing_is_caught() -> None:
    def messages(data: dict[str, Any]) -> list[str]:
        return [i.message for i in check(CATALOGUE, ["juminido_gaikoku"], data, TODAY)]

    assert "forms.check.period_of_stay" not in messages(ABROAD)
    data = copy.deepcopy(ABROAD)
    data["residence"].update(period_years=0, period_months=0)
    assert messages(data).count("forms.check.period_of_stay") == 1
    data = copy.deepcopy(ABROAD)
    data["household"]["members"][0].update(residence_period_years=0, residence_period_months=0)
    assert messages(data).count("forms.check.period_of_stay") == 1
    data["household"]["members"][0].update(residence_period_months=6)
    data["children"] = [{"name": "NGUYEN MINH", "nationality": "VN", "residence_period_years": 0,
                         "residence_period_months": 0}]  # fmt: skip
    assert messages(data).count("forms.check.period_of_stay") == 1


def test_a_registered_alias_is_asked_of_foreign_residents_only_and_may_be_left_out() -> None:
    data = copy.deepcopy(ABROAD)
    del data["household"]["members"][0]["alias"]
    asked = questions_for(CATALOGUE, "moving_in", data, TODAY)
    assert "residence.alias" in asked and "household.members[0].alias" in asked
    assert "household.members[1].alias" not in asked  # the Japanese grandmother
    assert check_answer(CATALOGUE, "residence.alias", "") == []
    data["residence"]["alias"] = "阮　文安"
    assert printed("juminido_gaikoku", "residence.alias", data) == "通称阮文安"
    japanese = with_event(FULL, "moving_in")
    assert "residence.alias" not in questions_for(CATALOGUE, "moving_in", japanese, TODAY)


@pytest.mark.parametrize(
    "path",
    ["residence.card_number", "household.members[0].residence_card_number",
     "children[0].residence_card_number"],
)  # fmt: skip
def test_a_residence_card_number_is_two_letters_eight_digits_two_letters(path: str) -> None:
    assert check_answer(CATALOGUE, path, "AB12345678CD") == []
    for wrong in ("AB1234567CD", "1234567890AB", "AB12345678C", "ab12345678cd", "AB12345678CDE"):
        issues = check_answer(CATALOGUE, path, wrong)
        assert [i.message for i in issues] == ["forms.check.residence_card"], wrong


def test_residence_facts_are_asked_only_of_foreign_residents() -> None:
    data = copy.deepcopy(ABROAD)
    del data["residence"]
    for member in data["household"]["members"]:
        for key in [k for k in member if k.startswith("residence_")]:
            del member[key]
    asked = questions_for(CATALOGUE, "moving_in", data, TODAY)
    assert "residence.category" in asked
    assert "household.members[0].residence_category" in asked
    assert "household.members[1].residence_category" not in asked  # the Japanese member
    data["residence"] = {"category": "special_permanent"}
    asked = questions_for(CATALOGUE, "moving_in", data, TODAY)
    assert "residence.card_number" in asked  # 特別永住者証明書
    assert "residence.status" not in asked and "residence.expiry" not in asked
    data["residence"] = {"category": "mid_long", "status": "permanent"}
    asked = questions_for(CATALOGUE, "moving_in", data, TODAY)
    assert "residence.card_number" in asked and "residence.expiry" not in asked
    # a Japanese national gives a 本籍: none of it is asked, and no 別紙 is printed
    japanese = with_event(FULL, "moving_in")
    asked = questions_for(CATALOGUE, "moving_in", japanese, TODAY)
    assert not [k for k in asked if "residence" in k or "nationality" in k]
    assert "juminido_gaikoku" not in CATALOGUE.forms_for("moving_in", japanese, TODAY)
    assert "juminido_gaikoku" in CATALOGUE.forms_for("moving_in", ABROAD, TODAY)


def test_the_foreign_residents_sheet_prints_each_person_at_their_boxes() -> None:
    form = CATALOGUE.forms["juminido_gaikoku"]
    pdf = render_form(CATALOGUE, ABROAD, "juminido_gaikoku", today=TODAY).pdf
    found = words(pdf)
    row1 = {f.key: text_in(found, 1, f.box) for f in form.fields if 75 <= f.box[1] < 87}
    assert row1 == {
        "applicant.name": "NGUYENVANAN",
        "residence.alias": "",  # none registered: no 通称 line
        "registry.nationality": "ベトナム",
        "residence.category": "中長期在留者",
        "residence.status": "技術・人文知識・国際業務",
        # 在留期間 as the card writes it, a length with its 満了日 beneath
        "residence.period": "5年",
        "residence.expiry": "（令和13年11月19日）",
        "residence.card_number": "AB12345678CD",
    }
    [repeat] = form.repeats
    row2 = {f.key: text_in(found, 1, f.box) for f in repeat.fields}
    assert row2 == {
        "item.name": "TRANTHIBINH",
        "item.alias": "通称陳美平",
        "item.nationality": "ベトナム",
        "item.residence_category": "中長期在留者",
        "item.residence_status": "家族滞在",
        "item.residence_period": "1年6月",
        "item.residence_expiry": "（令和10年5月19日）",
        "item.residence_card_number": "CD87654321EF",
    }
    # the Japanese grandmother has no row on the sheet (she is on the 住民異動届)
    third = [text_in(found, 1, (f.box[0], f.box[1] + 12, f.box[2], f.box[3]))
             for f in repeat.fields]  # fmt: skip
    assert third == [""] * len(repeat.fields)
    # the 住民異動届 says the sheet exists, where a Japanese national's 筆頭者 goes
    assert at("juminido", ABROAD, (140, 98, 58, 8)) == "※在留カード等の記載事項は別紙"


# ---------------------------------------------------------------- the addressee


@pytest.mark.parametrize(
    ("municipality", "prefecture", "city", "addressee"),
    [
        ("長野県南佐久郡南牧村", "長野県", "南牧村", "南牧村長"),
        ("神奈川県横浜市中区", "神奈川県", "横浜市", "横浜市長"),  # a 政令市: the city's head
        ("東京都千代田区", "東京都", "千代田区", "千代田区長"),
        ("静岡県賀茂郡河津町", "静岡県", "河津町", "河津町長"),
    ],
)
def test_every_form_is_addressed_to_the_kiosks_own_municipality(
    municipality: str, prefecture: str, city: str, addressee: str
) -> None:
    data = with_event(FULL, "moving_in")
    data["office"] = {"municipality": municipality}
    for form in CATALOGUE.forms.values():
        [head] = [s for s in form.static if s.value and "あて先" in s.value]
        found = words(render_form(CATALOGUE, data, form.id, today=TODAY).pdf)
        printed_head = text_in(found, 1, head.box)
        page = text_in(found, 1, (0, 0, 210, 297))
        assert "みどり市" not in page, form.id  # the default catalogue's fictional city
        if form.id.startswith("kouki"):  # the prefecture's 広域連合, through this city
            assert printed_head == f"（あて先）{prefecture}後期高齢者医療広域連合長（{city}経由）"
        elif form.id == "gakko_tennyu":
            assert printed_head == f"（あて先）{city}教育委員会", form.id
        else:
            assert printed_head == f"（あて先）{addressee}", form.id
    # the city's own words on 子ども医療費: its ordinance and, for 国保, the insurer
    assert city + "子ども医療費助成条例" in at("kodomo_iryo", data, (12, 36, 186, 6))
    assert printed("kodomo_iryo", "kokuho_insurer", data) == f"{city}（国民健康保険）"
