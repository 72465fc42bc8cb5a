"""A render's peak memory stays under the 400 MB budget on the worst inputs it accepts.

The audit found a 117 KB 16-bit grey PNG peaking at 1.8 GB and ``--preview-px 4096`` at
2.1 GB. Here the representative worst cases run through ``photolatte render``, each in a fresh
process (a bound on memory is a behaviour: it is measured, as ``ru_maxrss``, not mocked),
seen from a small wrapper process so the figure is the render's own and not the memory it
inherited from pytest. ``python -m benchmarks imaging`` measures every kind of input.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import picture_files
import pytest

ROOT = Path(__file__).resolve().parents[2]
BUDGET_MB = 400

WRAPPER = """
import json, resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": proc.returncode, "err": proc.stderr[-2000:],
                  "maxrss_mb": ru.ru_maxrss / 1024}))
"""


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("worst")
    # The audit's file: a 16-bit grey PNG of ~100 KB that decodes to 60 megapixels.
    (folder / "grey16.png").write_bytes(
        picture_files.plain_png(7745, 7745, picture_files.GREY, 16))
    # Four bytes a pixel once decoded: the largest the decode budget lets in.
    (folder / "rgba.png").write_bytes(
        picture_files.plain_png(5800, 5800, picture_files.RGBA, value=200))
    return folder


@pytest.mark.parametrize("case", ["grey16.png", "rgba.png", "--preview-px 4096"])
def test_worst_accepted_inputs_stay_under_the_memory_budget(pictures: Path,
                                                            case: str) -> None:
    """Each in a fresh process, as a user runs it (one process after another would also
    count what the allocator kept from the one before)."""
    out = str(pictures / f"mask-{case[:5]}.png")
    if case.startswith("--"):
        argv = ["render", str(ROOT / "assets" / "demo" / "astronaut.jpg"), "-o", out,
                "--preview", str(pictures / "cup.jpg"), "--preview-px", "4096"]
    else:
        argv = ["render", str(pictures / case), "-o", out]
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, sys.executable, "-m", "kiosk", *argv],
        capture_output=True, text=True, timeout=120, cwd=ROOT)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["rc"] == 0, result["err"]
    assert result["maxrss_mb"] < BUDGET_MB, result
