"""A bounded fuzz of the phone endpoint: random methods, paths, headers and bodies, sent as
raw bytes. The server must answer each (or close), keep serving, and the kiosk must see
nothing: no photo, no page opened, its code still live."""

from __future__ import annotations

import socket
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from phone_support import HOST, TEST_LIMITS, WAIT_S, read_all

from kiosk.phone.codes import CodeState
from kiosk.phone.limits import Rate

EXAMPLES = 150

methods = st.sampled_from([b"GET", b"POST", b"HEAD", b"PUT", b"DELETE", b"OPTIONS", b"TRACE",
                           b"CONNECT", b"PRI", b"G\x00T", b"post", b""]) | st.binary(max_size=8)
segments = st.sampled_from([b"p", b"static", b"photo", b"..", b"%2e%2e", b"phone.js", b"",
                            b"A" * 32, b"%00", b"\xff\xfe", b"?lang=en", b"*"]) | st.binary(
    max_size=40)
paths = st.lists(segments, max_size=5).map(lambda parts: b"/" + b"/".join(parts))
header_names = st.sampled_from([b"Host", b"Content-Length", b"Transfer-Encoding",
                                b"Content-Type", b"Accept-Language", b"Connection", b"Expect",
                                b"Upgrade", b"X-Forwarded-For"]) | st.binary(min_size=1,
                                                                             max_size=20)
header_values = st.sampled_from([b"chunked", b"-1", b"99999999999999999999", b"0", b"10",
                                 b"image/jpeg", b"ko-KR,ko;q=0.9", b"close", b"100-continue",
                                 b"websocket", b"127.0.0.1"]) | st.binary(max_size=60)
headers = st.lists(st.tuples(header_names, header_values), max_size=6)
bodies = st.binary(max_size=2048) | st.sampled_from([b"\xff\xd8\xff\xe0" + b"\x00" * 100,
                                                     b"0\r\n\r\n", b"5\r\nhello\r\n0\r\n\r\n"])
versions = st.sampled_from([b"HTTP/1.1", b"HTTP/1.0", b"HTTP/2.0", b"HTTP/9", b""])


def _request(method: bytes, path: bytes, version: bytes, hdrs: list, body: bytes,
             use_live_code: bool, code: str) -> bytes:
    if use_live_code:
        path = f"/p/{code}/photo".encode() if method == b"POST" else path
    lines = [method + b" " + path + b" " + version]
    lines += [name + b": " + value for name, value in hdrs]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def test_fuzzing_the_endpoint_never_crashes_it_or_touches_the_kiosk(make_rig):
    # Generous rates: the fuzz is about parsing, not the flood limits (tested elsewhere).
    rig = make_rig(limits=replace(TEST_LIMITS, pages=Rate(10_000, 100_000),
                                  uploads=Rate(10_000, 100_000)))
    answered = {"count": 0}

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(methods, paths, versions, headers, bodies, st.booleans())
    def one(method, path, version, hdrs, body, use_live_code):
        data = _request(method, path, version, hdrs, body, use_live_code, rig.session.code)
        with socket.create_connection((HOST, rig.port), timeout=WAIT_S) as sock:
            try:
                sock.sendall(data)
                sock.shutdown(socket.SHUT_WR)
            except (BrokenPipeError, ConnectionResetError):
                pass
            raw = read_all(sock)
        if raw:
            assert raw.startswith(b"HTTP/1.1 "), raw[:80]
            status = int(raw[9:12])
            assert status < 500 or status == 503, raw[:300]
            answered["count"] += 1
        assert rig.events.photos == []

    one()
    # Still serving, and the kiosk's state is as before.
    assert rig.request("GET", "/static/phone.css").status == 200
    assert rig.service.codes.state(rig.session.code) is CodeState.VALID
    assert rig.events.photos == []
    assert answered["count"] > EXAMPLES // 2
