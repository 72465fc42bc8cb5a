"""Every user-visible string in kiosk/ui has a finished Korean translation, the committed
.qm files are what the .ts files compile to, and switching language reaches every widget."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.i18n import I18N_DIR, LanguageManager, Retranslatable, normalise_language
from kiosk.ui.i18n_tools import release

UI_DIR = Path(__file__).resolve().parents[2] / "kiosk" / "ui"


def _marked_strings() -> set[tuple[str, str, str]]:
    """(context, source, where) for every translate()/QT_TRANSLATE_NOOP()/tr() literal."""
    found: set[tuple[str, str, str]] = set()
    for path in sorted(UI_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes: list[tuple[int, int, str]] = [
            (n.lineno, n.end_lineno or n.lineno, n.name)
            for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute) else "")
            args = node.args
            literal = [isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args]
            where = f"{path.relative_to(UI_DIR)}:{node.lineno}"
            if name in ("translate", "QT_TRANSLATE_NOOP") and len(args) >= 2 and all(
                    literal[:2]):
                found.add((args[0].value, args[1].value, where))
            elif name == "tr" and args and literal[0]:
                enclosing = [c for c in classes if c[0] <= node.lineno <= c[1]]
                context = max(enclosing)[2] if enclosing else ""
                found.add((context, args[0].value, where))
    return found


def _translations() -> dict[tuple[str, str], tuple[str, str]]:
    """(context, source) -> (Korean text, translation type) from every *_ko.ts."""
    table: dict[tuple[str, str], tuple[str, str]] = {}
    for ts in sorted(I18N_DIR.glob("*_ko.ts")):
        for context in ET.parse(ts).getroot().iter("context"):
            ctx = context.findtext("name") or ""
            for message in context.iter("message"):
                source = message.findtext("source") or ""
                translation = message.find("translation")
                text = "".join(translation.itertext()) if translation is not None else ""
                kind = translation.get("type", "") if translation is not None else "missing"
                table[(ctx, source)] = (text, kind)
    return table


def test_scanner_finds_the_customer_strings():
    marked = {(c, s) for c, s, _ in _marked_strings()}
    assert ("CustomerAttract", "Touch to start") in marked
    assert ("CustomerDesigns", "Heart") in marked  # QT_TRANSLATE_NOOP
    assert len(marked) > 50


def test_every_marked_string_has_a_finished_korean_translation():
    table = _translations()
    problems = []
    for context, source, where in sorted(_marked_strings()):
        text, kind = table.get((context, source), ("", "missing"))
        if kind in ("unfinished", "vanished", "obsolete", "missing") or not text.strip():
            problems.append(f"{where}: [{context}] {source!r} ({kind or 'empty'})")
        elif "{" in source:
            # Placeholders must survive translation or .format() raises at run time.
            names = {p.split("}")[0] for p in source.split("{")[1:]}
            missing = [n for n in names if "{" + n + "}" not in text]
            if missing:
                problems.append(f"{where}: [{context}] {source!r} lost {missing}")
    assert problems == [], "untranslated strings:\n" + "\n".join(problems)


def test_committed_qm_files_match_a_fresh_lrelease(tmp_path):
    ts_files = sorted(I18N_DIR.glob("*.ts"))
    assert any(p.name == "customer_ko.ts" for p in ts_files)
    for fresh in release(ts_files, out_dir=tmp_path):
        committed = I18N_DIR / fresh.name
        assert committed.exists(), f"{committed.name} is not committed; run i18n_tools release"
        assert committed.read_bytes() == fresh.read_bytes(), (
            f"{committed.name} is stale: run python -m kiosk.ui.i18n_tools release")


class _Probe(Retranslatable, QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel(self)
        self.calls = 0
        self.retranslate()

    def retranslate(self) -> None:
        self.calls += 1
        self.label.setText(QCoreApplication.translate("CustomerAttract", "Touch to start"))


def test_switching_language_reaches_widgets_at_once(qtbot):
    manager = LanguageManager("en")
    probe = _Probe()
    qtbot.addWidget(probe)
    probe.show()
    assert probe.label.text() == "Touch to start"
    assert "customer_ko.qm" in manager.loaded_files("ko")
    with qtbot.waitSignal(manager.language_changed) as changed:
        manager.set_language("ko")
    assert changed.args == ["ko"]
    # No waiting: the LanguageChange events are delivered before set_language returns.
    assert probe.label.text() == "눌러서 시작하기"
    manager.toggle()
    assert manager.language == "en" and probe.label.text() == "Touch to start"


def test_language_change_event_is_what_drives_retranslate(qtbot):
    probe = _Probe()
    qtbot.addWidget(probe)
    before = probe.calls
    QCoreApplication.sendEvent(probe, QEvent(QEvent.Type.LanguageChange))
    assert probe.calls == before + 1


@pytest.mark.parametrize(("value", "expected"), [
    ("ko", "ko"), ("ko_KR", "ko"), ("EN", "en"), ("en-GB", "en"), ("english", "en"),
    ("", "ko"), (None, "ko"), ("fr", "ko")])
def test_language_names_are_normalised(value, expected):
    assert normalise_language(value) == expected


def _numerus(ts: Path) -> dict[tuple[str, str], tuple[list[str], str]]:
    table = {}
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            if message.get("numerus") == "yes":
                translation = message.find("translation")
                forms = [f.text or "" for f in translation.iter("numerusform")]
                table[(context.findtext("name"), message.findtext("source"))] = (
                    forms, translation.get("type", ""))
    return table


def test_every_count_has_its_plural_forms_in_both_languages():
    """A "%n" string is a plural in every .ts: one Korean form, two English ones ("1 try
    left", "2 tries left"), all finished, each keeping the %n."""
    counted = {(c, s) for c, s, _ in _marked_strings() if "%n" in s}
    assert ("StaffCodes", "That code is not right. %n tries left before a lockout.") in counted
    korean, english = {}, {}
    for ts in I18N_DIR.glob("*_ko.ts"):
        korean.update(_numerus(ts))
    for ts in I18N_DIR.glob("*_en.ts"):
        english.update(_numerus(ts))
    for key in counted:
        for table, count in ((korean, 1), (english, 2)):
            forms, kind = table.get(key, ([], "missing"))
            assert len(forms) == count and kind == "", f"{key}: {forms} ({kind or 'ok'})"
            assert all("%n" in f for f in forms), f"{key} lost %n: {forms}"
    assert set(english) == counted  # the English files hold the plurals and nothing else
