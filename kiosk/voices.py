"""Offline voices for read-aloud: text in a resident's language to 16-bit mono PCM.

Japanese is synthesised by Open JTalk in-process (`pyopenjtalk-plus`: its wheel carries
the dictionary and the HTS voice "mei", so nothing is downloaded at first use; plain
`pyopenjtalk` fetches its dictionary from the internet). espeak-ng reads the other
languages (Debian package `espeak-ng`, run as a command: fixed arguments, the text on
standard input, the WAV on standard output, no file left behind). espeak-ng's Japanese
cannot read kanji, which is why Japanese has its own engine.

`VOICES` is the table of which engine and voice says which language; a language
missing from it, or whose engine is not installed, has no voice (`voice_for` → None) and
the kiosk stays silent in it, with a log line and a `doctor` warning. No Qt here:
playing the samples is the ui layer's (ui/kiosk/speech.py).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import struct
import subprocess  # nosec B404
import threading
from array import array
from dataclasses import dataclass
from typing import Protocol

# subprocess above: espeak-ng with a fixed argument list, never a shell.


@dataclass(frozen=True)
class Wave:
    """Mono 16-bit PCM samples at `rate` Hz."""

    samples: bytes
    rate: int

    @property
    def duration(self) -> float:
        return len(self.samples) / 2 / self.rate if self.rate else 0.0

    @property
    def peak(self) -> int:
        """The loudest sample's magnitude (0: silence)."""
        values = array("h", self.samples)
        return max((abs(v) for v in values), default=0)

    def wav(self) -> bytes:
        """The samples as a RIFF/WAVE file."""
        out = io.BytesIO()
        import wave

        with wave.open(out, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.rate)
            w.writeframes(self.samples)
        return out.getvalue()


class VoiceError(RuntimeError):
    """An engine that is installed failed on a text."""


class Voice(Protocol):
    engine: str

    def synthesize(self, text: str) -> Wave: ...


class OpenJTalkVoice:
    """Japanese through Open JTalk (pyopenjtalk-plus), in this process."""

    engine = "open_jtalk"
    _lock = threading.Lock()  # Open JTalk's dictionary is one shared object

    @staticmethod
    def installed() -> bool:
        import importlib.util

        return importlib.util.find_spec("pyopenjtalk") is not None

    def synthesize(self, text: str) -> Wave:
        with self._lock:
            # The package prints a notice about an optional ONNX model at import.
            with contextlib.redirect_stdout(io.StringIO()):
                import pyopenjtalk
            samples, rate = pyopenjtalk.tts(text)
        import numpy as np  # pyopenjtalk's own dependency

        pcm = np.clip(samples, -32768, 32767).astype("<i2")
        return Wave(pcm.tobytes(), int(rate))


class EspeakVoice:
    """A language of espeak-ng (Debian `espeak-ng`), run as a command."""

    engine = "espeak-ng"

    def __init__(self, voice: str) -> None:
        self.voice = voice

    @staticmethod
    def installed() -> bool:
        return shutil.which("espeak-ng") is not None

    def synthesize(self, text: str) -> Wave:
        command = [shutil.which("espeak-ng") or "espeak-ng", "-v", self.voice, "--stdout"]
        try:
            done = subprocess.run(  # nosec B603
                command, input=text.encode("utf-8"), capture_output=True, timeout=60, check=True
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise VoiceError(f"espeak-ng -v {self.voice}: {exc}") from exc
        return _parse_wav(done.stdout)


def _parse_wav(data: bytes) -> Wave:
    """espeak-ng's WAV on a pipe: its header cannot give the data's true length (the
    stream is not seekable), so the samples are all that follows the data chunk."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise VoiceError("not a WAV stream")
    pos, rate = 12, 0
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        if chunk == b"fmt ":
            channels, rate = struct.unpack("<HI", data[pos + 10 : pos + 16])
            if channels != 1:
                raise VoiceError("not mono")
        elif chunk == b"data":
            body = data[pos + 8 :]
            return Wave(body[: len(body) // 2 * 2], rate)
        pos += 8 + size
    raise VoiceError("no samples")


#: Which engine and voice says each shipped language. espeak-ng's plain "cmn" voice
#: reads the tone numbers of its pinyin as English words (1.51): the pinyin voice reads
#: them as tones, for simplified and traditional characters alike. Filipino has no
#: espeak-ng voice (1.51 has no Tagalog), so it has none here.
VOICES: dict[str, tuple[str, str]] = {
    "ja": ("open_jtalk", ""),
    "en": ("espeak-ng", "en-us"),
    "zh_Hans": ("espeak-ng", "cmn-latn-pinyin"),
    "zh_Hant": ("espeak-ng", "cmn-latn-pinyin"),
    "ko": ("espeak-ng", "ko"),
    "pt_BR": ("espeak-ng", "pt-br"),
    "es": ("espeak-ng", "es"),
    "vi": ("espeak-ng", "vi"),
    "ne": ("espeak-ng", "ne"),
    "id": ("espeak-ng", "id"),
}


def voice_for(locale: str) -> Voice | None:
    """The installed voice for `locale` (its base language too: `pt` for `pt_PT`, `ja`
    for `ja@easy`, やさしい日本語)."""
    locale = locale.split("@")[0]
    entry = VOICES.get(locale) or VOICES.get(locale.split("_")[0])
    if entry is None:
        return None
    engine, name = entry
    if engine == "open_jtalk":
        return OpenJTalkVoice() if OpenJTalkVoice.installed() else None
    return EspeakVoice(name) if EspeakVoice.installed() else None


def synthesize(text: str, locale: str) -> Wave | None:
    """`text` spoken in `locale`, or None where it has no voice."""
    voice = voice_for(locale)
    return voice.synthesize(text) if voice is not None else None
