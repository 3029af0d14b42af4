"""When a question is asked: the condition builder's common cases, as the expression
they write into `ask_if` (docs/forms.md) and back.

    Condition(events=("moving_in",), facts=(("pets.has_dog", True),)).expression
        == "event == 'moving_in' and pets.has_dog"
    parse("event in ['birth', 'death'] and insurance.kind == 'kokuho'")
        == Condition(events=("birth", "death"), facts=(("insurance.kind", "kokuho"),))
    parse("household.has_children or event == 'birth'") is None   # left to the text

A clause is `event == 'x'` or `event in ['x', 'y']` (only for these events), `fact`
(is yes), `not fact` (is no), `fact == 'code'` (is this choice), joined by `and`; for a
member of a repeat group, `item.fact` is the member's own fact. Anything else is not
one of the common cases: `parse` gives None and the admin edits the expression as
text. `parse(c.expression) == c` for every condition built here. No Qt here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = r"(?:item\.)?[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*"
_CODE = r"'([A-Za-z0-9_\-]+)'"
_EVENT_IS = re.compile(rf"event == {_CODE}")
_EVENT_IN = re.compile(rf"event in \[({_CODE}(?:, {_CODE})*)\]")
_FACT_IS = re.compile(rf"({_NAME}) == {_CODE}")
_FACT_YES = re.compile(rf"({_NAME})")
_FACT_NO = re.compile(rf"not ({_NAME})")

#: A fact's wanted answer: True / False (yes/no), or a choice's code.
Answer = bool | str


@dataclass(frozen=True)
class Condition:
    events: tuple[str, ...] = ()
    facts: tuple[tuple[str, Answer], ...] = ()

    @property
    def expression(self) -> str | None:
        """The `ask_if` this condition writes (None: always asked)."""
        clauses = []
        if len(self.events) == 1:
            clauses.append(f"event == '{self.events[0]}'")
        elif self.events:
            clauses.append("event in [" + ", ".join(f"'{e}'" for e in self.events) + "]")
        for key, answer in self.facts:
            if answer is True:
                clauses.append(key)
            elif answer is False:
                clauses.append(f"not {key}")
            else:
                clauses.append(f"{key} == '{answer}'")
        return " and ".join(clauses) or None


def parse(expression: str | None) -> Condition | None:
    """The condition an expression writes, if it is one of the common cases."""
    if not expression or not expression.strip():
        return Condition()
    events: tuple[str, ...] = ()
    facts: list[tuple[str, Answer]] = []
    for clause in expression.strip().split(" and "):
        clause = clause.strip()
        if match := _EVENT_IS.fullmatch(clause):
            if events:
                return None
            events = (match.group(1),)
        elif match := _EVENT_IN.fullmatch(clause):
            if events:
                return None
            events = tuple(re.findall(_CODE, match.group(1)))
        elif (match := _FACT_NO.fullmatch(clause)) and match.group(1) not in ("event",):
            facts.append((match.group(1), False))
        elif (match := _FACT_IS.fullmatch(clause)) and match.group(1) != "event":
            facts.append((match.group(1), match.group(2)))
        elif (match := _FACT_YES.fullmatch(clause)) and clause not in ("event", "not"):
            facts.append((match.group(1), True))
        else:
            return None
    condition = Condition(events, tuple(facts))
    # Only what the builder would write itself (one event clause, first).
    return condition if condition.expression == expression.strip() else None
