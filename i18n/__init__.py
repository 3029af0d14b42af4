"""Translations (Babel `.po` catalogs under `i18n/locales/`) and locale helpers.

    from i18n import translator
    _ = translator("en")
    _("card.pin_incorrect", tries_left=2)

Imports nothing else of madoguchi, and no Qt.
"""

from i18n.catalog import (
    DEFAULT_LOCALE,
    FALLBACK_LOCALE,
    Translator,
    available_locales,
    base_language,
    is_variety,
    language_name,
    paper_translator,
    reload,
    shipped_locale,
    translator,
)

__all__ = [
    "DEFAULT_LOCALE",
    "FALLBACK_LOCALE",
    "Translator",
    "available_locales",
    "base_language",
    "is_variety",
    "language_name",
    "paper_translator",
    "reload",
    "shipped_locale",
    "translator",
]
