"""Helpers for the forms tests: a writable copy of the default catalogue."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from forms.catalogue import DEFAULT_DIR


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    """The default catalogue, copied to a temporary directory the test may edit."""
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIR, target, ignore=shutil.ignore_patterns("schema"))
    return target


@pytest.fixture
def write_form(catalogue_copy: Path) -> Callable[[str, str], Path]:
    """Write an inline YAML form into the catalogue copy; returns the file."""

    def write(name: str, text: str) -> Path:
        path = catalogue_copy / "forms" / f"{name}.yaml"
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
