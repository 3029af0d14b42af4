"""Nothing of a resident survives the session: after several residents have gone through
one kiosk process (the real widgets, offscreen, the simulated card in-process), no
Python object, widget text, undo history, clipboard, cache or file of theirs is left.

Why a search of `gc` is sound here. A Python string lives as long as something refers
to it; strings are not tracked by `gc` themselves, but everything that can refer to one
from the heap (instances, closures, frames, cache wrappers, module globals) is a
container that `gc.get_objects()` lists, or a dict or tuple of plain values that
CPython has stopped tracking (an `lru_cache`'s dict of name → reading is one): the
search descends into those from their tracked holders, so the strings held anywhere in
Python are among the referents it looks at.
The fragments searched for are chosen so that only a resident can have put them there:
non-ASCII words that appear nowhere in the code, catalogue or dictionaries' loaded data
(CPython interns only identifier-like ASCII strings and caches only one-character
strings, so a shared interned copy cannot be the reason a fragment is found), and the
test builds its own copies of them at search time (`is`-excluded). What Qt keeps in
C++ (a widget's text, a line edit's undo history, the clipboard) is not a Python
object: it is read through the widgets. A birth date is searched as a `date` object
too. A found fragment is reported with the chain of containers that holds it.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, FunctionType, ModuleType
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from card_reader.simulator import SimulatedCard
from kiosk.application import PreparedApplication
from kiosk.scenario import Scenario, Step
from kiosk.session import Receipt, ResidentSession
from tests.clock import TEST_DAY
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.scripted import Hooks
from ui.threads import undelivered, wait_for_workers


@dataclass(frozen=True)
class Resident:
    """A resident whose every part is unusual enough to be searched for."""

    surname: str
    given: str
    kana: str
    town: str  # the part of the card's address no catalogue or postal list holds
    birth: dt.date
    phone: str

    @property
    def address(self) -> str:
        return f"北海道{self.town}9丁目8番7号"

    def card(self) -> dict[str, str]:
        return {
            "name": f"{self.surname}　{self.given}",
            "address": self.address,
            "birth_date": self.birth.strftime("%Y%m%d"),
            "sex": "2",
            "pin": "4711",
        }

    def fragments(self) -> list[str]:
        """Built here from parts, so these objects are the test's own (excluded)."""
        kana_surname = self.kana.split("　")[0]
        return [
            "".join(self.surname),
            "".join(self.given),
            "".join([kana_surname]),
            "".join(self.town),
            self.phone.replace("-", "-"),
            self.birth.strftime("%Y-%m-%d"),
            self.birth.strftime("%Y%m%d"),
        ]


RESIDENTS = [
    Resident("鷲ノ宮", "鶫子", "ワシノミヤ　ツグミコ", "樺太霧多布町", dt.date(1961, 3, 7),
             "090-7301-4496"),
    Resident("鵜来島", "鴇彦", "ウクジマ　トキヒコ", "鱒淵鷹栖村", dt.date(1972, 10, 29),
             "080-6214-3358"),
    Resident("鷺ノ森", "鷭江", "サギノモリ　バンエ", "鴫野鶉台", dt.date(1988, 6, 13),
             "070-5127-9083"),
]  # fmt: skip


def moving_in(resident: Resident) -> Scenario:
    """The thin path, card, submit, take the card, done, finish: one whole resident."""
    answers = {
        "applicant.has_card": True,
        "filer.kind": "self",
        "household.has_children": False,
        "insurance.kind": "employee",
        "pets.has_dog": False,
        "applicant.kouki_disability": False,
        "applicant.name_kana": resident.kana,
        "applicant.phone": resident.phone,
        "move.date": "2026-11-20",
        "new_address.postal_code": "1000001",
        "new_address.banchi": "1-1",
        "new_address.building": "",
        "registry.domicile": resident.address,
        "registry.head": "",
        "household.applicant_is_head": True,
        "previous_head.same": True,
        "household.member_count": 0,
    }
    steps: list[dict[str, Any]] = [
        {"tap": "event_moving_in"},
        {"insert_card": True},
        {"wait": "pin"},
        {"type": "4711"},
        {"wait": "card_confirm"},
        {"tap": "confirm_ok"},
        {"answers": answers},
        {"wait": "review"},
        {"tap": "submit"},
        {"wait": "take_card"},
        {"remove_card": True},
        {"wait": "done"},
        {"tap": "finish"},
        {"expect": "attract"},
    ]
    return Scenario(
        today=TEST_DAY,
        name="resident",
        card=resident.card(),
        steps=[Step.model_validate(s) for s in steps],
    )


