"""Input files, read safely, and the words for what can be wrong with them.

Every picture a command or the kiosk takes from a file (a mask PNG, a customer's photo)
is read here: only a regular file, only up to :data:`MAX_FILE_BYTES`, and a folder, pipe,
device or socket is refused from its ``stat`` without ever being opened for reading, so
``/dev/zero`` cannot fill the memory, a FIFO cannot hang the caller, and a serial device
is not opened (opening one can reset the board behind it).

Errors carry a stable :class:`InputCode` and parameters; ``str()`` is a neutral English
line for logs and Python callers. Each front end words them itself, keyed by the code.
"""

from __future__ import annotations

import os
import stat
from enum import StrEnum

#: The largest input file read, in bytes: far above a phone photo (3-15 MB) or any mask
#: (a 4096-dot mask is under 17 MB), small beside the kiosk's memory.
MAX_FILE_BYTES = 50_000_000


class InputCode(StrEnum):
    """Everything that can be wrong with an input picture, as stable machine names."""

    # The file itself.
    NO_SUCH_FILE = "no_such_file"  # params: -
    NOT_A_FILE = "not_a_file"  # kind: folder | pipe | device | socket | special file
    NOT_ALLOWED = "not_allowed"  # no permission to read
    UNREADABLE = "unreadable"  # reason (the system's words)
    TOO_LARGE = "too_large"  # size_bytes, limit_bytes
    EMPTY = "empty"
    # Its contents as a picture.
    NOT_A_PICTURE = "not_a_picture"  # detail (optional)
    UNSUPPORTED_FORMAT = "unsupported_format"  # format
    TOO_MANY_PIXELS = "too_many_pixels"  # width, height (0 when unknown), limit_mp, kind
    TOO_SMALL = "too_small"  # width, height, min_side
    DAMAGED = "damaged"  # reason: "cut off" or the decoder's words
    INVALID_PIXELS = "invalid_pixels"  # NaN or infinite values in an array
    # As a mask.
    NOT_A_MASK = "not_a_mask"  # a PNG without mask data where a mask is needed
    MASK_DAMAGED = "mask_damaged"  # reason: has mask data but is not a valid mask
    MASK_TOO_NEW = "mask_too_new"  # version, supported
    IS_A_MASK = "is_a_mask"  # a mask given where a photo is needed
    BAD_MASK = "bad_mask"  # detail: dots or geometry a printer cannot take


class InputError(ValueError):
    """An input picture cannot be used.

    Attributes:
        code: what is wrong, an :class:`InputCode`.
        file: how the input is named in messages (its path, or a caller's name for it);
            empty for a value made in memory.
        params: the figures that go with the code (sizes in bytes or pixels, a reason).
        description: the neutral English text, without the file name.
    """

    def __init__(self, code: InputCode, file: str, description: str, **params: object) -> None:
        self.code = InputCode(code)
        self.file = file
        self.params = dict(params)
        self.description = description
        super().__init__(f"{file}: {description}" if file else description)

    def to_dict(self) -> dict[str, object]:
        """JSON-able form for ``--json`` output and logs."""
        return {"error": self.code.value, "file": self.file, "params": self.params}


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _check(st: os.stat_result, label: str, max_bytes: int) -> None:
    if not stat.S_ISREG(st.st_mode):
        kind = _kind(st.st_mode)
        raise InputError(InputCode.NOT_A_FILE, label, f"is a {kind}, not a file", kind=kind)
    if st.st_size > max_bytes:
        _too_large(label, st.st_size, max_bytes)


def _too_large(label: str, size: int, max_bytes: int) -> None:
    raise InputError(InputCode.TOO_LARGE, label,
                     f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit",
                     size_bytes=size, limit_bytes=max_bytes)


def _os_error(exc: OSError, label: str) -> InputError:
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return InputError(InputCode.NO_SUCH_FILE, label, "no such file")
    if isinstance(exc, PermissionError):
        return InputError(InputCode.NOT_ALLOWED, label, "no permission to read it")
    reason = exc.strerror or str(exc)
    return InputError(InputCode.UNREADABLE, label, f"cannot read it ({reason})", reason=reason)


def read_input_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES,
                    label: str | None = None) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_bytes`` of them.

    A folder, pipe, device or socket is refused from its ``stat`` (symbolic links are
    followed) without being opened; the file is then opened non-blocking and checked again
    on the open descriptor, so a file swapped for a pipe in between cannot block either.
    A file that grows past ``max_bytes`` while being read is refused, not cut.

    Raises:
        InputError: ``no_such_file``, ``not_a_file``, ``not_allowed``, ``unreadable``,
            ``too_large`` or ``empty``, naming ``label`` (default: the path).
    """
    label = str(path) if label is None else label
    try:
        _check(os.stat(path), label, max_bytes)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise _os_error(exc, label) from exc
    try:
        with os.fdopen(fd, "rb", buffering=0) as f:
            st = os.fstat(f.fileno())
            _check(st, label, max_bytes)
            # Ask for one byte more than the file claims: it tells whether it grew meanwhile.
            chunks: list[bytes] = []
            total, limit = 0, max_bytes + 1
            while total < limit:
                chunk = f.read(min(limit - total, max(st.st_size + 1 - total, 1 << 20)))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            data = b"".join(chunks)  # one chunk (the usual case) is not copied
    except OSError as exc:
        raise _os_error(exc, label) from exc
    if len(data) > max_bytes:
        _too_large(label, len(data), max_bytes)
    if not data:
        raise InputError(InputCode.EMPTY, label, "the file is empty")
    return data


def looks_like_png(data: bytes) -> bool:
    """Whether ``data`` starts with the PNG signature."""
    return data[:8] == b"\x89PNG\r\n\x1a\n"


__all__ = ["MAX_FILE_BYTES", "InputCode", "InputError", "looks_like_png", "read_input_file"]
