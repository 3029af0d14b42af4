"""The draft, checking and publishing on real directories (no Qt): what is published is
exactly the checked draft, the previous version stays as a backup, a broken draft or a
missing setting changes nothing, and someone else's newer publish is not overwritten
without saying so."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import pytest

from forms.catalogue import DEFAULT_DIR, load_catalogue
from forms.version import DRAFT_INFO, PUBLISH_LOG
from ui.admin import publishing
from ui.admin.checking import check_draft
from ui.admin.publishing import (
    DraftInvalid,
    NotConfigured,
    PublishedElsewhere,
    backups,
    publish,
    read_log,
)
from ui.admin.workspace import Workspace, WorkspaceError, catalogue_files

NOW = datetime(2025, 4, 1, 9, 30, 0).astimezone()


def tree(root: Path) -> dict[str, bytes]:
    """Every catalogue file under `root` with its bytes (bookkeeping files left out)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in (DRAFT_INFO, PUBLISH_LOG)
    }


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_new_draft_is_a_copy_of_the_packaged_catalogue_until_one_is_published(
    workspace: Workspace,
) -> None:
    assert workspace.open() is True
    assert tree(workspace.draft) == tree(DEFAULT_DIR)
    assert workspace.files()[:2] == ["dictionary.yaml", "events.yaml"]
    assert "forms/juminido.yaml" in workspace.files()
    # Reopening keeps the admin's work.
    workspace.write("procedures.yaml", "# mine\n" + workspace.read("procedures.yaml"))
    assert workspace.open() is False
    assert workspace.read("procedures.yaml").startswith("# mine")
    # Only catalogue files can be named.
    with pytest.raises(WorkspaceError):
        workspace.read("../../etc/passwd")


def test_problems_are_located_relative_to_the_catalogue(workspace: Workspace) -> None:
    workspace.open()
    text = workspace.read("forms/juminido.yaml")
    broken = text.replace("show_if: event == 'moving_out'", "show_if: evnt == 'moving_out'", 1)
    result = check_draft(workspace, {"forms/juminido.yaml": broken})
    assert not result.ok and result.catalogue is None
    [problem] = result.problems
    assert (problem.file, problem.code) == ("forms/juminido.yaml", "EXPR_004")
    assert problem.line == line_of(broken, "evnt == 'moving_out'")
    assert problem.key == "forms.error.EXPR_004" and problem.params["key"] == "evnt"
    # The unsaved text was checked; the draft on disk is untouched and still fine.
    assert workspace.read("forms/juminido.yaml") == text
    assert check_draft(workspace, {}).ok
    # A syntax error in the dictionary: its line, and the tables show what still parses.
    result = check_draft(workspace, {"dictionary.yaml": "fields:\n  a.b: [\n"})
    assert [(p.file, p.code) for p in result.problems] == [("dictionary.yaml", "YAML_001")]
    assert result.facts == [] and len(result.events) > 10


