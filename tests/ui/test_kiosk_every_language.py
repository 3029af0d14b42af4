"""A scripted move-in in every resident language (issue 15, "done when"): on every screen
the resident sees, every visible text is read back from the widgets and checked:

(a) **no Japanese left untranslated.** A text containing kana or kanji is allowed only
    for the resident's own data and for what is deliberately bilingual:
    - the card's name and address, the answers the resident typed (`resident_data`),
      and the towns the postal code finds with their kana index (`RESIDENT_WIDGET`):
      Japanese addresses, shown as the city writes them;
    - a Japanese name inside brackets after its translation, 「Notice of move-in
      (住民異動届)」: the city's documents stay Japanese, and the resident can point at the
      form's own title at the counter. Outside the brackets the text must be translated;
    - the language buttons, each language named in itself (日本語, やさしい にほんご),
      and the way to the language screen, 「Language・ことば」: readable by whoever
      tapped a language by mistake.
    Japanese punctuation counts as Japanese: a translation lists with its own marks
    (한국어 ·, 中文 /), not with 「・」.
    やさしい日本語 (ja@easy) has its own rule instead: no standard Japanese text where an
    easy text exists (test_kiosk_easy_japanese.standard_only).
(b) **no tofu**: every character is drawable by the widget's font (QFontMetrics with
    Qt's per-glyph fallback, as the screen draws it: inFontUcs4).
(c) **no overflow**: a one-line label or plain button whose text is wider than its
    contents, a wrapping label taller than the room it was given (heightForWidth
    against its height) or with a word too long to wrap (laid out by QTextLayout as
    QLabel does), or a text widget cut at the display's (or its list's) side edge.

And the printed batch's cover sheet carries that language's wording (pdftotext), beneath
the Japanese. Screenshots stay in tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from pprint import pformat
from typing import Any

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from i18n import available_locales, paper_translator
from i18n.ruby import plain
from kiosk.scenario import load_scenario
from tests.ui.test_kiosk_easy_japanese import standard_only
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.scripted import visible_part
from ui.widgets.ruby_label import RubyLabel
from ui.widgets.text_fit import widest_line
from ui.widgets.tile import WrapButton

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "moving_in_card.yaml"
#: Every shipped resident language but the source; やさしい日本語 is checked by its own rule.
LOCALES = sorted(loc for loc in available_locales() if loc != "ja")
EASY = "ja@easy"
#: Hiragana, katakana (with the prolonged-sound mark and middle dot), CJK ideographs,
#: the Japanese brackets, full-width brackets and colon and the ideographic space: any
#: of them in a text means Japanese is shown.
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff「」『』（）：\u3000]")
#: Languages written with Han characters: their own texts are Chinese, so the kanji rule
#: looks only for kana there (a Chinese text never has any).
HAN_LOCALES = {"zh_Hans", "zh_Hant"}
KANA = re.compile(r"[\u3040-\u309f\u30a0-\u30ff]")
#: Widgets whose words are the language controls' (below) or the towns the postal code
#: found, with their kana index (ア カ サ…: a Japanese address list, in its own order).
RESIDENT_WIDGET = re.compile(r"lang_|language|more_languages|town_")
#: A translation followed by the Japanese name in brackets (full-width or ASCII).
BRACKETED = re.compile(r"[（(][^（()）]*[）)]")


def resident_data(scenario: Any) -> list[str]:
    """The resident's own words: card name and address, typed answers, postal towns."""
    words = [str(v) for v in (scenario.card or {}).values()]
    for step in scenario.steps:
        for value in (step.answers or {}).values():
            words.append(str(value))
    words.append("東京都千代田区千代田")  # the town the postal code 1000001 finds
    # The card's name shows with or without its full-width space, in parts too.
    parts = [p for w in words for p in re.split("[\u3000 ]", w) if p]
    return sorted({w for w in words + parts if JAPANESE.search(w)}, key=len, reverse=True)


def japanese_left(text: str, locale: str, own: list[str]) -> str | None:
    """The Japanese in `text` that is neither the resident's data nor bracketed after a
    translation; None when there is none."""
    rest = text
    for word in own:
        rest = rest.replace(word, "")
    pattern = KANA if locale in HAN_LOCALES else JAPANESE
    # Only brackets holding Japanese go: "Division（Main building）" keeps its 「（」.
    outside = BRACKETED.sub(lambda m: "" if pattern.search(m.group()[1:-1]) else m.group(), rest)
    if outside.strip() and not pattern.search(outside):
        return None  # translated, with the Japanese name in brackets after it
    return rest if pattern.search(rest) else None


def resident_widget(widget: QWidget | None) -> bool:
    """The postal towns; the language buttons, the row of more languages, the way to the language screen
    (「Language・ことば」) and that screen: each language named in itself, and the way
    back to Japanese readable by someone who tapped a language by mistake."""
    while widget is not None:
        if RESIDENT_WIDGET.match(widget.objectName()):
            return True
        widget = widget.parentWidget()
    return False


