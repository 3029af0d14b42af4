"""The QR symbols of the printed pages are qrcode's, module for module: forms.qr makes
byte-mode symbols itself (a version's layout once, table Reed-Solomon) because a page's
payload is new for every application."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from forms.qr import MASK_PATTERN, qr_matrix, qr_payload


def _qrcode(payload: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=MASK_PATTERN)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def test_page_codes_are_the_symbols_qrcode_makes() -> None:
    payloads = [
        qr_payload(f"A-2026-{n:06d}", form, "3", page, reception)
        for n in (0, 12, 999_999)
        for form in ("tennyu", "moving_in_notification", "cover")
        for page in (None, 1, 12)
        for reception in (None, "A-001")
    ]
    assert len({len(qr_matrix(p)) for p in payloads}) > 1  # more than one version
    for payload in payloads:
        assert qr_matrix(payload) == _qrcode(payload), payload


def test_every_length_and_version_including_long_length_fields() -> None:
    # 1..330 bytes: versions 1 to 14 (16-bit length from version 10), one to four blocks
    # of two sizes; kana are three bytes each in UTF-8.
    for length in [*range(1, 120), *range(120, 330, 7)]:
        text = ("申請番号a" * length)[:length]
        for payload in (text, text.encode("utf-8")[:length].decode("utf-8", "ignore") or "x"):
            assert qr_matrix(payload) == _qrcode(payload), (length, payload)


def test_digits_and_capitals_in_modes_of_their_own_as_qrcode_splits_them() -> None:
    for payload in ("0" * 40, "A-2026-" + "1234567890" * 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ:/", "12"):
        assert qr_matrix(payload) == _qrcode(payload), payload
