"""What a draft changes against the published catalogue: in words (per form, question,
life event, procedure, choice list, department) and as unified text per file.

    diff = diff_catalogues(published_dir, draft_dir)
    diff.changes        # [Change("question", "added", "pets.cat", "猫を飼っていますか", ...)]
    diff.text           # "--- a/dictionary.yaml\\n+++ b/dictionary.yaml\\n@@ ..."
    describe(change, tr)  # "質問「猫を飼っていますか」(pets.cat) を追加"

Both sides are read as YAML (a side that does not parse counts as empty: the words
then say "added"/"removed", the text still shows every line). Which parts of an item
changed are named by their YAML keys (question, ask_if, box...), and an event's
procedures in words ("手続「…」が必要になる"). No Qt here.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ui.admin.workspace import catalogue_files

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Kinds of items, in the order the words list them: (kind, file, top-level key).
SECTIONS = (
    ("event", "events.yaml", "events"),
    ("procedure", "procedures.yaml", "procedures"),
    ("question", "dictionary.yaml", "fields"),
    ("choice", "choices.yaml", "choices"),
    ("department", "departments.yaml", "departments"),
)


@dataclass(frozen=True)
class Change:
    """One item added, removed or changed; `parts` name what changed in it."""

    kind: str  # form, question, event, procedure, choice, department
    what: str  # added, removed, changed
    id: str
    title: str
    parts: tuple[str, ...] = ()
    #: For an event: procedures it newly needs/suggests, or no longer does (ids).
    links: tuple[tuple[str, str], ...] = ()  # (link kind, procedure id)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "what": self.what,
            "id": self.id,
            "title": self.title,
            "parts": list(self.parts),
            "links": [list(link) for link in self.links],
        }


@dataclass(frozen=True)
class CatalogueDiff:
    changes: list[Change] = field(default_factory=list)
    #: Unified diff of every file that differs (a/ the published, b/ the draft).
    text: str = ""
    #: Procedure id → Japanese title (both sides), to name an event's procedures.
    procedure_titles: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.changes and not self.text


def diff_catalogues(old: Path | None, new: Path) -> CatalogueDiff:
    """What `new` changes against `old` (None or missing: everything is added)."""
    old_texts = _texts(old)
    new_texts = _texts(new)
    changes: list[Change] = []
    for kind, file, key in SECTIONS:
        before = section_of(old_texts.get(file, ""), key)
        after = section_of(new_texts.get(file, ""), key)
        changes += _compare(kind, before, after)
    changes += _compare("form", _forms(old_texts), _forms(new_texts))
    text = "".join(
        "".join(
            difflib.unified_diff(
                old_texts.get(rel, "").splitlines(keepends=True),
                new_texts.get(rel, "").splitlines(keepends=True),
                fromfile=f"a/{rel}" if rel in old_texts else "/dev/null",
                tofile=f"b/{rel}" if rel in new_texts else "/dev/null",
            )
        )
        for rel in sorted(set(old_texts) | set(new_texts))
        if old_texts.get(rel) != new_texts.get(rel)
    )
    titles = {**_procedure_titles(old_texts), **_procedure_titles(new_texts)}
    return CatalogueDiff(changes, text, titles)


def describe(
    change: Change, tr: Callable[..., str], titles: Mapping[str, str] | None = None
) -> list[str]:
    """The change in the admin's words: one line, then one per procedure link (named by
    `titles`, procedure id → title, where known)."""
    titles = titles or {}
    head = tr(f"admin.diff.{change.kind}.{change.what}", title=change.title, id=change.id)
    if change.parts:
        head += tr("admin.diff.parts", parts="、".join(change.parts))
    lines = [head]
    for link, procedure in change.links:
        name = titles.get(procedure, procedure)
        lines.append("　" + tr(f"admin.diff.link.{link}", procedure=name, id=procedure))
    return lines


def describe_all(diff: CatalogueDiff, tr: Callable[..., str]) -> list[str]:
    if diff.empty:
        return [tr("admin.diff.none")]
    titles = {**diff.procedure_titles}
    return [line for change in diff.changes for line in describe(change, tr, titles)]


def form_titles(root: Path) -> dict[str, str]:
    """A catalogue directory's forms: id → Japanese title, in file order."""
    forms = _forms(_texts(root))
    return {form_id: title_of(spec, form_id) for form_id, spec in sorted(forms.items())}


