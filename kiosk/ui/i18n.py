"""Korean and English at any time: the kiosk's language manager and its conventions.

The source language of every string in ``kiosk/ui`` is English. Korean comes from Qt
translation files in ``kiosk/ui/i18n/``: each area owns one ``NAME_ko.ts`` (``customer_ko.ts``
for the customer screens and the app shell, ``barista_ko.ts`` for the barista/technician
window) and commits the compiled ``NAME_ko.qm`` next to it. :class:`LanguageManager` loads
*every* ``*_LANG.qm`` it finds for the language shown, so a new area only adds its files;
for English that is ``NAME_en.qm``, which holds only the plural forms of strings with a
count (``translate(ctx, "%n tries left", None, n)`` reads "1 try left" from it).

Convention (every widget that shows text follows it)
----------------------------------------------------
1. Mark strings with ``translate(CONTEXT, "English text")`` where
   ``translate = QCoreApplication.translate`` and ``CONTEXT`` is a string literal naming the
   screen (``"CustomerAttract"``, ``"BaristaQueue"``, ...). Prefer this to ``self.tr()``:
   PySide6 takes ``tr()``'s context from the *run-time* class, so a subclass silently loses
   its translations. Strings that live in tables use ``QT_TRANSLATE_NOOP(CONTEXT, "text")``
   and are passed through ``translate(CONTEXT, text)`` when shown. Put numbers in with
   ``.format()`` after translating (``translate(C, "Order {number}").format(number=12)``).
2. Build widgets without text, then set every text in one method ``retranslate(self)``;
   call it at the end of ``__init__`` and from ``changeEvent`` on
   ``QEvent.Type.LanguageChange`` (or inherit :class:`Retranslatable`, which does that).
   Texts that depend on data (a drink's name_ko/name_en) are chosen in ``retranslate``
   from ``context.i18n.language``.
3. Switching: ``context.i18n.set_language("en")`` (or ``toggle()``) removes and installs
   the translators; Qt then delivers ``LanguageChange`` to every widget, and the manager
   flushes those events before it returns and emits ``language_changed(str)``.
4. Extract and compile (from the repository root)::

       .venv/bin/python -m kiosk.ui.i18n_tools update    # lupdate every area's .ts
       .venv/bin/python -m kiosk.ui.i18n_tools release   # lrelease every .ts -> .qm

   ``tests/ui/test_i18n.py`` fails when a marked string has no finished Korean translation
   or when a committed ``.qm`` differs from a fresh ``lrelease`` of its ``.ts``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QObject, QTranslator, Signal

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).with_name("i18n")
SOURCE_LANGUAGE = "en"
LANGUAGES = ("ko", "en")
# Each language's name in that language: the toggle shows the *other* one, so a customer
# who cannot read the current language still finds their own.
LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for ``lupdate`` in ``context`` and return it unchanged, for tables of
    words translated when shown (PySide's own returns ``object`` to a type checker; lupdate
    finds the call by its name either way)."""
    return text


def normalise_language(value: str | None) -> str:
    """``"ko"``/``"en"`` from values like ``"ko_KR"``, ``"EN"``, ``"korean"``; else ``"ko"``."""
    text = (value or "").strip().lower().replace("-", "_")
    if text.startswith(("en", "english")):
        return "en"
    return "ko"


class LanguageManager(QObject):
    """Owns the installed ``QTranslator``s and the current language (``"ko"`` or ``"en"``).

    Needs a ``QCoreApplication``; keep one manager per application (the app shell puts it
    in the ``AppContext``).
    """

    language_changed = Signal(str)
    # Translators are global to the application: whichever manager switches last decides,
    # so one left over from an earlier window (or test) cannot keep its language showing.
    _installed_anywhere: list[QTranslator] = []  # noqa: RUF012 - shared on purpose

    def __init__(
        self,
        language: str = "ko",
        *,
        directory: Path = I18N_DIR,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._directory = Path(directory)
        self._translators: dict[str, list[QTranslator]] = {}
        self._installed: list[QTranslator] = []
        self._language = ""  # nothing yet: the first set_language installs its files
        self.set_language(normalise_language(language))

    @property
    def language(self) -> str:
        """The language shown now."""
        return self._language

    @property
    def other_language(self) -> str:
        """The language the toggle switches to."""
        return "en" if self._language == "ko" else "ko"

    def loaded_files(self, language: str) -> list[str]:
        """Names of the ``.qm`` files loaded for ``language`` (for diagnostics and tests)."""
        return [Path(t.filePath()).name for t in self._load(language)]

    def toggle(self) -> None:
        """Switch between Korean and English."""
        self.set_language(self.other_language)

    def set_language(self, language: str) -> None:
        """Show ``language`` ("ko"/"en") everywhere; returns once every widget has updated."""
        language = normalise_language(language)
        if language == self._language and LanguageManager._installed_anywhere == self._installed:
            return  # already showing it, and no other manager's translators are in the way
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("LanguageManager needs a QApplication")
        removed_any = bool(LanguageManager._installed_anywhere)
        for translator in LanguageManager._installed_anywhere:
            # A manager that was deleted took its translators along (Qt uninstalls a
            # translator as it is destroyed): nothing left to remove for those.
            if shiboken6.isValid(translator):
                QCoreApplication.removeTranslator(translator)
        LanguageManager._installed_anywhere.clear()
        self._installed = []
        for translator in self._load(language):  # English: its plural forms only
            QCoreApplication.installTranslator(translator)
            self._installed.append(translator)
        LanguageManager._installed_anywhere.extend(self._installed)
        self._language = language
        if not self._installed and not removed_any:
            # Nothing installed or removed, so Qt sends nothing: tell the windows ourselves.
            from PySide6.QtWidgets import QApplication

            for window in QApplication.topLevelWidgets():
                QCoreApplication.sendEvent(window, QEvent(QEvent.Type.LanguageChange))
        # QApplication *posts* LanguageChange to top-level widgets; deliver them now so the
        # screen is consistent when this returns (and tests need not wait).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.language_changed.emit(language)

    def close(self) -> None:
        """Remove this manager's translators (the application shows English again)."""
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
            if translator in LanguageManager._installed_anywhere:
                LanguageManager._installed_anywhere.remove(translator)
        self._installed = []

    def _load(self, language: str) -> list[QTranslator]:
        if language in self._translators:
            return self._translators[language]
        translators: list[QTranslator] = []
        for path in sorted(self._directory.glob(f"*_{language}.qm")):
            translator = QTranslator(self)
            if translator.load(str(path)):
                translators.append(translator)
            else:
                log.warning("translation file %s could not be loaded", path.name)
        # Qt's own strings (standard buttons, input-method hints), if Qt ships them here.
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt_translator = QTranslator(self)
        if qt_translator.load(f"qtbase_{language}", qt_dir):
            translators.append(qt_translator)
        if not translators:
            log.warning("no %s translations found in %s", language, self._directory)
        self._translators[language] = translators
        return translators


class Retranslatable:
    """Mixin for widgets: calls ``self.retranslate()`` on every ``LanguageChange``.

    Put it first: ``class Screen(Retranslatable, QWidget)``, define ``retranslate()`` and
    call it at the end of ``__init__``.
    """

    def retranslate(self) -> None:  # pragma: no cover - always overridden
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]
