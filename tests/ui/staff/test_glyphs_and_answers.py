"""Variant characters for 外字/字形 checks, answers as the detail view lists them, and
corrections through the kiosk's checks (Qt-free parts of the staff desktop)."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

import pytest

from forms.checks import check
from forms.wareki import format_wareki
from i18n import translator
from kiosk.desk import editing
from kiosk.store import Store, ValidationFailed
from tests.clock import TEST_DAY
from tests.ui.staff.conftest import pdf_text
from tests.ui.staff.seed import PASSWORD, family, submit
from ui.models.answers import InputError, answer_rows, field_of, parse_input
from ui.staff.glyphs import GlyphDataError, load_variants, parse_variants, replace_char


@pytest.mark.parametrize(
    ("char", "group"),
    [
        ("高", "高髙"),
        ("髙", "高髙"),
        ("崎", "崎\ufa11嵜碕"),
        ("\U00020bb7", "吉\U00020bb7"),
        ("邉", "辺邊邉"),
        ("斉", "斎齋斉齊"),
    ],
)
def test_variant_groups_from_the_data_file(char: str, group: str) -> None:
    assert "".join(load_variants().of(char)) == group


def test_compatibility_ideographs_stay_themselves() -> None:
    variants = load_variants()
    # 﨑 (U+FA11) has no canonical decomposition; 塚 (U+FA10) does: NFKC would turn it
    # into 塚 and lose the distinction the family register makes.
    assert "\ufa10" in variants.of("塚")
    assert unicodedata.normalize("NFKC", "\ufa10") == "塚"
    assert variants.of("一") == ()
    assert variants.worth_checking("\U00020bb7")  # outside JIS X 0208, no matter the file
    assert variants.worth_checking("高")  # has a variant
    assert not variants.worth_checking("田")


def test_broken_variant_files_are_refused_with_the_place() -> None:
    with pytest.raises(GlyphDataError, match=r"groups\.0\.chars.*not exactly one character"):
        parse_variants("groups:\n  - {chars: [高, 髙髙]}\n", "v.yaml")
    with pytest.raises(GlyphDataError, match=r"v\.yaml: groups\[1\]: 高 \(U\+9AD8\)"):
        parse_variants("groups:\n  - {chars: [高, 髙]}\n  - {chars: [高, 鷹]}\n", "v.yaml")
    with pytest.raises(GlyphDataError, match=r"groups\.0\.colour: Extra inputs"):
        parse_variants("groups:\n  - {chars: [高, 髙], colour: red}\n", "v.yaml")


def test_replacing_counts_characters_not_utf16_units() -> None:
    assert replace_char("\U00020bb7田 花子", 0, "吉") == "吉田 花子"
    assert replace_char("山崎", 1, "\ufa11") == "山\ufa11"
    with pytest.raises(IndexError):
        replace_char("山", 1, "高")


def test_typed_input_becomes_the_stored_value(catalogue) -> None:
    date_field = field_of(catalogue, "move.date")
    assert parse_input(date_field, "令和7年4月1日") == "2025-04-01"
    assert parse_input(date_field, "R7.4.1") == "2025-04-01"
    assert parse_input(date_field, "２０２５/４/１") == "2025-04-01"
    with pytest.raises(InputError) as bad:
        parse_input(date_field, "平成31年5月1日")  # 平成 ended on 4/30
    assert bad.value.key == "staff.edit.bad_date"
    number = field_of(catalogue, "household.member_count")
    assert parse_input(number, "３") == 3
    with pytest.raises(InputError):
        parse_input(number, "three")
    assert parse_input(field_of(catalogue, "applicant.name"), "  髙橋 一郎 ") == "髙橋 一郎"


def test_answers_in_asking_order_with_children_together(catalogue) -> None:
    data = family()
    data["children"].append(
        {"name": "𠮷田 二郎", "name_kana": "ヨシダ ジロウ", "birth_date": "2019-01-01"}
    )
    rows = answer_rows(catalogue, data, {"applicant.name": "note"}, "ja", translator("ja"))
    paths = [r.path for r in rows]
    assert paths.index("applicant.name") < paths.index("move.date")
    first_child = [p for p in paths if p.startswith("children[0]")]
    second_child = [p for p in paths if p.startswith("children[1]")]
    assert max(paths.index(p) for p in first_child) < min(paths.index(p) for p in second_child)
    by_path = {r.path: r for r in rows}
    assert by_path["applicant.name"].glyph_check and by_path["applicant.name"].glyph_note == "note"
    assert by_path["applicant.birth_date"].text == "昭和63年7月7日（1988-07-07）"
    assert by_path["new_address.postal_code"].text == "〒100-0001"
    assert by_path["insurance.kind"].text == "国民健康保険"
    assert by_path["children[1].name"].label.endswith("（2）")
    assert not any("individual_number" in p for p in paths)


@pytest.fixture
def held(sqlite_url, catalogue, clock):
    """An application with its forms, called by the admin (who may then edit it)."""
    store = Store(sqlite_url, clock=clock)
    store.upgrade()
    store.create_account(None, "admin", "管理", PASSWORD, "admin")
    admin = store.sign_in("admin", PASSWORD)
    data = family()
    del data["move"]["date"]  # an error the application already has (required)
    sub = submit(store, catalogue=catalogue, data=data)
    store.call(admin, sub.application_id, "3番窓口")
    yield store, admin, store.detail(admin, sub.application_id)
    store.close()


def test_an_edit_goes_through_the_kiosk_checks_and_renders_the_forms_again(held, catalogue) -> None:
    store, admin, detail = held
    before = pdf_text(store.pdf(admin, detail.summary.application_id))
    assert any(
        i.key == "move.date" and i.severity == "error"
        for i in check(catalogue, list(detail.form_ids), detail.data, TEST_DAY)
    )
    # Staff correct it weeks later: the forms stay as of the day it was received.
    store.clock.advance(timedelta(days=40))
    admin = store.sign_in("admin", PASSWORD)  # a new working day, a new sign-in
    # A wrong value on the edited field is refused; nothing is saved.
    with pytest.raises(ValidationFailed) as refused:
        editing.edit_answers(
            store, catalogue, admin, detail, {"applicant.birth_date": "1988-02-30"}
        )
    assert [i.key for i in refused.value.issues] == ["applicant.birth_date"]
    assert "生年月日" in editing.messages(refused.value.issues, translator("ja"))[0]
    assert (
        store.detail(admin, detail.summary.application_id).summary.version == detail.summary.version
    )
    # The missing move date (already there) does not block correcting the name.
    new, changes = editing.edit_answers(
        store, catalogue, admin, detail, {"applicant.name": "吉田 花子"}
    )
    assert [(c.path, c.before, c.after) for c in changes] == [
        ("applicant.name", "𠮷田 花子", "吉田 花子")
    ]
    assert new.data["applicant"]["name"] == "吉田 花子"
    text = pdf_text(store.pdf(admin, detail.summary.application_id))
    assert "吉田 花子" in text
    # Only the registry's 筆頭者 still reads 𠮷田 花子 (a different fact, not edited).
    assert text.count("𠮷田 花子") < before.count("𠮷田 花子")
    assert detail.summary.reception_number in text  # the re-rendered forms carry the number
    assert re.search(rf"受付日\s+{format_wareki(TEST_DAY)}", text)
    assert format_wareki(store.clock.today()) not in text
    actions = [
        (r.action, r.path, r.before, r.after, r.actor)
        for r in store.history(admin, new.summary.application_id)
    ]
    assert ("edit", "applicant.name", "𠮷田 花子", "吉田 花子", "admin") in actions
    assert any(a[0] == "replace_pdf" for a in actions)
