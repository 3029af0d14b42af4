"""The staff window, driven with pytest-qt offscreen on a real database: sign-in, the
queue, one application with its forms, calling, corrections, 外字/字形, printing,
returning, statistics, accounts, English. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import stat
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QRawFont
from PySide6.QtWidgets import QCheckBox, QPushButton, QWidget

from i18n import translator
from kiosk.store import Store, StoreError
from tests.ui.staff.conftest import LIVE_WAIT_MS, pdf_text, shoot
from tests.ui.staff.seed import PASSWORD, family, submit

JA = translator("ja")


def click(qtbot, widget) -> None:
    assert widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def button(parent, name: str) -> QPushButton:
    found = parent.findChild(QPushButton, name)
    assert found is not None, name
    return found


def actions(store: Store, admin, application_id: str) -> list[tuple]:
    return [
        (r.action, r.actor, r.path, r.before, r.after, r.note)
        for r in store.history(admin, application_id)
    ]


# -- sign-in -------------------------------------------------------------------------------


def test_sign_in_refuses_a_wrong_password_then_opens_the_window(
    qtbot, desktop, store, admin, artifact_dir
) -> None:
    dialog = desktop.app.dialog
    desktop.app.show_sign_in()
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, "wrong-password")
    with qtbot.waitSignal(desktop.app.sign_in_failed, timeout=10000):
        click(qtbot, dialog.button)
    assert dialog.feedback.isVisible()
    assert dialog.feedback.text() == JA("store.bad_credentials")
    assert dialog.password.text() == ""  # never left in the field
    shoot(qtbot, dialog, artifact_dir / "sign_in_refused.png")
    assert desktop.app.window is None
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(desktop.app.signed_in, timeout=10000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    window = desktop.app.window
    assert window is not None and window.accounts is not None  # an admin sees accounts
    assert "管理 太郎" in window.user.text()
    assert [r.action for r in store.audit_log(admin, limit=10)].count("sign_in_failed") == 1


# -- the thin path: listed, opened, its PDF shown and opened ---------------------------------


def test_the_submitted_application_is_listed_and_its_pdf_opens(
    qtbot, desktop, store, admin, catalogue, artifact_dir
) -> None:
    sub = submit(store, catalogue=catalogue)
    window = desktop.sign_in()
    model = desktop.desk.model
    assert [i.reception_number for i in model.records] == [sub.reception_number]
    assert model.data(model.index(0, 3)) == "𠮷田 花子"
    desktop.open_number(sub.reception_number)
    detail = window.detail
    assert detail.number.text() == sub.reception_number
    assert detail.name.text() == "𠮷田 花子"
    pages = [
        w
        for w in detail.pages_area.widget().findChildren(QWidget)
        if w.objectName().startswith("page_")
    ]
    stored = store.pdf(admin, sub.application_id, record_view=False)  # the test's own read
    assert len(pages) == len(pdfium.PdfDocument(stored)) > 1
    detail.tabs.setCurrentIndex(1)
    shoot(qtbot, window, artifact_dir / "application_with_forms.png")
    detail.tabs.setCurrentIndex(0)
    with qtbot.waitSignal(desktop.desk.pdf_exported, timeout=10000) as exported:
        click(qtbot, detail.buttons["open_pdf"])
    path = Path(exported.args[0])
    assert path.read_bytes() == stored
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [u.toLocalFile() for u in desktop.opened_urls] == [str(path)]
    trail = actions(store, admin, sub.application_id)
    assert ("view", "admin", None, None, None, None) in trail
    # One `view` for the opening (its preview within it), a `view_pdf` for the file.
    assert sum(1 for a in trail if a[0] == "view") == 1
    assert sum(1 for a in trail if a[0] == "view_pdf") == 1
    desktop.close()
    assert not path.exists()  # the private copy goes with the window


# -- live updates -----------------------------------------------------------------------------


def test_a_submission_at_a_kiosk_shows_by_itself(qtbot, desktop, store, admin, catalogue) -> None:
    window = desktop.sign_in()
    desktop.desk.live.wait_ready(5)
    kiosk = Store(store.url, clock=store.clock)  # another terminal, its own connections
    try:
        for name in ("山田 太郎", "髙橋 一郎"):
            sub = submit(kiosk, catalogue=catalogue, data=family(name), render=False)
            qtbot.waitUntil(
                lambda sub=sub: desktop.desk.model.row_of(sub.application_id) >= 0,
                timeout=LIVE_WAIT_MS,
            )
        # Another desk calls it: the state changes here too, no reload pressed.
        other = kiosk.sign_in("admin", PASSWORD)
        kiosk.call(other, sub.application_id, "5番窓口")
        row = lambda: desktop.desk.model.row_of(sub.application_id)  # noqa: E731
        qtbot.waitUntil(
            lambda: desktop.desk.model.item(row()).state == "called", timeout=LIVE_WAIT_MS
        )
        assert "5番窓口" in desktop.desk.model.data(desktop.desk.model.index(row(), 5))
        assert window.queue.count.text() == "2件"
    finally:
        kiosk.close()


# -- calling and finishing ------------------------------------------------------------------------


def test_call_next_review_tick_procedures_and_complete(
    qtbot, desktop, store, admin, catalogue, artifact_dir
) -> None:
    first = submit(store, catalogue=catalogue, data=family("山田 太郎"), render=False)
    second = submit(store, catalogue=catalogue, data=family("鈴木 花子"), render=False)
    window = desktop.sign_in()
    window.counter.setText("7番窓口")
    click(qtbot, window.call_next)  # the longest waiting comes first
    desktop.wait_opened(first.reception_number)
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "called")
    assert "7番窓口" in window.message.text()
    assert store.lobby_board().calling[0].reception_number == first.reception_number
    assert store.lobby_board().calling[0].counter == "7番窓口"
    detail = window.detail
    assert not detail.buttons["complete"].isEnabled()
    click(qtbot, detail.buttons["recall"])
    desktop.wait_idle()
    click(qtbot, detail.buttons["start_review"])
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "in_review")
    procedures = [p.procedure_id for p in desktop.desk.current.detail.summary.procedures]
    assert len(procedures) >= 2
    for procedure_id in procedures:
        box = detail.findChild(QCheckBox, f"procedure_{procedure_id}")
        assert box is not None and box.isEnabled() and not box.isChecked()
        box.setChecked(True)
        desktop.wait_idle()
        qtbot.waitUntil(
            lambda pid=procedure_id: any(
                p.procedure_id == pid and p.state == "done"
                for p in desktop.desk.current.detail.summary.procedures
            )
        )
    shoot(qtbot, window, artifact_dir / "procedures_done.png")
    click(qtbot, detail.buttons["complete"])
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "completed")
    # Completed applications leave the open queue; the next one is not opened by itself.
    qtbot.waitUntil(lambda: desktop.desk.model.row_of(first.application_id) < 0)
    desktop.wait_idle()
    assert desktop.desk.current_id == first.application_id
    assert "view" not in [a[0] for a in actions(store, admin, second.application_id)]
    done = [a[0] for a in actions(store, admin, first.application_id)]
    for action in ("call", "recall", "start_review", "procedure_done", "complete"):
        assert action in done
    assert done.count("procedure_done") == len(procedures)
    history = detail.history.records
    assert {r.action for r in history} >= {"call", "start_review", "complete"}


# -- corrections, 外字/字形, printing ----------------------------------------------------------------


def test_corrections_are_checked_recorded_rendered_and_reprinted(
    qtbot, desktop, store, admin, catalogue, artifact_dir
) -> None:
    sub = submit(store, catalogue=catalogue)
    window = desktop.sign_in()
    desktop.open_number(sub.reception_number)
    detail = window.detail
    assert not detail.edit_button.isEnabled()  # only the desk that called it may correct
    click(qtbot, detail.buttons["call_this"])
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "called")
    assert detail.select_answer("new_address.postal_code")
    click(qtbot, detail.edit_button)
    dialog = detail.dialog
    assert dialog is not None and dialog.isVisible()
    # The kiosk's check refuses a postal code that is not one; nothing is saved.
    dialog.input.setText("12")
    with qtbot.waitSignal(desktop.desk.edit_refused, timeout=10000) as refused:
        click(qtbot, button(dialog, "dialog_ok"))
    assert refused.args[0] and "郵便番号" in refused.args[0][0]
    assert dialog.feedback.isVisible()
    shoot(qtbot, dialog, artifact_dir / "correction_refused.png")
    assert "edit" not in [a[0] for a in actions(store, admin, sub.application_id)]
    # A wrong date never reaches the store.
    detail.dialog.reject()
    qtbot.waitUntil(lambda: detail.dialog is None)
    detail.select_answer("applicant.birth_date")
    click(qtbot, detail.edit_button)
    detail.dialog.input.setText("昭和63年2月30日")
    click(qtbot, button(detail.dialog, "dialog_ok"))
    assert "日付" in detail.dialog.feedback.text()
    detail.dialog.input.setText("昭和63年8月8日")
    with qtbot.waitSignal(desktop.desk.edit_saved, timeout=20000):
        click(qtbot, button(detail.dialog, "dialog_ok"))
    qtbot.waitUntil(lambda: detail.dialog is None)
    desktop.wait_idle()
    qtbot.waitUntil(
        lambda: desktop.desk.current.detail.data["applicant"]["birth_date"] == "1988-08-08"
    )
    trail = actions(store, admin, sub.application_id)
    assert ("edit", "admin", "applicant.birth_date", "1988-07-07", "1988-08-08", None) in trail
    assert "replace_pdf" in [a[0] for a in trail]
    assert "昭和63年8月8日" in pdf_text(store.pdf(admin, sub.application_id))
    # Reprint: through Qt's print system, here into a PDF file.
    with qtbot.waitSignal(desktop.desk.printed, timeout=30000) as printed:
        click(qtbot, detail.buttons["reprint"])
    assert printed.args == [1]
    out = Path(desktop.printers[0].outputFileName())
    text = pdf_text(out)
    assert sub.reception_number in text and "住民異動届" in text
    assert "昭和63年8月8日" in text  # the corrected forms, not the kiosk's
    assert ("reprint", "admin") in [a[:2] for a in actions(store, admin, sub.application_id)]
    qtbot.waitUntil(lambda: desktop.desk.current.detail.print_count == 1)
    shoot(qtbot, window, artifact_dir / "after_correction.png")


def test_glyph_check_puts_the_registered_character_in_place(
    qtbot, desktop, store, admin, catalogue, artifact_dir
) -> None:
    sub = submit(store, catalogue=catalogue, data=family("高橋 一郎"))
    window = desktop.sign_in()
    desktop.open_number(sub.reception_number)
    detail = window.detail
    click(qtbot, detail.buttons["call_this"])
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "called")
    # 高 is in JIS X 0208, so nothing flagged it: the staff member asks for a check.
    assert detail.select_answer("applicant.name")
    assert not detail.selected_row().glyph_check
    click(qtbot, detail.flag_button)
    qtbot.waitUntil(
        lambda: any(c.path == "applicant.name" for c in desktop.desk.current.detail.glyph_checks)
    )
    qtbot.waitUntil(lambda: desktop.desk.model.item(0).needs_glyph_check)
    detail.select_answer("applicant.name")
    assert detail.selected_row().glyph_check
    click(qtbot, detail.glyph_button)
    picker = detail.dialog
    assert picker.selected == 0  # 高 has variants: chosen first
    assert [
        b.text() for b in picker.findChildren(QPushButton) if b.objectName().startswith("variant_")
    ] == ["高", "髙"]
    click(qtbot, button(picker, "variant_1"))
    qtbot.waitUntil(lambda: picker.value == "髙橋 一郎")
    assert picker.preview.text() == "髙橋 一郎"
    shoot(qtbot, picker, artifact_dir / "glyph_picker.png")
    with qtbot.waitSignal(desktop.desk.edit_saved, timeout=20000):
        click(qtbot, button(picker, "dialog_ok"))
    desktop.wait_idle()
    qtbot.waitUntil(lambda: desktop.desk.current.detail.data["applicant"]["name"] == "髙橋 一郎")
    assert "applicant.name" not in {c.path for c in desktop.desk.current.detail.glyph_checks}
    trail = actions(store, admin, sub.application_id)
    assert ("edit", "admin", "applicant.name", "高橋 一郎", "髙橋 一郎", None) in trail
    assert ("glyph_checked", "admin", "applicant.name", None, None, "高→髙（U+9AD9）") in trail
    assert "髙橋 一郎" in pdf_text(store.pdf(admin, sub.application_id))


def test_names_outside_jis_show_in_a_font_that_has_them(
    qtbot, desktop, store, catalogue, artifact_dir
) -> None:
    sub = submit(store, catalogue=catalogue, render=False)  # 𠮷田 花子
    window = desktop.sign_in()
    desktop.open_number(sub.reception_number)
    detail = window.detail
    click(qtbot, detail.buttons["call_this"])
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "called")
    detail.select_answer("applicant.name")
    assert detail.selected_row().glyph_check  # flagged by the store at submit
    click(qtbot, detail.glyph_button)
    picker = detail.dialog
    assert picker.selected == 0
    variants = [
        b.text() for b in picker.findChildren(QPushButton) if b.objectName().startswith("variant_")
    ]
    assert variants == ["吉", "\U00020bb7"]
    # The UD font lacks 𠮷; the fallback family in the same font list has it.
    families = picker.preview.font().families()
    assert families[0].startswith("BIZ UD") and "IPAmjMincho" in families
    assert not QRawFont.fromFont(QFont("BIZ UDPGothic")).supportsCharacter(0x20BB7)
    assert QRawFont.fromFont(QFont("IPAmjMincho")).supportsCharacter(0x20BB7)
    shoot(qtbot, picker, artifact_dir / "glyph_picker_tsuchiyoshi.png")
    picker.reject()


# -- returning --------------------------------------------------------------------------------------


def test_return_needs_a_reason(qtbot, desktop, store, admin, catalogue) -> None:
    sub = submit(store, catalogue=catalogue, render=False)
    window = desktop.sign_in()
    desktop.open_number(sub.reception_number)
    click(qtbot, window.detail.buttons["return"])
    dialog = window.detail.dialog
    click(qtbot, button(dialog, "dialog_ok"))
    assert dialog.isVisible() and dialog.feedback.text() == JA("store.reason_required")
    dialog.text.setPlainText("本人確認書類をお持ちでないため")  # QTest types Latin-1 only
    click(qtbot, button(dialog, "dialog_ok"))
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "returned")
    assert desktop.desk.current.detail.close_reason == "本人確認書類をお持ちでないため"
    assert "本人確認書類" in window.detail.status.text()
    assert ("return", "admin") in [a[:2] for a in actions(store, admin, sub.application_id)]


# -- statistics -------------------------------------------------------------------------------------


def test_statistics_per_procedure_and_csv(
    qtbot, desktop, store, admin, catalogue, artifact_dir
) -> None:
    sub = submit(store, catalogue=catalogue, data=family("山田 太郎"), render=False)
    submit(store, catalogue=catalogue, data=family("鈴木 花子"), render=False)
    store.call(admin, sub.application_id, "1番")
    store.start_review(admin, sub.application_id)
    for p in store.detail(admin, sub.application_id).summary.procedures:
        store.mark_procedure(admin, sub.application_id, p.procedure_id)
    store.complete(admin, sub.application_id)
    window = desktop.sign_in()
    window.tabs.setCurrentWidget(window.stats)
    with qtbot.waitSignal(desktop.desk.stats_loaded, timeout=10000):
        click(qtbot, window.stats.show_button)
    rows = window.stats.model.records
    juminido = [r for r in rows if r.procedure_id == "juminido_tennyu"]
    assert len(juminido) == 1
    assert (juminido[0].applications, juminido[0].called, juminido[0].completed) == (2, 1, 1)
    assert juminido[0].handling_avg_s is not None
    shoot(qtbot, window, artifact_dir / "statistics.png")
    with qtbot.waitSignal(desktop.desk.stats_exported, timeout=10000):
        click(qtbot, window.stats.export_button)
    raw = desktop.csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("bucket,procedure_id,title_ja,applications,called")
    assert any(",juminido_tennyu,転入届,2,1," in line for line in lines[1:])


# -- accounts ---------------------------------------------------------------------------------------


def test_admin_creates_locks_unlocks_and_resets_an_account(
    qtbot, desktop, store, admin, artifact_dir
) -> None:
    window = desktop.sign_in()
    accounts = window.accounts
    window.tabs.setCurrentWidget(accounts)
    qtbot.waitUntil(lambda: len(accounts.model.records) == 1)
    qtbot.keyClicks(accounts.new_username, "tanaka")
    accounts.new_display.setText("田中 一")  # QTest types Latin-1 only
    qtbot.keyClicks(accounts.new_password, "first-password")
    click(qtbot, accounts.create_button)
    qtbot.waitUntil(lambda: accounts.select_username("tanaka"), timeout=10000)
    assert store.sign_in("tanaka", "first-password").role == "staff"
    click(qtbot, accounts.lock_button)
    qtbot.waitUntil(
        lambda: not next(a for a in accounts.model.records if a.username == "tanaka").active
    )
    with pytest.raises(StoreError) as refused:
        store.sign_in("tanaka", "first-password")
    assert refused.value.key == "store.bad_credentials"  # a disabled account says no more
    accounts.select_username("tanaka")
    click(qtbot, accounts.unlock_button)
    qtbot.waitUntil(
        lambda: next(a for a in accounts.model.records if a.username == "tanaka").active
    )
    accounts.select_username("tanaka")
    click(qtbot, accounts.reset_button)
    dialog = accounts.dialog
    qtbot.keyClicks(dialog.first, "second-password")
    qtbot.keyClicks(dialog.second, "second-passwort")
    click(qtbot, button(dialog, "dialog_ok"))
    assert dialog.feedback.isVisible()  # the two differ
    dialog.second.clear()
    qtbot.keyClicks(dialog.second, "second-password")
    click(qtbot, button(dialog, "dialog_ok"))
    done = JA("staff.accounts.password_set", username="tanaka")
    qtbot.waitUntil(lambda: window.message.text() == done, timeout=10000)
    assert store.sign_in("tanaka", "second-password").username == "tanaka"
    shoot(qtbot, window, artifact_dir / "accounts.png")
    # Staff (not admins) get no accounts tab.
    desktop.close()
    other = type(desktop)(qtbot, store, desktop.app.catalogue, desktop.tmp_path)
    try:
        staff_window = other.sign_in("tanaka", "second-password")
        assert staff_window.accounts is None and staff_window.tabs.count() == 2
    finally:
        other.close()


# -- English ------------------------------------------------------------------------------------------


def test_the_staff_window_in_english(qtbot, desktop, store, catalogue, artifact_dir) -> None:
    sub = submit(store, catalogue=catalogue, render=False)
    window = desktop.sign_in()
    desktop.open_number(sub.reception_number)
    window.language.setCurrentIndex(window.language.findData("en"))
    assert window.call_next.text() == "Call next"
    assert window.tabs.tabText(0) == "Queue"
    assert window.detail.buttons["call_this"].text() == "Call this number"
    assert desktop.desk.model.data(desktop.desk.model.index(0, 1)) == "Waiting"
    assert window.queue.state.itemText(0) == "Open"
    shoot(qtbot, window, artifact_dir / "staff_window_en.png")
