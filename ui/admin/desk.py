"""`AdminDesk`: the state of one catalogue editor and every action it takes.

The desk holds the unsaved text of each file, checks the draft as the admin types
(debounced; in a worker: the draft with the unsaved texts copied to a temporary
directory and loaded like a kiosk loads it), keeps the last catalogue that loaded
without problems for previews, renders previews and question flows in workers, saves,
and publishes. Widgets hold none of this: they show what the desk reports and call
its methods. Only the newest check's result is shown; a check asked for while one runs
starts when it ends (at most one waits).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from forms.catalogue import Catalogue, load_catalogue
from forms.render import render_form
from forms.yamltext import NotEditable
from i18n import Translator, translator
from kiosk.clock import Clock
from kiosk.store import Principal, StoreError
from ui.admin.checking import CheckResult, check_draft
from ui.admin.publishing import (
    Publication,
    PublishedElsewhere,
    PublishError,
    publications,
    publish,
    read_log,
    restore,
)
from ui.admin.review import CatalogueDiff, diff_catalogues
from ui.admin.samples import SAMPLE_TODAY, event_for_form, question_flow, sample_data
from ui.admin.workspace import Workspace, WorkspaceError
from ui.pdf_pages import render_previews
from ui.threads import run_in_thread

log = logging.getLogger(__name__)


def preview_pages(catalogue: Catalogue, form_id: str, sample: str, width: int) -> list[Any]:
    """One form of `catalogue` filled with a sample set, as page images."""
    data = sample_data(catalogue, sample, event_for_form(catalogue, form_id))
    batch = render_form(catalogue, data, form_id, today=SAMPLE_TODAY)
    return render_previews(batch.pdf, width)


class ApprovalRefused(Exception):
    """The second admin's approval was not given; `key` and `params` are admin.po's."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


#: Quiet time after the last keystroke before the draft is checked.
DEBOUNCE_MS = 500
#: Pixel width of preview page images.
PREVIEW_WIDTH = 420


