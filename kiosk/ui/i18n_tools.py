"""Extract and compile the kiosk's translations: ``python -m kiosk.ui.i18n_tools update|release``.

``update`` runs ``pyside6-lupdate`` for each area (customer, barista) over that area's
sources into ``kiosk/ui/i18n/AREA_ko.ts`` (translations already there are kept), and writes
``AREA_en.ts``: English is the source language, but a string with a count
(``translate(ctx, "%n tries left", None, n)``) needs its English plural forms ("1 try left",
"2 tries left") from a translation file, as Qt's plural handling works;
``release`` runs ``pyside6-lrelease`` on every ``.ts`` to the ``.qm`` next to it. Commit
both. Which sources belong to which area is :data:`AREAS`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

UI_DIR = Path(__file__).resolve().parent
I18N_DIR = UI_DIR / "i18n"

# area -> its source files (relative to kiosk/ui); everything not barista's is customer's.
_BARISTA_EXTRA = ("print_adapter.py",)
# Headless modules whose marked strings the customer screens show (the consent words,
# shared with the phone page).
_CUSTOMER_EXTRA = (UI_DIR.parent / "orders" / "consent_text.py",)


def area_sources(area: str) -> list[Path]:
    """The Python files whose strings belong in ``AREA_ko.ts``."""
    barista = sorted((UI_DIR / "barista").rglob("*.py")) + [
        UI_DIR / name for name in _BARISTA_EXTRA if (UI_DIR / name).exists()
    ]
    if area == "barista":
        return barista
    if area == "customer":
        return [p for p in sorted(UI_DIR.rglob("*.py")) if p not in barista] + [
            p for p in _CUSTOMER_EXTRA if p.exists()]
    raise ValueError(f"unknown area {area!r}; choose customer or barista")


AREAS = ("customer", "barista")


def tool(name: str) -> str:
    """Path of a PySide6 tool (``pyside6-lupdate``) next to this Python, else on PATH."""
    local = Path(sys.executable).with_name(name)
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found; install PySide6-Essentials")
    return found


def update(areas: tuple[str, ...] = AREAS) -> None:
    """Refresh each area's ``.ts`` files from its sources (drops strings no longer used);
    keeps the plural forms lupdate cannot see (:mod:`kiosk.ui.i18n_plurals`)."""
    from kiosk.ui.i18n_plurals import plural_translations, restore_plurals, write_english_plurals

    for area in areas:
        sources = [str(p) for p in area_sources(area)]
        ts = I18N_DIR / f"{area}_ko.ts"
        plurals = plural_translations(ts)
        subprocess.run([tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none",
                        *sources, "-ts", str(ts)], check=True)
        restore_plurals(ts, plurals, "ko")
        write_english_plurals(ts, I18N_DIR / f"{area}_en.ts")


def release(ts_files: list[Path] | None = None, out_dir: Path | None = None) -> list[Path]:
    """Compile ``.ts`` files (default: all in ``kiosk/ui/i18n``) to ``.qm``; return them."""
    outputs = []
    for ts in ts_files or sorted(I18N_DIR.glob("*.ts")):
        qm = (out_dir or ts.parent) / ts.with_suffix(".qm").name
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
                       check=True)
        outputs.append(qm)
    return outputs


def main(argv: list[str]) -> int:
    """``update [AREA...]`` or ``release``."""
    if not argv or argv[0] not in ("update", "release"):
        print("usage: python -m kiosk.ui.i18n_tools update [customer|barista] | release")
        return 2
    if argv[0] == "update":
        update(tuple(argv[1:]) or AREAS)
    else:
        for qm in release():
            print(qm.relative_to(UI_DIR.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
