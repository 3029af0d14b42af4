"""`madoguchi i18n`: the translator's workflow (docs/translating.md).

  pot     one template per domain (keyed domains from the Japanese catalogs; the
          catalogue's texts with the place each is used as msgctxt)
  update  bring every language's catalogue.po up to the catalogue (reworded Japanese
          keeps its translation, marked fuzzy)
  check   per language and domain: untranslated, fuzzy, placeholder mismatches, obsolete
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from forms.catalogue import Catalogue
from forms.texts import DOMAIN as CATALOGUE_DOMAIN
from forms.texts import localized_texts, template
from i18n.audit import RESIDENT_DOMAINS, Finding, check, english_of, updated
from i18n.catalog import DEFAULT_LOCALE, LOCALES_DIR, available_locales, load_catalogs
from kiosk.cli_text import CliBadParameter
from kiosk.forms_cli import _catalogue, catalogue_option


def _read(path: Path, locale: str | None, domain: str) -> Catalog | None:
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        return read_po(fh, locale=locale, domain=domain, abort_invalid=True)


def _keyed_template(domain: str, japanese: Catalog) -> Catalog:
    """msgid = the key; the Japanese (and English) beside it for the translator."""
    english = load_catalogs("en").get(domain)
    pot = Catalog(domain=domain, project=f"madoguchi {domain}", charset="utf-8")
    for message in japanese:
        if not message.id:
            continue
        notes = [f"ja: {message.string}"]
        if english is not None and (en := english.get(message.id)) is not None:
            notes.append(f"en: {en.string}")
        pot.add(message.id, auto_comments=notes)
    return pot


def _catalogue_reference(catalogue: Catalogue, locale: str) -> Catalog:
    """The catalogue template minus the texts the catalogue itself has in `locale`."""
    pot = template(catalogue)
    for texts, where in localized_texts(catalogue):
        if texts.get(locale):
            pot.delete(texts["ja"], context=where)
    return pot


def _write(catalog: Catalog, path: Path, header: str | None = None) -> None:
    """`header`: the file's own header block, kept in place of the one Babel writes
    (Babel puts its placeholders there and drops X-Review-Status)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=False)
    text = buffer.getvalue().decode("utf-8")
    if header is not None:
        body = text.split("\n\n", 1)[1].rstrip()
        text = f"{header}\n\n{body}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def i18n() -> None:
    """Translations: templates, updates after the Japanese changes, completeness."""


@i18n.command()
@catalogue_option
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Where to write <domain>.pot (one per domain).")  # fmt: skip
def pot(catalogue_dir: Path | None, out_dir: Path) -> None:
    """Write one translation template per domain."""
    for domain, japanese in sorted(load_catalogs(DEFAULT_LOCALE).items()):
        _write(_keyed_template(domain, japanese), out_dir / f"{domain}.pot")
    _write(template(_catalogue(catalogue_dir)), out_dir / f"{CATALOGUE_DOMAIN}.pot")
    click.echo(f"written {out_dir}/*.pot", err=True)


def _locales(chosen: tuple[str, ...]) -> list[str]:
    known = [loc for loc in available_locales() if loc != DEFAULT_LOCALE]
    unknown = sorted(set(chosen) - set(known))
    if unknown:
        raise CliBadParameter("cli.unknown_locales", param_hint="--locale",
                              unknown=", ".join(unknown), known=", ".join(known))  # fmt: skip
    return list(chosen) or known


locale_option = click.option("--locale", "locales", multiple=True,
                             help="Only this language (repeatable; default: every one).")  # fmt: skip
locales_dir_option = click.option(
    "--locales-dir", type=click.Path(file_okay=False, path_type=Path), default=LOCALES_DIR,
    show_default=True, help="The catalogs to work on.")  # fmt: skip


@i18n.command()
@catalogue_option
@locale_option
@locales_dir_option
def update(catalogue_dir: Path | None, locales: tuple[str, ...], locales_dir: Path) -> None:
    """Bring each language's catalogue.po up to the catalogue's current texts."""
    catalogue = _catalogue(catalogue_dir)
    for locale in _locales(locales):
        path = locales_dir / locale / "LC_MESSAGES" / f"{CATALOGUE_DOMAIN}.po"
        reference = _catalogue_reference(catalogue, locale)
        if not path.is_file() and not any(m.id for m in reference):
            continue  # the catalogue itself speaks this language (en): nothing to keep
        catalog = _read(path, locale, CATALOGUE_DOMAIN) or Catalog(
            locale=locale, domain=CATALOGUE_DOMAIN, charset="utf-8")  # fmt: skip
        # The translator's header (language team, review status) stays as they wrote it.
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0] if path.is_file() else None
        _write(updated(reference, catalog), path, header)
        click.echo(f"updated {path}", err=True)


#: Checks a higher layer adds to `check`: the ui measures each text in its widget at the
#: largest size (`madoguchi i18n overflow`). Each takes the locales, returns one line a problem.
more_checks: list[Callable[[list[str]], list[str]]] = []


@i18n.command(name="check")
@catalogue_option
@locale_option
@locales_dir_option
def check_command(catalogue_dir: Path | None, locales: tuple[str, ...], locales_dir: Path) -> None:
    """Report what each language still lacks (untranslated, fuzzy, placeholders, left in
    English, obsolete; with the full command, texts wider than their widget at the
    largest size); exit 1 if anything does."""
    catalogue = _catalogue(catalogue_dir)
    references = load_catalogs(DEFAULT_LOCALE)
    findings: list[Finding] = []
    chosen = _locales(locales)
    for locale in chosen:
        folder = locales_dir / locale / "LC_MESSAGES"
        shipped = {p.stem for p in folder.glob("*.po")}
        for domain in sorted((set(RESIDENT_DOMAINS) | shipped) & (set(references) | {CATALOGUE_DOMAIN})):
            catalog = _read(folder / f"{domain}.po", locale, domain)
            if domain == CATALOGUE_DOMAIN:
                reference = _catalogue_reference(catalogue, locale)
                found = check(reference, catalog, locale, domain, source_is_msgid=True,
                              english=english_of(reference) if locale != "en" else None)  # fmt: skip
            else:
                english = load_catalogs("en").get(domain) if locale != "en" else None
                found = check(references[domain], catalog, locale, domain,
                              english=english_of(english) if english else None)  # fmt: skip
            findings += found
            click.echo(f"{locale:8} {domain:10} {'complete' if not found else f'{len(found)} to do'}")
    for finding in findings:
        click.echo(str(finding), err=True)
    more = [line for measure in more_checks for line in measure(chosen)]
    for line in more:
        click.echo(line, err=True)
    sys.exit(1 if findings or more else 0)
