"""The layering rules from the developers' brief, enforced.

Only ``kiosk/ui`` may import Qt; ``printer_driver`` imports nothing from ``kiosk`` or
``calibration``; ``kiosk/imaging`` is pure (no Qt).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kiosk", "printer_driver", "calibration")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _is_ui(path: Path) -> bool:
    return (ROOT / "kiosk" / "ui") in path.parents


@pytest.mark.parametrize("package", PACKAGES)
def test_only_the_ui_layer_imports_qt(package: str) -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in _sources(package)
        if not _is_ui(p)
        and any(n.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"} for n in _imports(p))
    ]
    assert offenders == [], f"Qt imported outside kiosk/ui: {offenders}"


def test_printer_driver_stands_alone() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in _sources("printer_driver")
        if any(n.split(".")[0] in {"kiosk", "calibration"} for n in _imports(p))
    ]
    assert offenders == [], f"printer_driver imports kiosk/calibration: {offenders}"


def test_headless_modules_do_not_pull_in_qt_at_run_time() -> None:
    """Import every non-UI module in a fresh interpreter; PySide6 must not be loaded."""
    modules = []
    for package in PACKAGES:
        for p in _sources(package):
            if _is_ui(p) or p.name == "__main__.py":
                continue
            rel = p.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules.append(".".join(parts))
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6')\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"Qt loaded by headless modules: {out.stdout}"
