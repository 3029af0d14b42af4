"""The thin path end to end: a resident submits at the real kiosk (scenario, simulated
card), and `madoguchi staff` lists the application and opens its PDF."""

from __future__ import annotations

import stat
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QWidget

from kiosk.scenario import load_scenario
from kiosk.store import Store
from tests.ui.staff.conftest import Desktop, pdf_text, shoot
from tests.ui.staff.seed import PASSWORD
from ui.kiosk.run_script import run_scenario

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "moving_in_card.yaml"


def test_a_kiosk_submission_is_listed_and_its_pdf_opens(
    qtbot, qapp, kiosk_config, catalogue, tmp_path, artifact_dir
) -> None:
    summary = run_scenario(load_scenario(SCENARIO), artifact_dir / "kiosk", kiosk_config)
    assert summary["completed"], summary["errors"]
    number = summary["reception_number"]
    store = Store(kiosk_config.database_url)
    store.create_account(None, "admin", "管理 太郎", PASSWORD, "admin")
    admin = store.sign_in("admin", PASSWORD)
    desktop = Desktop(qtbot, store, catalogue, tmp_path)
    try:
        window = desktop.sign_in()
        assert [i.reception_number for i in desktop.desk.model.records] == [number]
        desktop.open_number(number)
        detail = window.detail
        assert detail.name.text() == "見本　花子"  # as the card gave it
        box = detail.findChild(QCheckBox, "procedure_juminido_tennyu")
        assert box is not None and box.text() == "転入届（市民課）"
        app_id = desktop.desk.current_id
        stored = store.pdf(admin, app_id)
        pages = [
            w
            for w in detail.pages_area.widget().findChildren(QWidget)
            if w.objectName().startswith("page_")
        ]
        assert len(pages) == len(pdfium.PdfDocument(stored))
        detail.tabs.setCurrentIndex(1)
        shoot(qtbot, window, artifact_dir / "staff_opens_the_kiosk_application.png")
        with qtbot.waitSignal(desktop.desk.pdf_exported, timeout=10000) as exported:
            qtbot.mouseClick(detail.buttons["open_pdf"], Qt.MouseButton.LeftButton)
        path = Path(exported.args[0])
        assert path.read_bytes() == stored
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert "住民異動届" in pdf_text(path)
        assert [u.toLocalFile() for u in desktop.opened_urls] == [str(path)]
    finally:
        desktop.close()
        store.close()
