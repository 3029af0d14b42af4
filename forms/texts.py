"""Every resident-facing text of a catalogue, for translators.

The catalogue holds Japanese and English itself (`{ja: ..., en: ...}`). Other languages
come as Babel catalogs: `madoguchi forms pot` writes a template whose msgids are the
Japanese texts; a translator fills in `<lang>/LC_MESSAGES/catalogue.po`, and the kiosk
shows those words wherever the catalogue has no text in that language.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from babel.messages.catalog import Catalog

from forms.catalogue import Catalogue

#: The Babel domain of catalogue texts.
DOMAIN = "catalogue"


def catalogue_texts(catalogue: Catalogue) -> Iterator[tuple[str, str]]:
    """(Japanese text, where it is: `dictionary.yaml fields.applicant.name.question`)."""

    def texts(where: str, value: Any) -> Iterator[tuple[str, str]]:
        if isinstance(value, dict) and value.get("ja"):
            yield str(value["ja"]), where

    for key, spec in catalogue.dictionary.items():
        for part in ("label", "question", "help"):
            yield from texts(f"dictionary.yaml fields.{key}.{part}", getattr(spec, part))
    for name, group in catalogue.groups.items():
        yield from texts(f"dictionary.yaml groups.{name}.label", group.label)
    for name, choices in catalogue.choices.items():
        for choice in choices:
            yield from texts(f"choices.yaml {name}.{choice.value}.label", choice.label)
    for did, dept in catalogue.departments.items():
        yield from texts(f"departments.yaml {did}.name", dept.name)
        yield from texts(f"departments.yaml {did}.counter", dept.counter)
    for pid, proc in catalogue.procedures.items():
        yield from texts(f"procedures.yaml {pid}.title", proc.title)
        yield from texts(f"procedures.yaml {pid}.note", proc.note)
    for eid, event in catalogue.events.items():
        yield from texts(f"events.yaml {eid}.title", event.title)
        yield from texts(f"events.yaml {eid}.description", event.description)
        for rule in event.suggest:
            yield from texts(f"events.yaml {eid}.suggest.{rule.procedure}.reason", rule.reason)
    for fid, form in catalogue.forms.items():
        yield from texts(f"forms/{fid}.yaml title", form.title)


def template(catalogue: Catalogue) -> Catalog:
    """A Babel catalog template (POT) of every text, each once, with where it is used."""
    pot = Catalog(domain=DOMAIN, project="madoguchi catalogue", charset="utf-8")
    for text, where in catalogue_texts(catalogue):
        message = pot.get(text)
        if message is None:
            pot.add(text, auto_comments=[where])
        else:
            message.auto_comments.append(where)
    return pot
