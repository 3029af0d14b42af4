"""The translator reads .po files without Babel's catalog (i18n.po_messages): every
shipped file must give exactly what Babel gives, and what it cannot read goes to Babel."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from i18n import catalog
from i18n.catalog import LOCALES_DIR
from i18n.po_messages import Unsupported, po_messages

SHIPPED = sorted(LOCALES_DIR.glob("*/LC_MESSAGES/*.po"))


def _babel(text: str) -> dict[str, str]:
    read = read_po(io.BytesIO(text.encode("utf-8")))
    return {m.id: str(m.string) for m in read if m.id and isinstance(m.id, str) and m.string}


@pytest.mark.parametrize("po", SHIPPED, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_every_shipped_file_reads_as_babel_reads_it(po: Path) -> None:
    text = po.read_text(encoding="utf-8")
    assert po_messages(text) == _babel(text)


TRICKY = r"""# a translator's comment
msgid ""
msgstr ""
"Language: ja\n"

#: kiosk/x.py:1
#, fuzzy, python-format
msgid "a.fuzzy"
msgstr "あいまい {n}"

msgctxt "forms/juminido.yaml"
msgid "氏名"
msgstr "Name"

msgid "a.multiline"
msgstr ""
"一行目\n"
"二行目 \"引用\" \\ 終わり"

msgid "a.untranslated"
msgstr ""

#~ msgid "an.obsolete"
#~ msgstr "古い"
"""


def test_contexts_flags_multiline_and_obsolete_entries_as_babel() -> None:
    assert po_messages(TRICKY) == _babel(TRICKY)
    assert po_messages(TRICKY)["a.multiline"] == '一行目\n二行目 "引用" \\ 終わり'


def test_a_plural_message_is_left_to_babel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plural = (
        'msgid "one.file"\nmsgid_plural "files"\nmsgstr[0] "ファイル"\n\nmsgid "k"\nmsgstr "v"\n'
    )
    with pytest.raises(Unsupported):
        po_messages(plural)
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "city.po").write_text(plural, encoding="utf-8")
    monkeypatch.setattr(catalog, "locale_dirs", lambda: [tmp_path])
    catalog._messages.cache_clear()
    try:
        assert catalog._messages("xx") == {"k": "v"}  # read by Babel, as before
    finally:
        catalog._messages.cache_clear()
