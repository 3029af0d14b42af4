"""Hand-over to core systems (JSON, CSV with dotted keys) and statistics as CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from kiosk.store import export
from tests.store.conftest import PASSWORD, make_draft

ROOT = Path(__file__).resolve().parents[2]


def _complete(store, staff, draft):
    app_id = store.submit(draft).application_id
    store.call(staff, app_id, "1番")
    store.start_review(staff, app_id)
    for p in store.detail(staff, app_id).summary.procedures:
        store.mark_procedure(staff, app_id, p.procedure_id)
    store.complete(staff, app_id)
    return app_id


def _cli(store, tmp_path, *args):
    env = {
        **os.environ,
        "MADOGUCHI_DATABASE_URL": store.url,
        "MADOGUCHI_CONFIG": str(tmp_path / "x.toml"),
    }
    command = [sys.executable, "-c", "from ui.cli import main; main()", *args]
    stdin = None
    if args[0] == "export":  # an administrator signs in for it
        command += ["--user", "admin", "--password-stdin"]
        stdin = PASSWORD + "\n"
    result = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, input=stdin
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_export_json_and_csv_of_completed_applications(store, staff, admin, tmp_path):
    first = make_draft("山田 太郎")
    for i in range(11):  # children[10] must sort after children[2]
        first.data["children"].append({"name": f"子{i}", "birth_date": "2020-01-01"})
    done = _complete(store, staff, first)
    store.submit(make_draft("未完了 の人"))  # open: not exported

    records = json.loads(
        _cli(store, tmp_path, "export", "--since", "2020-01-01", "--format", "json")
    )
    assert records["format"] == "madoguchi.export" and records["version"] == 1
    [record] = records["applications"]
    assert record["application_id"] == done and record["reception_number"] == "A-001"
    assert record["data"]["applicant"]["name"] == "山田 太郎"
    assert [p["id"] for p in record["procedures"]] == ["juminhyo", "kokuho"]
    assert record["handled_by"] == "sato"

    text = _cli(store, tmp_path, "export", "--since", "2020-01-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    header = next(csv.reader(io.StringIO(text)))
    assert header[: len(export.META_COLUMNS)] == list(export.META_COLUMNS)
    data_cols = header[len(export.META_COLUMNS) :]
    assert data_cols.index("children[2].name") < data_cols.index("children[10].name")
    assert rows[0]["applicant.name"] == "山田 太郎"
    assert rows[0]["children[0].name"] == "山田 花子"
    assert rows[0]["procedures"] == "juminhyo;kokuho"
    assert rows[0]["card_used"] == "true"
    exports = [r for r in store.audit_log(admin, application_id=done) if r.action == "export"]
    assert len(exports) == 2 and {e.actor for e in exports} == {"admin"}

    # Nothing completed after now.
    later = (store.clock.now() + timedelta(minutes=1)).isoformat()
    assert json.loads(_cli(store, tmp_path, "export", "--since", later))["applications"] == []


def test_csv_with_fixed_columns_lines_up_across_files(store, staff, admin):
    _complete(store, staff, make_draft())
    records = store.export_completed(admin, store.clock.now() - timedelta(hours=1))
    text = export.to_csv(records, columns=["applicant.name", "applicant.phone", "event_id"])
    header, row = list(csv.reader(io.StringIO(text)))
    assert header[len(export.META_COLUMNS) :] == [
        "applicant.name",
        "applicant.phone",
        "data.event_id",
    ]
    assert row[len(export.META_COLUMNS) :] == ["山田 太郎", "", ""]


def test_statistics_per_procedure_and_hour_as_csv(store, staff, tmp_path):
    _complete(store, staff, make_draft())
    store.submit(make_draft(procedures=[{"id": "inu", "title_ja": "犬", "counter": "環境課"}]))
    rows = store.stats(
        store.clock.now() - timedelta(days=1), store.clock.now() + timedelta(days=1), by="hour"
    )
    by_procedure = {r.procedure_id: r for r in rows}
    assert by_procedure["juminhyo"].applications == 1 and by_procedure["juminhyo"].completed == 1
    assert (
        by_procedure["juminhyo"].waiting_avg_s is not None
        and by_procedure["juminhyo"].handling_avg_s >= 0
    )
    assert by_procedure["inu"].called == 0 and by_procedure["inu"].waiting_avg_s is None
    assert by_procedure["inu"].bucket.endswith(":00")
    text = _cli(store, tmp_path, "db", "stats", "--since", "2020-01-01", "--csv", "--by", "day")
    table = list(csv.DictReader(io.StringIO(text)))
    assert {r["procedure_id"] for r in table} == {"juminhyo", "kokuho", "inu"}
    assert next(r for r in table if r["procedure_id"] == "inu")["waiting_avg_s"] == ""


def test_csv_columns_are_the_data_dictionary_and_the_same_every_day(store, staff, admin, tmp_path):
    day1 = make_draft("山田 太郎")
    day1.data["children"] = []
    _complete(store, staff, day1)
    first = _cli(store, tmp_path, "export", "--since", "2020-01-01", "--format", "csv")
    day2 = make_draft("佐藤 花子")
    day2.data["move"] = {"date": "2026-11-20"}
    _complete(store, staff, day2)
    since = (store.clock.now() - timedelta(seconds=5)).isoformat()
    second = _cli(store, tmp_path, "export", "--since", since, "--format", "csv")
    header1 = next(csv.reader(io.StringIO(first)))
    header2 = next(csv.reader(io.StringIO(second)))
    assert header1 == header2  # different answers, same columns
    for key in ("applicant.name", "move.date", "new_address.postal_code", "children[0].name"):
        assert key in header1
    assert "applicant.individual_number" not in header1  # never stored, never a column
    present = _cli(
        store,
        tmp_path,
        "export",
        "--since",
        "2020-01-01",
        "--format",
        "csv",
        "--columns",
        "present",
    )
    assert "new_address.postal_code" not in next(csv.reader(io.StringIO(present)))
