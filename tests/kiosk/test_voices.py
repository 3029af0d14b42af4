"""Real speech synthesis: every shipped kiosk language that has a voice is spoken by
its real engine (Open JTalk for Japanese, espeak-ng for the others) to a WAV file,
which is read back and must last and hold sound, not silence. The text is the
language's own first-screen welcome, as the kiosk would say it."""

from __future__ import annotations

import math
import wave
from array import array
from pathlib import Path

import pytest

from i18n import translator
from i18n.catalog import locales_with
from i18n.ruby import spoken
from kiosk.voices import VOICES, EspeakVoice, OpenJTalkVoice, voice_for

KIOSK_LANGUAGES = locales_with("kiosk")
#: Shipped languages with no offline voice (espeak-ng 1.51 has no Tagalog).
UNVOICED = {"fil"}


def test_every_shipped_language_but_the_unvoiced_has_a_voice() -> None:
    assert {"ja", "en"} <= set(KIOSK_LANGUAGES)
    assert OpenJTalkVoice.installed() and EspeakVoice.installed()
    assert {locale for locale in KIOSK_LANGUAGES if voice_for(locale) is None} == UNVOICED
    assert set(VOICES) >= set(KIOSK_LANGUAGES) - UNVOICED - {"ja@easy"}  # やさしい日本語: ja's


@pytest.mark.parametrize("locale", sorted(set(KIOSK_LANGUAGES) - UNVOICED))
def test_a_language_is_synthesised_to_a_wav_with_sound(locale: str, artifact_dir: Path) -> None:
    voice = voice_for(locale)
    assert voice is not None
    assert voice.engine == ("open_jtalk" if locale.startswith("ja") else "espeak-ng")
    text = spoken(translator(locale)("kiosk.attract.welcome"))  # furigana: the readings
    path = artifact_dir / f"{locale}.wav"
    path.write_bytes(voice.synthesize(text).wav())

    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        rate, frames = w.getframerate(), w.readframes(w.getnframes())
    samples = array("h", frames)
    duration = len(samples) / rate
    assert duration > 0.3, (locale, duration)  # a sentence, not a click
    rms = math.sqrt(sum(v * v for v in samples) / len(samples))
    assert rms > 300, (locale, rms)  # speech, not silence (full scale is 32767)
    # Sound throughout, not a burst: at least a quarter of 50 ms windows are voiced.
    window = rate // 20
    loud = [
        max(abs(v) for v in samples[i : i + window]) > 1000
        for i in range(0, len(samples) - window, window)
    ]
    assert sum(loud) >= len(loud) / 4, (locale, sum(loud), len(loud))


def test_the_japanese_voice_reads_kanji() -> None:
    """espeak-ng's Japanese cannot read kanji, Open JTalk can: a kanji sentence lasts
    as long as its kana reading, give or take."""
    kanji = voice_for("ja").synthesize("転入届を出します")  # type: ignore[union-attr]
    kana = voice_for("ja").synthesize("てんにゅうとどけをだします")  # type: ignore[union-attr]
    assert kanji.peak > 0 and 0.7 < kanji.duration / kana.duration < 1.4
