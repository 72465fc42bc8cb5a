"""Decode one HEIC/HEIF photo in a process of its own (``python -m kiosk.phone.heif_child``).

Reads the file's bytes from stdin; writes one JSON line, then (on success) the shrunk
picture's raw bytes: ``{"shape": [h, w, 3], "size": [width, height], "peak_kb": N}`` or
``{"error": {"code": ..., "description": ..., "params": {...}}}`` (an
:class:`~kiosk.imaging.loading.ImageError`, rebuilt by the parent). Run by
:func:`kiosk.phone.decode.decode_photo`; see there why. A CPU-time limit stops a file
built to keep the decoder busy.
"""

from __future__ import annotations

import json
import resource
import sys

CPU_SECONDS = 20


def main() -> int:
    """Decode stdin to stdout; 0 also for a refused image (the JSON line says why)."""
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    from kiosk.imaging.loading import ImageError
    from kiosk.phone.decode import decode_heif

    data = sys.stdin.buffer.read()
    out = sys.stdout.buffer
    try:
        pixels, size = decode_heif(data)
    except ImageError as exc:
        error = {"code": exc.code.value, "description": exc.description, "params": exc.params}
        out.write(json.dumps({"error": error}, default=str).encode() + b"\n")
        return 0
    out.write(json.dumps({"shape": list(pixels.shape), "size": list(size),
                          "peak_kb": _peak_kb()}).encode() + b"\n")
    out.write(pixels.tobytes())
    out.flush()
    return 0


def _peak_kb() -> int:
    """This process's peak resident memory (Linux; 0 elsewhere), for the benchmark."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
