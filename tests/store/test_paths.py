"""The store reads and writes application data in the one path notation (forms.data):
read, write, flatten, order; a staff edit's path never leaves a gap; the dictionary's
`staff:` flags decide the queue's name, the search text and the 外字 checks."""

from __future__ import annotations

import pytest

from forms.data import flatten, get_value, natural_key, set_value
from forms.errors import DataKeyError
from kiosk.store import InvalidPath
from kiosk.store.allowlist import DataKeys
from tests.store.conftest import make_draft


def test_set_creates_the_way_and_get_reads_it():
    data: dict = {}
    set_value(data, "applicant.name", "山田", strict=True)
    set_value(data, "children[0].name", "花子", strict=True)
    set_value(data, "children[1].name", "次郎", strict=True)
    assert data == {"applicant": {"name": "山田"}, "children": [{"name": "花子"}, {"name": "次郎"}]}
    assert get_value(data, "children[1].name") == "次郎"
    assert get_value(data, "children[5].name") is None
    assert flatten(data) == {
        "applicant.name": "山田",
        "children[0].name": "花子",
        "children[1].name": "次郎",
    }


@pytest.mark.parametrize(
    "path",
    ["", "a.", ".a", "a[", "a[-1]", "a b", "children[2].name", "name.first", "children.name"],
)
def test_bad_or_gapped_paths_raise(path):
    with pytest.raises(DataKeyError):
        set_value({"children": [], "name": "山田"}, path, "x", strict=True)


@pytest.mark.parametrize("path", ["children[2].name", "children[].name", "a b"])
def test_a_staff_edit_of_a_bad_or_gapped_path_is_refused(store, staff, path):
    app_id = store.submit(make_draft()).application_id
    store.call(staff, app_id, "1番")
    with pytest.raises(InvalidPath):
        store.edit(staff, app_id, {path: "山田 次郎"})
    assert store.detail(staff, app_id).data == make_draft().data


def test_staff_flags_decide_name_search_and_glyph_checks():
    data = {
        "applicant": {"name": "𠮷田", "name_kana": "ヨシダ", "address": "葛飾区", "phone": "𠮷"},
        "spouse": {"name": "髙田"},
    }
    keys = DataKeys(
        frozenset(),
        frozenset(),
        queue_names=("applicant.name_kana", "applicant.name"),
        search=frozenset({"applicant.name", "applicant.name_kana"}),
        glyph_check=frozenset({"applicant.name", "applicant.address", "spouse.name"}),
    )
    assert keys.display_name(data) == "ヨシダ"  # the first of queue_names answered
    assert keys.search_text(data) == "𠮷田 ヨシダ"
    assert keys.glyph_paths(data) == ["applicant.name", "spouse.name"]  # phone: not flagged


def test_natural_order():
    assert sorted(["c[10].a", "c[2].a", "b", "c"], key=natural_key) == [
        "b",
        "c",
        "c[2].a",
        "c[10].a",
    ]
