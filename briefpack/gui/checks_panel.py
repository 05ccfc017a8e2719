"""The Checks dock: a read-only list of what briefpack.document.checks finds in the pack."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget

from briefpack.document.checks import Finding, check_pack
from briefpack.gui.document import PackDocument
from briefpack.gui.preview import DEBOUNCE_MS

FINDING_ROLE = Qt.ItemDataRole.UserRole


class ChecksPanel(QWidget):
    """Lists findings, re-checked once edits pause; activating one asks for its section."""

    sectionActivated = Signal(int)

    def __init__(self, doc: PackDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.findings: list[Finding] = []
        self.list = QListWidget()
        self.list.setObjectName("checks_list")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        # The same pause as the preview: re-check once the user stops typing.
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)
        doc.changed.connect(self._changed)
        # Nothing is checked until start(): the window paints first, the preview renders.
        self.started = False
        self.glyph_findings: list[Finding] = []

    def start(self) -> None:
        """Check now (on the next loop turn) and after every pause in editing."""
        self.started = True
        self.timer.start(0)

    def _changed(self) -> None:
        if self.started:
            self.timer.start(DEBOUNCE_MS)

    def set_glyph_findings(self, findings: list[Finding]) -> None:
        """What the latest preview found no font for (the preview has the fonts loaded)."""
        if findings != self.glyph_findings:
            self.glyph_findings = findings
            if self.started:
                self.refresh()

    def refresh(self) -> None:
        self.timer.stop()
        self.findings = check_pack(self.doc.pack, self.doc.base_dir, date.today())
        self.findings.extend(self.glyph_findings)
        self.list.clear()
        style = self.style()
        icons = {
            "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        for finding in self.findings:
            item = QListWidgetItem(icons[finding.severity], self._text(finding))
            item.setToolTip(f"{finding.where}: {finding.severity}: {finding.message}")
            item.setData(FINDING_ROLE, finding)
            self.list.addItem(item)
        if not self.findings:
            item = QListWidgetItem("No problems found")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)

    def _text(self, finding: Finding) -> str:
        place = "Pack settings" if finding.section is None else f"Section {finding.section + 1}"
        return f"{place}: {finding.message}"

    def _activated(self, item: QListWidgetItem) -> None:
        finding = item.data(FINDING_ROLE)
        if isinstance(finding, Finding) and finding.section is not None:
            self.sectionActivated.emit(finding.section)
