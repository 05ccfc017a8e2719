"""Library ▸ Force Library…: follow the force's library, sync it, and (for approvers)
publish to it — the same work as `briefpack library subscribe|sync|publish`.

Sync and publish reach a network drive or a server, so they run as jobs of the window
(gui/jobs.py) when it has a runner: the window never locks while the drive is slow.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
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
    QVBoxLayout,
    QWidget,
)

from briefpack.model.dates import long_date
from briefpack.model.errors import BriefpackError

if TYPE_CHECKING:
    from briefpack.gui.jobs import JobRunner
    from briefpack.model.force_store import ForceContent

AUTHOR_HINT = "Jo Bloggs <jo.bloggs@example.police.uk>"
# Room kept for each text, so words appearing or changing never move the widgets around
# them (a failed sync's message used to squeeze the list of skipped files).
STATUS_LINES = 2  # "Last synced … Latest publication … by … on …: subject"
MESSAGE_LINES = 3  # a failure: the repository, the cause, what stands, what to do
WARNING_LINES = 5


class ForceLibraryDialog(QDialog):
    """Subscribe (a folder or URL), sync, see the last sync and its warnings, publish."""

    libraryChanged = Signal()  # after a sync or publish: the dock and banner read again

    def __init__(self, parent: QWidget | None = None, jobs: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.setObjectName("force_library_dialog")
        self.setWindowTitle("Force Library")
        self.location = QLineEdit()
        self.location.setObjectName("force_location")
        self.location.setPlaceholderText(r"\\server\share\force-library.git or a URL")
        self.status = _reserved_label("force_status", STATUS_LINES)
        self.warnings = QPlainTextEdit()
        self.warnings.setObjectName("force_warnings")
        self.warnings.setReadOnly(True)
        # A fixed height: nothing said elsewhere in the dialog may squeeze the list.
        self.warnings.setFixedHeight(_text_height(self.warnings, WARNING_LINES))
        self.message = _reserved_label("force_message", MESSAGE_LINES)
        layout = QVBoxLayout(self)
        layout.addWidget(self._follow_box())
        layout.addWidget(self._publish_box())
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(620, 460)
        self.refresh()

    # ---- building -------------------------------------------------------------------------

    def _follow_box(self) -> QGroupBox:
        box = QGroupBox("The force library you follow")
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(browse)
        self.subscribe_button = _button("Subscribe", "force_subscribe", self.subscribe, row)
        self.sync_button = _button("Sync Now", "force_sync", self.sync, row)
        column = QVBoxLayout(box)
        column.addLayout(row)
        column.addWidget(self.status)
        column.addWidget(QLabel("Files the last sync skipped:"))
        column.addWidget(self.warnings)
        return box

    def _publish_box(self) -> QGroupBox:
        box = QGroupBox("Publish your own items (approvers)")
        form = QFormLayout(box)
        self.author = QLineEdit()
        self.author.setObjectName("force_author")
        self.author.setPlaceholderText(AUTHOR_HINT)
        self.why = QLineEdit()
        self.why.setObjectName("force_why")
        self.why.setPlaceholderText("What changed and why (goes in the history)")
        self.with_templates = QCheckBox("Your templates too")
        self.with_brands = QCheckBox("Your brands too")
        form.addRow("Approved by:", self.author)
        form.addRow("Message:", self.why)
        form.addRow("", self.with_templates)
        form.addRow("", self.with_brands)
        row = QHBoxLayout()
        row.addStretch(1)
        self.publish_button = _button("Publish", "force_publish", self.publish, row)
        form.addRow(row)
        return box

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
        self.refresh()
        self.libraryChanged.emit()
        return True

    def sync(self) -> bool:
        from briefpack.model.force_store import sync

        result = self._run("Syncing the force library…", sync)
        if result is None:
            return False
        count = len(result.content.items)
        self.say(f"Synced: {count} item{'s' if count != 1 else ''} from the force library.")
        self.refresh()
        self.libraryChanged.emit()
        return True

    def publish(self) -> bool:
        from briefpack.model.force_publish import publish

        def work() -> object:
            return publish(
                self.location.text(),
                self.author.text(),
                self.why.text() or None,
                templates=self.with_templates.isChecked(),
                brands=self.with_brands.isChecked(),
            )

        result = self._run("Publishing to the force library…", work)
        if result is None:
            return False
        if result.commit is None:
            self.say("Nothing to publish: the force library already holds all of it.")
        else:
            count = len(result.added) + len(result.changed) + len(result.removed)
            self.say(f"Published {result.commit.short}: {count} file(s) added or changed.")
        self.refresh()
        self.libraryChanged.emit()
        return True

    def _run(self, label: str, work: Callable[[], object]) -> object | None:
        """`work()`'s result, as a job of the window when there is one; None after saying
        what went wrong (every failure is a BriefpackError naming the repository)."""
        if self.jobs is None:
            try:
                return work()
            except BriefpackError as exc:
                self.say(exc.message, error=True)
                return None
        outcome = self.jobs.run("Force Library", label, lambda _p: work(), cancel=False)
        if outcome.refused:
            self.say("Another job is still running; try again when it has finished.", error=True)
            return None
        if isinstance(outcome.error, BriefpackError):
            self.say(outcome.error.message, error=True)
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
