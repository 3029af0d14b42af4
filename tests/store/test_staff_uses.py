"""The data dictionary decides what the staff desk uses an answer for (`staff:` on a
fact): the application's name in the queue, the search box, the 外字 checks. The store
has no list of key names of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

from forms.catalogue import load_catalogue
from kiosk.store import Store
from kiosk.store.allowlist import DataKeys
from tests.store.conftest import make_draft

PACKAGED = Path(load_catalogue().root)


def test_the_packaged_dictionary_names_search_and_glyph_facts() -> None:
    keys = DataKeys.from_catalogue(load_catalogue())
    assert keys.queue_names[0] == "applicant.name"
    assert {"applicant.name", "applicant.name_kana", "children[].name"} <= keys.search
    assert {"applicant.name", "new_address.address", "household.members[].name"} <= keys.glyph_check
    # A bank's or a dog's name is no resident: not searched, not checked for 外字.
    assert not {"bank.name", "dog.name", "insurance.insurer_name"} & (keys.search | keys.glyph_check)
    assert "applicant.phone" not in keys.glyph_check


def test_a_city_flags_its_own_fact_for_search_and_glyph_checks(
    tmp_path: Path, db_url: str, clock, admin
) -> None:
    catalogue = tmp_path / "catalogue"
    shutil.copytree(PACKAGED, catalogue)
    dictionary = catalogue / "dictionary.yaml"
    text = dictionary.read_text(encoding="utf-8")
    assert "  dog.name:\n" in text
    dictionary.write_text(
        text.replace("  dog.name:\n", "  dog.name:\n    staff: [search, glyph_check]\n", 1)
        .replace("  applicant.name:\n    staff: [queue_name, search, glyph_check]\n",
                 "  applicant.name:\n    staff: [queue_name, search]\n", 1),
        encoding="utf-8",
    )  # fmt: skip
    store = Store(db_url, clock=clock, catalogue_dir=str(catalogue))
    try:
        draft = make_draft("𠮷田 一郎")
        draft.data["dog"] = {"name": "𠮷丸"}
        submitted = store.submit(draft)
        detail = store.detail(admin, submitted.application_id)
        # The city's flags: the dog's name is checked and found; the applicant's no
        # longer checked for 外字 (its own choice), still the queue's name.
        assert [g.path for g in detail.glyph_checks] == ["dog.name"]
        found = store.list_queue(admin, search="𠮷丸")
        assert [i.reception_number for i in found] == [submitted.reception_number]
        assert found[0].display_name == "𠮷田 一郎"
    finally:
        store.close()
