"""`madoguchi i18n overflow`: each resident text, in each language, measured in the
widget it is shown in at the largest text size; a word wider than that widget (which
Qt cannot wrap, so it runs past the widget's edge or is cut) is reported.

The roles are the kiosk's narrowest places for a kind of text, at the smallest display
it supports (1280×1024) and the largest text size: where a text is shown is decided by
its key (a message key, or the catalogue's msgctxt), first matching role wins.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

import click

from i18n import available_locales
from i18n.audit import RESIDENT_DOMAINS
from i18n.catalog import load_catalogs
from i18n.ruby import plain
from kiosk.i18n_cli import locale_option


@dataclass(frozen=True)
class Role:
    name: str
    #: matched against the key: the msgid of keyed domains, the msgctxt of catalogue.po
    key: re.Pattern[str]
    #: the style sheet's `role` property of the label (ui.theme)
    style_role: str
    #: the room for the words, in px: the widget's width less its padding
    width: int


#: The review's answer buttons, a field's label before its answer: their list widens to
#: its longest word, up to what the page previews leave above their least width
#: (ui.kiosk.screens.review.PREVIEW_MIN_PX), less both lists' page buttons, the spacing
#: and the button's padding: 1064 − 300 − 2 × 106 − 24 − 32 ≈ 496, kept at 480.
#: A choice's label on its answer button (two a row).
#: The tiles adapt their columns to their words and are labels at worst (one a row).
#: Everything else: a label or wrapping button across the screen's body.
ROLES = (
    Role("review answer", re.compile(r"^dictionary\.yaml fields\.\S+\.label$"), "in_button", 480),
    Role("choice button", re.compile(r"\.choices\."), "in_button", 480),
    Role("label", re.compile(r""), "", 1064),
)


@dataclass(frozen=True)
class Overflow:
    locale: str
    domain: str
    key: str
    role: str
    needed: int
    width: int

    def __str__(self) -> str:
        return (f"{self.locale}/{self.domain}: overflow {self.key} ({self.role}): "
                f"{self.needed}px in {self.width}px")  # fmt: skip


def role_of(key: str) -> Role:
    return next(r for r in ROLES if r.key.search(key))


def overflows(locales: list[str]) -> list[Overflow]:
    """Every resident text of `locales` wider than its role's room at the largest size."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from ui.theme import TextSize, ThemeName, style_sheet
    from ui.widgets.ruby_label import RubyLabel
    from ui.widgets.text_fit import widest_line

    host = QWidget()
    host.setStyleSheet(style_sheet(ThemeName.STANDARD, TextSize.EXTRA_LARGE))
    layout = QVBoxLayout(host)
    fonts = {}
    for role in ROLES:
        probe = RubyLabel("probe")
        if role.style_role:
            probe.setProperty("role", role.style_role)
        layout.addWidget(probe)
        probe.ensurePolished()
        fonts[role.name] = probe.font()
    found: list[Overflow] = []
    for locale in locales:
        for domain, catalog in sorted(load_catalogs(locale).items()):
            if domain not in RESIDENT_DOMAINS:
                continue
            for message in catalog:
                if not message.id or not message.string:
                    continue
                key = str(message.context or message.id)
                role = role_of(key)
                needed = widest_line(plain(str(message.string)), fonts[role.name], role.width)
                if needed > role.width:
                    found.append(Overflow(locale, domain, key, role.name, needed, role.width))
    host.deleteLater()
    return found


def overflow_lines(locales: list[str]) -> list[str]:
    """For `madoguchi i18n check`: one line per text wider than its widget."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # measuring needs no display
    from ui.app import application

    application()
    return [str(found) for found in overflows(locales)]


@click.command()
@locale_option
def overflow(locales: tuple[str, ...]) -> None:
    """Report texts wider than their widget at the largest text size; exit 1 if any."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # measuring needs no display
    from ui.app import application

    application()
    chosen = list(locales) or [loc for loc in available_locales() if loc != "ja"]
    found = overflows(chosen)
    for locale in chosen:
        mine = [f for f in found if f.locale == locale]
        click.echo(f"{locale:8} {'fits' if not mine else f'{len(mine)} overflow'}")
    for finding in found:
        click.echo(str(finding), err=True)
    sys.exit(1 if found else 0)
