"""File > New from Template: a gallery of the force library's, the built-in and the
officer's own templates.

Each card shows the first page, the name in bold, whether it is a force template (from the
force library the officer follows; these come first), built-in or the officer's own, and
the description. Thumbnails come from gui.thumbnails: cached ones at once, the
others as they are rendered off the UI thread. Typing filters (all words must appear in the
name or description; name matches first), Down moves into the grid, Enter or a double-click
starts a new pack from the selected template, Esc cancels. "Import template…" adds a
colleague's template file to My templates, as `briefpack templates import` does.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QKeyEvent,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefpack.gui.library_dialogs import ConflictDialog
from briefpack.gui.thumbnails import (
    BUILTIN_ROLE,
    DESCRIPTION_ROLE,
    FORCE_ROLE,
    KEY_ROLE,
    NOTE_ROLE,
    PATH_ROLE,
    THUMB_WIDTH,
    TemplateCardDelegate,
    ThumbnailService,
    kind_label,
    thumbnail_service,
)
from briefpack.model.conflicts import ConflictError, ImportResult, OnConflict
from briefpack.model.errors import BriefpackError
from briefpack.model.library_import import refuse_unless_ordinary
from briefpack.model.template_store import TemplateInfo, import_template, list_templates

STARTUP_KEY = "startup/gallery"
LAST_TEMPLATE_KEY = "templates/last"
TEMPLATE_FILTER = "briefpack templates (*.bpack);;All files (*)"


def gallery_at_startup(settings: QSettings) -> bool:
    """Whether the officer wants the gallery when briefpack starts (default: yes)."""
    return bool(settings.value(STARTUP_KEY, True, type=bool))


def _long_kind(info: TemplateInfo) -> str:
    """Whose template this is, for its tooltip and the details line."""
    if info.force:  # read-only: starting a pack from it, or saving one as yours, copies it
        return "force template, approved in the force library (read-only)"
    return "built-in template" if info.builtin else f"your template, in {info.path}"


class TemplateFilter(QSortFilterProxyModel):
    """Keeps templates whose name or description hold every word typed; name matches first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.words: list[str] = []

    def set_query(self, text: str) -> None:
        self.words = text.casefold().split()
        self.invalidate()
        self.sort(0)

    def _fields(self, row: int) -> tuple[str, str]:
        index = self.sourceModel().index(row, 0)
        kind = kind_label(index)
        return (index.data() or "").casefold(), f"{index.data(DESCRIPTION_ROLE)} {kind}".casefold()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        name, rest = self._fields(row)
        return all(word in name or word in rest for word in self.words)

    def lessThan(
        self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex
    ) -> bool:
        return (self._rank(left.row()), left.row()) < (self._rank(right.row()), right.row())

    def _rank(self, row: int) -> int:
        name, _ = self._fields(row)
        return 0 if all(word in name for word in self.words) else 1