#: A resident without a card, in Portuguese, her name in Latin letters: the name
#: suggestion (e2k's Latin → katakana reading) and the nationality list see her.
#: (Names found nowhere else in the repository: under xdist the worker holds every
#: collected test id, and other tests are parametrised with real names.)
FOREIGN = Resident("OKONKWOLU", "THWAITESBY", "オコンクオル　スエイツビ", "鶺鴒ヶ丘",
                   dt.date(1993, 2, 17), "080-2468-1357")  # fmt: skip


def foreign_moving_in(resident: Resident) -> Scenario:
    answers = {
        "applicant.has_card": False,
        "filer.kind": "self",
        "applicant.birth_date": resident.birth.isoformat(),
        "household.has_children": False,
        "insurance.kind": "kokuho",
        "pets.has_dog": False,
        "applicant.name": f"{resident.surname} {resident.given}",
        "applicant.name_kana": resident.kana,
        "applicant.sex": "2",
        "applicant.address": "愛知県豊橋市",
        "applicant.phone": resident.phone,
        "move.date": "2026-11-20",
        "new_address.postal_code": "1000001",
        "new_address.banchi": "1-1",
        "new_address.building": "",
        "registry.domicile": "",
        "registry.nationality": "BR",
        "residence.category": "provisional_stay",  # no card number to type
        "residence.alias": "",  # no 通称
        "household.applicant_is_head": True,
        "previous_head.same": True,
        "household.member_count": 0,
        "insurance.previous_insurer": "",
    }
    steps: list[dict[str, Any]] = [
        {"tap": "more_languages"},
        {"tap": "lang_pt_BR"},
        {"tap": "event_moving_in"},
        {"tap": "card_none"},
        {"answers": answers},
        {"wait": "review"},
        {"tap": "submit"},
        {"wait": "done"},
        {"tap": "finish"},
        {"expect": "attract"},
    ]
    return Scenario(today=TEST_DAY, name="foreign", steps=[Step.model_validate(s) for s in steps])


def holders_chain(target: object, own: set[int], depth: int = 7) -> str:
    """Who holds `target`: the first few containers up the referrer chain."""
    parts = []
    current = target
    for _ in range(depth):
        referrers = [
            r
            for r in gc.get_referrers(current)
            if id(r) not in own and not isinstance(r, FrameType | Iterator)
        ]
        if not referrers:
            break
        current = referrers[0]
        parts.append(describe(current))
    return " <- ".join(parts)


def describe(obj: object) -> str:
    desc = type(obj).__qualname__
    if isinstance(obj, dict):
        desc += f"{sorted(map(str, obj))[:6]}"
    elif isinstance(obj, list | tuple):
        desc += f"({len(obj)}: {repr(obj[:3])[:120]})"
    elif hasattr(obj, "__qualname__"):
        desc += f" {obj.__qualname__}"
    return desc


#: Containers CPython stops tracking when they hold only plain values (a cache's dict of
#: name → reading, a tuple of strings): not in gc.get_objects(), reached through holders.
UNTRACKED_KINDS = (dict, tuple, list, set, frozenset)


def reachable(*roots: object) -> set[int]:
    """The ids of everything reachable from `roots` through plain data (stopping at
    classes, modules and functions, which lead to the whole program)."""
    seen: set[int] = set()
    todo = list(roots)
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, type | ModuleType | FunctionType):
            continue
        seen.add(id(obj))
        todo += gc.get_referents(obj)
    return seen


def python_residue(residents: list[Resident], world: tuple[object, ...] = ()) -> list[str]:
    """Every string (or bytes, or date) held by a tracked container that contains one of
    the residents' fragments, described with its holders. `world` is the test's side
    (the residents' description, the script, the cards): what it reaches is not the
    kiosk's."""
    fragments = [f for r in residents for f in r.fragments()]
    encoded = [f.encode("utf-8") for f in fragments]
    dates = {r.birth for r in residents}
    own = {id(fragments), id(encoded), id(dates), *map(id, fragments), *map(id, encoded)}
    own |= reachable(residents, *world)
    text_pattern = re.compile("|".join(map(re.escape, fragments)))
    bytes_pattern = re.compile(b"|".join(map(re.escape, encoded)))
    re.purge()  # the re module's cache would hold the patterns' fragments
    own |= {id(text_pattern), id(bytes_pattern)}
    hits: list[tuple[str, object]] = []
    gc.collect()
    todo = gc.get_objects()
    seen: set[int] = set()
    while todo:
        obj = todo.pop()
        if id(obj) in own or id(obj) in seen:
            continue
        seen.add(id(obj))
        for ref in gc.get_referents(obj):
            if id(ref) in own:
                continue
            hit = None
            if isinstance(ref, str):
                hit = (found := text_pattern.search(ref)) and found.group()
            elif isinstance(ref, bytes | bytearray):
                hit = (found_b := bytes_pattern.search(ref)) and found_b.group().decode()
            elif type(ref) is dt.date and ref in dates:
                hit = str(ref)
            elif isinstance(ref, UNTRACKED_KINDS) and not gc.is_tracked(ref):
                todo.append(ref)  # a dict or tuple of plain values: gc does not list it
            if hit is not None:
                hits.append((hit, obj))
    # Described once the search's own lists are gone (they would be the first holders).
    own |= {id(hits), *map(id, hits)}
    return [f"{hit!r} in {describe(obj)} <- {holders_chain(obj, own)}" for hit, obj in hits]


