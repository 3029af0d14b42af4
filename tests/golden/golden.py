"""The golden households: what a clerk expects each box of each form to print.

A household file (tests/golden/<name>.yaml) holds the card the resident brought (its four
facts, or none), every answer given at the kiosk (as the kiosk stores them), the
procedures expected, and for every form the value printed in every box that prints
something, read back from the PDF at the box's position (`pdftotext -bbox`,
tests/forms/pdfbox.py). A box not listed must print nothing.

    .venv/bin/python -m tests.golden.golden NAME [--write]   # show (or write) what prints

`--write` fills a file's `forms` from today's render: for a person to read against the
PNGs (`--png DIR`) and correct, never to bless what prints.
"""

from __future__ import annotations

import argparse
import copy
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from forms.catalogue import Catalogue, load_catalogue
from forms.data import set_value
from forms.expressions import compile_expression
from forms.render import render_form
from tests.forms.pdfbox import Word, text_in, value_box, words

HERE = Path(__file__).resolve().parent
#: Where the households file: the kiosk's default `municipality` (kiosk.config).
MUNICIPALITY = "東京都千代田区"


@dataclass
class Household:
    name: str
    path: Path
    raw: dict[str, Any]

    @property
    def today(self) -> date:
        value = self.raw["today"]
        return value if isinstance(value, date) else date.fromisoformat(str(value))

    @property
    def event(self) -> str:
        return str(self.raw["event"])

    def data(self, catalogue: Catalogue) -> dict[str, Any]:
        """The application data as the kiosk sends it: the card's facts, the answers."""
        data: dict[str, Any] = {}
        card = self.raw.get("card")
        if card:
            for spec in catalogue.dictionary.values():
                source = spec.source or ""
                if source == "card.present":
                    set_value(data, spec.key, True)
                elif source.startswith("card.") and source.removeprefix("card.") in card:
                    value = card[source.removeprefix("card.")]
                    set_value(data, spec.key, str(value))
        # The kiosk's `municipality` setting (kiosk.session.setting_answers): the
        # kiosk's default unless the household says where it files.
        for spec in catalogue.dictionary.values():
            if spec.source == "setting.municipality":
                set_value(data, spec.key, str(self.raw.get("municipality", MUNICIPALITY)))
        _merge(data, copy.deepcopy(self.raw.get("answers") or {}))
        data["event"] = self.event
        return data


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def households() -> list[Household]:
    return [
        Household(p.stem, p, yaml.safe_load(p.read_text(encoding="utf-8")))
        for p in sorted(HERE.glob("*.yaml"))
    ]


def household(name: str) -> Household:
    path = HERE / f"{name}.yaml"
    return Household(name, path, yaml.safe_load(path.read_text(encoding="utf-8")))


def _shown(catalogue: Catalogue, condition: str | None, data: dict[str, Any], today: date,
           item: str | None = None) -> bool:  # fmt: skip
    if condition is None:
        return True
    return compile_expression(condition).holds(catalogue.context(data, today, item))


def printed_boxes(
    catalogue: Catalogue, data: dict[str, Any], form_id: str, today: date
) -> tuple[int, dict[str, str]]:
    """(pages, {box name: text printed in it}) for every box of the form that prints
    something. Fields and rows hidden for these answers (`show_if`) are not read: the
    box they share belongs to the field shown. Rows are named `<group>[<row>].<field>`
    (the first of the repeat's groups), fields by their `name` or key."""
    rendered = render_form(catalogue, data, form_id, today=today)
    found: list[Word] = words(rendered.pdf)
    form = catalogue.forms[form_id]
    out: dict[str, str] = {}

    def read(name: str, field: Any, dx: float = 0.0, dy: float = 0.0) -> None:
        x, y, w, h = field.box
        text = text_in(found, field.page, value_box((x + dx, y + dy, w, h), field.label_width))
        if text:
            out[name] = text

    for field in form.fields:
        if _shown(catalogue, field.show_if, data, today):
            read(field.name or field.key or "", field)
    for repeat in form.repeats:
        if not _shown(catalogue, repeat.show_if, data, today):
            continue
        group = repeat.over[0]
        for row in range(repeat.rows):
            for field in repeat.fields:
                name = f"{group}[{row}].{field.name or (field.key or '').removeprefix('item.')}"
                read(name, field, repeat.step[0] * row, repeat.step[1] * row)
    return rendered.pages, out


def expected_forms(catalogue: Catalogue, home: Household) -> dict[str, Any]:
    data = home.data(catalogue)
    forms: dict[str, Any] = {}
    for form_id in catalogue.forms_for(home.event, data, home.today):
        pages, boxes = printed_boxes(catalogue, data, form_id, home.today)
        forms[form_id] = {"pages": pages, "boxes": boxes}
    return forms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("--write", action="store_true", help="fill the file's forms")
    parser.add_argument("--png", type=Path, help="render the batch to PNGs (60 dpi) here")
    args = parser.parse_args(argv)
    catalogue = load_catalogue()
    home = household(args.name)
    from forms.questions import questions_for

    data = home.data(catalogue)
    left = questions_for(catalogue, home.event, data, home.today)
    if left:
        print("still to answer:", ", ".join(left), file=sys.stderr)
    forms = expected_forms(catalogue, home)
    procedures = [p.id for p in catalogue.procedures_for(home.event, data, home.today)]
    if args.png:
        from forms.render import render_batch
        from kiosk.application import cover_wording

        args.png.mkdir(parents=True, exist_ok=True)
        batch = render_batch(catalogue, data, list(forms), "GOLDEN", "A-001", today=home.today,
                             wording=cover_wording("ja"))  # fmt: skip
        pdf = args.png / f"{home.name}.pdf"
        pdf.write_bytes(batch.pdf)
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(pdf), str(args.png / home.name)], check=True
        )
    if args.write:
        raw = dict(home.raw)
        raw["procedures"] = procedures
        raw["forms"] = forms
        head = [line for line in home.path.read_text(encoding="utf-8").splitlines()
                if line.startswith("#")]  # fmt: skip
        body = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=100)
        home.path.write_text("\n".join(head) + "\n" + body, encoding="utf-8")
    else:
        print(yaml.safe_dump({"procedures": procedures, "forms": forms}, allow_unicode=True,
                             sort_keys=False, width=100))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
