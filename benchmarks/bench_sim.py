"""Simulated printer: how faithfully it paces the line, its round trips, and what it costs.

Figures (each beside the ideal it should match, computed in the same run):
- line rate achieved on a 16 KiB echo, as a share of ``baud / 10``, per speed factor;
- median round trip of a 5-byte ping in simulated ms, beside the wire-plus-latency ideal
  (above it at high speed factors: each thread hop costs ~0.2 ms of wall time, which the
  speed factor multiplies; measure latency-bound figures at low speed factors);
- CPU seconds the simulator burns per simulated second of a full 254-row print;
- time to render the printed cup picture that ``--out`` writes.
"""

from __future__ import annotations

import resource
import statistics
import time


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    import numpy as np
    import serial

    import printer_driver.sim as sim
    from printer_driver.mask import circle_mask
    from printer_driver.sim.loopback import LoopbackFirmware
    from printer_driver.sim.physics import PhysicsTruth, render_printed_cup

    baud = 115200
    rate = baud / 10
    print(f"line: {baud} baud = {rate:.0f} bytes/s simulated, 1 ms adapter latency each way")
    for speed in (1, 20, 50):
        name = f"bench{speed}"
        settings = sim.SimSettings(speed=speed, baud=baud, seed=1)
        printer = sim.add_printer(
            sim.SimPrinter(name, settings, firmware_factory=LoopbackFirmware)
        )
        port = serial.serial_for_url(f"sim://{name}", timeout=5.0)
        rtts = []
        for _ in range(40):
            t0 = printer.now()
            port.write(b"ping!")
            port.read(5)
            rtts.append(printer.now() - t0)
        ideal_rtt = 2 * (5 / rate + settings.latency_s)
        size = 16384 if speed > 1 else 4096
        t0 = printer.now()
        port.write(bytes(size))
        got = len(port.read(size))
        took = printer.now() - t0
        # An echo crosses the line twice, overlapped: ideal is one line time plus a byte.
        achieved = got / max(took - ideal_rtt, 1e-9) / rate
        print(
            f"speed x{speed:<3}: echo {got} B at {achieved:.3f} of line rate; "
            f"ping median {statistics.median(rtts) * 1e3:6.2f} ms sim "
            f"(wire + latency, store-and-forward: {ideal_rtt * 1e3:.2f} ms)"
        )
        port.close()
        sim.remove_printer(name)

    dots = circle_mask(76.0, 0.3).astype(np.uint8) * 2
    printer = sim.add_printer(sim.SimPrinter(
        "benchprint", sim.SimSettings(speed=50, seed=1), firmware_factory=LoopbackFirmware
    ))
    port = serial.serial_for_url("sim://benchprint", timeout=1.0)  # a host keeps it busy
    cpu0, t0 = _cpu(), printer.now()
    printer.machine.start(dots, printer.now())
    printer.wait_idle(timeout=30.0)
    sim_s = printer.now() - t0
    cpu = _cpu() - cpu0
    print(f"full 254-row print: {sim_s:.1f} s simulated at x50, simulator CPU "
          f"{cpu / sim_s * 1e3:.1f} ms per simulated second ({cpu:.2f} s total)")
    port.close()
    sim.shutdown_all()

    truth = PhysicsTruth(offset_x_mm=0.5, rotation_deg=1.0)
    start = time.perf_counter()
    for _ in range(3):
        render_printed_cup(dots, truth, size_px=768)
    print(f"cup picture 768 px: {(time.perf_counter() - start) / 3 * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
