"""The command line's own words: which language a command speaks, and its errors in it.

A command speaks its environment's language (POSIX: the first of LC_ALL, LC_MESSAGES,
LANG that is set) when madoguchi ships it (`i18n.shipped_locale`: ja_JP.UTF-8 → ja,
pt_PT → pt_BR, zh_TW → zh_Hant); otherwise (C, POSIX, unset, a language not shipped)
English, the language of the options and --help. Messages come from the `cli` domain
(and card/db/doctor for their commands); a language without a text falls back to English.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, Any

import click

from i18n import FALLBACK_LOCALE, shipped_locale, translator


def cli_locale(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:  # POSIX: the first one set decides, even when it is C
            return shipped_locale(value) or FALLBACK_LOCALE
    return FALLBACK_LOCALE


def say(key: str, /, **params: object) -> str:
    return translator(cli_locale())(key, **params)


class CliError(click.ClickException):
    """A command's failure, said in the command's language ("エラー: …" in Japanese)."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(say(key, **params))
        self.key = key

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(say("cli.error", message=self.format_message()), file=file, err=True)


class CliUsageError(click.UsageError):
    """Options that do not go together; click adds the usage line above it."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(say(key, **params))


class CliBadParameter(click.BadParameter):
    """One option's value is wrong; click names the option."""

    def __init__(self, key: str, /, param_hint: str | None = None, **params: object) -> None:
        super().__init__(say(key, **params), param_hint=param_hint)
