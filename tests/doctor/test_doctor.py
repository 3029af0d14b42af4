"""`madoguchi doctor` on a real terminal set-up: pcscd with the virtual reader, the
test PostgreSQL with the schema, the test CUPS with its PDF printer. Healthy, it says
so and exits 0; each fault injected (the reader service stopped, a font hidden, the
database down, the schema missing or newer, the spool's folder unwritable, a broken
catalogue) is named with what to do, and the exit status says it failed.

Not in the --move-clock run: the doctor compares this machine's clock with the
database server's, which a moved Python clock would put a year apart."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from kiosk.store import Store
from tests.support.cups import PDF_QUEUE

ROOT = Path(__file__).resolve().parents[2]
MADOGUCHI = [sys.executable, "-m", "ui.cli"]


def _settings(tmp_path: Path, **values: Any) -> Path:
    lines = [f"{k} = {json.dumps(v)}" for k, v in values.items()]
    path = tmp_path / "madoguchi.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def doctor(
    config: Path, *args: str, prefix: list[str] | None = None, lang: str = "C.UTF-8"
) -> tuple[int, list[dict[str, Any]]]:
    env = {**os.environ, "MADOGUCHI_CONFIG": str(config), "LANG": lang, "LC_ALL": ""}
    done = subprocess.run(
        [*(prefix or []), *MADOGUCHI, "doctor", "--json", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.stdout, done.stderr
    return done.returncode, json.loads(done.stdout)


def by_status(findings: list[dict[str, Any]], status: str) -> list[str]:
    return [f["key"] for f in findings if f["status"] == status]


@pytest.fixture
def healthy(tmp_path: Path, live_pcscd, live_cups, postgres_url: str) -> Path:
    with Store(postgres_url) as store:
        store.upgrade()
    return _settings(
        tmp_path,
        database_url=postgres_url,
        card_backend="pcsc",
        page_printer=PDF_QUEUE,
        print_forms=True,
        ticket_printer="none",
        spool_dir=str(tmp_path / "spool"),
    )


@pytest.mark.pcsc
@pytest.mark.postgres
def test_a_healthy_kiosk_is_healthy(healthy: Path) -> None:
    status, findings = doctor(healthy)
    assert status == 0, findings
    assert by_status(findings, "fail") == []
    # The test server is a local superuser without TLS: said, not failed.
    assert set(by_status(findings, "warn")) <= {
        "doctor.database.no_tls",
        "doctor.database.superuser",
        "doctor.speech.silent",  # Filipino: espeak-ng 1.51 has no voice for it
    }
    # The print fonts (forms.fonts: BIZ UD, IPAmj明朝, and the script fonts Nanum,
    # WenQuanYi, Noto Sans, Noto Sans Devanagari) draw every resident language.
    lacking = {
        re.search(r" of (\S+):", f["message"]).group(1)  # type: ignore[union-attr]
        for f in findings
        if f["key"] == "doctor.fonts.script_missing"
    }
    assert lacking == set(), lacking
    drawn = {f["message"] for f in findings if f["key"] == "doctor.fonts.script"}
    for script in ("ja", "gaiji", "en", "ko", "zh_Hans", "zh_Hant", "vi", "ne"):
        assert any(f"Script {script} can be drawn" in m for m in drawn), script
    # each locale shows its own writing: traditional characters for zh_Hant
    assert any("zh_Hant" in m and "中國話" in m for m in drawn)
    seen = {f["key"] for f in findings}
    for key in ("doctor.reader.found", "doctor.fonts.found", "doctor.database.reachable",
                "doctor.schema.current", "doctor.clock.ok", "doctor.printer.page_ok",
                "doctor.catalogue.ok", "doctor.display.ok", "doctor.spool.ok",
                "doctor.speech.ok"):  # fmt: skip
        assert key in seen, key
    reader = next(f for f in findings if f["key"] == "doctor.reader.found")
    assert "Virtual PCD" in reader["message"]
    # --strict: a warning is enough for a non-zero status.
    assert doctor(healthy, "--strict")[0] == (1 if by_status(findings, "warn") else 0)


@pytest.mark.pcsc
@pytest.mark.postgres
def test_the_reader_service_down_is_named(healthy: Path, live_pcscd) -> None:
    live_pcscd.stop()
    status, findings = doctor(healthy)
    assert status == 2
    failed = [f for f in findings if f["status"] == "fail"]
    assert [f["key"] for f in failed] == ["doctor.reader.service_down"]
    assert "pcscd" in failed[0]["fix"] and "SCardSvr" in failed[0]["fix"]


@pytest.mark.pcsc
@pytest.mark.postgres
def test_a_card_reader_setting_matching_no_reader_is_named(healthy: Path) -> None:
    settings = healthy.read_text(encoding="utf-8")
    healthy.write_text(settings + 'card_reader = "*Sony*"\n', encoding="utf-8")
    status, findings = doctor(healthy)
    assert status == 2
    failed = [f for f in findings if f["status"] == "fail"]
    assert [f["key"] for f in failed] == ["doctor.reader.setting_unmatched"]
    assert "*Sony*" in failed[0]["message"] and "card readers" in failed[0]["fix"]
    healthy.write_text(settings + 'card_reader = "Virtual PCD 00 0[1]"\n', encoding="utf-8")
    assert by_status(doctor(healthy)[1], "fail") == []


@pytest.mark.pcsc
@pytest.mark.postgres
def test_a_missing_font_is_named(healthy: Path, tmp_path: Path) -> None:
    """IPAmj明朝 hidden under an empty folder in a mount namespace of its own."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.fail("hiding a font needs root and unshare (mount namespaces)")
    empty = tmp_path / "empty"
    empty.mkdir()
    hide = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
            f'mount --bind "{empty}" /usr/share/fonts/truetype/ipamj && exec "$@"', "sh"]  # fmt: skip
    status, findings = doctor(healthy, prefix=hide, lang="ja_JP.UTF-8")
    assert status == 2
    failed = [f for f in findings if f["status"] == "fail"]
    assert [f["key"] for f in failed] == ["doctor.fonts.missing"]
    assert failed[0]["message"] == "fallback のフォントがありません(ipamjm.ttf を探しました)。"
    assert "IPAmj明朝" in failed[0]["fix"]
    # Without the fallback font, the rare kanji of names cannot be drawn.
    assert "doctor.fonts.script_missing" in by_status(findings, "warn")


