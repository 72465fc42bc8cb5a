"""Link benchmark: how much of a 115200-baud line carries job data, and how soon the first
dot lands.

Figures, all measured in this run against the simulated printer in real time (speed 1):
* payload throughput as a share of the line rate (11,520 bytes/s) for a large job, on a
  clean line and at a byte error rate of 1e-4, beside a stop-and-wait baseline (window 1);
* bytes on the wire for a typical portrait mask beside plain 2-bit packing;
* time from "print" to the first printed row.
"""

from __future__ import annotations

import time

import numpy as np

LINE_BYTES_PER_S = 115200 / 10
REPEATS = 3
LATENCY_MS = 4  # a USB-serial adapter's latency per direction (FTDI default timer: up to 16)


def _portrait_mask():
    """The demo portrait rendered with the default settings (a random mask if unavailable)."""
    from pathlib import Path

    from printer_driver.mask import Mask

    photo = Path(__file__).resolve().parents[1] / "assets" / "demo" / "astronaut.jpg"
    try:
        from kiosk.imaging import render_portrait

        return render_portrait(str(photo)).mask, "assets/demo/astronaut.jpg"
    except Exception as exc:  # imaging not available: say so, measure something
        print(f"  (portrait rendering unavailable: {exc}; using random dots)")
        rng = np.random.default_rng(0)
        return Mask.from_levels(rng.integers(0, 3, (254, 254))), "random dots"


def _big_mask():
    """A 512-dot random mask: ~64 KB that does not compress, so the line is the limit."""
    from printer_driver.mask import Mask

    rng = np.random.default_rng(1)
    return Mask.from_levels(rng.integers(0, 3, (512, 512)), diameter_mm=153.6)


def _throughput(url: str, mask, window: int | None) -> tuple[float, dict]:
    """Upload ``mask``; the share of the line rate that carried job bytes.

    Measured from the upload call to the acknowledgement of the last data byte; the
    printer's own verification of the job (decompress + CRC-32) is reported beside it.
    """
    from printer_driver import LinkSettings, PrinterDriver, ProgressEvent, Timeouts

    timeouts = Timeouts(upload_min=120.0, link=LinkSettings(window_frames=window))
    last_data = [0.0]

    def on_progress(e: ProgressEvent) -> None:
        if e.done >= e.total:
            last_data[0] = last_data[0] or time.perf_counter()

    with PrinterDriver.open(url, timeouts=timeouts) as drv:
        drv.counters.reset()
        t0 = time.perf_counter()
        job = drv.upload(mask, on_progress=on_progress)
        t_end = time.perf_counter()
        snap = drv.counters.snapshot()
    dt = (last_data[0] or t_end) - t0
    share = job.size / dt / LINE_BYTES_PER_S
    return share, {"bytes": job.size, "seconds": dt, "verify_s": t_end - (last_data[0] or t_end),
                   "retry_ratio": snap.retry_ratio, "rtt_ms": snap.rtt_ms,
                   "end_to_end": job.size / (t_end - t0) / LINE_BYTES_PER_S}


def main() -> None:
    import printer_driver.sim as sim
    from printer_driver.protocol import encode_frame, pack_dots
    from printer_driver.protocol.frames import Data

    big = _big_mask()
    print(f"line: 115200 baud 8N1 = {LINE_BYTES_PER_S:.0f} bytes/s; "
          f"job: {big.size}x{big.size} random dots (incompressible)")
    print(f"  USB-serial latency {LATENCY_MS} ms each way; byte errors are bit flips; "
          f"median of {REPEATS} interleaved runs (min-max)")
    configs = (
        ("clean, windowed", "", None),
        ("clean, stop-and-wait", "", 1),
        ("BER 1e-4, windowed", "flip=1e-4", None),
        ("BER 1e-4, stop-and-wait", "flip=1e-4", 1),
        ("BER 1e-3, windowed", "flip=1e-3", None),
    )
    runs: dict[str, list[tuple[float, dict]]] = {label: [] for label, _, _ in configs}
    for rep in range(REPEATS):
        for i, (label, faults, window) in enumerate(configs):
            url = (f"sim://bench-{rep}-{i}?speed=1&seed={7 + rep}&latency_ms={LATENCY_MS}"
                   + (f"&faults={faults}" if faults else ""))
            runs[label].append(_throughput(url, big, window))
            sim.shutdown_all()
    by: dict[str, float] = {}
    for label, results in runs.items():
        shares = sorted(share for share, _ in results)
        med = shares[len(shares) // 2]
        info = next(i for sh, i in results if sh == med)
        by[label] = med
        print(f"  {label:24s} payload share {med:5.3f} ({shares[0]:.3f}-{shares[-1]:.3f}); "
              f"{info['bytes']} B in {info['seconds']:.2f} s; retry ratio "
              f"{info['retry_ratio']:.3f}; srtt {info['rtt_ms'] or 0:.0f} ms")
    # Bytes on the wire for a portrait.
    from printer_driver.protocol import encode_job_data

    mask, source = _portrait_mask()
    method, data, _ = encode_job_data(mask.dots)
    packed = len(pack_dots(mask.dots))
    chunk = 248
    wire = sum(len(encode_frame(Data(seq=i, job_id=1, offset=o, data=data[o:o + chunk])))
               for i, o in enumerate(range(0, len(data), chunk)))
    print(f"portrait ({source}, {mask.size}x{mask.size}): plain 2-bit packing {packed} B; "
          f"{method.name.lower()} {len(data)} B ({len(data) / packed:.2f}); on the wire with "
          f"framing {wire} B ({wire / packed:.2f} of plain packing, "
          f"{wire / LINE_BYTES_PER_S:.2f} s at 115200)")

    # Time from "print" to the first dot, at real time with the portrait already uploaded,
    # and including the upload (what the customer waits for after tapping Print).

    for label, upload_first in (("job already uploaded", True), ("upload + print", False)):
        print(f"time from print to first printed row ({label}): {_first_dot(mask, upload_first)}")


def _first_dot(mask, upload_first: bool) -> str:
    """Wall time from the print request to the first row the printer reports printed."""
    import contextlib
    import threading

    import printer_driver.sim as sim
    from printer_driver import PrinterDriver, ProgressEvent

    first: list[float] = []
    t0 = [0.0]
    seen = threading.Event()

    def on_event(e) -> None:
        if isinstance(e, ProgressEvent) and e.phase == "print" and e.rows_done > 0 and not first:
            first.append(time.perf_counter() - t0[0])
            seen.set()

    url = f"sim://bench-first-{int(upload_first)}?speed=1&seed=3&latency_ms={LATENCY_MS}"
    with PrinterDriver.open(url, on_event=on_event) as drv:
        job = drv.upload(mask) if upload_first else None
        t0[0] = time.perf_counter()

        def run() -> None:
            with contextlib.suppress(Exception):  # the abort below ends it
                drv.print_job(job or drv.upload(mask))

        t = threading.Thread(target=run, daemon=True)
        t.start()
        seen.wait(30)
        drv.abort()
        t.join(10)
    sim.shutdown_all()
    return f"{first[0] * 1000:.0f} ms" if first else "not seen within 30 s"
