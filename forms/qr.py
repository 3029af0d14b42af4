"""The QR code on every printed page: application id, form id and form version, so staff
can scan a paper form straight to the application and the definition it was printed from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

import qrcode
from qrcode import base, util
from qrcode.constants import ERROR_CORRECT_M
from qrcode.exceptions import DataOverflowError
from reportlab.pdfgen.canvas import Canvas

#: Format marker: a reader can reject codes that are not ours or of a newer format.
SCHEME = "madoguchi/1"


def qr_payload(
    application_id: str,
    form_id: str,
    version: str,
    page: int | None = None,
    reception: str | None = None,
) -> str:
    """Compact JSON: ``{"s":"madoguchi/1","app":...,"form":...,"v":...}``, with the page
    ("p") of a multi-page form and the reception number ("r") once it is known."""
    body: dict[str, Any] = {"s": SCHEME, "app": application_id, "form": form_id, "v": version}
    if page is not None:
        body["p"] = page
    if reception:
        body["r"] = reception
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def parse_qr_payload(text: str) -> dict[str, Any]:
    """The fields of a payload made by `qr_payload`; ValueError if it is not one."""
    try:
        body = json.loads(text)
    except json.JSONDecodeError:
        raise ValueError("not a madoguchi QR payload") from None
    if not isinstance(body, dict) or body.get("s") != SCHEME:
        raise ValueError("not a madoguchi QR payload")
    return body


#: The data mask. Left to qrcode, it builds the symbol with all eight masks and scores
#: each (41% of a batch's render time); any mask is valid and every reader undoes it, a
#: fixed one only forgoes the best contrast pattern, which a laser print does not need.
MASK_PATTERN = 0
_EC = ERROR_CORRECT_M
#: qrcode's add_data default: runs of 20 digits or capitals get their own mode.
_OPTIMIZE = 20


def _matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The symbol's modules, the same as qrcode makes them (tests/forms/test_qr.py).

    Not cached by payload: a payload is one application's (its id, its reception
    number), so a cache kept 256 past residents' codes, 30 KiB a resident; the
    tables by version and length are cached, and a symbol takes 0.7 ms."""
    data = payload.encode("utf-8")
    chunks = list(util.optimal_data_chunks(data, minimum=_OPTIMIZE))
    if len(chunks) == 1 and chunks[0].mode == util.MODE_8BIT_BYTE:
        return _byte_symbol(data)
    return _qrcode_matrix(payload)  # digits or capitals in modes of their own: rare


def _qrcode_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    code = qrcode.QRCode(error_correction=_EC, border=0, box_size=1, mask_pattern=MASK_PATTERN)
    code.add_data(payload.encode("utf-8"), optimize=_OPTIMIZE)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


# A page's payload is new for every application, so each symbol is made anew: qrcode's
# pure-Python Reed-Solomon (polynomial objects), bit buffer and module walk took 1.3 ms
# a symbol, 9 ms of a batch. Here the parts that depend on the version alone (function
# patterns, format and version information, the data modules' order and mask) are made
# once with qrcode, and a payload costs its codewords (Reed-Solomon as a shift register
# in one int, a table per feedback byte), one mask XOR and one gather of its modules.


def _byte_symbol(data: bytes) -> tuple[tuple[bool, ...], ...]:
    version = _version(len(data))
    layout = _layout(version)
    words = _codewords(data, version)
    # The codewords' bits in placement order, the remainder bits light, then masked.
    value = int.from_bytes(bytes(words), "big") << (layout.modules - 8 * len(words))
    bits = format(value ^ layout.mask, f"0{layout.modules}b")
    modules = layout.gather((*layout.fixed, *map(_DARK.__getitem__, bits)))
    n = layout.size
    return tuple(modules[r * n : (r + 1) * n] for r in range(n))


_DARK = {"0": False, "1": True}


def _length_bits(version: int) -> int:
    return int(util.length_in_bits(util.MODE_8BIT_BYTE, version))


def _version(length: int) -> int:
    """The smallest version holding `length` bytes in byte mode (qrcode's best_fit)."""
    for version in range(1, 41):
        if 4 + _length_bits(version) + 8 * length <= util.BIT_LIMIT_TABLE[_EC][version]:
            return version
    raise DataOverflowError()


