"""The spool at rest: encrypted, one bad file never stops the others, quarantined files
go after the retention period."""

from __future__ import annotations

import base64
import json
import os
import stat
from datetime import timedelta

from kiosk.spool import REJECTED, Spool
from tests.store.conftest import make_draft
from tests.support.accounts import admin_principal

NAME = "暗号 花子"


def test_spool_files_are_encrypted_with_a_private_key_kept_outside(tmp_path, clock):
    spool = Spool(tmp_path / "spool", clock)
    draft = make_draft(NAME)
    draft.data["applicant"]["phone"] = "090-8765-4321"
    spool.save(draft)
    [path] = (tmp_path / "spool").iterdir()
    raw = path.read_bytes()
    for secret in (NAME, "ヤマダ", "元城町", "8765", "%PDF"):
        assert secret.encode("utf-8") not in raw
        assert json.dumps(secret).encode("ascii").strip(b'"') not in raw  # \\u escapes
    assert base64.b64encode(b"%PDF-1.7")[:8] not in raw
    key = spool.key_file
    assert key.parent == tmp_path and key.exists()  # beside the spool, not in it
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    [item] = Spool(tmp_path / "spool", clock).pending()  # a new process reads it back
    assert item.uuid == draft.uuid


def test_a_file_under_another_key_or_tampered_is_quarantined_not_fatal(store, tmp_path, clock):
    spool = Spool(tmp_path / "spool", clock)
    good = make_draft("良い 一")
    spool.save(good)
    other = Spool(tmp_path / "spool", clock, key_file=tmp_path / "other.key")
    foreign = make_draft("他の 鍵")
    other.save(foreign)  # another kiosk's file copied in
    tampered = make_draft("改ざん 二")
    spool.save(tampered)
    path = tmp_path / "spool" / f"{tampered.uuid}.spool"
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0x01
    path.write_bytes(bytes(raw))
    renamed = make_draft("名前 替え")
    spool.save(renamed)
    moved = tmp_path / "spool" / f"{renamed.uuid}.spool"
    fake = "00000000-0000-4000-8000-000000000000"
    os.replace(moved, tmp_path / "spool" / f"{fake}.spool")  # someone else's application id

    report = spool.flush(store)
    assert [s.application_id for _, s in report.submitted] == [good.uuid]
    assert sorted(name for name, _ in report.rejected) == sorted(
        [f"{foreign.uuid}.spool", f"{tampered.uuid}.spool", f"{fake}.spool"]
    )
    assert len(spool) == 0 and len(spool.rejected()) == 3
    assert store.count_queue(admin_principal(store)) == 1


def _legacy(spool_dir, draft, saved_at):
    """A version-1 file (plaintext JSON) as older kiosks wrote it."""
    body = {"format": "madoguchi.spool", "version": 1, "saved_at": saved_at}
    body["draft"] = draft.to_json()
    (spool_dir / f"{draft.uuid}.spool.json").write_text(json.dumps(body), encoding="utf-8")


def test_one_malformed_file_never_stops_the_others(store, tmp_path, clock):
    spool_dir = tmp_path / "spool"
    spool = Spool(spool_dir, clock)
    first = make_draft("先 一")
    spool.save(first)
    naive = make_draft("素朴 二")
    _legacy(spool_dir, naive, "2026-11-25T09:00:00")  # a naive time: the old TypeError
    aware = make_draft("旧式 三")
    _legacy(spool_dir, aware, "2026-11-25T09:00:00+09:00")
    bad_pdf = make_draft("壊れ 四")
    body = {"format": "madoguchi.spool", "version": 1, "saved_at": "x", "draft": bad_pdf.to_json()}
    body["draft"]["pdf"] = "not base64!!"
    (spool_dir / f"{bad_pdf.uuid}.spool.json").write_text(json.dumps(body), encoding="utf-8")
    no_id = {"format": "madoguchi.spool", "version": 1, "saved_at": None, "draft": {"x": 1}}
    (spool_dir / "no-id.spool.json").write_text(json.dumps(no_id), encoding="utf-8")
    (spool_dir / "list.spool.json").write_text("[1, 2]", encoding="utf-8")
    (spool_dir / "empty.spool").write_bytes(b"")
    last = make_draft("後 五")
    spool.save(last)

    report = spool.flush(store)
    submitted = {s.application_id for _, s in report.submitted}
    assert submitted == {first.uuid, naive.uuid, aware.uuid, last.uuid}
    assert len(report.rejected) == 4 and len(spool.rejected()) == 4
    assert len(spool) == 0 and report.remaining == 0


def test_quarantined_files_go_after_the_retention_period(tmp_path, clock):
    spool_dir = tmp_path / "spool"
    spool = Spool(spool_dir, clock)
    spool_dir.mkdir()
    (spool_dir / "old.spool").write_bytes(b"junk")
    spool.pending()  # quarantined now
    clock.advance(timedelta(days=20))
    (spool_dir / "new.spool").write_bytes(b"junk")
    spool.pending()
    assert [p.name for p in spool.rejected()] == ["new.spool", "old.spool"]
    clock.advance(timedelta(days=11))  # old: 31 days, new: 11 days
    assert spool.purge_rejected(30) == 1
    assert [p.name for p in spool.rejected()] == ["new.spool"]
    assert (spool_dir / REJECTED).is_dir()
