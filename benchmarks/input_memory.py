"""Peak memory of ``photolatte render`` on the worst inputs it accepts (issue 8, hole 6).

For each kind of picture (bit depth, mode, format), the largest one the loader accepts is
made in a temporary folder and rendered by ``photolatte render`` in a fresh process; the
process's peak resident memory (``ru_maxrss`` seen from a small wrapper process, so the
figure is the render's own and not inherited from this one) is printed against the 400 MB
budget and against the same command on the 512×512 demo photo, measured in the same run.

Part of ``python -m benchmarks imaging``; alone: ``python -m benchmarks.input_memory``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ASTRONAUT = REPO / "assets" / "demo" / "astronaut.jpg"
BUDGET_MB = 400

#: Runs ARGV in a child and prints the child's exit code, stderr tail and peak memory.
WRAPPER = """
import json, resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": proc.returncode, "err": proc.stderr.strip()[-300:],
                  "maxrss_mb": ru.ru_maxrss / 1024}))
"""


def peak_mb(args: list[str], *, timeout: float = 300.0) -> dict:
    """Run ``python -m kiosk ARGS`` in a fresh process: ``{"rc", "err", "maxrss_mb"}``."""
    cmd = [sys.executable, "-c", WRAPPER, sys.executable, "-m", "kiosk", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _gradient(width: int, height: int, channels: int):  # type: ignore[no-untyped-def]
    """A smooth picture with a little noise (photo-like, so files are not trivially small)."""
    import numpy as np

    rng = np.random.default_rng(0)
    x = (np.arange(width, dtype=np.uint32) * 255 // width).astype(np.uint8)
    y = (np.arange(height, dtype=np.uint32) * 255 // height).astype(np.uint8)
    planes = [np.broadcast_to(x, (height, width)), np.broadcast_to(y[:, None], (height, width)),
              np.broadcast_to((x // 2)[None, :], (height, width)) + (y // 2)[:, None],
              np.full((height, width), 255, np.uint8)][:channels]
    arr = np.dstack(planes) if channels > 1 else np.ascontiguousarray(planes[0])
    noise = rng.integers(0, 8, size=arr.shape, dtype=np.uint8)
    return arr + noise


def _cases() -> list[tuple[str, str, Callable[[Path], None]]]:
    """``(name, file name, writer)`` for the worst accepted input of each kind."""
    import numpy as np
    from PIL import Image

    def save(img: Image.Image, **kw: object) -> Callable[[Path], None]:
        return lambda path: img.save(path, **kw)

    def lazy(make: Callable[[], Image.Image], **kw: object) -> Callable[[Path], None]:
        return lambda path: make().save(path, **kw)

    def gif(path: Path) -> None:
        frames = [Image.new("P", (7745, 7745), i) for i in (0, 1)]
        frames[0].save(path, save_all=True, append_images=frames[1:])

    zeros16 = lambda: Image.fromarray(np.zeros((7745, 7745), np.uint16))  # noqa: E731
    return [
        ("16-bit grey PNG, 60 MP, 0.1 MB file", "grey16.png", lazy(zeros16)),
        ("8-bit grey PNG, 60 MP, bomb-like", "grey8.png",
         lazy(lambda: Image.new("L", (7745, 7745)))),
        ("palette PNG, 60 MP", "palette.png", lazy(lambda: Image.new("P", (7745, 7745)))),
        ("RGBA PNG at the decode budget (33.6 MP)", "rgba.png",
         lazy(lambda: Image.new("RGBA", (5800, 5800)))),
        ("RGB PNG photo-like (20 MP, big file)", "rgb.png",
         lazy(lambda: Image.fromarray(_gradient(5200, 3900, 3)), compress_level=1)),
        ("CMYK JPEG baseline, 60 MP", "cmyk.jpg",
         lazy(lambda: Image.new("CMYK", (7745, 7745), (10, 60, 90, 5)))),
        ("progressive JPEG 4:2:0 at the budget (40.7 MP)", "prog420.jpg",
         lazy(lambda: Image.fromarray(_gradient(7400, 5500, 3)), progressive=True,
              quality=90)),
        ("progressive JPEG 4:4:4 at the budget (20.8 MP)", "prog444.jpg",
         lazy(lambda: Image.fromarray(_gradient(5200, 4000, 3)), progressive=True,
              subsampling=0, quality=90)),
        ("progressive CMYK JPEG at the budget (15 MP)", "progcmyk.jpg",
         lazy(lambda: Image.new("CMYK", (4400, 3400), (10, 60, 90, 5)), progressive=True)),
        ("TIFF RGB uncompressed at the file cap (16.5 MP, 49 MB)", "rgb.tif",
         lazy(lambda: Image.fromarray(_gradient(4700, 3500, 3)))),
        ("TIFF CMYK deflate (33.6 MP)", "cmyk.tif",
         lazy(lambda: Image.new("CMYK", (5800, 5800), (10, 60, 90, 5)),
              compression="tiff_deflate")),
        ("GIF animation, 2 frames of 60 MP", "anim.gif", gif),
        ("WebP lossless at the budget (7.4 MP)", "big.webp",
         lazy(lambda: Image.fromarray(_gradient(3100, 2400, 3)), lossless=True)),
        ("BMP palette at the file cap (49.7 MP)", "pal.bmp",
         lazy(lambda: Image.new("P", (7000, 7100)))),
    ]


def main() -> None:
    """Print the peak memory of every worst case, the baseline and the worst of all."""
    print("photolatte render on the worst accepted inputs: peak memory of the process "
          f"(budget {BUDGET_MB} MB)")
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="photolatte-mem-") as tmp:
        root = Path(tmp)
        out = root / "mask.png"
        base = peak_mb(["render", str(ASTRONAUT), "-o", str(out)])["maxrss_mb"]
        print(f"  {'baseline: the 512x512 demo photo':55s} {'':14s}  {base:6.0f} MB")

        def report(name: str, rec: dict, size: str) -> None:
            rows.append((name, rec["maxrss_mb"]))
            status = "ok" if rec["rc"] == 0 else f"REFUSED: {rec['err']}"
            print(f"  {name:55s} {size:>14s}  {rec['maxrss_mb']:6.0f} MB  "
                  f"x{rec['maxrss_mb'] / base:.2f} baseline  {status}", flush=True)

        for name, file_name, write in _cases():
            path = root / file_name
            write(path)
            size = f"{path.stat().st_size / 1e6:.1f} MB file"
            rec = peak_mb(["render", str(path), "-o", str(out)])
            path.unlink()
            report(name, rec, size)
        report("demo photo with --preview-px 4096",
               peak_mb(["render", str(ASTRONAUT), "-o", str(out), "--preview",
                        str(root / "cup.png"), "--preview-px", "4096"]), "")
    worst = max(rows, key=lambda row: row[1])
    print(f"  worst accepted input: {worst[0]}: {worst[1]:.0f} MB "
          f"({worst[1] / BUDGET_MB:.0%} of the {BUDGET_MB} MB budget)")


if __name__ == "__main__":
    main()
