"""A private CUPS scheduler with a PDF printer, owned by one test session.

cupsd runs in the foreground on a free port of 127.0.0.1 with its own configuration,
spool, cache, state and log directories (`cupsd -f -c cupsd.conf -s cups-files.conf`),
and this process talks to it through CUPS_SERVER, which libcups (and so Qt's CUPS
print-support plugin, and lp/lpstat/lpadmin) honours. The system's CUPS, if any, is
never touched.

The PDF printer is cups-pdf. Its backend reads its configuration from a fixed folder,
/etc/cups (`cups-pdf.conf`, or `cups-pdf-NAME.conf` for a device URI `cups-pdf:/NAME`),
so, as with pcscd, cupsd runs in its own mount namespace with our configuration folder
bound over /etc/cups: the backend writes into our `out/` folder and the system files
stay as they are. Without root (no mount namespace, and cups-pdf must run as root), the
queue is a raw queue on a small backend of ours (`madoguchi-copy`, in a private ServerBin
beside links to the system's filters and backends) that copies each job into `out/`:
the file is then the PDF the client sent, unconverted. (CUPS's own `file:` device does
not write raw jobs: it needs a filter to run.)
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

CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPD_DIR = Path("/usr/share/ppd/cups-pdf")
#: The queue the tests print to.
PDF_QUEUE = "madoguchi-pdf"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cups_available() -> str | None:
    """None when a private cupsd can run here, else the reason it cannot."""
    for tool in ("cupsd", "lpadmin", "lpstat"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (run installer/setup.sh: cups, cups-client)"
    return None


def cups_pdf_usable() -> str | None:
    """None when the cups-pdf backend can be used privately, else why not."""
    if not CUPS_PDF_BACKEND.exists() or not any(CUPS_PDF_PPD_DIR.glob("*.ppd")):
        return "printer-driver-cups-pdf is not installed"
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return "cups-pdf runs as root and reads /etc/cups: needs root and a mount namespace"
    return None


@dataclass
class PrivateCups:
    """cupsd in the foreground with one PDF queue; `out_dir` receives the printed PDFs."""

    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="madoguchi-cups-")))
    port: int = 0
    log_path: Path | None = None
    #: "cups-pdf" (through the cups-pdf backend) or "copy" (the raw fallback backend).
    device: str = ""
    _proc: subprocess.Popen[bytes] | None = None

    @property
    def server(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        """What a client needs in its environment to use this scheduler."""
        return {"CUPS_SERVER": self.server}

    @property
    def out_dir(self) -> Path:
        return self.workdir / "out"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _write_config(self) -> None:
        w = self.workdir
        for sub in ("etc", "etc/ppd", "spool", "spool/tmp", "cache", "state", "log", "out"):
            (w / sub).mkdir(parents=True, exist_ok=True)
        # cupsd runs filters as lp; they read the spool and write temporary files.
        for sub in ("spool", "spool/tmp", "cache", "out"):
            os.chmod(w / sub, 0o1777)
        os.chmod(w, 0o755)
        (w / "etc" / "cupsd.conf").write_text(
            f"Listen 127.0.0.1:{self.port}\n"
            "LogLevel info\n"
            "Browsing No\n"
            "WebInterface No\n"
            "DefaultAuthType None\n"
            "JobRetryLimit 0\n"
            "MaxJobTime 60\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
        )
        user = "root" if os.geteuid() == 0 else str(os.geteuid())
        (w / "etc" / "cups-files.conf").write_text(
            f"ServerRoot {w / 'etc'}\n"
            f"RequestRoot {w / 'spool'}\n"
            f"TempDir {w / 'spool' / 'tmp'}\n"
            f"CacheDir {w / 'cache'}\n"
            f"StateDir {w / 'state'}\n"
            f"ErrorLog {self.log_path}\n"
            f"AccessLog {w / 'log' / 'access_log'}\n"
            f"PageLog {w / 'log' / 'page_log'}\n"
            f"Printcap {w / 'state' / 'printcap'}\n"
            f"ServerBin {self._server_bin()}\n"
            f"SystemGroup {'root' if user == 'root' else os.getgid()}\n"
        )
        (w / "etc" / "cups-pdf.conf").write_text(
            f"Out {self.out_dir}\n"
            f"AnonDirName {self.out_dir}\n"
            "AnonUser root\n"
            f"Spool {w / 'spool' / 'cups-pdf'}\n"
            f"Log {w / 'log'}\n"
            "LogType 3\n"
            "Grp root\n"
            "UserUMask 0022\n"
            "AnonUMask 0022\n"
        )
        for conf in (w / "etc").iterdir():
            if conf.is_file():
                os.chmod(conf, 0o644)

    def _server_bin(self) -> Path:
        """/usr/lib/cups by links, plus the `madoguchi-copy` backend."""
        system = Path("/usr/lib/cups")
        ours = self.workdir / "serverbin"
        (ours / "backend").mkdir(parents=True, exist_ok=True)
        for entry in system.iterdir():
            link = ours / entry.name
            if entry.name != "backend" and not link.exists():
                link.symlink_to(entry)
        for backend in (system / "backend").iterdir():
            link = ours / "backend" / backend.name
            if not link.exists():
                link.symlink_to(backend)
        copy = ours / "backend" / "madoguchi-copy"
        copy.write_text(
            "#!/bin/sh\n"
            "# madoguchi tests: write each job's document into the output folder.\n"
            'if [ $# -eq 0 ]; then echo \'direct madoguchi-copy "Unknown" "madoguchi copy"\'; exit 0; fi\n'
            f'out="{self.out_dir}/job-$1.pdf"\n'
            'if [ -n "$6" ]; then cp "$6" "$out.part"; else cat > "$out.part"; fi && mv "$out.part" "$out"\n'
        )
        copy.chmod(0o755)
        return ours

    def start(self, timeout: float = 15.0) -> None:
        reason = cups_available()
        if reason:
            raise RuntimeError(reason)
        if not self.port:
            self.port = _free_port()
        self.log_path = self.log_path or self.workdir / "log" / "error_log"
        self._write_config()
        etc = self.workdir / "etc"
        cupsd = ["cupsd", "-f", "-c", str(etc / "cupsd.conf"), "-s", str(etc / "cups-files.conf")]
        self.device = self.device or ("cups-pdf" if cups_pdf_usable() is None else "copy")
        if self.device == "cups-pdf":
            command = [
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                f'mount --bind "{etc}" /etc/cups 2>/dev/null || '
                f'{{ mkdir -p /etc/cups && mount --bind "{etc}" /etc/cups; }}; exec "$@"',
                "sh",
                *cupsd,
            ]
        else:
            command = cupsd
        console = open(self.workdir / "log" / "console", "ab")  # noqa: SIM115 - the child's
        self._proc = subprocess.Popen(
            command,
            stdout=console,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        console.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"cupsd exited: {self.log_text()}")
            if self._answers():
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"cupsd did not come up in time: {self.log_text()}")

    def _answers(self) -> bool:
        result = subprocess.run(
            ["lpstat", "-h", self.server, "-r"], capture_output=True, text=True, timeout=5
        )
        return "is running" in result.stdout

    def log_text(self) -> str:
        parts = []
        for path in (self.log_path, self.workdir / "log" / "console"):
            if path is not None and path.exists():
                parts.append(path.read_text(errors="replace")[-4000:])
        return "\n".join(parts)

    def add_pdf_queue(self, name: str = PDF_QUEUE) -> str:
        """Create (and enable) the PDF printer; returns its name."""
        if self.device == "cups-pdf":
            ppd = sorted(CUPS_PDF_PPD_DIR.glob("*.ppd"))[0]
            # The PDF goes to PostScript for cups-pdf; with the Cairo renderer the text
            # keeps its Unicode mapping (poppler's and Ghostscript's PostScript lose it
            # for CID fonts), so pdftotext can read the result. The Debian README of
            # cups-pdf names this option for the same queue.
            args = ["-v", "cups-pdf:/", "-P", str(ppd), "-o", "pdftops-renderer-default=pdftocairo"]
        else:
            args = ["-v", "madoguchi-copy:/", "-m", "raw"]
        subprocess.run(
            ["lpadmin", "-h", self.server, "-p", name, "-E", *args],
            check=True,
            capture_output=True,
            timeout=20,
        )
        return name

    def clear_output(self) -> None:
        for old in self.out_dir.iterdir():
            old.unlink()

    def wait_for_pdf(self, timeout: float = 30.0) -> Path:
        """The PDF the queue wrote, once every job is done (call `clear_output` before
        printing). cups-pdf writes with mode 000 and opens it up when finished."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # Mode bits, not os.access: root may read a file of mode 000.
            done = [p for p in self.out_dir.glob("*.pdf") if p.stat().st_mode & 0o444]
            if done and self._jobs_done() and done[0].read_bytes().rstrip().endswith(b"%%EOF"):
                return done[0]
            time.sleep(0.1)
        raise TimeoutError(f"no PDF arrived in {self.out_dir}: {self.log_text()}")

    def run(self, *command: str) -> str:
        """An lp*/cups* command against this scheduler (e.g. "cupsdisable", PDF_QUEUE)."""
        return subprocess.run(
            [command[0], "-h", self.server, *command[1:]],
            check=True,
            capture_output=True,
            text=True,
            timeout=20,
        ).stdout

    def _jobs_done(self) -> bool:
        result = subprocess.run(
            ["lpstat", "-h", self.server, "-o"], capture_output=True, text=True, timeout=5
        )
        return not result.stdout.strip()

    def stop(self) -> None:
        """Stop cupsd, as when the print service dies."""
        if self._proc is None:
            return
        stop_group(self._proc, timeout=10)
        self._proc = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)
