"""The technician's calibration history: every kept version, restoring one (asked first),
and the profile in force exported as text (shown, and written to a file: the data
folder's ``exports`` by default, or a folder the technician picks, e.g. a USB stick).

Restoring saves the chosen version as a new one (nothing is lost) and applies from the next
print; a failed write says why and changes nothing. The rules are the headless store's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from calibration.errors import ProfileError, RunError
from calibration.store import Version
from kiosk.ui.barista.calibration_views import touch_button
from kiosk.ui.barista.calibration_words import (
    date_words,
    error_words,
    sections_words,
    status_words,
)
from kiosk.ui.calibration import QtCalibration
from kiosk.ui.i18n import Retranslatable

translate = QCoreApplication.translate
C = "BaristaCalibration"



class VersionRow(QFrame):
    """One kept version: when, what was measured, in force or a Restore button."""

    restore = Signal(int)

    def __init__(self, version: Version, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Section")
        self.version = version
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = touch_button()
        self.button.clicked.connect(lambda: self.restore.emit(self.version.number))
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.retranslate()

    def retranslate(self) -> None:
        v = self.version
        if v.profile is None:
            words = translate(
                "BaristaCalibration", "Version {n}: damaged, cannot be used ({code}).").format(
                n=v.number, code=v.problem.code if v.problem else "?")
        else:
            words = translate(
                "BaristaCalibration", "Version {n}, saved {date}: {sections}.").format(
                n=v.number, date=date_words(v.profile.saved_at),
                sections=sections_words(v.sections) or translate(
                    "BaristaCalibration", "nothing measured"))
            if v.current:
                words += " " + translate("BaristaCalibration", "In force now.")
        self.text.setText(words)
        self.button.setText(translate("BaristaCalibration", "Restore"))
        self.button.setVisible(v.profile is not None and not v.current)


class CalibrationHistory(Retranslatable, QWidget):
    """See the module docstring. ``closed()`` when the technician goes back."""

    closed = Signal()

    def __init__(self, calibration: QtCalibration, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TechnicianRoot")
        self.calibration = calibration
        self.rows: list[VersionRow] = []
        # The last action's words (restored, written, failed), worded when shown.
        self.message: Callable[[], str] = str
        self.exported: Path | None = None
        self.export_text = ""
        self._asking: int | None = None

        self.title = QLabel()
        self.title.setObjectName("Title")
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("StateText")
        self.note.setWordWrap(True)
        self.list_box = QWidget()
        self.list_box.setObjectName("TechnicianRoot")
        self.list_layout = QVBoxLayout(self.list_box)
        self.list_layout.setContentsMargins(0, 0, 8, 0)
        self.list_layout.addStretch(1)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setObjectName("Small")
        self.text.setVisible(False)
        self.text.setMinimumHeight(200)  # a page of the profile's text, not three lines
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        content.setObjectName("TechnicianRoot")
        ccol = QVBoxLayout(content)
        ccol.setContentsMargins(0, 0, 0, 0)
        ccol.addWidget(self.state)
        ccol.addWidget(self.note)
        ccol.addWidget(self.list_box)
        ccol.addWidget(self.text)
        ccol.addStretch(1)
        scroll.setWidget(content)
        self.list_scroll = scroll

        self.export_button = touch_button("Primary")
        self.export_button.clicked.connect(lambda: self.export())
        self.export_elsewhere = touch_button()
        self.export_elsewhere.clicked.connect(self.export_to_chosen_folder)
        self.back_button = touch_button()
        self.back_button.clicked.connect(self.closed.emit)
        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        for b in (self.export_button, self.export_elsewhere, self.back_button):
            buttons.addWidget(b, 1)
        main = QWidget()
        mcol = QVBoxLayout(main)
        mcol.setContentsMargins(0, 0, 0, 0)
        mcol.addWidget(scroll, 1)
        mcol.addLayout(buttons)

        # The question before a restore (full page: nothing else to tap meanwhile).
        self.question = QLabel()
        self.question.setObjectName("StateText")
        self.question.setWordWrap(True)
        self.no_button = touch_button()
        self.yes_button = touch_button("Primary")
        self.no_button.clicked.connect(lambda: self.answer(False))
        self.yes_button.clicked.connect(lambda: self.answer(True))
        ask = QWidget()
        acol = QVBoxLayout(ask)
        acol.addStretch(1)
        acol.addWidget(self.question)
        arow = QHBoxLayout()
        arow.setSpacing(24)
        arow.addWidget(self.no_button, 1)
        arow.addWidget(self.yes_button, 1)
        acol.addLayout(arow)
        acol.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(main)
        self.pages.addWidget(ask)
        col = QVBoxLayout(self)
        col.setContentsMargins(24, 16, 24, 16)
        col.addWidget(self.title)
        col.addWidget(self.pages, 1)
        self.retranslate()

    # --- actions ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the versions again (opening the page, after a restore)."""
        for row in self.rows:
            self.list_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        try:
            versions = self.calibration.history()
        except (ProfileError, RunError) as exc:
            versions = []
            self.message = partial(error_words, exc)
        for i, version in enumerate(versions):
            row = VersionRow(version)
            row.restore.connect(self.ask_restore)
            self.list_layout.insertWidget(i, row)
            self.rows.append(row)
        self.pages.setCurrentIndex(0)
        self.retranslate()

    def open(self) -> None:
        """Fresh each visit: no old message, no old export shown."""
        self.message, self.exported, self.export_text = str, None, ""
        self.text.setVisible(False)
        self.reload()

    def ask_restore(self, number: int) -> None:
        """Restore asks first."""
        self._asking = number
        self.pages.setCurrentIndex(1)
        self.retranslate()

    def answer(self, yes: bool) -> None:
        """The technician answered the restore question."""
        number, self._asking = self._asking, None
        if yes and number is not None:
            self.restore(number)
        self.pages.setCurrentIndex(0)
        self.retranslate()

    def restore(self, number: int) -> bool:
        """Make version ``number`` current again; the page says how it went."""
        try:
            profile = self.calibration.restore(number)
        except (ProfileError, RunError) as exc:
            self.message = partial(error_words, exc)
            self.retranslate()
            return False
        date = date_words(profile.saved_at)
        self.message = lambda: translate(
            "BaristaCalibration", "Restored the version saved {date}. It applies "
                                         "from the next print.").format(date=date)
        self.reload()
        return True

    def export(self, folder: Path | None = None) -> Path | None:
        """Show the profile in force as text and write it to a file (in ``folder``, default
        the data folder's exports); the page says where, or why not."""
        try:
            text = self.calibration.export_text()
        except (ProfileError, RunError) as exc:
            self.message, self.exported = partial(error_words, exc), None
            self.retranslate()
            return None
        self.export_text = text
        self.text.setPlainText(text)
        self.text.setVisible(True)
        try:
            self.exported = self.calibration.write_export(text, folder)
        except ProfileError as exc:
            self.exported = None
            self.message = partial(error_words, exc)
        else:
            path = self.exported
            self.message = lambda: translate(
                "BaristaCalibration", "Written to {path}").format(path=path)
        self.retranslate()
        return self.exported

    def export_to_chosen_folder(self) -> None:
        """Pick a folder (a USB stick), then export there."""
        folder = QFileDialog.getExistingDirectory(
            self, translate(
                "BaristaCalibration", "Where to write the calibration"), str(Path.home()),
            QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.ShowDirsOnly)
        if folder:
            self.export(Path(folder))

    # --- text ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(translate("BaristaCalibration", "Calibration history"))
        self.state.setText(status_words(self.calibration.status()) + " " + translate(
            "BaristaCalibration",
            "The last 10 versions are kept; restoring one saves it as the newest."))
        message = self.message()
        self.note.setText(message)
        self.note.setVisible(bool(message))
        for row in self.rows:
            row.retranslate()
        self.export_button.setText(translate("BaristaCalibration", "Export as text"))
        self.export_elsewhere.setText(translate("BaristaCalibration", "Export to another folder"))
        self.back_button.setText(translate("BaristaCalibration", "Back"))
        number = self._asking
        version = next((r.version for r in self.rows if r.version.number == number), None)
        saved = date_words(version.profile.saved_at) if version and version.profile else "?"
        self.question.setText(translate(
            "BaristaCalibration",
            "Restore the calibration saved {date}? It applies from the next print; the one "
            "in force now stays in the history.").format(date=saved))
        self.no_button.setText(translate("BaristaCalibration", "No, keep the one in force"))
        self.yes_button.setText(translate("BaristaCalibration", "Yes, restore it"))


__all__ = ["CalibrationHistory", "VersionRow"]