def _codewords(data: bytes, version: int) -> list[int]:
    """Data and error correction codewords, interleaved (qrcode's create_data)."""
    blocks = base.rs_blocks(version, _EC)
    limit = sum(b.data_count for b in blocks) * 8
    length = _length_bits(version)
    value = ((util.MODE_8BIT_BYTE << length) | len(data)) << (8 * len(data))
    value |= int.from_bytes(data, "big")
    count = 4 + length + 8 * len(data)
    end = min(limit - count, 4) + (-(count + min(limit - count, 4)) % 8)  # terminator, byte
    value <<= end
    count += end
    stream = list(value.to_bytes(count // 8, "big"))
    stream += [util.PAD0 if i % 2 == 0 else util.PAD1 for i in range((limit - count) // 8)]
    data_blocks: list[list[int]] = []
    ec_blocks: list[list[int]] = []
    offset = 0
    for block in blocks:
        words = stream[offset : offset + block.data_count]
        offset += block.data_count
        data_blocks.append(words)
        ec_blocks.append(_remainder(words, block.total_count - block.data_count))
    out = [b[i] for i in range(max(map(len, data_blocks))) for b in data_blocks if i < len(b)]
    out += [b[i] for i in range(max(map(len, ec_blocks))) for b in ec_blocks if i < len(b)]
    return out


@lru_cache(maxsize=64)
def _generator(count: int) -> tuple[int, ...]:
    """log of each coefficient (after the leading 1) of the generator polynomial of
    degree `count`: the product of (x - a^i), i < count."""
    poly = [1]
    for i in range(count):
        nxt = [0] * (len(poly) + 1)
        for j, coef in enumerate(poly):
            nxt[j] ^= coef
            if coef:
                nxt[j + 1] ^= base.EXP_TABLE[(base.LOG_TABLE[coef] + i) % 255]
        poly = nxt
    return tuple(base.LOG_TABLE[c] for c in poly[1:])


@lru_cache(maxsize=64)
def _feedback(count: int) -> tuple[int, ...]:
    """For each byte b, the generator's coefficients times b, as one `count`-byte int."""
    exp, log = base.EXP_TABLE, base.LOG_TABLE
    gen = _generator(count)
    table = [0]
    for b in range(1, 256):
        table.append(int.from_bytes(bytes(exp[(log[b] + g) % 255] for g in gen), "big"))
    return tuple(table)


def _remainder(words: list[int], count: int) -> list[int]:
    """The error correction codewords of one block: words * x^count mod the generator
    (a shift register of `count` bytes in one int)."""
    table = _feedback(count)
    top = 8 * (count - 1)
    keep = (1 << (8 * count)) - 1
    register = 0
    for word in words:
        register = ((register << 8) & keep) ^ table[(register >> top) ^ word]
    return list(register.to_bytes(count, "big"))


class _Blank(qrcode.QRCode):
    """A symbol with its function patterns, format and version information, and its
    data modules left empty (None)."""

    def map_data(self, data: Any, mask_pattern: int) -> None:
        pass


class _Layout(NamedTuple):
    size: int
    #: How many data modules there are.
    modules: int
    #: The mask over the data modules in placement order, as a `modules`-bit int.
    mask: int
    #: The function modules (finders, timing, format and version information).
    fixed: tuple[bool, ...]
    #: Each module of the symbol, row by row, from (*fixed, *data bits in placement order).
    gather: Callable[[tuple[bool, ...]], tuple[bool, ...]]


@lru_cache(maxsize=40)
def _layout(version: int) -> _Layout:
    """A version's blank symbol: its function modules, its data modules in placement
    order (the two-column zigzag from the bottom right, qrcode's map_data) and the mask
    over each."""
    blank = _Blank(version=version, error_correction=_EC, border=0, mask_pattern=MASK_PATTERN)
    blank.makeImpl(False, MASK_PATTERN)
    modules = blank.modules
    flip = util.mask_func(MASK_PATTERN)
    n = len(modules)
    order: list[tuple[int, int]] = []
    upward = True
    for right in range(n - 1, 0, -2):
        if right <= 6:
            right -= 1  # the vertical timing pattern is skipped
        rows = range(n - 1, -1, -1) if upward else range(n)
        for r in rows:
            for c in (right, right - 1):
                if modules[r][c] is None:
                    order.append((r, c))
        upward = not upward
    fixed = [(r, c) for r in range(n) for c in range(n) if modules[r][c] is not None]
    source = {cell: i for i, cell in enumerate([*fixed, *order])}
    mask = int("".join("1" if flip(r, c) else "0" for r, c in order), 2)
    return _Layout(
        n, len(order), mask, tuple(bool(modules[r][c]) for r, c in fixed),
        itemgetter(*(source[(r, c)] for r in range(n) for c in range(n))),
    )  # fmt: skip


def qr_matrix(payload: str) -> list[list[bool]]:
    """The code's modules, row by row (made once per payload: the review redraws the
    same pages)."""
    return [list(row) for row in _matrix(payload)]


#: A run of dark modules in a row (as bytes, one a module).
_RUN = re.compile(b"\x01+")


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the code as vector squares, `size` points wide, bottom-left at (x, y).

    The caller leaves a 4-module quiet zone; it is included in `size`.
    """
    matrix = _matrix(payload)
    count = len(matrix) + 8
    module = size / count
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    # One path of all dark runs, filled once (one operator per run, not a fill each).
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 4 + 1) * module
        for run in _RUN.finditer(bytes(row)):
            start, end = run.span()
            path.rect(x + (start + 4) * module, top, (end - start) * module, module)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
