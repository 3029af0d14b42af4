"""The questions-and-choices workbook's two buttons (beside the boxes sheet's, under the
layout editor's page): export the data dictionary's facts and the choice lists to an
.xlsx file, and read one back (`ui.admin.question_sheet`).

Reading back is refused whole, with each problem at its sheet, row and column, when
the sheet itself is wrong (an unknown type, a missing key...) or when the catalogue
its texts make has a problem the draft did not have (the same check as after typing,
in a worker). Otherwise each changed file is written through the YAML view's own
document, as the fact editor writes it: one undo step per file, checked at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from forms.sheet import SheetError, SheetErrors
from ui.admin.checking import CheckResult, Problem, check_draft
from ui.admin.desk import AdminDesk
from ui.admin.question_sheet import (
    CHOICES,
    DICTIONARY,
    EVENTS,
    QuestionSheet,
    apply_questions,
    export_questions,
    locate,
    read_questions,
)
from ui.threads import run_in_thread

FILES = (DICTIONARY, CHOICES, EVENTS)
#: At most this many problems are listed in the message line.
SHOWN = 8
AskPath = Callable[[QWidget, str, str, bool], "str | None"]


def sheet_error_text(tr: Any, error: SheetError) -> str:
    """「questions シート 7 行目 type 列: …」 in the admin's language."""
    what = tr(error.message_key, **error.params)
    return tr("admin.sheet.at", sheet=error.sheet, row=error.row, column=error.column or "-",
              message=what)  # fmt: skip


class QuestionSheetButtons(QObject):
    #: An import ended: True when it wrote the texts, False when it was refused.
    finished = Signal(bool)

    def __init__(
        self,
        desk: AdminDesk,
        replace_text: Callable[[str, str], None],
        ask_path: AskPath,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self._replace_text = replace_text
        self._ask_path = ask_path
        self._parent = parent
        self.export_button = QPushButton()
        self.export_button.setObjectName("questions_export")
        self.export_button.clicked.connect(lambda: self.export_sheet())
        self.import_button = QPushButton()
        self.import_button.setObjectName("questions_import")
        self.import_button.clicked.connect(lambda: self.import_sheet())
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.desk.translator
        self.export_button.setText(tr("admin.sheet.questions_export"))
        self.export_button.setToolTip(tr("admin.sheet.questions_export_tip"))
        self.import_button.setText(tr("admin.sheet.questions_import"))
        self.import_button.setToolTip(tr("admin.sheet.questions_import_tip"))

    def _texts(self) -> dict[str, str]:
        return {rel: self.desk.text(rel) for rel in FILES}

    def export_sheet(self) -> None:
        tr = self.desk.translator
        path = self._ask_path(self._parent, tr("admin.sheet.questions_export"), "questions.xlsx",
                              True)  # fmt: skip
        if not path:
            return
        Path(path).write_bytes(export_questions(self._texts()))
        self.desk.message.emit("info", tr("admin.sheet.questions_exported", path=path))

    def import_sheet(self) -> None:
        tr = self.desk.translator
        path = self._ask_path(self._parent, tr("admin.sheet.questions_import"), "", False)
        if not path:
            return
        texts = self._texts()
        try:
            sheet = read_questions(texts, Path(path).read_bytes())
            new = apply_questions(texts, sheet)
        except (SheetErrors, OSError) as exc:
            errors = exc.errors if isinstance(exc, SheetErrors) else []
            self._refuse([sheet_error_text(tr, e) for e in errors] or [str(exc)])
            return
        if not new:
            self.desk.message.emit("info", tr("admin.sheet.questions_unchanged", path=path))
            self.finished.emit(True)
            return
        self.import_button.setEnabled(False)
        self.desk.message.emit("info", tr("admin.sheet.questions_checking", path=path))
        overrides = {rel: self.desk.text(rel) for rel in self.desk.dirty} | new
        before = self.desk.result.problems if self.desk.result is not None else []
        run_in_thread(
            check_draft,
            self.desk.workspace,
            overrides,
            on_result=lambda result: self._checked(path, texts, sheet, new, before, result),
            on_error=lambda exc: self._failed(repr(exc)),
        )

    def _failed(self, detail: str) -> None:
        self.import_button.setEnabled(True)
        self._refuse([self.desk.translator("admin.check.unexpected", detail=detail)])

    def _refuse(self, lines: list[str]) -> None:
        tr = self.desk.translator
        more = [tr("admin.sheet.more", count=len(lines) - SHOWN)] if len(lines) > SHOWN else []
        self.desk.message.emit("error", "\n".join([tr("admin.sheet.refused", count=len(lines)),
                                                   *lines[:SHOWN], *more]))  # fmt: skip
        self.finished.emit(False)

    def _checked(
        self,
        path: str,
        texts: dict[str, str],
        sheet: QuestionSheet,
        new: dict[str, str],
        before: list[Problem],
        result: CheckResult,
    ) -> None:
        tr = self.desk.translator
        self.import_button.setEnabled(True)
        if self._texts() != texts:  # typed in meanwhile: the sheet was read against older texts
            self._refuse([tr("admin.sheet.questions_moved")])
            return
        had = {(p.file, p.path, p.code) for p in before}
        fresh = [p for p in result.problems if (p.file, p.path, p.code) not in had]
        located, elsewhere = locate(fresh, sheet, texts | new)
        if located or elsewhere:
            lines = [sheet_error_text(tr, e) for e in located]
            lines += [tr("admin.sheet.elsewhere", file=p.file, line=p.line or "-",
                         message=p.message(tr)) for p in elsewhere]  # fmt: skip
            self._refuse(lines)
            return
        for rel, text in new.items():
            self._replace_text(rel, text)
        self.desk.message.emit("info", tr("admin.sheet.questions_imported", path=path,
                                          files=", ".join(new)))  # fmt: skip
        self.finished.emit(True)