def qt_residue(window: Any, residents: list[Resident]) -> list[str]:
    """What Qt holds in C++: widget texts, tooltips, accessible names, line edits' undo
    histories, text documents, the clipboard."""
    fragments = [f for r in residents for f in r.fragments()]
    found = []

    def check(where: str, text: str) -> None:
        for f in fragments:
            if f in text:
                found.append(f"{f!r} in {where}")

    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        check(f"{widget.objectName()} text", widget.text())
    for widget in [window, *window.findChildren(QWidget)]:
        check(f"{widget.objectName()} accessible", widget.accessibleName())
        check(f"{widget.objectName()} tooltip", widget.toolTip())
    for edit in window.findChildren(QLineEdit):
        check(f"{edit.objectName()} line", edit.text())
        if edit.isUndoAvailable():
            found.append(f"{edit.objectName()}: an undo history")
    for doc in window.findChildren(QTextEdit) + window.findChildren(QPlainTextEdit):
        check(f"{doc.objectName()} document", doc.toPlainText())
        if doc.document().isUndoAvailable():
            found.append(f"{doc.objectName()}: an undo history")
    check("clipboard", QGuiApplication.clipboard().text())
    return found


def file_residue(roots: list[Path], residents: list[Resident]) -> list[str]:
    fragments = [f.encode("utf-8") for r in residents for f in r.fragments()]
    found = []
    for root in roots:
        if not root.exists():
            continue
        for path in root.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                found += [f"{f.decode()!r} in {path}" for f in fragments if f in data]
    return found


@pytest.mark.timeout(900)  # a bound: four residents and three walks of the heap
def test_nothing_of_earlier_residents_survives(qapp, kiosk_config, artifact_dir) -> None:
    from card_reader.simulator import SimulatedBackend

    sim = SimulatedBackend()
    cards: list[SimulatedCard] = []  # the card in the resident's hand (the test's world)

    def remove() -> None:
        sim.remove()
        cards.clear()  # the resident takes their card home

    hooks = Hooks(insert_card=lambda: sim.insert(cards[0]), remove_card=remove)
    spool = Path(kiosk_config.spool_dir)
    tmp = Path(tempfile.gettempdir())
    tmp_before = set(tmp.iterdir())
    # The kiosk starts with nobody (a scenario with a card would keep it in the runner).
    nobody = Scenario(today=TEST_DAY, name="nobody", steps=[Step(expect="attract")])
    with scenario_kiosk(
        nobody, artifact_dir, kiosk_config, hooks=hooks, backend=sim, screenshots=False
    ) as run:
        *earlier, last = RESIDENTS
        summary = run.runner.run(foreign_moving_in(FOREIGN), artifact_dir / "foreign")
        assert summary.completed, summary.errors
        for i, resident in enumerate(earlier):
            cards.append(SimulatedCard.from_dict(resident.card()))
            summary = run.runner.run(moving_in(resident), artifact_dir / f"resident{i}")
            assert summary.completed, summary.errors
            assert summary.reception_number
        earlier = [FOREIGN, *earlier]
        # The search finds a resident the kiosk does hold: the last one, at the review.
        cards.append(SimulatedCard.from_dict(last.card()))
        scenario = moving_in(last)
        halfway = scenario.steps.index(Step(tap="submit"))
        up_to_review = scenario.model_copy(update={"steps": scenario.steps[:halfway]})
        assert run.runner.run(up_to_review, artifact_dir / "last").completed
        world = (run.runner.scenario, run.kiosk.controller.script_hints, cards, scenario)
        holding = python_residue([last], world)
        # (asserted as flags: the descriptions hold the fragments, and are then dropped)
        control = [
            any("BasicFour" in h for h in holding),  # the card's data
            any(h.startswith("'鷺ノ森'") for h in holding),
            any(h.startswith("'1988-06-13'") for h in holding),  # a date object
            bool(qt_residue(run.kiosk.window, [last])),  # the review shows the name
        ]
        del holding
        assert control == [True] * 4
        # …but none of the earlier residents, on the last one's review screen.
        held = python_residue(earlier, world)
        assert not held, "\n".join(held)
        assert not qt_residue(run.kiosk.window, earlier)
        rest = scenario.model_copy(update={"steps": scenario.steps[halfway:]})
        assert run.runner.run(rest, artifact_dir / "last-end").completed
        # The last resident has finished too: nobody is left.
        world = (run.runner.scenario, run.kiosk.controller.script_hints, cards, scenario)
        everybody = [*earlier, last]
        held = python_residue(everybody, world)
        assert not held, "\n".join(held)
        assert not qt_residue(run.kiosk.window, everybody)
        new_tmp = [p for p in tmp.iterdir() if p not in tmp_before]
        assert not file_residue([spool, *new_tmp], everybody)
        gc.collect()
        kinds = PreparedApplication | Receipt
        assert [o for o in gc.get_objects() if isinstance(o, kinds)] == []
        sessions = [o for o in gc.get_objects() if isinstance(o, ResidentSession)]
        assert sessions and all(s.data == {} and s.card is None for s in sessions)


