"""`madoguchi doctor`: what a technician checks on a terminal, one line per finding.

Each check looks at the real thing (the smart-card service, the font files, the
database server, the print system, the published catalogue, the spool's disk) and
returns findings: ok, warn or fail, each with a message key (i18n domain `doctor`)
and, unless it is ok, the key of what to do about it. Nothing here changes the
machine: the doctor reads, connects and lists, and never migrates or prints.

Which checks matter depends on the terminal's role: a kiosk needs a reader and the
spool, a lobby display needs neither.
"""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kiosk.config import Config, ConfigError

# subprocess above: fixed argument lists to the print tools, never a shell.

Status = Literal["ok", "warn", "fail"]
ROLES = ("kiosk", "staff", "display", "admin")

#: Free space under the spool below which a kiosk warns, and fails.
SPOOL_WARN_BYTES = 1_000_000_000
SPOOL_FAIL_BYTES = 100_000_000
#: Seconds the terminal's clock may differ from the database server's.
SKEW_WARN_SECONDS = 5.0
SKEW_FAIL_SECONDS = 60.0
#: Seconds to wait for a database server or a network printer.
CONNECT_TIMEOUT = 5

#: A few characters of each script the screens and forms show; a language whose
#: catalogue is installed must be drawable in the fonts found.
SCRIPT_SAMPLES: dict[str, str] = {
    "ja": "あア漢字",
    "gaiji": "𠮷髙﨑",
    "en": "Aa",
    "ko": "한국",
    "zh_Hans": "中国话",
    "zh_Hant": "中國話",
    "pt": "Ação",
    "es": "Español",
    "vi": "Tiếng Việt",
    "ne": "नेपाली",
    "th": "ไทย",
}


@dataclass(frozen=True)
class Finding:
    check: str
    status: Status
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    #: What to do (a message key); None when the finding is ok.
    fix: str | None = None

    def to_json_dict(self, say: Callable[..., str]) -> dict[str, Any]:
        return {
            "check": self.check,
            "status": self.status,
            "key": self.key,
            "message": say(self.key, **self.params),
            "fix": say(self.fix, **self.params) if self.fix else None,
        }


def ok(check: str, key: str, **params: Any) -> Finding:
    return Finding(check, "ok", key, params)


def warn(check: str, key: str, fix: str, **params: Any) -> Finding:
    return Finding(check, "warn", key, params, fix)


def fail(check: str, key: str, fix: str, **params: Any) -> Finding:
    return Finding(check, "fail", key, params, fix)


# -- the card reader ------------------------------------------------------------


def check_readers(config: Config, role: str) -> Iterator[Finding]:
    if role in ("display", "admin"):
        return
    if config.card_backend == "simulator":
        yield ok("reader", "doctor.reader.simulator")
        return
    from card_reader.errors import CardError, ReaderUnavailable
    from card_reader.pcsc import PcscBackend

    try:
        readers = PcscBackend().snapshot()
    except ReaderUnavailable:
        yield fail("reader", "doctor.reader.service_down", "doctor.fix.reader_service")
        return
    except CardError as exc:
        yield fail("reader", "doctor.reader.error", "doctor.fix.reader_service", error=exc.key)
        return
    if not readers:
        finding = fail if role == "kiosk" else warn
        yield finding("reader", "doctor.reader.none", "doctor.fix.reader_plug")
        return
    yield ok("reader", "doctor.reader.found", count=len(readers), names=", ".join(readers))
    if config.card_reader and role == "kiosk":
        from card_reader.api import reader_matches

        if not any(reader_matches(name, config.card_reader) for name in readers):
            yield fail(
                "reader",
                "doctor.reader.setting_unmatched",
                "doctor.fix.reader_setting",
                setting=config.card_reader,
            )


# -- fonts ----------------------------------------------------------------------


def check_fonts(config: Config, role: str) -> Iterator[Finding]:
    from forms.errors import FontNotFoundError
    from forms.fonts import ROLES as FONT_ROLES
    from forms.fonts import SCRIPT_FONTS, find_font
    from i18n import available_locales

    coverage: set[int] = set()
    for font_role in FONT_ROLES:
        try:
            path = find_font(font_role)
        except FontNotFoundError as exc:
            yield fail(
                "fonts",
                "doctor.fonts.missing",
                "doctor.fix.fonts",
                role=font_role,
                files=", ".join(exc.candidates),
            )
            continue
        coverage |= _covered(path)
        yield ok("fonts", "doctor.fonts.found", role=font_role, path=str(path))
    if not coverage:
        return
    # The resident languages' print fonts (optional: without one, that script prints 〓).
    for key in SCRIPT_FONTS:
        try:
            coverage |= _covered(find_font(key))
        except FontNotFoundError:
            continue
    scripts = ["ja", "gaiji", *(loc for loc in available_locales() if loc not in ("ja",))]
    for script in scripts:
        # the locale's own sample (zh_Hant writes 國, not 国), else its language's
        sample = SCRIPT_SAMPLES.get(script) or SCRIPT_SAMPLES.get(script.split("_")[0])
        if sample is None:
            continue
        lacking = "".join(c for c in sample if c != " " and ord(c) not in coverage)
        if lacking:
            yield warn(
                "fonts", "doctor.fonts.script_missing", "doctor.fix.fonts_script",
                script=script, chars=lacking,
            )  # fmt: skip
        else:
            yield ok("fonts", "doctor.fonts.script", script=script, sample=sample)