def shown_texts(window: QWidget) -> list[tuple[QWidget, str]]:
    """(widget, text) of every visible label and button; a WrapButton's words are its
    label's (walked as a label)."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or isinstance(widget, WrapButton):
            continue
        if isinstance(widget, QLabel | QAbstractButton) and widget.text().strip():
            found.append((widget, widget.text()))
    return found


def tofu(widget: QWidget, text: str) -> list[str]:
    metrics = QFontMetrics(widget.font())
    return sorted({ch for ch in text if ch.isprintable() and not ch.isspace()
                   and not metrics.inFontUcs4(ord(ch))})  # fmt: skip


def overflows(widget: QWidget, text: str) -> str | None:
    """Why `text` does not fit `widget`, or None."""
    shown = visible_part(widget)
    if not shown.isEmpty() and shown.width() < widget.width() - 1:
        return f"cut at the display's edge: {shown.width()}px of {widget.width()}px shown"
    metrics = QFontMetrics(widget.font())
    inner = widget.contentsRect()
    if isinstance(widget, QLabel):
        if widget.pixmap() is not None and not widget.pixmap().isNull():
            return None
        margin = widget.margin() * 2
        if isinstance(widget, RubyLabel) and widget.has_ruby():
            outside = [p.text for p in widget.layout_pieces() if not inner.contains(p.base)]
            return f"pieces outside: {outside}" if outside else None
        if widget.wordWrap():
            # Laid out as QLabel lays it out (breaks where Unicode allows: spaces, and
            # between CJK or Hangul characters): a line still wider is an unbreakable word.
            widest = widest_line(plain(text), widget.font(), inner.width() - margin)
            if widest > inner.width() - margin + 1:
                return f"a word {widest}px in {inner.width()}px"
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + 1:
                return f"needs {needed}px of height, has {widget.height()}px"
            return None
        lines = plain(text).splitlines() or [""]
        widest = max(metrics.horizontalAdvance(line) for line in lines)
        if widest > inner.width() - margin + 1:
            return f"{widest}px wide in {inner.width()}px"
        return None
    widest = max(metrics.horizontalAdvance(line) for line in text.splitlines())
    if widest > inner.width():
        return f"{widest}px wide in a {inner.width()}px button"
    return None


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
                         check=True, capture_output=True, text=True)  # fmt: skip
    return re.sub(r"\s+", "", out.stdout)


@pytest.mark.parametrize("text_size", ["standard", "extra_large"])
@pytest.mark.parametrize("locale", LOCALES)
def test_a_move_in_in_every_language_is_wholly_in_that_language(
    locale, text_size, qapp, kiosk_config, artifact_dir
) -> None:
    scenario = load_scenario(SCENARIO).model_copy(update={"locale": locale, "text_size": text_size})
    own = resident_data(scenario)
    banned = standard_only() if locale == EASY else set()
    long_banned = [t for t in banned if len(t) >= 6]
    japanese: dict[str, set[str]] = {}
    boxes: dict[str, set[str]] = {}
    too_wide: dict[str, set[str]] = {}
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        runner = run.runner
        settle = runner._settle

        def read() -> None:
            screen = run.kiosk.controller.session.screen_id
            for widget, text in shown_texts(run.kiosk.window):
                name = widget.objectName() or type(widget).__name__
                if locale == EASY:
                    if text in banned or any(t in text for t in long_banned):
                        japanese.setdefault(screen, set()).add(f"{name}: {text}")
                elif (
                    not resident_widget(widget)
                    and (left := japanese_left(text, locale, own)) is not None
                ):
                    japanese.setdefault(screen, set()).add(f"{name}: {left}")
                if missing := tofu(widget, text):
                    boxes.setdefault(screen, set()).add(f"{name}: {missing}")
                if why := overflows(widget, text):
                    too_wide.setdefault(screen, set()).add(f"{name}: {text!r} {why}")

        def settle_and_read() -> None:
            settle()
            read()  # laid out: what the resident sees once the screen has settled

        # A spy on the real runner: it still settles as it always does, then we read.
        runner._settle = settle_and_read  # type: ignore[method-assign]
        summary = runner.run()
    assert summary.completed, summary.errors
    assert summary.unreachable == []
    assert summary.reception_number
    assert summary.screens[-1] == "done"
    assert japanese == {}, f"Japanese left on the resident's screens: {pformat(japanese)}"
    assert boxes == {}, f"characters drawn as boxes: {pformat(boxes)}"
    assert too_wide == {}, f"texts wider than their widget: {pformat(too_wide)}"
    # The batch printed for the counter: its cover in this language beneath the Japanese.
    assert summary.pdf
    cover = pdf_text(artifact_dir / summary.pdf)
    ja, mine = paper_translator("ja"), paper_translator(locale)
    for key in ("printing.cover.title", "printing.cover.lead"):
        assert re.sub(r"\s+", "", ja(key)) in cover
        assert re.sub(r"\s+", "", mine(key)) in cover, (locale, key)
