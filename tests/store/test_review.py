"""Review: every view and change is audited; edits go through the caller's checks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kiosk.store import InvalidPath, StaleApplication, ValidationFailed
from tests.store.conftest import make_draft


@dataclass
class Issue:
    """Shaped like forms.checks.Issue (key, code, message key, severity)."""

    key: str
    code: str
    message_key: str
    severity: str


@pytest.fixture
def called(store, staff):
    app_id = store.submit(make_draft("髙橋 一郎")).application_id
    store.call(staff, app_id, "2番")
    return app_id


def _actions(store, admin, app_id):
    return [(r.action, r.actor) for r in store.audit_log(admin, application_id=app_id)]


def test_views_of_detail_and_pdf_are_audited(store, staff, admin, called):
    detail = store.detail(staff, called)
    assert detail.data["applicant"]["name"] == "髙橋 一郎"
    assert detail.has_pdf and detail.form_ids == ("juminido", "kokuho_shutoku")
    assert detail.flags == ({"kind": "render", "text": "address did not fit"},)
    assert store.pdf(staff, called).startswith(b"%PDF-1.7")
    assert _actions(store, admin, called) == [
        ("submit", "terminal:kiosk-1F-01"),
        ("call", "sato"),
        ("view", "sato"),
        ("view_pdf", "sato"),
    ]


def test_each_edited_field_is_recorded_with_before_and_after(store, staff, admin, called):
    detail, changes = store.edit(
        staff,
        called,
        {
            "applicant.name": "高橋 一郎",
            "children[0].name": "高橋 花子",
            "applicant.phone": "053-457-2111",
        },
    )
    assert [c.path for c in changes] == ["applicant.name", "children[0].name", "applicant.phone"]
    assert detail.data["applicant"] == {
        "name": "高橋 一郎",
        "name_kana": "ヤマダ タロウ",
        "address": "静岡県浜松市中区元城町103-2",
        "phone": "053-457-2111",
    }
    assert detail.summary.display_name == "高橋 一郎"
    edits = [r for r in store.audit_log(admin, application_id=called) if r.action == "edit"]
    assert [(r.actor, r.path, r.before, r.after) for r in edits] == [
        ("sato", "applicant.name", "髙橋 一郎", "高橋 一郎"),
        ("sato", "children[0].name", "山田 花子", "高橋 花子"),
        ("sato", "applicant.phone", None, "053-457-2111"),
    ]
    assert all(r.at.tzinfo is not None for r in edits)
    # An unchanged value is not an edit.
    _, none = store.edit(staff, called, {"applicant.name": "高橋 一郎"})
    assert none == []
    # Reading the history is itself in it (it shows answers as they were).
    assert [r.action for r in store.history(staff, called)][-2:] == ["edit", "view_history"]
    assert store.list_queue(admin, search="高橋")[0].application_id == called


def test_the_validation_hook_blocks_and_nothing_is_saved(store, staff, admin, called):
    seen = []

    def checks(data):
        seen.append(data)
        issues = [Issue("applicant.phone", "PHONE_001", "forms.phone", "warning")]
        if not data["applicant"]["name"].strip():
            issues.append(Issue("applicant.name", "REQ_001", "forms.required", "error"))
        return issues

    with pytest.raises(ValidationFailed) as info:
        store.edit(staff, called, {"applicant.name": " "}, validate=checks)
    assert [i.code for i in info.value.issues] == ["REQ_001"]
    assert seen[0]["applicant"]["name"] == " "
    assert store.detail(staff, called).data["applicant"]["name"] == "髙橋 一郎"
    assert "edit" not in [a for a, _ in _actions(store, admin, called)]
    # Warnings do not block.
    _, changes = store.edit(staff, called, {"applicant.name": "高橋 一郎"}, validate=checks)
    assert len(changes) == 1


def test_an_edit_on_a_stale_copy_is_refused(store, staff, called):
    version = store.detail(staff, called).summary.version
    store.edit(staff, called, {"applicant.name": "高橋 一郎"}, expected_version=version)
    with pytest.raises(StaleApplication):
        store.edit(staff, called, {"applicant.name": "髙橋 一郎"}, expected_version=version)


@pytest.mark.parametrize(
    "path", ["applicant..name", "children[x].name", "children[5].name", "1abc"]
)
def test_bad_paths_are_refused(store, staff, called, path):
    with pytest.raises(InvalidPath):
        store.edit(staff, called, {path: "x"})


def test_glyph_check_flags_reprints_and_pdf_replacement(store, staff, admin, called):
    detail = store.detail(staff, called)
    assert [g.path for g in detail.glyph_checks] == ["applicant.name"]  # 髙 is outside JIS X 0208
    detail = store.set_glyph_check(staff, called, "applicant.address", note="番地の字形")
    assert {(g.path, g.auto) for g in detail.glyph_checks} == {
        ("applicant.name", True),
        ("applicant.address", False),
    }
    detail = store.set_glyph_check(staff, called, "applicant.address", needed=False)
    assert [g.path for g in detail.glyph_checks] == ["applicant.name"]
    # Correcting the name clears the automatic flag.
    detail, _ = store.edit(staff, called, {"applicant.name": "高橋 一郎"})
    assert detail.glyph_checks == ()
    assert store.record_reprint(staff, called, "printer jam") == 1
    assert store.record_reprint(staff, called) == 2
    store.replace_pdf(staff, called, b"%PDF-1.7 corrected")
    assert store.pdf(staff, called) == b"%PDF-1.7 corrected"
    actions = [a for a, _ in _actions(store, admin, called)]
    for expected in ("glyph_check", "glyph_checked", "reprint", "replace_pdf"):
        assert expected in actions


def test_a_cleared_glyph_check_stays_cleared_until_the_value_changes(store, staff, called, admin):
    # 髙 is outside JIS X 0208: checked automatically. Staff check it and clear it.
    detail = store.set_glyph_check(staff, called, "applicant.name", needed=False, note="髙で正しい")
    assert detail.glyph_checks == ()
    # Another field is corrected: the name's check does not come back.
    detail, _ = store.edit(staff, called, {"applicant.name_kana": "タカハシ イチロウ"})
    assert detail.glyph_checks == ()
    assert not store.list_queue(admin)[0].needs_glyph_check
    # The name itself changes to another rare character: it must be checked again.
    detail, _ = store.edit(staff, called, {"applicant.name": "髙橋 一郞"})
    assert [g.path for g in detail.glyph_checks] == ["applicant.name"]
