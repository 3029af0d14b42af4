"""The kiosk's speech engine (ui/kiosk/speech.py PlayingEngine) where it cannot speak:
a language with no voice, and a machine with no audio output (this one: no sound
server), leave the kiosk working and silent, each said once in the log. The samples
are really synthesised (off the GUI thread) and reach the GUI thread; playing them
needs an audio device, which this machine has not."""

from __future__ import annotations

import logging

from ui.kiosk.speech import PlayingEngine


def _warnings(caplog) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.getMessage() for r in caplog.records if r.name == "ui.kiosk.speech"]


def test_a_language_without_a_voice_is_silent_and_logged_once(qapp, caplog) -> None:
    engine = PlayingEngine()
    with caplog.at_level(logging.WARNING, logger="ui.kiosk.speech"):
        engine.say("Pindutin ang pindutan", "fil")
        engine.say("Pumili ng wika", "fil")
    said = _warnings(caplog)
    assert said == ["read-aloud: no voice for fil; speech is silent in it"], said
    assert "Pindutin" not in " ".join(said)  # what was to be said is never logged


def test_no_audio_output_is_silent_and_logged_once(qapp, qtbot, caplog) -> None:
    from PySide6.QtMultimedia import QMediaDevices

    assert QMediaDevices.defaultAudioOutput().isNull()  # this machine: no sound server
    engine = PlayingEngine()
    made: list[float] = []
    engine._ready.connect(lambda _gen, wave: made.append(wave.duration))
    with caplog.at_level(logging.WARNING, logger="ui.kiosk.speech"):
        engine.say("転入の手続きをします", "ja")
        qtbot.waitUntil(lambda: len(made) == 1, timeout=60_000)
        engine.say("Moving in", "en")
        qtbot.waitUntil(lambda: len(made) == 2, timeout=60_000)
    assert all(d > 0 for d in made)
    assert _warnings(caplog) == ["read-aloud: no audio output device; speech is silent"]


def test_a_newer_phrase_replaces_one_still_being_made(qapp, qtbot) -> None:
    engine = PlayingEngine()
    played: list[int] = []
    engine._ready.connect(lambda gen, _wave: played.append(gen))
    engine.say("一つ目の長い文です。まだ続きます。", "ja")
    first = engine._generation
    engine.say("Second", "en")
    qtbot.waitUntil(lambda: len(played) == 2, timeout=60_000)
    # Both were made, but only the newest generation is current: the first is dropped.
    assert engine._generation != first and engine._generation in played
    engine.stop()
    assert engine._buffer is None and engine._pending == []