def _covered(path: Path) -> set[int]:
    from reportlab.pdfbase.ttfonts import TTFontFile

    face = (
        TTFontFile(str(path), subfontIndex=0)
        if path.suffix.lower() == ".ttc"
        else (TTFontFile(str(path)))
    )
    return set(face.charToGlyph)


# -- the database -----------------------------------------------------------------


def check_database(config: Config, role: str, url: str | None = None) -> Iterator[Finding]:
    from kiosk.clock import Clock
    from kiosk.store import migrate, urls
    from kiosk.store.probe import probe

    try:
        url = url or config.resolved_database_url()
    except ConfigError as exc:
        yield fail("database", "doctor.database.config", "doctor.fix.config", error=str(exc))
        return
    where = urls.location(url)
    if url.startswith("sqlite") and where != ":memory:" and not Path(where).is_file():
        # Connecting would create an empty file: say what is missing instead.
        yield fail("database", "doctor.schema.missing", "doctor.fix.schema",
                   head=migrate.head_revision())  # fmt: skip
        return
    found = probe(url, CONNECT_TIMEOUT)
    if not found.reachable:
        key = "doctor.database.refused" if found.password_refused else "doctor.database.unreachable"
        yield fail("database", key, "doctor.fix.database", where=where, error=found.error)
        return
    yield ok("database", "doctor.database.reachable", where=where)
    if found.role is not None:
        if found.superuser:
            yield warn("database", "doctor.database.superuser", "doctor.fix.role", role=found.role)
        else:
            yield _role_finding(found.role, found.member_of, role)
        if found.tls:
            yield ok("database", "doctor.database.tls")
        else:
            yield warn("database", "doctor.database.no_tls", "doctor.fix.tls")
    if found.server_now is not None:
        yield _skew(abs((Clock(config.timezone).now() - found.server_now).total_seconds()))
    if found.revision is None:
        yield fail("database", "doctor.schema.missing", "doctor.fix.schema", head=found.head)
    elif found.revision == found.head:
        yield ok("database", "doctor.schema.current", revision=found.revision)
    elif not found.revision_known:  # a newer madoguchi upgraded the database: update this terminal
        yield fail("database", "doctor.schema.newer", "doctor.fix.update_terminal",
                   revision=found.revision, head=found.head)  # fmt: skip
    else:
        yield fail("database", "doctor.schema.outdated", "doctor.fix.schema",
                   revision=found.revision, head=found.head)  # fmt: skip


def _role_finding(login: str, member_of: tuple[str, ...], terminal: str) -> Finding:
    """The login should be in this terminal's role of `madoguchi db roles` (named
    <prefix><kind>: madoguchi_kiosk, ...), and in no other terminal's."""
    from kiosk.store.roles import TERMINAL_KINDS

    kinds = sorted({k for k in TERMINAL_KINDS for name in member_of if name.endswith(k)})
    if kinds == [terminal]:
        return ok("database", "doctor.database.role", role=login)
    if kinds:
        return fail("database", "doctor.database.wrong_role", "doctor.fix.role", role=login,
                    kinds=", ".join(kinds), terminal=terminal)  # fmt: skip
    return warn("database", "doctor.database.no_terminal_role", "doctor.fix.role", role=login,
                terminal=terminal)  # fmt: skip


def _skew(seconds: float) -> Finding:
    if seconds >= SKEW_FAIL_SECONDS:
        return fail("clock", "doctor.clock.skew", "doctor.fix.clock", seconds=round(seconds))
    if seconds >= SKEW_WARN_SECONDS:
        return warn("clock", "doctor.clock.skew", "doctor.fix.clock", seconds=round(seconds))
    return ok("clock", "doctor.clock.ok", seconds=round(seconds, 1))


# -- printers -------------------------------------------------------------------


