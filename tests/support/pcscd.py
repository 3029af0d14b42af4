"""A private pcscd with the vsmartcard virtual reader, owned by one test session.

pcscd has a fixed socket directory (/run/pcscd); to leave any system pcscd alone we
start ours in its own mount namespace with a private directory bound over
/run/pcscd, and point the client library at that socket with PCSCLITE_CSOCK_NAME.
Its vpcd reader listens on a free port pair chosen per session, so two test runs
(or a test run and a system pcscd) never fight over 35963.

Needs root (mount namespaces); without it we fall back to a system pcscd already
serving the default vpcd port, and say so.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.processes import die_with_parent, stop_group

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
DEFAULT_VPCD_PORT = 0x8C7B  # 35963, what Debian's /etc/reader.conf.d/vpcd uses


def _free_port_pair() -> int:
    """A port p such that p and p+1 are both free (vpcd opens two readers)."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port >= 65535:
            continue
        try:
            with socket.socket() as s2:
                s2.bind(("0.0.0.0", port + 1))
            with socket.socket() as s1:
                s1.bind(("0.0.0.0", port))
        except OSError:
            continue
        return port
    raise RuntimeError("no free port pair for the virtual reader")


def pcsc_available() -> str | None:
    """None when a private pcscd can run here, else the reason it cannot."""
    if shutil.which("pcscd") is None:
        return "pcscd is not installed (run installer/setup.sh)"
    if not VPCD_DRIVER.exists():
        return "vsmartcard-vpcd is not installed (run installer/setup.sh)"
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return "a private pcscd needs root for its mount namespace"
    return None


@dataclass
class PrivatePcscd:
    """pcscd in the foreground, in its own mount namespace, with one vpcd reader pair."""

    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="madoguchi-pcscd-")))
    port: int = 0
    log_path: Path | None = None
    _proc: subprocess.Popen[bytes] | None = None

    @property
    def socket_path(self) -> Path:
        return self.workdir / "run" / "pcscd.comm"

    @property
    def reader_names(self) -> tuple[str, str]:
        return ("Virtual PCD 00 00", "Virtual PCD 00 01")

    @property
    def env(self) -> dict[str, str]:
        """What a client process needs in its environment to talk to this pcscd."""
        return {"PCSCLITE_CSOCK_NAME": str(self.socket_path)}

    def start(self, timeout: float = 10.0) -> None:
        reason = pcsc_available()
        if reason:
            raise RuntimeError(reason)
        if not self.port:
            self.port = _free_port_pair()
        conf = self.workdir / "reader.conf.d"
        run = self.workdir / "run"
        conf.mkdir(parents=True, exist_ok=True)
        run.mkdir(parents=True, exist_ok=True)
        for stale in run.iterdir():
            stale.unlink()
        (conf / "vpcd").write_text(
            'FRIENDLYNAME "Virtual PCD"\n'
            f"DEVICENAME   /dev/null:0x{self.port:04X}\n"
            f"LIBPATH      {VPCD_DRIVER}\n"
            f"CHANNELID    0x{self.port:04X}\n"
        )
        self.log_path = self.log_path or self.workdir / "pcscd.log"
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child process
        self._proc = subprocess.Popen(
            [
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                f'mount --bind "{run}" /run/pcscd 2>/dev/null || '
                f'{{ mkdir -p /run/pcscd && mount --bind "{run}" /run/pcscd; }}; '
                f'exec pcscd --foreground --error -c "{conf}"',
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"pcscd exited: {self.log_path.read_text(errors='replace')}")
            if self.socket_path.exists() and self._port_listening():
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("pcscd did not come up in time")

    def _port_listening(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        """Stop pcscd, as when the service dies or the last reader goes away."""
        if self._proc is None:
            return
        stop_group(self._proc, timeout=5)
        self._proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)
