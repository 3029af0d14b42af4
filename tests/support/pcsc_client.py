"""Another PC/SC client, in its own process: what OpenSC in a browser, a desktop
smart-card daemon or a Windows service is to the kiosk.

Run as a script (plain pyscard, nothing of madoguchi), it takes one command per line
on stdin and answers each with one JSON line on stdout:

    connect              SCardConnect, shared                  {"cmd", "code"}
    begin / end          SCardBeginTransaction / End (leave)   {"cmd", "code"}
    reset                SCardReconnect with SCARD_RESET_CARD  {"cmd", "code"}
    apdu HEX             SCardTransmit; a reset card (W_RESET_CARD) is reconnected
                         and the command sent once more        {"cmd", "code", "sw", "data", "reset"}

Before a call that may block it prints {"sending": cmd}. `SecondClient` drives it
from a test.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from typing import Any

W_RESET_CARD = 0x80100068


def _main(reader: str) -> None:
    from smartcard import scard as s

    def u32(code: int) -> int:
        return code & 0xFFFFFFFF

    def say(**kw: Any) -> None:
        print(json.dumps(kw), flush=True)

    _, ctx = s.SCardEstablishContext(s.SCARD_SCOPE_USER)
    handle = protocol = None
    any_protocol = s.SCARD_PROTOCOL_T0 | s.SCARD_PROTOCOL_T1
    for line in sys.stdin:
        cmd, _, arg = line.strip().partition(" ")
        say(sending=cmd)
        if cmd == "connect":
            code, handle, protocol = s.SCardConnect(ctx, reader, s.SCARD_SHARE_SHARED, any_protocol)
            say(cmd=cmd, code=u32(code))
        elif cmd == "begin":
            say(cmd=cmd, code=u32(s.SCardBeginTransaction(handle)))
        elif cmd == "end":
            say(cmd=cmd, code=u32(s.SCardEndTransaction(handle, s.SCARD_LEAVE_CARD)))
        elif cmd == "reset":
            code, protocol = s.SCardReconnect(
                handle, s.SCARD_SHARE_SHARED, any_protocol, s.SCARD_RESET_CARD
            )
            say(cmd=cmd, code=u32(code))
        elif cmd == "apdu":
            apdu = list(bytes.fromhex(arg))
            code, response = s.SCardTransmit(handle, protocol, apdu)
            reset = u32(code) == W_RESET_CARD
            if reset:
                _, protocol = s.SCardReconnect(handle, s.SCARD_SHARE_SHARED, any_protocol, 0)
                code, response = s.SCardTransmit(handle, protocol, apdu)
            sw = (response[-2] << 8 | response[-1]) if len(response) >= 2 else None
            say(cmd=cmd, code=u32(code), sw=sw, data=bytes(response[:-2]).hex(), reset=reset)
        elif cmd == "quit":
            return


class SecondClient:
    """The script above in a child process, on `reader` of the test session's pcscd."""

    def __init__(self, reader: str, env: dict[str, str]) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, __file__, reader],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self._lines: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            self._lines.put(json.loads(line))

    def send(self, command: str) -> None:
        """Send a command and wait until the client is about to run it."""
        assert self._proc.stdin is not None
        self._proc.stdin.write(command + "\n")
        self._proc.stdin.flush()
        assert self.answer(timeout=30) == {"sending": command.split()[0]}

    def answer(self, timeout: float) -> dict[str, Any]:
        """The next line; `queue.Empty` if none came within `timeout` seconds."""
        return self._lines.get(timeout=timeout)

    def run(self, command: str, timeout: float = 30) -> dict[str, Any]:
        self.send(command)
        return self.answer(timeout)

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait(timeout=10)


if __name__ == "__main__":
    _main(sys.argv[1])
