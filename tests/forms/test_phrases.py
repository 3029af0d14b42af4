"""Japanese on paper breaks between phrases (forms.phrases, BudouX), never inside a word:
the ticket's counters and procedures and the cover sheet (forms.textfit.wrap_lines with
`phrases`); a phrase wider than a line still breaks between characters."""

from __future__ import annotations

import pytest

from forms.fonts import load_fonts
from forms.phrases import WORD_JOINER, joined, phrase_starts, phrases, unjoined
from forms.textfit import fit_paragraphs, wrap_lines
from kiosk.ticket import wrap as ticket_wrap

#: Texts the kiosk prints and shows, where a break inside a word was seen.
SEEN = [
    "子育て支援課で児童手当の手続きをしてください",
    "まどぐちに おくる",
    "引っ越してきた（転入）",
    "カードのロックの解除は市民課の窓口でできます",
    "国民健康保険課（本庁舎1階）へお越しください",
]


def breaks_inside_a_phrase(text: str, lines: list[str]) -> list[str]:
    """The line ends of `lines` (wrapped from `text`) that fall inside a phrase."""
    starts, at, bad = phrase_starts(text), 0, []
    for line in lines[:-1]:
        at = text.index(line, at) + len(line)
        while at < len(text) and text[at] == " ":
            at += 1
        if at not in starts:
            bad.append(f"{line} / {text[at:at + 3]}")
    return bad


def test_phrases_split_the_words_seen_broken() -> None:
    assert phrases("子育て支援課") == ("子育て", "支援課")
    assert "（転入）" in phrases("引っ越してきた（転入）")
    assert "".join(phrases(SEEN[0])) == SEEN[0]
    assert phrases("Show this number") == ("Show this number",)  # no Japanese: untouched


@pytest.mark.parametrize("text", SEEN)
@pytest.mark.parametrize("width", [4, 5, 6, 7, 9, 11])
def test_lines_break_only_between_phrases(text: str, width: int) -> None:
    """Measured in characters: every phrase of these texts is at most `width` long, so
    no line may end inside one (character wrapping did: 子育て支 / 援課)."""
    if max(len(p.strip()) for p in phrases(text)) > width:
        pytest.skip("a phrase wider than the line breaks where it must")
    lines = wrap_lines(text, width, len, phrases=True)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert breaks_inside_a_phrase(text, lines) == [], lines
    assert all(len(line) <= width for line in lines), lines


def test_a_phrase_wider_than_the_line_still_breaks() -> None:
    address = "東京都千代田区千代田1丁目15番1号"
    lines = wrap_lines(address, 6, len, phrases=True)
    assert "".join(lines) == address and all(len(line) <= 6 for line in lines)


def test_the_ticket_wraps_a_counter_between_phrases() -> None:
    """The printed ticket (its own wrap: closing marks hang) with the ticket's font."""
    fonts = load_fonts()

    def measure(text: str) -> float:
        return fonts.width(text, size=12, role="gothic")

    text = SEEN[0]
    width = measure("子育て支援課で児") + 1  # character wrapping cut 児童 in two here
    lines = ticket_wrap(text, width, measure)
    assert breaks_inside_a_phrase(text, lines) == [], lines
    assert lines[0] == "子育て支援課で"


def test_the_cover_sheet_wraps_between_phrases() -> None:
    fonts = load_fonts()
    text = SEEN[3]
    width = fonts.width("カードのロックの解", size=10, role="gothic") + 0.5
    fitted = fit_paragraphs(fonts, [(text, "gothic")], width, 1e6, 10, 10, phrases=True)
    assert breaks_inside_a_phrase(text, fitted.lines) == [], fitted.lines


def test_joined_text_keeps_phrases_together_and_reads_the_same() -> None:
    shown = joined("子育て支援課")
    assert shown.split(WORD_JOINER) == ["子", "育", "て支", "援", "課"]  # no join at 子育て|支援課
    assert unjoined(shown) == "子育て支援課"
    # A phrase too long to keep whole (an address): only a number stays with its counter.
    address = joined("千代田区千代田1丁目15番1号のみどりハイツ")
    assert "1\u2060丁\u2060目" in address and "5\u2060番" in address and "1\u2060号" in address
    assert "区\u2060千" not in address


def test_chinese_is_left_to_its_own_line_breaking() -> None:
    """Han without kana is Chinese as often as Japanese (the cover prints zh beneath
    ja): the Japanese model does not split it."""
    chinese = "请在窗口出示这个号码"
    assert joined(chinese) == chinese
    assert wrap_lines(chinese, 4, len, phrases=True) == wrap_lines(chinese, 4, len)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("世帯を分ける・まとめる（世帯変更）", ("世帯を", "分ける・", "まとめる", "（世帯変更）")),
        ("国保・年金の手続き", ("国保・", "年金の", "手続き")),
    ],
)
def test_a_line_may_end_after_a_middle_dot_never_start_with_one(
    text: str, expected: tuple[str, ...]
) -> None:
    # BudouX alone gives 「分ける」「・まとめる」 (a line starting with 中黒) and keeps
    # 「国保・年金の」 whole: too wide for a tile at the largest size.
    assert phrases(text) == expected
    assert not any(p.startswith("・") for p in phrases(text))
