"""Application data used by the forms tests and the benchmark: a full data set (every
fact answered, rare kanji included) and a minimal one (only what the card gives plus the
few facts a form cannot do without)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

#: Every test renders "as of" this day, so ages and 和暦 are stable.
TODAY = date(2025, 4, 1)

FULL: dict[str, Any] = {
    "applicant": {
        "name": "髙𠮷 﨑子",
        "name_kana": "タカヨシ サキコ",
        "birth_date": "1958-06-15",
        "sex": "2",
        "address": "大阪府大阪市北区梅田一丁目2番3号 梅田ハイツ101",
        "phone": "090-1234-5678",
        "individual_number": "123456789018",
        "occupation": "employee",
        "pension_type": "kosei",
        "kouki_disability": False,
        "card_read": True,
    },
    "move": {"date": "2025-03-28"},
    "new_address": {
        "postal_code": "100-0001",
        "address": "東京都千代田区千代田",
        "banchi": "1番1号",
        "building": "千代田レジデンス305",
    },
    "household": {
        "applicant_is_head": True,
        "member_count": 1,
        "members": [
            {
                "name": "髙𠮷 健一",
                "name_kana": "タカヨシ ケンイチ",
                "birth_date": "1956-01-20",
                "sex": "1",
                "relationship": "husband",
                "has_card": True,
            }
        ],
        "has_children": True,
        "child_count": 2,
        "remaining_count": 3,
    },
    "children": [
        {
            "name": "髙𠮷 太郎",
            "name_kana": "タカヨシ タロウ",
            "birth_date": "2015-09-02",
            "sex": "1",
            "school_grade": 4,
            "previous_school": "大阪市立梅田小学校",
            "has_card": False,
        },
        {
            "name": "髙𠮷 花子",
            "name_kana": "タカヨシ ハナコ",
            "birth_date": "2024-12-24",
            "sex": "2",
            "has_card": False,
        },
    ],
    "spouse": {"exists": True},
    "previous_head": {"same": False, "name": "髙𠮷 正"},
    "registry": {"domicile": "大阪府大阪市北区梅田一丁目2番", "head": "髙𠮷 健一"},
    # the 在留カード facts (the 別紙 of foreign residents prints them)
    "residence": {
        "category": "mid_long",
        "card_number": "AB12345678CD",
        "status": "engineer_humanities",
        "expiry": "2027-03-31",
    },
    "insurance": {
        "kind": "kokuho",
        "previous_insurer": "全国健康保険協会大阪支部",
        "card_symbol": "大阪12",
        "card_number": "3456",
    },
    "kaigo": {"care_level": "support1"},
    "allowance": {"receiving": False, "apart_count": 0, "higher_earner": "self"},
    "bank": {
        "name": "みどり銀行",
        "branch": "市役所前支店",
        "account_type": "futsu",
        "account_number": "1234567",
        "holder_kana": "タカヨシ サキコ",
    },
    "pets": {"has_dog": True},
    "dog": {
        "name": "ポチ",
        "breed": "柴犬",
        "color": "茶",
        "sex": "male",
        "registration_number": "大阪第12345号",
        "rabies_year": 2024,
    },
    "seal": {
        "id_document": "mynumber_card",
        "registered": True,
        "action": "register",
        "cancel_reason": "change",
        "card_returned": True,
    },
    "household_change": {"kind": "bunri", "date": "2025-03-28", "old_head": "髙𠮷 正"},
    "certificate": {
        "kinds": ["juminhyo", "inkan"],
        "juminhyo_copies": 2,
        "scope": "household",
        "with_head": True,
        "with_domicile": False,
        "with_individual_number": False,
        "inkan_copies": 1,
        "purpose": "vehicle",
    },
    "deceased": {
        "name": "髙橋 義雄",
        "name_kana": "タカハシ ヨシオ",
        "birth_date": "1930-02-11",
        "death_date": "2025-03-20",
        "sex": "1",
        "address": "東京都千代田区千代田1番1号",
        "kokuho": True,
        "insurance_number": "千代田 0012345",
        "was_head": True,
        "relationship": "child",
    },
    "new_head": {"is_applicant": True},
    "funeral": {"date": "2025-03-24"},
    "marriage": {
        "date": "2025-03-15",
        "changes_name": True,
        "moving": False,
        "new_name": "佐藤 﨑子",
        "new_name_kana": "サトウ サキコ",
    },
    "procedures": {"extra": ["inkan_register", "dog_change", "school_transfer", "kaigo_join"]},
}

#: What the card gives, plus the facts without which a form makes no sense.
MINIMAL: dict[str, Any] = {
    "applicant": {
        "name": "山田 太郎",
        "birth_date": "1990-01-01",
        "sex": "1",
        "address": "埼玉県さいたま市浦和区高砂三丁目15番1号",
    },
    "move": {"date": "2025-03-30"},
    "new_address": {"postal_code": "1000001", "address": "東京都千代田区千代田", "banchi": "2番"},
}

#: One adult and one child moving in (the benchmark's batch).
MOVING_IN_FAMILY: dict[str, Any] = {
    "event": "moving_in",
    "applicant": {
        "name": "山田 花子",
        "name_kana": "ヤマダ ハナコ",
        "birth_date": "1988-07-07",
        "sex": "2",
        "address": "埼玉県さいたま市浦和区高砂三丁目15番1号",
        "phone": "048-123-4567",
        "occupation": "employee",
        "pension_type": "kokumin",
    },
    "move": {"date": "2025-03-30"},
    "new_address": {
        "postal_code": "100-0001",
        "address": "東京都千代田区千代田",
        "banchi": "1番1号",
        "building": "",
    },
    "household": {
        "applicant_is_head": True,
        "member_count": 0,
        "has_children": True,
        "child_count": 1,
    },
    "children": [
        {
            "name": "山田 一郎",
            "name_kana": "ヤマダ イチロウ",
            "birth_date": "2017-05-05",
            "sex": "1",
            "school_grade": 2,
            "previous_school": "さいたま市立高砂小学校",
            "has_card": False,
        }
    ],
    "spouse": {"exists": False},
    "registry": {"domicile": "埼玉県さいたま市浦和区高砂三丁目15番", "head": "山田 花子"},
    "insurance": {"kind": "kokuho", "previous_insurer": ""},
    "allowance": {"receiving": False, "apart_count": 0, "higher_earner": "self"},
    "pets": {"has_dog": False},
    "bank": {
        "name": "みどり銀行",
        "branch": "本店",
        "account_type": "futsu",
        "account_number": "7654321",
        "holder_kana": "ヤマダ ハナコ",
    },
    "procedures": {"extra": ["inkan_register", "school_transfer"]},
    "seal": {"id_document": "mynumber_card"},
}


def with_event(data: dict[str, Any], event: str) -> dict[str, Any]:
    result = copy.deepcopy(data)
    result["event"] = event
    return result