@pytest.mark.pcsc
def test_the_database_down_is_named(tmp_path: Path, live_pcscd) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        unused_tcp_port = probe.getsockname()[1]
    config = _settings(
        tmp_path,
        database_url=f"postgresql+psycopg://madoguchi@127.0.0.1:{unused_tcp_port}/madoguchi",
        spool_dir=str(tmp_path / "spool"),
    )
    status, findings = doctor(config)
    assert status == 2
    failed = [f for f in findings if f["status"] == "fail"]
    assert [f["key"] for f in failed] == ["doctor.database.unreachable"]
    assert f"127.0.0.1:{unused_tcp_port}/madoguchi" in failed[0]["message"]
    assert "pg_hba.conf" in failed[0]["fix"]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("revision", "key", "fix"),
    [(None, "doctor.schema.missing", "madoguchi db upgrade"),
     ("9999_from_a_newer_release", "doctor.schema.newer", "same madoguchi version")],
)  # fmt: skip
def test_a_schema_not_at_this_version_is_named(
    tmp_path: Path, postgres_url: str, revision: str | None, key: str, fix: str
) -> None:
    if revision:
        engine = create_engine(postgres_url)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)"))
            conn.execute(text("INSERT INTO alembic_version VALUES (:r)"), {"r": revision})
        engine.dispose()
    config = _settings(tmp_path, database_url=postgres_url, card_backend="simulator", page_printer="none",
                       spool_dir=str(tmp_path / "spool"))  # fmt: skip
    status, findings = doctor(config, "--role", "staff")
    assert status == 2
    failed = [f for f in findings if f["status"] == "fail"]
    assert [f["key"] for f in failed] == [key]
    assert fix in failed[0]["fix"]
    # The doctor changes nothing: still no schema at this version.
    with Store(postgres_url) as store:
        assert store.schema_revision() == revision


def test_an_unpublished_catalogue_and_an_unwritable_spool_are_named(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    database = tmp_path / "madoguchi.sqlite3"
    with Store(f"sqlite:///{database}") as store:
        store.upgrade()
    config = _settings(
        tmp_path,
        database_url=f"sqlite:///{database}",
        card_backend="simulator",
        catalogue_dir=str(tmp_path / "catalogue"),
        spool_dir=str(blocker / "spool"),
    )
    status, findings = doctor(config)
    assert status == 2
    assert by_status(findings, "fail") == [
        "doctor.catalogue.unpublished",
        "doctor.spool.unwritable",
    ]


def test_a_missing_sqlite_database_is_not_created(tmp_path: Path) -> None:
    database = tmp_path / "absent.sqlite3"
    config = _settings(tmp_path, database_url=f"sqlite:///{database}", card_backend="simulator")
    status, findings = doctor(config, "--role", "display")
    assert status == 2
    assert by_status(findings, "fail") == ["doctor.schema.missing"]
    assert not database.exists()


def test_read_aloud_is_checked_by_real_synthesis(tmp_path: Path, monkeypatch) -> None:
    """The speech check synthesises each kiosk language; with espeak-ng out of reach
    (a PATH without it) only Japanese (Open JTalk, in-process) still speaks, and the
    doctor names every silent language for staff."""
    from kiosk.config import Config
    from kiosk.doctor import check_speech

    found = {f.key: f for f in check_speech(Config(), "kiosk")}
    spoken = found["doctor.speech.ok"].params["languages"]
    for expected in ("ja (open_jtalk)", "en (espeak-ng)", "ko (espeak-ng)", "zh_Hant (espeak-ng)"):
        assert expected in spoken
    assert found["doctor.speech.silent"].params["languages"] == "fil"
    assert list(check_speech(Config(), "staff")) == []  # only a kiosk speaks

    monkeypatch.setenv("PATH", str(tmp_path))  # no espeak-ng on it
    found = {f.key: f for f in check_speech(Config(), "kiosk")}
    assert found["doctor.speech.ok"].params["languages"] == "ja (open_jtalk), ja@easy (open_jtalk)"
    silent = found["doctor.speech.silent"]
    assert silent.status == "warn" and silent.fix == "doctor.fix.speech"
    assert {"en", "ko", "fil"} <= set(silent.params["languages"].split(", "))
