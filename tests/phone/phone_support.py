"""Helpers for the phone upload tests: a running service on loopback, raw HTTP, photos."""

from __future__ import annotations

import http.client
import io
import socket
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image

from kiosk.phone.app import UploadLimits
from kiosk.phone.decode import PhonePhoto
from kiosk.phone.server import ConnectionLimits
from kiosk.phone.service import PhoneService, PhoneSession, PhoneSettings

HOST = "127.0.0.1"
WAIT_S = 10.0
# Small and quick: a 2 MB cap, half-second deadlines (the slow-client tests wait for them).
TEST_LIMITS = UploadLimits(max_bytes=2 * 1024 * 1024, body_idle_s=0.5, body_total_s=5.0)
TEST_CONNECTIONS = ConnectionLimits(header_s=0.5, per_client=8, total=64)


@dataclass
class Recorder:
    """The kiosk's side of :class:`kiosk.phone.app.PhoneEvents`, remembered."""

    opened: int = 0
    photos: list[PhonePhoto] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)

    def phone_opened(self) -> None:
        self.opened += 1

    def phone_photo(self, photo: PhonePhoto) -> None:
        self.photos.append(photo)
        self.arrived.set()


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        import json

        return json.loads(self.body)


@dataclass
class Rig:
    service: PhoneService
    events: Recorder
    session: PhoneSession
    clock: list[float]

    @property
    def port(self) -> int:
        return self.service.port

    @property
    def page_path(self) -> str:
        return f"/p/{self.session.code}"

    @property
    def upload_path(self) -> str:
        return f"/p/{self.session.code}/photo"

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Answer:
        """One request on a fresh connection (Host as a phone sends it)."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=WAIT_S)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return Answer(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        finally:
            conn.close()

    def raw(self, data: bytes, *, timeout: float = WAIT_S) -> bytes:
        """Send bytes on a fresh connection, read until the server closes it."""
        with socket.create_connection((HOST, self.port), timeout=timeout) as sock:
            sock.sendall(data)
            return read_all(sock)

    def kiosk_unchanged(self) -> bool:
        """No photo reached the kiosk and its code still works."""
        from kiosk.phone.codes import CodeState

        return (not self.events.photos
                and self.service.codes.state(self.session.code) is CodeState.VALID)


def read_all(sock: socket.socket) -> bytes:
    out = bytearray()
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        out += chunk
    return bytes(out)


def status_of(raw: bytes) -> int:
    """The status code of a raw HTTP answer (0 when there was none)."""
    if not raw.startswith(b"HTTP/1."):
        return 0
    return int(raw.split(b" ", 2)[1])


def jpeg_bytes(width: int = 640, height: int = 480, quality: int = 90, *,
               exif_orientation: int | None = None, seed: int = 0) -> bytes:
    """A JPEG of noise over a gradient (compresses like a photo)."""
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 255, height, dtype=np.float32)[:, None, None]
    x = np.linspace(0, 255, width, dtype=np.float32)[None, :, None]
    base = np.concatenate([np.broadcast_to(y, (height, width, 1)),
                           np.broadcast_to(x, (height, width, 1)),
                           np.full((height, width, 1), 128, np.float32)], axis=2)
    pixels = np.clip(base + rng.normal(0, 24, (height, width, 3)), 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    image = Image.fromarray(pixels)
    if exif_orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        image.save(buf, "JPEG", quality=quality, exif=exif)
    else:
        image.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def heic_bytes(width: int = 640, height: int = 480, colour: tuple[int, int, int] = (200, 100, 50)
               ) -> bytes:
    """An HEIC file as an iPhone sends it (encoded by pillow-heif)."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    buf = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buf, format="HEIF", quality=60)
    return buf.getvalue()


def start_rig(**settings: Any) -> Rig:
    """A started service on loopback (any free port) with one live code; the test's clock
    starts at 1000 s and moves only when the test moves it."""
    clock = [1000.0]
    values: dict[str, Any] = dict(host=HOST, port=0, code_minutes=5.0, limits=TEST_LIMITS,
                                  connections=TEST_CONNECTIONS)
    values.update(settings)
    events = Recorder()
    service = PhoneService(PhoneSettings(**values), events, clock=lambda: clock[0])
    service.start()
    return Rig(service, events, service.open_session(), clock)
