"""Dotted data paths: read, write, flatten (the notation of the data dictionary)."""

from __future__ import annotations

import pytest

from kiosk.store import InvalidPath
from kiosk.store.datapath import flatten, get_value, glyph_paths, natural_key, set_value


def test_set_creates_the_way_and_get_reads_it():
    data: dict = {}
    set_value(data, "applicant.name", "山田")
    set_value(data, "children[0].name", "花子")
    set_value(data, "children[1].name", "次郎")
    assert data == {"applicant": {"name": "山田"}, "children": [{"name": "花子"}, {"name": "次郎"}]}
    assert get_value(data, "children[1].name") == "次郎"
    assert get_value(data, "children[5].name") is None
    assert flatten(data) == {
        "applicant.name": "山田",
        "children[0].name": "花子",
        "children[1].name": "次郎",
    }


@pytest.mark.parametrize("path", ["", "a.", ".a", "a[", "a[-1]", "a b", "children[2].name"])
def test_bad_or_gapped_paths_raise(path):
    with pytest.raises(InvalidPath):
        set_value({"children": []}, path, "x")


def test_glyphs_outside_jis_x_0208_and_natural_order():
    data = {
        "applicant": {"name": "𠮷田", "address": "葛飾区", "phone": "𠮷"},
        "spouse": {"name": "髙田"},
    }
    keys = {"applicant.name", "applicant.address", "spouse.name"}  # phone: not a glyph fact
    assert glyph_paths(data, keys) == ["applicant.name", "spouse.name"]
    assert sorted(["c[10].a", "c[2].a", "b"], key=natural_key) == ["b", "c[2].a", "c[10].a"]
