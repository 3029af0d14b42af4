"""One rule for "this language, else ...": `Translator.text` (and `i18n.text_of` for
code that holds a locale); no view writes its own fallback to the Japanese."""

from __future__ import annotations

import re
from pathlib import Path

from i18n import text_of, translator

ROOT = Path(__file__).parents[2]
#: `x.get(locale) or x["ja"]`, the shape each view used to write for itself.
OWN_FALLBACK = re.compile(r"""\.get\([^()]*\)\s+or\s+[^\n]*\[["']ja["']\]""")


def test_catalogue_texts_follow_one_rule() -> None:
    texts = {"ja": "転入", "en": "Moving in"}
    assert translator("en").text(texts) == "Moving in"
    assert translator("ko").text({"ja": "試しの文"}) == "試しの文"  # nothing better: the Japanese
    assert text_of(texts, "ja") == "転入"
    assert text_of(None, "en") == "" and text_of(3, "en") == "3"  # values shown as they are


def test_no_view_writes_its_own_fallback() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for package in ("forms", "kiosk", "ui", "i18n")
        for path in sorted((ROOT / package).rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OWN_FALLBACK.search(line)
    ]
    assert found == []
