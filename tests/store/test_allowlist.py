"""個人番号 by allowlist: data must match the data dictionary; sensitive facts and
12-digit numbers are never stored, edited, exported or put in flags."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import text

from kiosk.store import InvalidDraft
from kiosk.store.allowlist import DataKeys, has_individual_number, mask, redact
from tests.store.conftest import make_draft

NUMBER = "123456789018"
#: A 個人番号 written the ways a person or a program might.
NUMBERS_IN_TEXT = [
    NUMBER,
    f"番号は{NUMBER}です",
    "1234 5678 9018",
    "1234-5678-9018",
    "１２３４５６７８９０１８",  # full-width
    "１２３４－５６７８－９０１８",
    "マイナンバー 1234・5678・9018 控え",
]
#: Texts with digits that are not individual numbers.
NOT_NUMBERS = [
    "090-1234-5678",  # a mobile phone: 11 digits
    "03-1234-5678",
    "100-0001",  # a postal code
    "2026-11-25",
    "1234567890123",  # 13 digits: not the shape
    "口座 1234567",
]
#: Key spellings that all mean "individual number" and none of which is a dictionary fact.
LOOK_ALIKES = [
    {"applicant": {"individual_number": NUMBER}},  # the dictionary's own (sensitive) key
    {"applicant": {"individualNumber": NUMBER}},
    {"applicant": {"kojin_bangou": NUMBER}},
    {"applicant": {"mynumber_card": NUMBER}},
    {"applicant": {"my_number": "x"}},
    {"individual_number": NUMBER},
    {"children": [{"name": "山田 花子", "individual_number": NUMBER}]},
    {"applicant": {"name": "山田 太郎", "extra": {"number": NUMBER}}},
]


@pytest.fixture(scope="module")
def keys() -> DataKeys:
    return DataKeys.load()


def test_the_dictionary_decides_which_keys_are_sensitive(keys):
    assert "applicant.individual_number" in keys.sensitive
    assert "applicant.individual_number" not in keys.allowed
    # A yes/no about printing the number on a certificate is an ordinary fact.
    assert "certificate.with_individual_number" in keys.allowed
    assert "children[].name" in keys.allowed and "event" in keys.allowed


@pytest.mark.parametrize("text", NUMBERS_IN_TEXT)
def test_twelve_digit_numbers_are_found_and_masked(text):
    assert has_individual_number(text)
    assert not has_individual_number(mask(text)) and "9018" not in mask(text)


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_other_numbers_are_left_alone(text):
    assert not has_individual_number(text) and mask(text) == text


@pytest.mark.parametrize("extra", LOOK_ALIKES, ids=lambda d: json.dumps(d, ensure_ascii=False))
def test_a_draft_with_an_unknown_or_sensitive_key_is_refused_with_its_path(store, admin, extra):
    draft = make_draft()
    for key, value in extra.items():
        if isinstance(value, dict):
            draft.data.setdefault(key, {}).update(value)
        else:
            draft.data[key] = value
    with pytest.raises(InvalidDraft) as info:
        store.submit(draft)
    assert "data." in info.value.detail  # located: names the path
    assert store.count_queue(admin) == 0


@pytest.mark.parametrize("text", NUMBERS_IN_TEXT)
def test_a_number_in_free_text_or_in_flags_is_refused(store, admin, text):
    in_data = make_draft()
    in_data.data["certificate"] = {"purpose": text}
    in_flags = make_draft(flags=[{"kind": "render", "text": text}])
    for draft in (in_data, in_flags):
        with pytest.raises(InvalidDraft) as info:
            store.submit(draft)
        assert "12-digit" in info.value.detail
    assert store.count_queue(admin) == 0


def test_ordinary_numbers_are_stored(store, admin):
    draft = make_draft()
    draft.data["applicant"]["phone"] = "090-1234-5678"
    draft.data["certificate"] = {"purpose": "口座 1234567 の確認、2026-11-25"}
    store.submit(draft)
    assert store.count_queue(admin) == 1


def test_a_multi_choice_answer_is_stored(store, admin, keys):
    """A multi_choice answer is a list (the certificates wanted): its items are facts
    of the dictionary, not unknown keys; the list of another fact is still refused."""
    draft = make_draft()
    draft.data["certificate"] = {"kinds": ["juminhyo", "inkan"]}
    store.submit(draft)
    assert store.count_queue(admin) == 1
    assert list(keys.problems({"applicant": {"phone": ["090"]}})) != []


@pytest.mark.parametrize(
    "path,value",
    [
        ("applicant.individual_number", NUMBER),
        ("applicant.individualNumber", NUMBER),
        ("applicant.kojin_bangou", "1234"),
        ("certificate.purpose", f"番号 {NUMBER}"),
        ("children[0]", {"name": "山田 花子", "individual_number": NUMBER}),
    ],
)
def test_a_staff_edit_cannot_store_a_number(store, admin, staff, path, value):
    app_id = store.submit(make_draft()).application_id
    store.call(staff, app_id, "1番")
    with pytest.raises(InvalidDraft):
        store.edit(staff, app_id, {path: value})
    with store.db.engine.connect() as conn:
        everything = " ".join(
            str(row)
            for t in ("applications", "audit_log")
            for row in conn.execute(text(f"SELECT * FROM {t}"))
        )
    assert NUMBER not in everything and "individual" not in everything.lower()


def test_export_never_hands_on_a_number_even_from_old_rows(store, admin, staff):
    app_id = store.submit(make_draft()).application_id
    store.call(staff, app_id, "1番")
    store.start_review(staff, app_id)
    for p in store.detail(staff, app_id).summary.procedures:
        store.mark_procedure(staff, app_id, p.procedure_id)
    store.complete(staff, app_id)
    # A row from before the allowlist (written behind the store's back).
    with store.db.write() as session:
        from kiosk.store.models import Application

        app = session.get(Application, app_id)
        data = copy.deepcopy(app.data)
        data["applicant"]["individual_number"] = NUMBER
        data["applicant"]["kojin_bangou"] = NUMBER
        data["certificate"] = {"purpose": f"番号 {NUMBER}"}
        app.data = data
    [record] = store.export_completed(admin, store.clock.now().replace(year=2020))
    exported = json.dumps(record, ensure_ascii=False)
    assert NUMBER not in exported and "individual_number" not in exported
    assert "kojin_bangou" not in exported
    assert record["data"]["applicant"]["name"] == "山田 太郎"


def test_the_kiosk_masks_a_number_the_resident_typed(tmp_path):
    data = {"certificate": {"purpose": f"番号 {NUMBER} の件"}, "applicant": {"name": "山田"}}
    cleaned = redact(data)
    assert NUMBER not in json.dumps(cleaned, ensure_ascii=False)
    assert cleaned["applicant"] == {"name": "山田"}
    assert data["certificate"]["purpose"].endswith("の件")  # the original is untouched
