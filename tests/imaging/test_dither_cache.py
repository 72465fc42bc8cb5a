"""The compiled dither caches its machine code in the user's cache folder, works from a
read-only install, and still works (uncached) when no folder can be written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import os, tempfile
tempfile.tempdir = os.environ.get("TEST_TEMPDIR") or None  # to block the temp fallback
import numpy as np
from kiosk.imaging import _diffusion
from kiosk.imaging.dither import dither
out = dither(np.array([[0.2, 0.4, 0.6, 0.8]]), (1.0, 0.0), serpentine=False)
print(out.tolist(), _diffusion.CACHE_ENABLED, sum(_diffusion.diffuse.stats.cache_hits.values()))
"""


def _read_only_install(tmp_path: Path) -> Path:
    """A copy of the packages where numba cannot write beside the sources.

    Tests run as root here, so file permissions would not stop a write: instead a plain
    file named ``__pycache__`` blocks numba's in-tree cache folder.
    """
    site = tmp_path / "site"
    for pkg in ("kiosk", "printer_driver"):
        shutil.copytree(REPO / pkg, site / pkg,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (site / "kiosk" / "imaging" / "__pycache__").write_text("read-only install")
    return site


def _run(site: Path, env_extra: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    env.pop("XDG_CACHE_HOME", None)
    env.update({"PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1", **env_extra})
    proc = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                          text=True, timeout=90, cwd=site)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@pytest.mark.slow
def test_read_only_install_caches_in_the_user_cache_folder(tmp_path: Path) -> None:
    site = _read_only_install(tmp_path)
    cache = tmp_path / "cache"
    first = _run(site, {"XDG_CACHE_HOME": str(cache)})
    assert first == "[[1, 0, 1, 0]] True 0"
    assert list((cache / "photolatte" / "numba").rglob("*.nbi"))
    second = _run(site, {"XDG_CACHE_HOME": str(cache)})
    assert second == "[[1, 0, 1, 0]] True 1"  # loaded from the cache, not recompiled


@pytest.mark.slow
def test_user_numba_cache_dir_wins(tmp_path: Path) -> None:
    site = _read_only_install(tmp_path)
    mine = tmp_path / "mine"
    out = _run(site, {"NUMBA_CACHE_DIR": str(mine), "XDG_CACHE_HOME": str(tmp_path / "x")})
    assert out.startswith("[[1, 0, 1, 0]] True")
    assert list(mine.rglob("*.nbi"))
    assert not (tmp_path / "x" / "photolatte" / "numba").exists()


@pytest.mark.slow
def test_nothing_writable_still_dithers_correctly(tmp_path: Path) -> None:
    site = _read_only_install(tmp_path)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where folders should be")
    out = _run(site, {
        "XDG_CACHE_HOME": str(blocker / "cache"), "HOME": str(blocker / "home"),
        "TEST_TEMPDIR": str(blocker / "tmp"),
    })
    assert out == "[[1, 0, 1, 0]] False 0"


def test_without_numba_dithering_still_works_in_plain_python(tmp_path: Path) -> None:
    script = "import sys; sys.modules['numba'] = None\n" + SCRIPT.replace(
        "sum(_diffusion.diffuse.stats.cache_hits.values())", "_diffusion.njit")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    env.update(PYTHONPATH=str(REPO), XDG_CACHE_HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=90)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[[1, 0, 1, 0]] False None"
    assert "numba unavailable" in proc.stderr