class AdminDesk(QObject):
    #: A check of the current texts finished (a `CheckResult`).
    checked = Signal(object)
    #: True while a check runs (or waits to run), False when the shown result is current.
    checking = Signal(bool)
    #: The set of files with unsaved changes changed.
    dirty_changed = Signal()
    #: Files were added or removed.
    files_changed = Signal()
    #: A file's text was replaced from disk (revert, reset); "" for every file.
    reloaded = Signal(str)
    #: (severity, text): "error", "info".
    message = Signal(str, str)
    published = Signal(object)  # PublishResult
    #: Someone else published since the draft was taken: the window asks, then
    #: calls `publish(force=True)`.
    publish_conflict = Signal(str)
    #: A kept publication was published again (a `PublishResult`).
    restored = Signal(object)
    preview_ready = Signal(str, list)  # form id, [QImage]
    #: Pages of a form of an earlier publication (its path, form id, [QImage]).
    publication_preview_ready = Signal(str, str, list)
    preview_failed = Signal(str)
    flow_ready = Signal(object)  # FlowPreview
    locale_changed = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        principal: Principal,
        *,
        locale: str = "ja",
        debounce_ms: int = DEBOUNCE_MS,
        clock: Clock | None = None,
        store: Any = None,
        needs_approval: bool = False,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        #: The store: it checks a second admin's password when approval is needed.
        self.store = store
        #: `Config.publish_approval`: each publication needs a second admin's approval.
        self.needs_approval = needs_approval
        self.clock = clock or Clock()  # the time in the publish log and backup names
        self.principal = principal
        self.locale = locale
        self.translator: Translator = translator(locale)
        self.created = workspace.open()
        self._saved: dict[str, str] = {}
        self._unsaved: dict[str, str] = {}
        self.result: CheckResult | None = None
        #: The newest catalogue that loaded without problems (previews use it).
        self.last_good: Catalogue | None = None
        self._generation = 0  # bumped by every text change
        self._checked_generation = -1
        self._running = False
        self._again = False
        self._preview_generation = 0
        self._flow_generation = 0
        self.publishing = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.check_now)

    def set_locale(self, locale: str) -> None:
        self.locale = locale
        self.translator = translator(locale)
        self.locale_changed.emit(locale)

    # -- texts -----------------------------------------------------------------------------

    def files(self) -> list[str]:
        return self.workspace.files()

    def text(self, rel: str) -> str:
        if rel in self._unsaved:
            return self._unsaved[rel]
        return self._saved_text(rel)

    def _saved_text(self, rel: str) -> str:
        if rel not in self._saved:
            self._saved[rel] = self.workspace.read(rel)
        return self._saved[rel]

    def set_text(self, rel: str, text: str) -> None:
        """The admin changed a file's text (not saved yet); a check follows shortly."""
        was_dirty = rel in self._unsaved
        if text == self._saved_text(rel):
            if rel not in self._unsaved:
                return
            del self._unsaved[rel]
        else:
            if self._unsaved.get(rel) == text:
                return
            self._unsaved[rel] = text
        if was_dirty != (rel in self._unsaved):
            self.dirty_changed.emit()
        self._changed()

    def is_dirty(self, rel: str) -> bool:
        return rel in self._unsaved

    @property
    def dirty(self) -> list[str]:
        return sorted(self._unsaved)

    def save(self, rel: str | None = None) -> list[str]:
        """Write one file (or every unsaved one) to the draft; saving is never blocked by
        problems: only publishing is."""
        names = [rel] if rel is not None else list(self._unsaved)
        saved = []
        for name in names:
            if name not in self._unsaved:
                continue
            text = self._unsaved.pop(name)
            self.workspace.write(name, text)
            self._saved[name] = text
            saved.append(name)
        if saved:
            self.dirty_changed.emit()
            self.message.emit("info", self.translator("admin.saved", count=len(saved)))
        return saved

    def revert(self, rel: str) -> None:
        """Forget the unsaved changes of one file."""
        if self._unsaved.pop(rel, None) is None:
            return
        self.dirty_changed.emit()
        self.reloaded.emit(rel)
        self._changed()

    def reset_draft(self) -> None:
        """Throw the draft away (saved and unsaved) and copy the published catalogue again."""
        self.workspace.reset()
        self._saved.clear()
        self._unsaved.clear()
        self.dirty_changed.emit()
        self.files_changed.emit()
        self.reloaded.emit("")
        self.message.emit("info", self.translator("admin.draft.reset_done"))
        self._changed()

    def duplicate_form(
        self, rel: str, name: str, text: str | None = None, said: str = "admin.file.duplicated"
    ) -> str | None:
        """A new form file copied from `rel` (with its unsaved text, or `text`), with
        `id: name`."""
        try:
            new = self.workspace.duplicate_form(rel, name, self.text(rel) if text is None else text)
        except WorkspaceError as exc:
            self.message.emit("error", self.translator(exc.key, **exc.params))
            return None
        self.files_changed.emit()
        self.message.emit("info", self.translator(said, name=new))
        self._changed()
        return new

    def new_form(self, rel: str, name: str, title: str) -> str | None:
        """A new form file with no boxes yet, for the procedures of the form `rel`
        (`forms.layout.blank_form`); its boxes are added in the layout editor."""
        from forms.layout import blank_form

        try:
            text = blank_form(self.text(rel), name, title)
        except NotEditable:
            self.message.emit("error", self.translator("admin.layout.not_editable", part=rel))
            return None
        return self.duplicate_form(rel, name, text, said="admin.file.new_form_done")

    def delete_form(self, rel: str) -> bool:
        try:
            self.workspace.delete_form(rel)
        except WorkspaceError as exc:
            self.message.emit("error", self.translator(exc.key, **exc.params))
            return False
        self._unsaved.pop(rel, None)
        self._saved.pop(rel, None)
        self.files_changed.emit()
        self.dirty_changed.emit()
        self.message.emit("info", self.translator("admin.file.deleted", name=rel))
        self._changed()
        return True

    # -- checking ------------------------------------------------------------------------

    def _changed(self) -> None:
        self._generation += 1
        self.checking.emit(True)
        self._timer.start()

    @property
    def current(self) -> bool:
        """Whether the shown check result is of the texts as they are now."""
        return (
            self.result is not None
            and not self._running
            and not self._timer.isActive()
            and self._checked_generation == self._generation
        )

    def check_now(self) -> None:
        """Check the draft with the unsaved texts now (in a worker)."""
        self._timer.stop()
        if self._running:
            self._again = True
            return
        self._running = True
        self.checking.emit(True)
        generation = self._generation
        overrides = dict(self._unsaved)

        def done(result: CheckResult) -> None:
            self._running = False
            self.result = result
            self._checked_generation = generation
            if result.ok:
                self.last_good = result.catalogue
            if self._again:  # the texts changed while it ran, and the quiet time is over
                self._again = False
                self.check_now()
            elif generation == self._generation and not self._timer.isActive():
                self.checking.emit(False)
            self.checked.emit(result)

        def failed(exc: BaseException) -> None:
            # e.g. a file removed while it was being copied: say so, and check again
            # if something changed meanwhile.
            self._running = False
            log.error("checking the draft failed", exc_info=exc)
            self.message.emit("error", self.translator("admin.check.unexpected", detail=repr(exc)))
            if self._again:
                self._again = False
                self.check_now()
            else:
                self.checking.emit(False)

        run_in_thread(check_draft, self.workspace, overrides, on_result=done, on_error=failed)

    @property
    def can_publish(self) -> bool:
        return (
            self.workspace.published is not None
            and self.current
            and self.result is not None
            and self.result.ok
            and not self.publishing
        )

    # -- publishing ------------------------------------------------------------------------

    def review(self) -> CatalogueDiff:
        """What the draft (with its unsaved texts) changes against the published catalogue:
        read at once (a few dozen small files), for the publish dialog."""
        import tempfile
        from pathlib import Path

        published = self.workspace.published
        with tempfile.TemporaryDirectory(prefix="madoguchi-review-") as tmp:
            draft = self.workspace.snapshot(Path(tmp) / "draft", dict(self._unsaved))
            return diff_catalogues(published if published and published.exists() else None, draft)

    def publications(self) -> list[Publication]:
        """The published version and the kept earlier ones, newest first."""
        published = self.workspace.published
        return publications(published.absolute()) if published is not None else []

    def diff_to(self, publication: Publication) -> CatalogueDiff:
        """What restoring `publication` would change against the published catalogue."""
        published = self.workspace.published
        assert published is not None
        return diff_catalogues(published if published.exists() else None, publication.path)

    def _approve(self, approver: tuple[str, str] | None) -> str | None:
        """The second admin's name once their password is right (in the worker); None
        when no approval is needed."""
        if not self.needs_approval:
            return None
        if approver is None or not approver[0] or not approver[1]:
            raise ApprovalRefused("admin.publish.approval_missing")
        if self.store is None:
            raise ApprovalRefused("admin.publish.approval_no_store")
        username, password = approver
        if username == self.principal.username:
            raise ApprovalRefused("admin.publish.approval_self")
        try:
            second = self.store.sign_in(username, password)
        except StoreError:
            raise ApprovalRefused("admin.publish.approval_failed", name=username) from None
        try:
            if not second.is_admin or second.account_id == self.principal.account_id:
                raise ApprovalRefused("admin.publish.approval_not_admin", name=username)
        finally:
            self.store.sign_out(second)  # the approval needs no session of its own
        return str(second.username)

    def publish(
        self,
        note: str | None = None,
        approver: tuple[str, str] | None = None,
        force: bool = False,
    ) -> None:
        """Save every file, then publish the draft if it loads without problems.

        `note` (required) says what changed and why; `approver` is a second admin's
        (user name, password) when the setting asks for approval. After a conflict the
        window calls `publish(force=True)` with the same note and approval."""
        if self.workspace.published is None:
            self.message.emit("error", self.translator("admin.publish.not_configured"))
            return
        if self.publishing:
            return
        if note is None and approver is None and force:
            note, approver = self._pending
        note = (note or "").strip()
        if not note:
            self.message.emit("error", self.translator("admin.publish.note_missing"))
            return
        if self.needs_approval and approver is None:
            self.message.emit("error", self.translator("admin.publish.approval_missing"))
            return
        self._pending = (note, approver)
        self.save()
        self.publishing = True
        actor = self.principal.username

        def work() -> Any:
            approved_by = self._approve(approver)
            return publish(
                self.workspace, actor=actor, force=force, now=self.clock.local_now(),
                note=note, approver=approved_by,
            )  # fmt: skip

        run_in_thread(work, on_result=self._published, on_error=self._publish_failed)

    _pending: tuple[str, tuple[str, str] | None] = ("", None)

    def restore(
        self, publication: Publication, note: str, approver: tuple[str, str] | None = None
    ) -> None:
        """Publish a kept earlier version again (itself a publication, with a note)."""
        if self.publishing:
            return
        note = note.strip()
        if not note:
            self.message.emit("error", self.translator("admin.publish.note_missing"))
            return
        self.publishing = True
        actor = self.principal.username

        def work() -> Any:
            approved_by = self._approve(approver)
            return restore(
                self.workspace, publication.path, actor=actor, now=self.clock.local_now(),
                note=note, approver=approved_by,
            )  # fmt: skip

        def done(result: Any) -> None:
            self.publishing = False
            stamp = result.at.strftime("%Y-%m-%d %H:%M:%S")
            self.message.emit(
                "info",
                self.translator("admin.restore.done", name=publication.path.name, at=stamp),
            )
            self.restored.emit(result)

        run_in_thread(work, on_result=done, on_error=self._publish_failed)

    def _published(self, result: Any) -> None:
        self.publishing = False
        stamp = result.at.strftime("%Y-%m-%d %H:%M:%S")
        self.message.emit(
            "info", self.translator("admin.publish.done", path=str(result.published), at=stamp)
        )
        self.published.emit(result)

    def _publish_failed(self, exc: BaseException) -> None:
        self.publishing = False
        if isinstance(exc, PublishedElsewhere):
            self.publish_conflict.emit(self.translator(exc.key, **exc.params))
        elif isinstance(exc, PublishError | ApprovalRefused):
            self.message.emit("error", self.translator(exc.key, **exc.params))
        else:
            log.error("publishing failed", exc_info=exc)
            self.message.emit("error", self.translator("admin.publish.failed", detail=str(exc)))

    def render_publication(self, publication: Publication, form_id: str) -> None:
        """A form of an earlier publication with sample answers, as page images."""
        path = publication.path

        def work() -> list[Any]:
            return preview_pages(load_catalogue(path), form_id, "full", PREVIEW_WIDTH)

        def done(images: list[Any]) -> None:
            self.publication_preview_ready.emit(str(path), form_id, images)

        def failed(exc: BaseException) -> None:
            log.warning("preview of %s in %s failed", form_id, path.name, exc_info=exc)
            self.preview_failed.emit(self.translator("admin.preview.failed", detail=repr(exc)))

        run_in_thread(work, on_result=done, on_error=failed)

    # -- previews ----------------------------------------------------------------------------

    def render_preview(
        self, form_id: str, sample: str = "full", width: int = PREVIEW_WIDTH
    ) -> None:
        """Render one form of the last good catalogue with sample answers, as page images."""
        catalogue = self.last_good
        if catalogue is None:
            self.preview_failed.emit(self.translator("admin.preview.no_catalogue"))
            return
        if form_id not in catalogue.forms:
            self.preview_failed.emit(self.translator("admin.preview.no_form", form=form_id))
            return
        self._preview_generation += 1
        generation = self._preview_generation

        def work() -> list[Any]:
            return preview_pages(catalogue, form_id, sample, width)

        def done(images: list[Any]) -> None:
            if generation == self._preview_generation:
                self.preview_ready.emit(form_id, images)

        def failed(exc: BaseException) -> None:
            if generation == self._preview_generation:
                log.warning("preview of %s failed", form_id, exc_info=exc)
                key = getattr(exc, "key", "")
                detail = str(exc) if key else repr(exc)
                self.preview_failed.emit(self.translator("admin.preview.failed", detail=detail))

        run_in_thread(work, on_result=done, on_error=failed)

    def question_flow(self, event_id: str, *, yes: bool = True, card: bool = True) -> None:
        catalogue = self.last_good
        if catalogue is None or event_id not in catalogue.events:
            self.preview_failed.emit(self.translator("admin.preview.no_catalogue"))
            return
        tr = self.translator
        self._flow_generation += 1
        generation = self._flow_generation

        def done(preview: Any) -> None:
            if generation == self._flow_generation:  # an older request answers late
                self.flow_ready.emit(preview)

        def failed(exc: BaseException) -> None:
            log.warning("question flow of %s failed", event_id, exc_info=exc)
            self.preview_failed.emit(self.translator("admin.preview.failed", detail=repr(exc)))

        run_in_thread(
            lambda: question_flow(catalogue, event_id, tr, yes=yes, card=card),
            on_result=done,
            on_error=failed,
        )

    def last_publish(self) -> dict[str, Any] | None:
        """The newest entry of the published catalogue's publish log, if any."""
        path = self.workspace.published
        if path is None:
            return None
        try:
            entries = read_log(path)
        except (OSError, ValueError):
            return None
        return entries[-1] if entries else None

    def shutdown(self) -> None:
        self._timer.stop()