class TemplateGallery(QDialog):
    """The gallery; `chosen` is the template file picked when it is accepted."""

    def __init__(
        self,
        parent: QWidget | None,
        settings: QSettings,
        service: ThumbnailService | None = None,
        templates: list[TemplateInfo] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New from template")
        self.settings = settings
        self.service = service or thumbnail_service()
        self.chosen: Path | None = None
        self.problems: list[BriefpackError] = []
        self.templates = templates if templates is not None else list_templates(self.problems)
        self.model = QStandardItemModel(self)
        self.proxy = TemplateFilter(self)
        self.proxy.setSourceModel(self.model)
        self._rows_by_key: dict[str, list[int]] = {}
        self._build()
        self._fill()
        self.service.ready.connect(self._thumbnail_ready)
        self.service.failed.connect(self._thumbnail_failed)
        self._select_initial()
        self._fit_to_screen()

    # ---- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search templates by name or description")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.search.installEventFilter(self)
        self.search.setAccessibleName("Search templates")

        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setItemDelegate(TemplateCardDelegate(self.list))
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setUniformItemSizes(True)
        self.list.setSpacing(6)
        self.list.setMouseTracking(True)
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setAccessibleName("Templates")
        self.list.doubleClicked.connect(self._start_from)
        self.list.installEventFilter(self)
        self.list.selectionModel().currentChanged.connect(self._current_changed)

        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setMinimumHeight(self.fontMetrics().lineSpacing() * 2)
        self.problem_note = QLabel(self)
        self.problem_note.setWordWrap(True)
        self.problem_note.setStyleSheet("color: #7a4d00;")  # a warning, not an error: we go on
        self.problem_note.setVisible(bool(self.problems))
        self.problem_note.setText(self._problem_text())

        self.at_startup = QCheckBox("Show this gallery when briefpack starts", self)
        self.at_startup.setChecked(gallery_at_startup(self.settings))
        self.at_startup.toggled.connect(lambda on: self.settings.setValue(STARTUP_KEY, on))

        self.open_file_button = QPushButton("Open a template file…", self)
        self.open_file_button.setAutoDefault(False)
        self.open_file_button.clicked.connect(self._open_file)
        self.import_button = QPushButton("Import template…", self)
        self.import_button.setAutoDefault(False)
        self.import_button.setToolTip("Add a colleague's template file to My templates")
        self.import_button.clicked.connect(self.import_dialog)
        cancel = QPushButton("Cancel", self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        self.start_button = QPushButton("Start", self)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._start)

        buttons = QHBoxLayout()
        buttons.addWidget(self.at_startup)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.open_file_button)
        buttons.addWidget(cancel)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Choose a template for the new pack:", self))
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.details)
        layout.addWidget(self.problem_note)
        self.import_note = QLabel(self)  # what the last import did, or why it did not
        self.import_note.setWordWrap(True)
        self.import_note.setTextFormat(Qt.TextFormat.PlainText)
        self.import_note.hide()
        layout.addWidget(self.import_note)
        layout.addLayout(buttons)
        self.setFocusProxy(self.search)
        self.search.setFocus()

    def _problem_text(self) -> str:
        if not self.problems:
            return ""
        count = len(self.problems)
        first = self.problems[0].message
        more = f" (and {count - 1} more)" if count > 1 else ""
        return f"Could not read {count} template file{'s' if count > 1 else ''}: {first}{more}"

    def _fill(self) -> None:
        self.model.clear()
        self._rows_by_key.clear()
        for row, info in enumerate(self.templates):
            item = QStandardItem(info.name)
            item.setEditable(False)
            item.setData(info.description, DESCRIPTION_ROLE)
            item.setData(info.builtin, BUILTIN_ROLE)
            item.setData(info.force, FORCE_ROLE)
            item.setData(str(info.path), PATH_ROLE)
            kind = _long_kind(info)
            item.setToolTip(f"{info.name} ({kind})\n\n{info.description}".strip())
            key, image = self.service.thumbnail(info.path)
            item.setData(key, KEY_ROLE)
            if image is not None:
                item.setData(self._pixmap(image), Qt.ItemDataRole.DecorationRole)
            self._rows_by_key.setdefault(key, []).append(row)
            self.model.appendRow(item)
        self.proxy.sort(0)

    def _fit_to_screen(self) -> None:
        screen = (self.parentWidget() or self).screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        width = min(1100, round(area.width() * 0.85))
        height = min(860, round(area.height() * 0.85))
        self.resize(width, height)

    def _pixmap(self, image: QImage) -> QPixmap:
        ratio = self.devicePixelRatioF()
        scaled = image.scaledToWidth(
            round(THUMB_WIDTH * ratio), Qt.TransformationMode.SmoothTransformation
        )
        pixmap = QPixmap.fromImage(scaled)
        pixmap.setDevicePixelRatio(ratio)
        return pixmap

    # ---- thumbnails (UI thread, from the service's signals) --------------------------------

    def _thumbnail_ready(self, key: str, image: QImage) -> None:
        for row in self._rows_by_key.get(key, []):
            self.model.item(row).setData(self._pixmap(image), Qt.ItemDataRole.DecorationRole)

    def _thumbnail_failed(self, key: str, message: str) -> None:
        for row in self._rows_by_key.get(key, []):
            item = self.model.item(row)
            item.setData("No preview", NOTE_ROLE)
            item.setToolTip(f"{item.toolTip()}\n\nNo preview: {message}")

    def thumbnails_pending(self) -> int:
        """How many cards still wait for their picture (tests, diagnostics)."""
        return sum(
            1
            for row in range(self.model.rowCount())
            if self.model.item(row).data(Qt.ItemDataRole.DecorationRole) is None
            and not self.model.item(row).data(NOTE_ROLE)
        )

    # ---- searching and choosing ------------------------------------------------------------

    def _search_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        found = self.proxy.rowCount()
        self.empty.setVisible(found == 0)
        self.empty.setText(f"No template matches “{text.strip()}”." if not found else "")
        if found:
            self.list.setCurrentIndex(self.proxy.index(0, 0))  # the best match
        self._current_changed()

    def _select_initial(self) -> None:
        last = self.settings.value(LAST_TEMPLATE_KEY, "", type=str)
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(PATH_ROLE) == last:
                self.list.setCurrentIndex(self.proxy.index(row, 0))
                break
        else:
            if self.proxy.rowCount():
                self.list.setCurrentIndex(self.proxy.index(0, 0))
        if not self.templates:
            self.empty.setText("No templates found. Press “Open a template file…” to use one.")
            self.empty.show()
        self._current_changed()

    def current_info(self) -> TemplateInfo | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        return self.templates[self.proxy.mapToSource(index).row()]

    def _current_changed(self, *_: object) -> None:
        info = self.current_info()
        self.start_button.setEnabled(info is not None)
        if info is None:
            self.details.setText("")
            return
        kind = "Built-in template" if info.builtin else "My template"
        if info.force:
            kind = "Force template (read-only; a new pack or a save makes your own copy)"
        self.details.setText(f"{info.name} — {kind}\n{info.description}")

    def _start_from(self, index: QModelIndex) -> None:
        """A double-click starts the card clicked, whichever was selected before."""
        if index.isValid():
            self.list.setCurrentIndex(index)
            self._start()

    def _start(self, *_: object) -> None:
        info = self.current_info()
        if info is None:
            return
        self.settings.setValue(LAST_TEMPLATE_KEY, str(info.path))
        self.chosen = info.path
        self.accept()

    def pick_template_file(self) -> str:
        """A template file chosen in a file dialog, or "" (tests replace this)."""
        file, _ = QFileDialog.getOpenFileName(
            self, "Open a template file", str(Path.home()), TEMPLATE_FILTER
        )
        return file

    def _open_file(self) -> None:
        file = self.pick_template_file()
        if file:
            self.chosen = Path(file)
            self.accept()

    # ---- importing a colleague's template --------------------------------------------------

    def pick_import_file(self) -> str:
        """A template file to import, chosen in a file dialog, or "" (tests replace this)."""
        file, _ = QFileDialog.getOpenFileName(
            self, "Import a template", str(Path.home()), TEMPLATE_FILTER
        )
        return file

    def ask_conflict(self, conflict: str) -> OnConflict | None:
        """Keep both, replace or skip, asked as the library import asks; None if cancelled
        (tests replace this)."""
        dialog = ConflictDialog("Import template", conflict, self)
        try:
            return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def import_dialog(self) -> bool:
        file = self.pick_import_file()
        return self.import_file(Path(file)) if file else False

    def import_file(self, path: Path) -> bool:
        """Import `path` into My templates (the model's import, as the CLI's); the template
        it leaves is listed and selected. False, saying why, when nothing was imported."""
        try:
            refuse_unless_ordinary(path)  # a FIFO or device: one line, in the gate's words
            try:
                result = import_template(path)
            except ConflictError as exc:
                choice = self.ask_conflict(exc.conflict)
                if choice is None:
                    self._say_imported("Nothing imported.")
                    return False
                result = import_template(path, choice)
        except BriefpackError as exc:  # confusable names, hostile or broken files
            self._say_imported(f"Not imported: {exc.message}", problem=True)
            return False
        self._reload(select=result.path)
        self._say_imported(_import_summary(result))
        return True

    def _say_imported(self, text: str, *, problem: bool = False) -> None:
        self.import_note.setStyleSheet("color: #a4262c;" if problem else "")
        self.import_note.setText(text)
        self.import_note.setVisible(bool(text))

    def _reload(self, select: Path | None) -> None:
        """List the templates again (an import added or replaced one), `select` chosen."""
        current = self.current_info()
        wanted = select or (current.path if current else None)
        self.search.clear()  # the imported template must not be hidden by a search
        self.problems = []
        self.templates = list_templates(self.problems)
        self._fill()
        self.problem_note.setText(self._problem_text())
        self.problem_note.setVisible(bool(self.problems))
        self.empty.setVisible(not self.templates)
        for row in range(self.proxy.rowCount()):
            if wanted is not None and self.proxy.index(row, 0).data(PATH_ROLE) == str(wanted):
                self.list.setCurrentIndex(self.proxy.index(row, 0))
                self.list.scrollTo(self.proxy.index(row, 0))
                break
        self._current_changed()

    # ---- keys ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.search and self._search_key(event):
                return True
            if watched is self.list and self._list_key(event):
                return True
        return super().eventFilter(watched, event)

    def _search_key(self, event: QKeyEvent) -> bool:
        """Down (or Page Down) from the search box moves into the grid."""
        if event.key() not in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            return False
        if self.proxy.rowCount():
            if not self.list.currentIndex().isValid():
                self.list.setCurrentIndex(self.proxy.index(0, 0))
            self.list.setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def _list_key(self, event: QKeyEvent) -> bool:
        """Typing in the grid goes on typing in the search box."""
        if event.key() == Qt.Key.Key_Backspace:
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search.backspace()
            return True
        text = event.text()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if plain and text.strip() and text.isprintable():
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search.insert(text)
            return True
        return False

    def done(self, result: int) -> None:
        # The service outlives this dialog: stop listening before going away.
        for signal, slot in (
            (self.service.ready, self._thumbnail_ready),
            (self.service.failed, self._thumbnail_failed),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        super().done(result)


def _import_summary(result: ImportResult) -> str:
    """What an import did, in a line: "Imported “Station Brief” into My templates: added."."""
    if result.status == "same":
        return f"“{result.name}” is already in My templates; nothing changed."
    if result.path is None:  # skipped: the officer kept their own
        return f"Skipped “{result.name}”: your own template is kept as it was."
    return f"Imported “{result.name}” into My templates: {result.action}."


def choose_template(
    parent: QWidget | None, settings: QSettings, service: ThumbnailService | None = None
) -> Path | None:
    """Run the gallery modally: the template file to start a new pack from, or None."""
    dialog = TemplateGallery(parent, settings, service)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.chosen
        return None
    finally:
        dialog.deleteLater()
