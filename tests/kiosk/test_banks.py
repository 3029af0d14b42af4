"""The bank list read from the zengin-code package's own data: every bank, a bank's
branches, names as forms print them, the 50-on row and first kana to browse by."""

from __future__ import annotations

import sys

from kiosk import banks


def test_every_bank_and_its_branches_come_from_the_package_data() -> None:
    listed = banks.banks()
    assert len(listed) > 1000  # 銀行, 信金, 信組, 労金, JA…: the full list
    assert [b.kana for b in listed] == sorted(b.kana for b in listed)
    mizuho = banks.bank("0001")
    assert mizuho is not None and mizuho.name == "みずほ銀行" and mizuho.row == "ま"
    branches = {b.code: b for b in banks.branches("0001")}
    assert branches["001"].name == "東京営業部" and len(branches) > 300
    assert banks.branches("9999") == () and banks.branches("12") == ()
    # The package itself is never imported: it would load every branch of every bank.
    assert "zengin_code" not in sys.modules


def test_names_as_the_forms_print_them() -> None:
    assert banks.display_name("0005", "三菱ＵＦＪ") == "三菱ＵＦＪ銀行"
    assert banks.display_name("9900", "ゆうちょ") == "ゆうちょ銀行"
    assert banks.display_name("1251", "川口信金") == "川口信金"  # 信金 keep their name
    assert banks.bank("0149") == banks.find(banks.banks(), "静岡")  # the list's short name
    assert banks.find(banks.banks(), "0149") == banks.find(banks.banks(), "静岡銀行")
    assert banks.find(banks.banks(), "ミドリギンコウ") is None


def test_rows_and_initials_ignore_dakuten() -> None:
    assert banks.kana_row("ギフ") == "か" and banks.Entry("1", "岐阜", "ギフ").initial == "キ"
    assert banks.kana_row("ヴ") == "あ" and banks.kana_row("ＡＢ") == ""
    assert {b.row for b in banks.banks()} == set(banks.KANA_ROWS)


def test_the_banks_offered_first_keep_the_settings_order() -> None:
    first = banks.first_banks("9900, 0149,0000,0001")
    assert [b.code for b in first] == ["9900", "0149", "0001"]  # 0000: no such bank
