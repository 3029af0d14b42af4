"""世帯変更 (世帯分離 / 世帯合併 / 世帯構成変更) as its own life event, and 印鑑登録廃止 from
the seal event: the procedures, and the boxes the forms tick, read at the box."""

from __future__ import annotations

from typing import Any

import pytest

from forms.catalogue import load_catalogue
from forms.questions import questions_for
from forms.render import render_form
from forms.schema import FormField
from tests.forms.pdfbox import text_in, ticked, value_box, words
from tests.forms.samples import TODAY

CATALOGUE = load_catalogue()


def _field(form_id: str, name: str) -> FormField:
    return next(f for f in CATALOGUE.forms[form_id].fields if (f.name or f.key) == name)


def _at(pdf: Any, form_id: str, name: str, *, ticks: bool = False) -> Any:
    field = _field(form_id, name)
    box = value_box(field.box, field.label_width)
    return ticked(pdf, 1, box) if ticks else text_in(pdf, 1, box)


def _split(kind: str) -> dict[str, Any]:
    return {
        "event": "household_change",
        "applicant": {"name": "山口 隆", "name_kana": "ヤマグチ タカシ", "birth_date": "1975-01-15",
                      "sex": "1", "address": "東京都千代田区九段南二丁目3番14号", "card_read": True},
        "household_change": {"kind": kind, "date": "2025-03-28", "old_head": "山口 武"},
        "household": {"applicant_is_head": True, "has_children": False, "member_count": 1,
                      "members": [{"name": "山口 由美", "name_kana": "ヤマグチ ユミ",
                                   "birth_date": "1977-02-02", "sex": "2", "relationship": "wife"}]},
        "registry": {"domicile": "東京都千代田区九段南二丁目3番", "head": "山口 武"},
        "insurance": {"kind": "kokuho"},
    }  # fmt: skip


@pytest.mark.parametrize(("kind", "printed"), [("bunri", "世帯分離"), ("gappei", "世帯合併"), ("kosei", "世帯構成変更")])
def test_the_kind_of_household_change_is_ticked(kind: str, printed: str) -> None:
    data = _split(kind)
    assert [p.id for p in CATALOGUE.procedures_for("household_change", data, TODAY)] == [
        "juminido_setai", "kokuho_household"]  # fmt: skip
    pdf = words(render_form(CATALOGUE, data, "juminido", today=TODAY).pdf)
    assert _at(pdf, "juminido", "move.kind", ticks=True) == [printed]
    assert _at(pdf, "juminido", "change_date") == "令和7年3月28日"
    # nobody moves: the address printed once as 住所, no postal code, the head before
    assert _at(pdf, "juminido", "same_address") == "東京都千代田区九段南二丁目3番14号"
    assert _at(pdf, "juminido", "new_address.postal_code") == ""
    assert _at(pdf, "juminido", "new_head") == "山口隆"
    assert _at(pdf, "juminido", "old_head") == "山口武"
    # 国保 changes with the household; the card and the pension do not
    assert _at(pdf, "juminido", "rel_kokuho", ticks=True) == ["国民健康保険"]
    assert _at(pdf, "juminido", "rel_card", ticks=True) == []
    assert _at(pdf, "juminido", "rel_pension", ticks=True) == []
    kokuho = words(render_form(CATALOGUE, data, "kokuho_ido", today=TODAY).pdf)
    assert _at(kokuho, "kokuho_ido", "insurance.reason", ticks=True) == ["世帯変更"]


def test_a_household_change_asks_its_own_questions_and_no_new_address() -> None:
    data = _split("bunri")
    del data["household_change"]
    asked = questions_for(CATALOGUE, "household_change", data, TODAY, include_answered=True)
    assert asked[0] == "household_change.kind"
    assert {"household_change.date", "household_change.old_head"} <= set(asked)
    assert not any(q.startswith(("new_address.", "move.date", "previous_head.")) for q in asked)


def test_the_seal_event_ends_a_registration_with_its_own_form() -> None:
    data: dict[str, Any] = {
        "event": "seal",
        "applicant": {"name": "中村 直子", "name_kana": "ナカムラ ナオコ", "birth_date": "1968-10-10",
                      "sex": "2", "address": "東京都千代田区神田神保町一丁目5番", "card_read": True},
        "seal": {"action": "register", "id_document": "driver_license"},
    }  # fmt: skip
    assert [p.id for p in CATALOGUE.procedures_for("seal", data, TODAY)] == ["inkan_register"]
    data["seal"].update(action="cancel", cancel_reason="lost_seal", card_returned=False)
    assert [p.id for p in CATALOGUE.procedures_for("seal", data, TODAY)] == ["inkan_cancel"]
    assert CATALOGUE.forms_for("seal", data, TODAY) == ["inkan_haishi"]
    pdf = words(render_form(CATALOGUE, data, "inkan_haishi", today=TODAY).pdf)
    assert _at(pdf, "inkan_haishi", "seal.cancel_reason", ticks=True) == ["登録印の亡失"]
    assert _at(pdf, "inkan_haishi", "seal.card_returned") == ""  # a lone box: no ✓
    assert _at(pdf, "inkan_haishi", "name") == "中村直子"
    assert _at(pdf, "inkan_haishi", "applicant.filer_relationship", ticks=True) == ["本人"]
    # 転出 and a death end it without the form: a note on the cover, as before
    assert "inkan_cancel" not in [p.id for p in CATALOGUE.procedures_for("moving_out", data, TODAY)]
