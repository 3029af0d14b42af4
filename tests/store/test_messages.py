"""Every error key of the store and the spool has Japanese and English words."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

import kiosk.store.errors as errors
from i18n.catalog import LOCALES_DIR
from kiosk.store.lifecycle import ProcedureState, State

KEYS = sorted(
    {
        cls.key
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.StoreError)
    }
    | {f"store.state.{s.value}" for s in State}
    | {f"store.procedure.{s.value}" for s in ProcedureState}
    | {"store.reconnected", "spool.saved", "spool.damaged"}
)


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_every_key_is_translated(locale):
    with (LOCALES_DIR / locale / "LC_MESSAGES" / "store.po").open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    translated = {m.id for m in catalog if m.id and m.string}
    assert [k for k in KEYS if k not in translated] == []


def test_parameters_appear_in_the_words():
    from i18n import translator

    for locale in ("ja", "en"):
        _ = translator(locale)
        assert "sato" in _("store.already_claimed", holder="sato")
        assert "S-12AB34" in _("spool.saved", reference="S-12AB34")
        assert "juminhyo" in _("store.procedures_pending", pending="juminhyo")
