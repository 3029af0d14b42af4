"""児童手当 認定請求書: the spouse's and each child's data the real form asks (配偶者 氏名・
生年月日・同居/別居, 所得の高い方; each child 氏名・生年月日・請求者との続柄・同居/別居,
children living elsewhere included), read back at their boxes."""

from __future__ import annotations

import copy
from typing import Any

from forms.catalogue import load_catalogue
from forms.questions import questions_for
from forms.render import render_form
from forms.schema import FormField
from tests.forms.pdfbox import Word, text_in, ticked, value_box, words
from tests.forms.samples import FULL, TODAY, with_event

CATALOGUE = load_catalogue()
FORM = CATALOGUE.forms["jidoteate_nintei"]


def _field(name: str) -> FormField:
    return next(f for f in FORM.fields if (f.name or f.key) == name)


def _ticked(pdf: list[Word], name: str) -> str:
    """The one option ticked in field `name`."""
    found = ticked(pdf, 1, value_box(_field(name).box, _field(name).label_width))
    assert len(found) == 1, found
    return found[0]


def _claim(**changes: Any) -> dict[str, Any]:
    """A moving-in claimant who is not the head (the head's daughter): her children are the
    head's 孫 on the 住民異動届, her 子 on the 児童手当."""
    data = with_event(FULL, "moving_in")
    data["household"].update(applicant_is_head=False, head_name="髙𠮷 正", member_count=0, members=[])
    data["applicant"]["relationship_to_head"] = "child"
    data["spouse"] = {"exists": True, "name": "髙𠮷 健一", "birth_date": "1956-01-20",
                      "lives_together": False}  # fmt: skip
    data["allowance"] = {"receiving": False, "apart_count": 1, "higher_earner": "self"}
    data["children_apart"] = [{"name": "髙𠮷 次郎", "name_kana": "タカヨシ ジロウ",
                               "birth_date": "2009-05-05"}]  # fmt: skip
    for key, value in changes.items():
        data[key] = value
    return copy.deepcopy(data)


def test_the_spouse_living_elsewhere_and_the_higher_earner_are_ticked() -> None:
    data = _claim()
    pdf = words(render_form(CATALOGUE, data, "jidoteate_nintei", today=TODAY).pdf)
    assert text_in(pdf, 1, value_box(_field("spouse_name").box, 14)) == "髙𠮷健一"
    assert _ticked(pdf, "spouse_living") == "別居"
    assert _ticked(pdf, "higher_earner") == "請求者"
    data["allowance"]["higher_earner"] = "spouse"
    data["spouse"]["lives_together"] = True
    pdf = words(render_form(CATALOGUE, data, "jidoteate_nintei", today=TODAY).pdf)
    assert _ticked(pdf, "spouse_living") == "同居"
    assert _ticked(pdf, "higher_earner") == "配偶者"


def test_each_child_with_its_relationship_to_the_claimant_and_where_it_lives() -> None:
    data = _claim()
    pdf = words(render_form(CATALOGUE, data, "jidoteate_nintei", today=TODAY).pdf)
    repeat = FORM.repeats[0]
    columns = {f.name or f.key: f.box for f in repeat.fields}

    def row(n: int) -> list[str]:
        names = ("item.name", "item.birth_date", "relationship", "item.lives_with")
        return [text_in(pdf, 1, (x, y + repeat.step[1] * n, w, h))
                for x, y, w, h in (columns[c] for c in names)]  # fmt: skip

    # the household's children first, then the one living elsewhere; 子 of the claimant
    # (the 住民異動届 prints them as the head's 孫)
    assert row(0) == ["髙𠮷太郎", "平成27年9月2日", "子", "同居"]
    assert row(1) == ["髙𠮷花子", "令和6年12月24日", "子", "同居"]
    assert row(2) == ["髙𠮷次郎", "平成21年5月5日", "子", "別居"]
    assert CATALOGUE.value(data, "children[0].relationship", TODAY) == "grandchild"


def test_the_questions_follow_the_household() -> None:
    data = _claim()
    for key in ("apart_count", "higher_earner"):
        del data["allowance"][key]
    del data["spouse"]["lives_together"]
    data["children_apart"] = []
    asked = questions_for(CATALOGUE, "moving_in", data, TODAY)
    assert {"spouse.lives_together", "allowance.apart_count", "allowance.higher_earner"} <= set(asked)
    # a spouse in the household lives there: only who earns more is asked
    data["household"].update(member_count=1, members=copy.deepcopy(FULL["household"]["members"]))
    asked = questions_for(CATALOGUE, "moving_in", data, TODAY)
    assert "spouse.lives_together" not in asked and "allowance.higher_earner" in asked
    assert CATALOGUE.value(data, "spouse.living", TODAY) == "together"
    # no child allowance claimed: none of it is asked
    moving_out = with_event(FULL, "moving_out")
    everything = questions_for(CATALOGUE, "moving_out", moving_out, TODAY, include_answered=True)
    assert not any(q.startswith(("allowance.apart", "children_apart")) for q in everything)