def check_printers(config: Config, role: str) -> Iterator[Finding]:
    if role in ("display", "admin"):
        return
    from kiosk.printing import PrinterError, connect, parse_spec

    page_wanted = role == "staff" or config.print_forms
    try:
        ticket = parse_spec(config.ticket_printer) if role == "kiosk" else None
    except PrinterError as exc:
        yield fail("printer", "doctor.printer.ticket_spec", "doctor.fix.ticket_printer",
                   spec=config.ticket_printer, error=exc.detail)  # fmt: skip
        ticket = None
    if ticket is not None:
        if ticket.kind == "none":
            yield ok("printer", "doctor.printer.ticket_none")
        elif ticket.kind == "page":
            page_wanted = True
        elif ticket.kind == "network":
            try:
                connect(ticket.host, ticket.port, CONNECT_TIMEOUT).close()
                yield ok("printer", "doctor.printer.ticket_ok", spec=config.ticket_printer)
            except PrinterError as exc:
                yield fail("printer", "doctor.printer.ticket_down", "doctor.fix.ticket_printer",
                           spec=config.ticket_printer, error=exc.detail)  # fmt: skip
        elif ticket.kind == "usb":
            yield _usb_printer(ticket.vendor_id, ticket.product_id, config.ticket_printer)
        elif ticket.kind == "file":
            folder = Path(ticket.path).parent
            if os.access(folder, os.W_OK):
                yield ok("printer", "doctor.printer.ticket_ok", spec=config.ticket_printer)
            else:
                yield fail("printer", "doctor.printer.ticket_down", "doctor.fix.ticket_printer",
                           spec=config.ticket_printer, error=f"{folder} is not writable")  # fmt: skip
    if config.page_printer == "none" or not page_wanted:
        yield ok("printer", "doctor.printer.page_none")
        return
    yield _page_printer(config.page_printer)


def _usb_printer(vendor: int, product: int, spec: str) -> Finding:
    try:
        import usb.core

        found = usb.core.find(idVendor=vendor, idProduct=product)
    except Exception as exc:  # no libusb backend, permissions
        return fail("printer", "doctor.printer.ticket_down", "doctor.fix.ticket_printer",
                    spec=spec, error=str(exc))  # fmt: skip
    if found is None:
        return fail("printer", "doctor.printer.ticket_down", "doctor.fix.ticket_printer",
                    spec=spec, error="not connected")  # fmt: skip
    return ok("printer", "doctor.printer.ticket_ok", spec=spec)


