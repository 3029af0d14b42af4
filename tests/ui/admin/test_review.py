"""Review, the publish log and rollback on real directories (no Qt): a draft's changes in
words and as unified text, the change note required, the log's who/when/note/diff, the
kept publications and restoring one (itself a publication)."""

from __future__ import annotations

from datetime import datetime

import pytest

from forms.catalogue import load_catalogue
from forms.version import catalogue_version
from i18n import translator
from ui.admin.publishing import (
    DraftInvalid,
    NotAPublication,
    NoteMissing,
    publications,
    publish,
    read_log,
    restore,
)
from ui.admin.review import describe_all, diff_catalogues
from ui.admin.workspace import Workspace

NOW = datetime(2025, 4, 1, 9, 30, 0).astimezone()


def edit(workspace: Workspace, rel: str, old: str, new: str) -> None:
    text = workspace.read(rel)
    assert old in text, old
    workspace.write(rel, text.replace(old, new, 1))


def test_the_diff_says_each_change_in_words_and_as_text(workspace: Workspace) -> None:
    workspace.open()
    publish(workspace, actor="kanri", now=NOW, note="最初の公開")
    # A question reworded, the dog procedure dropped from moving within, a box moved.
    edit(
        workspace, "dictionary.yaml", "お名前を教えてください", "お名前（戸籍の字）を教えてください"
    )
    edit(
        workspace,
        "events.yaml",
        "    suggest:\n      - procedure: dog_change\n        when: pets.has_dog\n"
        "        reason: {ja: 犬を飼っている方は、犬の登録の住所変更が必要です, en: Dog owners"
        " need to update the dog registration.}\n",
        "    suggest:\n",
    )
    edit(workspace, "forms/inu_henko.yaml", "box: [130, 54, 68, 12]", "box: [135, 54, 63, 12]")
    assert workspace.published is not None
    diff = diff_catalogues(workspace.published, workspace.draft)
    words = describe_all(diff, translator("ja"))
    # An item is named by its label; what changed in it by its YAML key.
    assert "質問・項目「氏名」（applicant.name）を変更：question" in words, words
    event = next(
        i for i, w in enumerate(words) if "ライフイベント「市内で引っ越した（転居）」" in w
    )
    assert "犬の登録" in words[event + 1] and "おすすめしなくなります" in words[event + 1]
    assert any(
        w.startswith("様式「犬の登録事項変更届」（inu_henko）を変更") and "fields: 電話" in w
        for w in words
    ), words
    assert len(words) == 4, words  # nothing else is said to have changed
    # The text: unified, per file, with a/ the published and b/ the draft.
    assert "--- a/forms/inu_henko.yaml\n+++ b/forms/inu_henko.yaml\n" in diff.text
    assert "-  - {key: applicant.phone, label: 電話, box: [130, 54, 68, 12]" in diff.text
    assert "+  - {key: applicant.phone, label: 電話, box: [135, 54, 63, 12]" in diff.text
    en = describe_all(diff, translator("en"))
    assert any("no longer suggests the procedure" in w for w in en), en
    # No change: it says so.
    assert describe_all(diff_catalogues(workspace.draft, workspace.draft), translator("ja")) == [
        "公開中のカタログとの違いはありません。"
    ]


def test_publishing_needs_a_note_and_the_log_keeps_who_when_note_and_diff(
    workspace: Workspace,
) -> None:
    workspace.open()
    with pytest.raises(NoteMissing):
        publish(workspace, actor="kanri", now=NOW, note="  ")
    assert workspace.published is not None and not workspace.published.exists()
    publish(workspace, actor="kanri", now=NOW, note="最初の公開")
    edit(workspace, "procedures.yaml", "転入届", "転入届（本人）")
    second = publish(
        workspace, actor="kanri", now=NOW.replace(hour=10), note="題を変えた", approver="suzuki"
    )
    log = read_log(workspace.published)
    assert [(e["actor"], e["note"], e["approver"]) for e in log] == [
        ("kanri", "最初の公開", None),
        ("kanri", "題を変えた", "suzuki"),
    ]
    entry = log[1]
    assert entry["at"] == NOW.replace(hour=10).isoformat(timespec="seconds")
    assert entry["version"] == catalogue_version(workspace.published)
    assert [(c["kind"], c["what"], c["id"]) for c in entry["changes"]] == [
        ("procedure", "changed", "juminido_tennyu")
    ]
    assert "+    title: {ja: 転入届（本人）" in entry["diff"]
    assert second.diff is not None and second.diff.text == entry["diff"]


def test_an_earlier_publication_is_restored_as_a_new_publication(workspace: Workspace) -> None:
    workspace.open()
    publish(workspace, actor="kanri", now=NOW, note="最初の公開")
    assert workspace.published is not None
    first_version = catalogue_version(workspace.published)
    edit(workspace, "events.yaml", "引っ越してきた（転入）", "春に引っ越してきた（転入）")
    publish(workspace, actor="kanri", now=NOW.replace(hour=10), note="転入の題を変えた")
    kept = publications(workspace.published)
    assert [(p.current, p.entry.get("note")) for p in kept] == [
        (True, "転入の題を変えた"),
        (False, "最初の公開"),
    ]
    assert kept[1].version == first_version
    with pytest.raises(NoteMissing):
        restore(workspace, kept[1].path, actor="kanri", now=NOW.replace(hour=11), note="")
    with pytest.raises(NotAPublication):
        restore(workspace, workspace.draft, actor="kanri", now=NOW.replace(hour=11), note="x")
    result = restore(
        workspace, kept[1].path, actor="kanri", now=NOW.replace(hour=11), note="題を戻す"
    )
    assert catalogue_version(workspace.published) == first_version
    assert load_catalogue(workspace.published).events["moving_in"].title["ja"] == (
        "引っ越してきた（転入）"
    )
    entry = read_log(workspace.published)[-1]
    assert (entry["action"], entry["note"], entry["restored_from"]) == (
        "restore_catalogue",
        "題を戻す",
        kept[1].path.name,
    )
    assert [c["id"] for c in entry["changes"]] == ["moving_in"]
    # The version it replaced is kept too: three versions now, newest first.
    again = publications(workspace.published)
    assert [p.entry.get("note") for p in again] == ["題を戻す", "転入の題を変えた", "最初の公開"]
    assert result.backup == again[1].path
    # The admin's draft is left as it was (it still has the new title).
    assert "春に引っ越してきた" in workspace.read("events.yaml")


def test_a_broken_backup_is_not_restored(workspace: Workspace) -> None:
    workspace.open()
    publish(workspace, actor="kanri", now=NOW, note="一")
    publish(workspace, actor="kanri", now=NOW.replace(hour=10), note="二")
    assert workspace.published is not None
    old = publications(workspace.published)[1].path
    (old / "events.yaml").write_text("events: [\n", encoding="utf-8")
    before = catalogue_version(workspace.published)
    with pytest.raises(DraftInvalid):
        restore(workspace, old, actor="kanri", now=NOW.replace(hour=11), note="戻す")
    assert catalogue_version(workspace.published) == before