def test_publish_copies_the_checked_draft_and_keeps_the_previous_version(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    swaps: list[bool] = []  # a spy: the real exchange runs, its outcome is recorded
    exchange = publishing._exchange
    monkeypatch.setattr(
        publishing, "_exchange", lambda a, b: swaps.append(exchange(a, b)) or swaps[-1]
    )
    workspace.open()
    first = publish(workspace, actor="kanri", now=NOW, note="テスト")
    target = workspace.published
    assert target is not None and first.published == target.absolute()
    assert first.backup is None
    assert tree(target) == tree(workspace.draft)
    assert not (target / DRAFT_INFO).exists()

    text = workspace.read("dictionary.yaml")
    changed = text.replace("お名前を教えてください", "お名前（戸籍の字）を教えてください", 1)
    assert changed != text
    workspace.write("dictionary.yaml", changed)
    second = publish(workspace, actor="kanri", now=NOW.replace(minute=45), note="テスト")
    assert tree(target) == tree(workspace.draft)
    assert second.backup is not None and second.backup.name.endswith(".backup-20250401-094500")
    assert backups(target) == [second.backup]
    assert (second.backup / "dictionary.yaml").read_text(encoding="utf-8") == text
    if sys.platform.startswith("linux"):
        assert swaps == [True]  # one atomic swap: never a moment without a catalogue
    loaded = load_catalogue(target)
    assert loaded.dictionary["applicant.name"].question == {
        "ja": "お名前（戸籍の字）を教えてください",
        "en": loaded.dictionary["applicant.name"].question["en"],  # type: ignore[index]
    }
    # Who published when, carried from version to version.
    log = read_log(target)
    assert [(e["actor"], e["backup"]) for e in log] == [
        ("kanri", None),
        ("kanri", second.backup.name),
    ]
    assert log[1]["fingerprint"] == second.fingerprint
    # Nothing is left over beside the published directory but the backup.
    assert sorted(p.name for p in target.parent.iterdir()) == sorted(
        [target.name, second.backup.name]
    )


def test_publish_without_an_atomic_exchange_renames_twice(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows and file systems without renameat2 take this path; here it is forced.
    monkeypatch.setattr(publishing, "_exchange", lambda a, b: False)
    workspace.open()
    publish(workspace, actor="kanri", now=NOW, note="テスト")
    workspace.write("choices.yaml", workspace.read("choices.yaml") + "\n# changed\n")
    result = publish(workspace, actor="kanri", now=NOW.replace(second=1), note="テスト")
    assert workspace.published is not None
    assert tree(workspace.published) == tree(workspace.draft)
    assert result.backup is not None and not (result.backup / "choices.yaml").read_text(
        encoding="utf-8"
    ).endswith("# changed\n")


def test_a_broken_draft_or_no_setting_publishes_nothing(workspace: Workspace) -> None:
    workspace.open()
    workspace.write("events.yaml", workspace.read("events.yaml").replace(
        "- procedure: juminido_tennyu", "- procedure: juminido_tenyu", 1))  # fmt: skip
    with pytest.raises(DraftInvalid) as refused:
        publish(workspace, actor="kanri", now=NOW, note="テスト")
    assert refused.value.params == {"count": 1}
    assert workspace.published is not None and not workspace.published.exists()
    assert list(workspace.published.parent.iterdir()) == []  # no staging left behind
    with pytest.raises(NotConfigured):
        publish(Workspace(workspace.draft, None), actor="kanri", now=NOW, note="テスト")


def test_someone_elses_newer_publish_is_replaced_only_when_forced(
    workspace: Workspace, tmp_path: Path
) -> None:
    workspace.open()
    publish(workspace, actor="kanri", now=NOW, note="テスト")
    other = Workspace(tmp_path / "other-draft", workspace.published)
    assert other.open() is True  # a second admin copies the published version
    other.write("departments.yaml", other.read("departments.yaml") + "\n# theirs\n")
    publish(other, actor="suzuki", now=NOW.replace(minute=40), note="テスト")
    assert workspace.published_since() is True
    with pytest.raises(PublishedElsewhere):
        publish(workspace, actor="kanri", now=NOW.replace(minute=50), note="テスト")
    assert workspace.published is not None
    assert (
        (workspace.published / "departments.yaml")
        .read_text(encoding="utf-8")
        .endswith("# theirs\n")
    )
    publish(workspace, actor="kanri", force=True, now=NOW.replace(minute=50), note="テスト")
    assert tree(workspace.published) == tree(workspace.draft)
    assert workspace.published_since() is False
    assert [e["actor"] for e in read_log(workspace.published)] == ["kanri", "suzuki", "kanri"]
    assert json.loads((workspace.draft / DRAFT_INFO).read_text())["source"] == str(
        workspace.published
    )


def test_reset_and_form_files(workspace: Workspace) -> None:
    workspace.open()
    new = workspace.duplicate_form("forms/juminido.yaml", "juminido_b")
    assert new == "forms/juminido_b.yaml"
    assert workspace.read(new).splitlines()[2] == "id: juminido_b"
    assert check_draft(workspace, {}).ok  # two forms may serve the same procedures
    with pytest.raises(WorkspaceError) as bad:
        workspace.duplicate_form("forms/juminido.yaml", "Juminido B")
    assert bad.value.key == "admin.file.bad_form_name"
    with pytest.raises(WorkspaceError):
        workspace.delete_form("dictionary.yaml")
    workspace.delete_form(new)
    assert new not in workspace.files()
    workspace.write("choices.yaml", "broken: [")
    workspace.reset()
    assert tree(workspace.draft) == tree(DEFAULT_DIR)
    assert catalogue_files(workspace.draft) == workspace.files()