def _page_printer(name: str) -> Finding:
    """The page printer through the system's print tools (CUPS' lpstat; on Windows
    PowerShell's Get-Printer)."""
    if sys.platform == "win32":
        # The name goes in as an argument, never into the script text (a quote in a
        # printer's name must not become PowerShell code).
        command = ["powershell", "-NoProfile", "-Command",
                   "& { param($n) (Get-Printer -Name $n).Name }", name] if name else [
                   "powershell", "-NoProfile", "-Command",
                   "(Get-CimInstance Win32_Printer -Filter 'Default=TRUE').Name"]  # fmt: skip
    else:
        if shutil.which("lpstat") is None:
            return fail("printer", "doctor.printer.no_cups", "doctor.fix.cups")
        command = ["lpstat", "-p", name] if name else ["lpstat", "-d"]
    try:
        # a fixed tool with the printer's name as one argument (B603 reviewed)
        done = subprocess.run(  # nosec B603
            command, capture_output=True, text=True, timeout=15, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return fail("printer", "doctor.printer.page_down", "doctor.fix.page_printer",
                    name=name or "-", error=str(exc))  # fmt: skip
    out = (done.stdout + done.stderr).strip()
    if sys.platform != "win32" and not name:
        # "system default destination: NAME", or "no system default destination"
        default = out.rpartition(":")[2].strip() if "destination:" in out else ""
        if done.returncode != 0 or not default:
            return fail("printer", "doctor.printer.no_default", "doctor.fix.page_printer")
        return _page_printer(default)
    if done.returncode != 0 or not out or "disabled" in out:
        return fail("printer", "doctor.printer.page_down", "doctor.fix.page_printer",
                    name=name or "-", error=out.splitlines()[0] if out else "")  # fmt: skip
    return ok("printer", "doctor.printer.page_ok", name=name or out.strip())


# -- catalogue, display, spool --------------------------------------------------------


def check_catalogue(config: Config, role: str) -> Iterator[Finding]:
    if role == "display":
        return
    from forms.catalogue import load_catalogue
    from forms.errors import FormsError

    where = config.catalogue_dir
    if where and not (Path(where) / "dictionary.yaml").is_file():
        yield fail("catalogue", "doctor.catalogue.unpublished", "doctor.fix.catalogue_publish",
                   path=where)  # fmt: skip
        return
    try:
        catalogue = load_catalogue(Path(where) if where else None)
    except FormsError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        yield fail("catalogue", "doctor.catalogue.invalid", "doctor.fix.catalogue_fix",
                   path=where or "forms/data", error=first)  # fmt: skip
        return
    yield ok("catalogue", "doctor.catalogue.ok", path=where or "forms/data",
             forms=len(catalogue.forms), procedures=len(catalogue.procedures))  # fmt: skip


def check_names(config: Config, role: str) -> Iterator[Finding]:
    """The SKK name dictionaries behind kanji and フリガナ suggestions."""
    if role not in ("kiosk", "staff"):
        return
    from kiosk.japanese.sources import NameDictionaryUnavailable, find_directory

    try:
        directory = find_directory()
    except NameDictionaryUnavailable as exc:
        yield warn("names", "doctor.names.missing", "doctor.fix.names", error=str(exc))
        return
    yield ok("names", "doctor.names.ok", path=str(directory))


def check_speech(config: Config, role: str) -> Iterator[Finding]:
    """Read-aloud: each kiosk language synthesised for real (a short phrase, checked
    for sound), so staff see which languages a blind resident would hear."""
    if role != "kiosk":
        return
    from i18n import translator
    from i18n.catalog import locales_with
    from i18n.ruby import spoken as readings
    from kiosk.voices import VoiceError, voice_for

    spoken: list[str] = []
    silent: list[str] = []
    for locale in locales_with("kiosk"):
        voice = voice_for(locale)
        if voice is None:
            silent.append(locale)
            continue
        try:
            wave = voice.synthesize(readings(translator(locale)("kiosk.speech.keypad")))
        except VoiceError as exc:
            yield fail("speech", "doctor.speech.broken", "doctor.fix.speech",
                       locale=locale, engine=voice.engine, error=str(exc))  # fmt: skip
            continue
        if wave.duration > 0 and wave.peak > 0:
            spoken.append(f"{locale} ({voice.engine})")
        else:
            yield fail("speech", "doctor.speech.broken", "doctor.fix.speech",
                       locale=locale, engine=voice.engine, error="silence")  # fmt: skip
    if spoken:
        yield ok("speech", "doctor.speech.ok", languages=", ".join(spoken))
    if silent:
        yield warn("speech", "doctor.speech.silent", "doctor.fix.speech",
                   languages=", ".join(silent))  # fmt: skip


def check_display(config: Config, role: str) -> Iterator[Finding]:
    if sys.platform == "win32" or os.environ.get("QT_QPA_PLATFORM"):
        yield ok("display", "doctor.display.ok", name=os.environ.get("QT_QPA_PLATFORM", "windows"))
        return
    name = os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY")
    if name:
        yield ok("display", "doctor.display.ok", name=name)
    else:
        yield warn("display", "doctor.display.none", "doctor.fix.display")


def check_spool(config: Config, role: str) -> Iterator[Finding]:
    if role != "kiosk":
        return
    try:
        spool = config.resolved_spool_dir()
        with tempfile.NamedTemporaryFile(dir=spool, prefix=".doctor-"):
            pass
    except OSError as exc:
        yield fail("spool", "doctor.spool.unwritable", "doctor.fix.spool",
                   path=config.spool_dir or "-", error=exc.strerror or str(exc))  # fmt: skip
        return
    free = shutil.disk_usage(spool).free
    params = {"path": str(spool), "free_mb": free // 1_000_000}
    if free < SPOOL_FAIL_BYTES:
        yield fail("spool", "doctor.spool.low", "doctor.fix.spool_space", **params)
    elif free < SPOOL_WARN_BYTES:
        yield warn("spool", "doctor.spool.low", "doctor.fix.spool_space", **params)
    else:
        yield ok("spool", "doctor.spool.ok", **params)


CHECKS: list[Callable[[Config, str], Iterator[Finding]]] = [
    check_readers,
    check_fonts,
    check_database,
    check_printers,
    check_catalogue,
    check_names,
    check_speech,
    check_display,
    check_spool,
]


def run_checks(
    config: Config, role: str = "kiosk", database_url: str | None = None
) -> list[Finding]:
    """Every check for `role`, in order; a check that crashes is itself a failure."""
    findings: list[Finding] = []
    for check in CHECKS:
        name = check.__name__.removeprefix("check_")
        try:
            if check is check_database:
                findings += check_database(config, role, database_url)
            else:
                findings += check(config, role)
        except Exception as exc:  # the doctor reports, it does not stop half-way
            findings.append(
                fail(
                    name,
                    "doctor.crashed",
                    "doctor.fix.report",
                    error=f"{type(exc).__name__}: {exc}",
                )
            )
    return findings


def exit_status(findings: list[Finding], strict: bool = False) -> int:
    """0: healthy; 1: a warning (with --strict); 2: a failure."""
    if any(f.status == "fail" for f in findings):
        return 2
    if strict and any(f.status == "warn" for f in findings):
        return 1
    return 0
