"""Library ▸ Force Library…: follow the force's library, sync it, read its history and
(for approvers) publish to it — the same work as `briefpack library
subscribe|sync|history|publish`, on three tabs so the dialog fits a small screen.

Sync, publish and reading the history reach a network drive or walk many commits, so they
run as jobs of the window (gui/jobs.py) when it has a runner: the window never locks.
The approver's "Approved by" is remembered in the app's settings between publishes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from briefpack.gui.force_history_view import ForceHistoryView
from briefpack.model.dates import long_date
from briefpack.model.errors import BriefpackError

if TYPE_CHECKING:
    from briefpack.gui.jobs import JobRunner
    from briefpack.model.force_store import ForceContent

AUTHOR_HINT = "Jo Bloggs <jo.bloggs@example.police.uk>"
AUTHOR_KEY = "force_library/approved_by"  # QSettings: the last author who published
AUTHOR_FORM = f'write it as "{AUTHOR_HINT}".'
# Room kept for each text, so words appearing or changing never move the widgets around
# them (a failed sync's message used to squeeze the list of skipped files).
STATUS_LINES = 2  # "Last synced … Latest publication … by … on …: subject"
MESSAGE_LINES = 3  # a failure: the repository, the cause, what stands, what to do
WARNING_LINES = 5
AUTHOR_LINES = 3  # "Not a name and an email address: write it as …", wrapped in a narrow dialog


class ForceLibraryDialog(QDialog):
    """Subscribe (a folder or URL), sync, see the last sync and its warnings, publish."""

    libraryChanged = Signal()  # after a sync or publish: the dock and banner read again

    def __init__(
        self,
        parent: QWidget | None = None,
        jobs: JobRunner | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.jobs, self.settings = jobs, settings
        self.history_stale = True  # read when the History tab is first shown, and after a sync
        self.setObjectName("force_library_dialog")
        self.setWindowTitle("Force Library")
        self.location = QLineEdit()
        self.location.setObjectName("force_location")
        self.location.setPlaceholderText(r"\\server\share\force-library.git or a URL")
        self.location.setAccessibleName("The force library's folder or URL")
        self.status = _reserved_label("force_status", STATUS_LINES)
        self.warnings = QPlainTextEdit()
        self.warnings.setObjectName("force_warnings")
        self.warnings.setReadOnly(True)
        self.warnings.setAccessibleName("Files the last sync skipped")
        # A fixed height: nothing said elsewhere in the dialog may squeeze the list.
        self.warnings.setFixedHeight(_text_height(self.warnings, WARNING_LINES))
        self.message = _reserved_label("force_message", MESSAGE_LINES)
        self.history = ForceHistoryView()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("force_tabs")
        self.tabs.addTab(self._follow_box(), "&Follow and Sync")
        self.tabs.addTab(self.history, "Hi&story")
        self.tabs.addTab(self._publish_box(), "&Publish")
        self.tabs.currentChanged.connect(lambda _i: self._history_if_shown())
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self._set_tab_order(close)
        # Enter in the location subscribes to it; no button is the dialog's default, so
        # Enter elsewhere never opens Browse… or publishes by surprise.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.location.returnPressed.connect(self.subscribe)
        self.resize(640, 440)
        self.refresh()

    # ---- building -------------------------------------------------------------------------

    def _follow_box(self) -> QGroupBox:
        box = QGroupBox("The force library you follow")
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.clicked.connect(self._browse)
        row.addWidget(self.browse_button)
        self.subscribe_button = _button("Subscribe", "force_subscribe", self.subscribe, row)
        self.sync_button = _button("Sync Now", "force_sync", self.sync, row)
        column = QVBoxLayout(box)
        column.addLayout(row)
        column.addWidget(self.status)
        column.addWidget(QLabel("Files the last sync skipped:"))
        column.addWidget(self.warnings)
        column.addStretch(1)  # a taller dialog leaves room below, not between the parts
        return box

    def _publish_box(self) -> QGroupBox:
        box = QGroupBox("Publish your own items (approvers)")
        form = QFormLayout(box)
        # The Follow tab's location, shown here too: the approver sees where it goes.
        target = QLabel()
        target.setObjectName("force_publish_to")
        target.setWordWrap(True)
        target.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        shown = "(name the force library on the Follow and Sync tab)"
        self.location.textChanged.connect(lambda t: target.setText(t.strip() or shown))
        target.setText(shown)
        form.addRow("To:", target)
        self.author = QLineEdit()
        self.author.setObjectName("force_author")
        self.author.setPlaceholderText(AUTHOR_HINT)
        self.author.setText(self._remembered_author())
        self.author.textEdited.connect(lambda _t: self._author_problem(""))
        self.author_error = _reserved_label("force_author_error", AUTHOR_LINES)
        self.author_error.setStyleSheet("color: #b00020")
        self.why = QLineEdit()
        self.why.setObjectName("force_why")
        self.why.setPlaceholderText("What changed and why (goes in the history)")
        self.with_templates = QCheckBox("Your templates too")
        self.with_brands = QCheckBox("Your brands too")
        form.addRow("&Approved by:", self.author)
        form.addRow("", self.author_error)  # room kept: a refusal moves nothing below it
        form.addRow("&Message:", self.why)
        form.addRow("", self.with_templates)
        form.addRow("", self.with_brands)
        row = QHBoxLayout()
        row.addStretch(1)
        self.publish_button = _button("Publish", "force_publish", self.publish, row)
        form.addRow(row)
        return box

    def _set_tab_order(self, close: QDialogButtonBox) -> None:
        """The tabs, then the shown tab's fields top to bottom, then Close (the widgets'
        creation order, Qt's default, put the location field before the tabs). One chain:
        the fields of hidden tabs are skipped."""
        chain: list[QWidget] = [self.tabs, self.location, self.browse_button]
        chain += [self.subscribe_button, self.sync_button, self.warnings]
        chain += [self.history.item, self.history.list]
        chain += [self.author, self.why, self.with_templates, self.with_brands]
        chain += [self.publish_button, close]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ---- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show what is followed, when it was last synced, and what that sync skipped."""
        from briefpack.model.force_store import force_content, subscription

        try:
            record = subscription()
        except BriefpackError as exc:
            self.status.setText(f"The subscription cannot be read: {exc.message}")
            return
        if record is None:
            self.status.setText("You follow no force library yet: name its folder or URL.")
            self.warnings.setPlainText("")
            self.sync_button.setEnabled(False)
            return
        if not self.location.text().strip():
            self.location.setText(record.location)
        self.sync_button.setEnabled(True)
        content = force_content()
        self.status.setText(_status_text(record.synced_at, content))
        self.warnings.setPlainText("\n".join(content.warnings) or "None.")

    def _history_if_shown(self) -> None:
        if self.history_stale and self.tabs.currentWidget() is self.history:
            self.load_history()

    def load_history(self) -> bool:
        """Read the synced copy's publications (a job: a long history walks many commits)
        and show them; without a synced copy, say so in the History tab instead."""
        from briefpack.model.force_history import history
        from briefpack.model.force_store import subscription

        try:
            record = subscription()
        except BriefpackError as exc:
            self.history.show_problem(f"The subscription cannot be read: {exc.message}")
            return False
        if record is None or record.synced_commit is None:
            self.history.show_problem(
                "Nothing synced yet: sync the force library to see who published what."
            )
            self.history_stale = False
            return False
        entries = self._run(
            "Reading the force library's history…", history, on_error=self.history.show_problem
        )
        if entries is None:
            return False
        self.history.show_entries(entries)
        self.history_stale = False
        return True

    def _changed(self) -> None:
        """After a subscribe, sync or publish: everything shown is read again."""
        self.refresh()
        self.history_stale = True
        self._history_if_shown()
        self.libraryChanged.emit()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "The force library's folder")
        if folder:
            self.location.setText(folder)

    # ---- the work ---------------------------------------------------------------------------

    def subscribe(self) -> bool:
        from briefpack.model.force_store import subscribe

        done = self._run("Subscribing…", lambda: subscribe(self.location.text()))
        if done is None:
            return False
        if done.warning:  # a drive not connected now: followed all the same
            self.say(f"Subscribed. {done.warning}.", error=True)
        else:
            self.say("Subscribed. Sync now to fetch the force library.")
        self._changed()
        return True

    def sync(self) -> bool:
        from briefpack.model.force_store import sync

        result = self._run("Syncing the force library…", sync)
        if result is None:
            return False
        count = len(result.content.items)
        self.say(f"Synced: {count} item{'s' if count != 1 else ''} from the force library.")
        self._changed()
        return True

    def publish(self) -> bool:
        from briefpack.model.force_publish import publish

        author = self._checked_author()
        if author is None:
            return False

        def work() -> object:
            return publish(
                self.location.text(),
                author,
                self.why.text() or None,
                templates=self.with_templates.isChecked(),
                brands=self.with_brands.isChecked(),
            )

        result = self._run("Publishing to the force library…", work)
        if result is None:
            return False
        self._remember_author(author)  # it signed a publication off: offer it next time
        if result.commit is None:
            self.say("Nothing to publish: the force library already holds all of it.")
        else:
            count = len(result.added) + len(result.changed) + len(result.removed)
            self.say(f"Published {result.commit.short}: {count} file(s) added or changed.")
        self._changed()
        return True

    # ---- the approver ------------------------------------------------------------------------

    def _remembered_author(self) -> str:
        if self.settings is None:
            return ""
        value = self.settings.value(AUTHOR_KEY, "")
        return value if isinstance(value, str) else ""

    def _remember_author(self, author: str) -> None:
        if self.settings is not None:
            self.settings.setValue(AUTHOR_KEY, author)

    def _checked_author(self) -> str | None:
        """The "Approved by" text tidied; None after saying, beside the field, what to write
        (checked here, before any job, so the refusal is next to what must change)."""
        from briefpack.model.force_publish import checked_author

        text = self.author.text()
        try:
            author = checked_author(text)
        except BriefpackError:
            what = "Not a name and an email address" if text.strip() else "Say who approves"
            self._author_problem(f"{what}: {AUTHOR_FORM}")
            self.author.setFocus()
            return None
        self._author_problem("")
        return author

    def _author_problem(self, text: str) -> None:
        self.author_error.setText(text)
        self.author.setAccessibleDescription(text)  # read out with the field

    # ---- running ------------------------------------------------------------------------------

    def _run(
        self,
        label: str,
        work: Callable[[], object],
        on_error: Callable[[str], None] | None = None,
    ) -> object | None:
        """`work()`'s result, as a job of the window when there is one; None after saying
        what went wrong (every failure is a BriefpackError naming the repository) through
        `on_error`, by default the dialog's message line."""
        report = on_error or (lambda text: self.say(text, error=True))
        if self.jobs is None:
            try:
                return work()
            except BriefpackError as exc:
                report(exc.message)
                return None
        outcome = self.jobs.run("Force Library", label, lambda _p: work(), cancel=False)
        if outcome.refused:
            self.say("Another job is still running; try again when it has finished.", error=True)
            return None
        if isinstance(outcome.error, BriefpackError):
            report(outcome.error.message)
            return None
        if outcome.error is not None:
            raise outcome.error
        return outcome.value

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020" if error else "")
        self.message.setText(text)


