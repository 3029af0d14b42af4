"""Every resident-facing text of a catalogue, for translators.

The catalogue holds Japanese and English itself (`{ja: ..., en: ...}`). Other languages
come as Babel catalogs: `madoguchi i18n pot` writes a template with one entry per place
a text is used (msgctxt = the place, e.g. `dictionary.yaml fields.move.date.question`;
msgid = the Japanese; the English as a comment); a translator fills in
`<lang>/LC_MESSAGES/catalogue.po`, and `madoguchi i18n update` carries translations over
when the Japanese is reworded (marked fuzzy for review). See docs/translating.md.
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
    for texts, where in localized_texts(catalogue):
        yield texts["ja"], where


def localized_texts(catalogue: Catalogue) -> Iterator[tuple[dict[str, str], str]]:
    """(every language of a text, where it is), for each text with a Japanese original."""

    def texts(where: str, value: Any) -> Iterator[tuple[dict[str, str], str]]:
        if isinstance(value, dict) and value.get("ja"):
            yield {k: str(v) for k, v in value.items() if v}, where

    for key, spec in catalogue.dictionary.items():
        for part in ("label", "question", "help", "none", "yes_too"):
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
        for other in event.other_event:
            yield from texts(f"events.yaml {eid}.other_event.{other.event}.message", other.message)
    for fid, form in catalogue.forms.items():
        yield from texts(f"forms/{fid}.yaml title", form.title)


def template(catalogue: Catalogue) -> Catalog:
    """A Babel catalog template (POT): one entry per place a text is used (the same
    Japanese may read differently as a button and as a question), the English beside."""
    pot = Catalog(domain=DOMAIN, project="madoguchi catalogue", charset="utf-8")
    for texts, where in localized_texts(catalogue):
        pot.add(texts["ja"], context=where, auto_comments=[f"en: {texts.get('en', '')}"])
    return pot