# -- reading -------------------------------------------------------------------------------


def _texts(root: Path | None) -> dict[str, str]:
    if root is None or not root.exists():
        return {}
    out = {}
    for rel in catalogue_files(root):
        path = root / rel
        if path.exists():
            out[rel] = path.read_text(encoding="utf-8")
    return out


def _parse(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # nosec B506 - a safe loader (CSafeLoader)
    except yaml.YAMLError:
        return None


def section_of(text: str, key: str) -> dict[str, Any]:
    data = _parse(text)
    section = data.get(key) if isinstance(data, dict) else None
    return {str(k): v for k, v in section.items()} if isinstance(section, dict) else {}


def _forms(texts: Mapping[str, str]) -> dict[str, Any]:
    forms: dict[str, Any] = {}
    for rel, text in texts.items():
        if rel.startswith("forms/"):
            data = _parse(text)
            if isinstance(data, dict):
                forms[str(data.get("id") or rel)] = data
    return forms


def _procedure_titles(texts: Mapping[str, str]) -> dict[str, str]:
    return {
        pid: title_of(spec, pid)
        for pid, spec in section_of(texts.get("procedures.yaml", ""), "procedures").items()
    }


# -- comparing -----------------------------------------------------------------------------


def title_of(spec: Any, fallback: str) -> str:
    """An item's Japanese name: its title, label, question or name."""
    if isinstance(spec, dict):
        for key in ("title", "label", "question", "name"):
            value = spec.get(key)
            if isinstance(value, dict) and value.get("ja"):
                return str(value["ja"])
            if isinstance(value, str) and value:
                return value
    return fallback


def _compare(kind: str, before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    changes = []
    for key in after:
        if key not in before:
            changes.append(Change(kind, "added", key, title_of(after[key], key),
                                  links=_links(kind, {}, after[key])))  # fmt: skip
    for key in before:
        if key not in after:
            changes.append(Change(kind, "removed", key, title_of(before[key], key)))
    for key in after:
        if key in before and before[key] != after[key]:
            old, new = before[key], after[key]
            parts = _parts(kind, old, new)
            links = _links(kind, old, new)
            if kind == "event":  # the procedure links are said in words below
                parts = tuple(p for p in parts if p not in ("procedures", "suggest") or not links)
            changes.append(Change(kind, "changed", key, title_of(new, key), parts, links))
    return changes


def _parts(kind: str, old: Any, new: Any) -> tuple[str, ...]:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return ()
    parts = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
    if kind == "form":
        # A form's boxes: by their name or key, so "fields: 氏名" not "fields".
        named = []
        for part in parts:
            if part in ("fields", "static") and isinstance(old.get(part), list):
                named += [f"{part}: {b}" for b in _boxes_changed(old[part], new.get(part) or [])]
            else:
                named.append(part)
        return tuple(named)
    return tuple(parts)


def _boxes_changed(old: list[Any], new: list[Any]) -> list[str]:
    def name(item: Any, index: int) -> str:
        if isinstance(item, dict):
            return str(item.get("label") or item.get("name") or item.get("key")
                       or item.get("text") or index)  # fmt: skip
        return str(index)

    before = {name(b, i): b for i, b in enumerate(old)}
    after = {name(b, i): b for i, b in enumerate(new)}
    return [n for n in dict.fromkeys([*before, *after]) if before.get(n) != after.get(n)]


def _links(kind: str, old: Any, new: Any) -> tuple[tuple[str, str], ...]:
    """An event's procedures and suggestions added or dropped."""
    if kind != "event" or not isinstance(new, dict):
        return ()
    old = old if isinstance(old, dict) else {}
    out: list[tuple[str, str]] = []
    for section, added, removed in (
        ("procedures", "needs", "no_longer_needs"),
        ("suggest", "suggests", "no_longer_suggests"),
    ):
        before = _procedure_ids(old.get(section))
        after = _procedure_ids(new.get(section))
        out += [(added, p) for p in after if p not in before]
        out += [(removed, p) for p in before if p not in after]
    return tuple(out)


def _procedure_ids(rules: Any) -> list[str]:
    if not isinstance(rules, list):
        return []
    return [str(r["procedure"]) for r in rules if isinstance(r, dict) and "procedure" in r]