def _button(text: str, name: str, slot: Callable[[], object], row: QHBoxLayout) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(lambda _c=False: slot())
    row.addWidget(button)
    return button


def _reserved_label(name: str, lines: int) -> QLabel:
    """A word-wrapped label that always keeps room for `lines` lines, text at its top."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setMinimumHeight(_text_height(label, lines))
    return label


def _text_height(widget: QWidget, lines: int) -> int:
    """The height `lines` lines of the widget's font take, with a text box's frame."""
    spacing = widget.fontMetrics().lineSpacing()
    if not isinstance(widget, QPlainTextEdit):
        return spacing * lines
    margin = round(widget.document().documentMargin())  # inside the frame, above and below
    return spacing * lines + 2 * (widget.frameWidth() + margin)


def _status_text(synced_at: datetime | None, content: ForceContent) -> str:
    if synced_at is None or content.head is None:
        return "Not synced yet: choose Sync Now."
    head = content.head
    local = synced_at.astimezone()
    return (
        f"Last synced {long_date(local.date())} at {local:%H:%M}: {_items(content)}. "
        f"Latest publication {head.short} by {head.author.split(' <')[0]} on "
        f"{long_date(head.when.date())}: {head.subject}"
    )


def _items(content: ForceContent) -> str:
    count = len(content.items)
    return f"{count} item{'' if count == 1 else 's'}"