#: The packages whose classes are the kiosk's own (their instances are counted).
OWN_PACKAGES = ("card_reader.", "forms.", "i18n.", "kiosk.", "ui.")
#: The test's card simulator (its APDU log is the card's, in the resident's hand).
NOT_THE_KIOSK = ("card_reader.simulator",)


def own_objects(window: QWidget) -> Counter[str]:
    """Live instances of the kiosk's own classes by class, Python wrappers of Qt objects
    by class (and those whose Qt object is gone), and the window's Qt objects, once
    the background jobs a resident started have finished and been delivered."""
    for _ in range(100):  # a bound; a timer's job (a card check) may start meanwhile
        wait_for_workers()
        for _ in range(3):  # results queued to the main thread, then their deleteLater()
            QCoreApplication.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if not undelivered():
            break
    gc.collect()
    counts: Counter[str] = Counter()
    for obj in gc.get_objects():
        module = type(obj).__module__  # a descriptor on some metaclasses' instances
        if not isinstance(module, str) or module.startswith(NOT_THE_KIOSK):
            continue
        if module.startswith(OWN_PACKAGES) or module.startswith("PySide6."):
            counts[f"{module}.{type(obj).__qualname__}"] += 1
        if isinstance(obj, QObject | QLayoutItem) and not shiboken6.isValid(obj):
            counts["wrappers of deleted Qt objects"] += 1
    counts["Qt objects in the window"] = len(window.findChildren(QObject))
    return counts


@pytest.mark.timeout(900)  # a bound: five residents
def test_the_kiosk_holds_as_many_objects_after_five_residents_as_after_two(
    qapp, kiosk_config, artifact_dir
) -> None:
    """Memory flat, counted rather than timed: every resident the same path, so after
    the first two (caches and lazily built widgets warm) each further one must leave
    exactly as many of the kiosk's objects and Qt wrappers alive as before (a per-job
    signal object, a screen rebuilt per resident, a list of past applications would
    add some; a focus-chain walk left 52 wrappers of scroll areas' viewports dead
    each resident)."""
    from card_reader.simulator import SimulatedBackend

    sim = SimulatedBackend()
    cards: list[SimulatedCard] = []

    def remove() -> None:
        sim.remove()
        cards.clear()

    hooks = Hooks(insert_card=lambda: sim.insert(cards[0]), remove_card=remove)
    nobody = Scenario(today=TEST_DAY, name="nobody", steps=[Step(expect="attract")])
    counts = {}
    with scenario_kiosk(
        nobody, artifact_dir, kiosk_config, hooks=hooks, backend=sim, screenshots=False
    ) as run:
        for i in range(5):
            resident = RESIDENTS[i % len(RESIDENTS)]
            cards.append(SimulatedCard.from_dict(resident.card()))
            summary = run.runner.run(moving_in(resident), artifact_dir / f"resident{i}")
            assert summary.completed, summary.errors
            counts[i + 1] = own_objects(run.kiosk.window)
    grown = {k: counts[5][k] - counts[2][k] for k in counts[5] | counts[2]}
    assert {k: v for k, v in grown.items() if v} == {}
