"""A kiosk's restart with the catalogue it checked last skips the checks; any change to
the catalogue (or to the checking code) is checked in full again, and refused if broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms import catalogue, verified
from forms.catalogue import load_catalogue
from forms.errors import ErrorCode, FormDefinitionError
from forms.validation import Validator
from forms.verified import VerifiedCatalogues


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The whole-catalogue checks run, by name, as they run."""
    ran: list[str] = []
    real_forms, real_overlaps = Validator.check_forms, catalogue.overlap_errors

    def check_forms(self: Validator, *args: object) -> None:
        ran.append("check_forms")
        real_forms(self, *args)  # type: ignore[arg-type]

    def overlap_errors(*args: object) -> list[object]:
        ran.append("overlaps")
        return real_overlaps(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(Validator, "check_forms", check_forms)
    monkeypatch.setattr(catalogue, "overlap_errors", overlap_errors)
    return ran


def _break_dictionary(root: Path) -> None:
    """An ask_if that reads a fact the dictionary does not have (a cross-file check,
    not the schema's)."""
    path = root / "dictionary.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("  move.date:"))
    lines.insert(number + 1, "    ask_if: move.dat > today")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_same_catalogue_again_is_not_checked_again(
    catalogue_copy: Path, tmp_path: Path, checks: list[str]
) -> None:
    cache = VerifiedCatalogues(tmp_path / "verified.json")
    first = load_catalogue(catalogue_copy, cache)
    assert "check_forms" in checks and "overlaps" in checks
    checks.clear()
    again = load_catalogue(catalogue_copy, cache)
    assert checks == []
    assert again.version == first.version
    assert again.events.keys() == first.events.keys()
    assert again.forms == first.forms
    assert again.dictionary == first.dictionary
    assert again.procedures.keys() == first.procedures.keys()
    assert again.reasons == first.reasons


def test_a_changed_file_is_checked_again_and_refused_if_broken(
    catalogue_copy: Path, tmp_path: Path, checks: list[str]
) -> None:
    cache = VerifiedCatalogues(tmp_path / "verified.json")
    load_catalogue(catalogue_copy, cache)
    _break_dictionary(catalogue_copy)
    with pytest.raises(FormDefinitionError) as info:
        load_catalogue(catalogue_copy, cache)
    assert [e.code for e in info.value.errors] == [ErrorCode.EXPR_004]
    with pytest.raises(FormDefinitionError):  # and stays refused: nothing was remembered
        load_catalogue(catalogue_copy, cache)


def test_a_form_added_or_removed_is_checked_again(
    catalogue_copy: Path, tmp_path: Path, checks: list[str]
) -> None:
    cache = VerifiedCatalogues(tmp_path / "verified.json")
    load_catalogue(catalogue_copy, cache)
    form = catalogue_copy / "forms" / "juminido.yaml"
    (catalogue_copy / "forms" / "juminido_copy.yaml").write_bytes(form.read_bytes())
    checks.clear()
    with pytest.raises(FormDefinitionError):  # two forms with one id
        load_catalogue(catalogue_copy, cache)
    assert "check_forms" in checks
    (catalogue_copy / "forms" / "juminido_copy.yaml").unlink()
    (catalogue_copy / "forms" / "inu_henko.yaml").unlink()
    checks.clear()
    assert "inu_henko" not in load_catalogue(catalogue_copy, cache).forms
    assert "overlaps" in checks


def test_new_checking_code_checks_the_same_files_again(
    catalogue_copy: Path, tmp_path: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = VerifiedCatalogues(tmp_path / "verified.json")
    load_catalogue(catalogue_copy, cache)
    monkeypatch.setattr(verified, "code_fingerprint", lambda: "a newer madoguchi")
    checks.clear()
    load_catalogue(catalogue_copy, cache)
    assert "overlaps" in checks


@pytest.mark.parametrize("content", ["", "{not json", '["a list"]', '{"fingerprint": 1}'])
def test_a_damaged_cache_is_a_miss(
    catalogue_copy: Path, tmp_path: Path, checks: list[str], content: str
) -> None:
    file = tmp_path / "verified.json"
    file.write_text(content, encoding="utf-8")
    load_catalogue(catalogue_copy, VerifiedCatalogues(file))
    assert "overlaps" in checks
    checks.clear()
    load_catalogue(catalogue_copy, VerifiedCatalogues(file))  # rewritten, now a hit
    assert checks == []


def test_an_unwritable_cache_only_means_checking_every_time(
    catalogue_copy: Path, tmp_path: Path, checks: list[str]
) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("", encoding="utf-8")
    cache = VerifiedCatalogues(blocked / "verified.json")  # its folder cannot be made
    load_catalogue(catalogue_copy, cache)
    checks.clear()
    load_catalogue(catalogue_copy, cache)
    assert "overlaps" in checks


def test_a_new_bundle_is_new_checking_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A frozen bundle may have no module sources to hash: its executable counts."""
    executable = tmp_path / "madoguchi"
    executable.write_bytes(b"one build")
    monkeypatch.setattr("sys.frozen", True, raising=False)
    monkeypatch.setattr("sys.executable", str(executable))
    verified.code_fingerprint.cache_clear()
    before = verified.code_fingerprint()
    executable.write_bytes(b"the next build")
    verified.code_fingerprint.cache_clear()
    assert verified.code_fingerprint() != before
    monkeypatch.undo()
    verified.code_fingerprint.cache_clear()
