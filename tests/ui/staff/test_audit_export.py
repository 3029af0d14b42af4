"""An application's audit trail as a file a security reviewer reads: the detail view's
監査記録を保存… and `madoguchi audit`, CSV in words (actions, item labels, the city's
time), before/after and reasons, 0600, the export itself audited; staff and admins may
(as for the history tab), nobody signed out."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt

from kiosk.store import NotSignedIn, Principal
from tests.ui.staff.seed import PASSWORD, submit
from ui.cli import main


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a spreadsheet on Windows reads UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_detail_view_saves_the_trail_in_words(
    qtbot, desktop, store, admin, catalogue, artifact_dir
) -> None:
    sub = submit(store, catalogue=catalogue, render=False)
    window = desktop.sign_in()
    desktop.take_into_review(sub.reception_number)
    desktop.tick("juminido_tennyu")
    desktop.wait_idle()
    store.edit(admin, sub.application_id, {"applicant.name": "髙﨑 花子"})
    window.detail.tabs.setCurrentIndex(2)
    button = window.detail.audit_button
    assert button.isEnabled() and button.isVisible()
    with qtbot.waitSignal(desktop.desk.audit_exported, timeout=15000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    path = desktop.csv_path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rows = read_csv(path)
    assert list(rows[0]) == [
        "番号", "日時", "操作者", "操作", "操作コード", "項目", "項目キー",
        "変更前", "変更後", "理由・備考", "受付番号", "申請ID",
    ]  # fmt: skip
    actions = [r["操作"] for r in rows]
    assert actions[0] == "受付" and actions[-1] == "監査記録の出力"
    assert "対応開始" in actions and "手続完了" in actions
    tick = next(r for r in rows if r["操作コード"] == "procedure_done")
    assert tick["項目"] == "転入届"  # the procedure's title, not its id
    edit = next(r for r in rows if r["操作コード"] == "edit")
    assert edit["項目"] == "氏名" and edit["項目キー"] == "applicant.name"
    assert edit["変更前"] == "𠮷田 花子" and edit["変更後"] == "髙﨑 花子"
    assert rows[0]["日時"].endswith("+09:00")  # the city's time, its offset said
    assert {r["受付番号"] for r in rows} == {sub.reception_number}
    # The export is in the trail the window shows, under who did it.
    qtbot.waitUntil(lambda: desktop.desk.current.history[-1].action == "audit_export")
    assert desktop.desk.current.history[-1].actor == "admin"
    assert str(path) in window.message.text()


def test_cli_writes_the_trail_for_staff_and_refuses_a_wrong_password(
    store, admin, staff_account: Principal, catalogue, tmp_path, db_url
) -> None:
    sub = submit(store, catalogue=catalogue, render=False)
    store.call(admin, sub.application_id, "3番")
    store.return_to_resident(admin, sub.application_id, "必要な書類が足りない：戸籍謄本")
    out = tmp_path / "audit.csv"
    out.write_text("old")
    out.chmod(0o644)  # an existing file is made private too
    runner = CliRunner()
    args = ["audit", sub.application_id, "--output", str(out), "--database", db_url]
    result = runner.invoke(main, [*args, "--user", "sato", "--password-stdin"], input=PASSWORD)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = read_csv(out)
    returned = next(r for r in rows if r["操作コード"] == "return")
    assert returned["操作"] == "返却" and returned["理由・備考"] == "必要な書類が足りない：戸籍謄本"
    assert rows[-1]["操作者"] == "sato" and rows[-1]["操作コード"] == "audit_export"
    english = runner.invoke(
        main,
        [*args, "--locale", "en", "--user", "sato", "--password-stdin"],
        input=PASSWORD,
    )
    assert english.exit_code == 0, english.output
    assert next(r for r in read_csv(out) if r["Action code"] == "return")["Action"] == "returned"
    refused = runner.invoke(main, [*args, "--user", "sato", "--password-stdin"], input="nope")
    assert refused.exit_code != 0


def test_the_store_refuses_a_signed_out_reader(store, admin, catalogue) -> None:
    sub = submit(store, catalogue=catalogue, render=False)
    store.sign_out(admin)
    with pytest.raises(NotSignedIn):
        store.audit_trail(admin, sub.application_id)
