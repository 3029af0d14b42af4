"""`madoguchi i18n overflow` (issue 15): every resident text, in every language, measured
with Qt in the widget it is shown in at the largest text size. The shipped catalogs fit;
an over-long translation a city adds (MADOGUCHI_LOCALE_DIRS) is found, named by language,
domain and key, and the command exits 1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from i18n import available_locales
from i18n.catalog import LOCALES_DIR, reload
from ui.cli import main

#: One word, no break anywhere: wider than any widget at the largest text.
LONG_WORD = "Einwohnermeldeamtsanmeldebestätigungsformularausfüllhilfe"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["i18n", "overflow", *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_shipped_catalogs_fit_their_widgets_at_the_largest_text(qapp) -> None:
    code, out, err = run()
    assert code == 0, err
    shown = {line.split()[0]: line.split()[1] for line in out.splitlines()}
    assert set(shown) == set(available_locales()) - {"ja"}
    assert set(shown.values()) == {"fits"}


def plant(
    root: Path, locale: str, domain: str, old: str, new: str, context: str | None = None
) -> None:
    """A city's own copy of a packaged catalog, one translation changed (only the one of
    `context` when given: the same words serve several facts)."""
    folder = root / locale / "LC_MESSAGES"
    folder.mkdir(parents=True)
    packaged = LOCALES_DIR / locale / "LC_MESSAGES" / f"{domain}.po"
    shutil.copy(packaged, folder)
    text = (folder / f"{domain}.po").read_text(encoding="utf-8")
    entries = text.split("\n\n")
    chosen = [
        i for i, entry in enumerate(entries)
        if f'msgstr "{old}"' in entry and (context is None or f'msgctxt "{context}"' in entry)
    ]  # fmt: skip
    assert chosen
    for i in chosen:
        entries[i] = entries[i].replace(f'msgstr "{old}"', f'msgstr "{new}"')
    (folder / f"{domain}.po").write_text("\n\n".join(entries), encoding="utf-8")


def test_an_over_long_translation_is_found_in_its_widget(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    request.addfinalizer(reload)  # whatever happens, later tests read the packaged ones
    # A notice across the screen, and a field's label on the review's narrow answer
    # button: a word of 13 letters more than the button holds is found there.
    plant(tmp_path, "en", "kiosk", "Take your My Number Card from the reader.",
          f"Take your {LONG_WORD} from the reader.")  # fmt: skip
    plant(tmp_path, "es", "catalogue", "Nacionalidad o región", "Nacionalidadoregióndeorigen",
          context="dictionary.yaml fields.registry.nationality.label")  # fmt: skip
    monkeypatch.setenv("MADOGUCHI_LOCALE_DIRS", str(tmp_path))
    reload()  # the catalogs are read once a process: read the city's now
    code, out, err = run("--locale", "en", "--locale", "es", "--locale", "vi")
    assert code == 1
    assert "en       1 overflow" in out and "es       1 overflow" in out and "vi       fits" in out
    assert "en/kiosk: overflow kiosk.take_card.prompt (label)" in err
    assert "es/catalogue: overflow dictionary.yaml fields.registry.nationality.label" in err
    assert "(review answer)" in err
    monkeypatch.delenv("MADOGUCHI_LOCALE_DIRS")
    reload()
    assert run("--locale", "en", "--locale", "es")[0] == 0


def test_the_check_command_reports_the_overflow_too(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """`madoguchi i18n check`, the one command a translator runs, measures as well."""
    request.addfinalizer(reload)
    plant(tmp_path, "en", "kiosk", "Take your My Number Card from the reader.",
          f"Take your {LONG_WORD} from the reader.")  # fmt: skip
    monkeypatch.setenv("MADOGUCHI_LOCALE_DIRS", str(tmp_path))
    reload()
    result = CliRunner().invoke(main, ["i18n", "check", "--locale", "en", "--locale", "vi"])
    assert result.exit_code == 1
    assert "en/kiosk: overflow kiosk.take_card.prompt (label)" in result.stderr
    assert "vi/" not in result.stderr
    monkeypatch.delenv("MADOGUCHI_LOCALE_DIRS")
    reload()
    again = CliRunner().invoke(main, ["i18n", "check", "--locale", "en", "--locale", "vi"])
    assert again.exit_code == 0, again.stderr
