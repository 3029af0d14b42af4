"""A tiny Qt-free observer: models emit, views listen (napari's EventedModel, in small).

Callbacks run synchronously in the emitting thread; the Qt layer re-emits them as
queued signals so widgets are only touched on the main thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Callback = Callable[..., Any]


class Emitter:
    """`connect(cb)`, `disconnect(cb)`, `emit(*args)`."""

    def __init__(self) -> None:
        self._callbacks: list[Callback] = []
        self._blocked = 0

    def connect(self, callback: Callback) -> Callback:
        if callback not in self._callbacks:
            self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callback) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        if self._blocked:
            return
        for callback in list(self._callbacks):
            callback(*args)

    def blocked(self) -> _Blocker:
        """`with emitter.blocked(): ...` stops echoes while a batch of changes is made."""
        return _Blocker(self)


class _Blocker:
    def __init__(self, emitter: Emitter) -> None:
        self._emitter = emitter

    def __enter__(self) -> None:
        self._emitter._blocked += 1

    def __exit__(self, *exc: object) -> None:
        self._emitter._blocked -= 1
