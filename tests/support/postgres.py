"""A throwaway PostgreSQL cluster for one test session, from the installed binaries.

pytest-postgresql cannot run as root (initdb refuses), and CI runs as root, so we
initdb as the `postgres` system user in that case. Set MADOGUCHI_TEST_DATABASE_URL to
use an existing server instead; each test then gets its own database there.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


def find_pg_bin() -> Path | None:
    """The newest installed PostgreSQL server's bin directory."""
    env = os.environ.get("MADOGUCHI_PG_BIN")
    if env:
        return Path(env)
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PostgresCluster:
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="madoguchi-pg-")))
    port: int = 0
    user: str = "madoguchi"

    def _run_as(self) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--"]
        return []

    def start(self, before_start: Callable[[Path], None] | None = None, options: str = "") -> None:
        """initdb, then `before_start(data_dir)` (pg_hba.conf, certificates), then start
        with the default options plus `options`."""
        bin_dir = find_pg_bin()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL server binaries not found (run installer/setup.sh)")
        self.port = self.port or _free_port()
        data = self.workdir / "data"
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.workdir, pw.pw_uid, pw.pw_gid)
        os.chmod(self.workdir, 0o700)
        subprocess.run(
            [
                *self._run_as(),
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                self.user,
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )
        if before_start is not None:
            before_start(data)
        subprocess.run(
            [
                *self._run_as(),
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-w",
                "-t",
                "30",
                "-l",
                str(self.workdir / "server.log"),
                "-o",
                f"-p {self.port} -k {self.workdir} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                f"-c max_connections=200 {options}",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("PostgreSQL did not start")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        bin_dir = find_pg_bin()
        if bin_dir is None:
            return
        subprocess.run(
            [
                *self._run_as(),
                str(bin_dir / "pg_ctl"),
                "-D",
                str(self.workdir / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
        )

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)
