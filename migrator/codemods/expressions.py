"""Python expressions taken from the knowledge tables (`timedelta(days=1)`,
`data_interval_end.strftime('%Y-%m-%d')`), turned into libcst nodes with names substituted."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import libcst as cst

from migrator.codemods.base import FileContext, NewImport

# Standard-library and Airflow-dependency names the table expressions use, and where they come from.
# (Python facts, not Airflow facts: the tables name `timedelta`, `pendulum`, ...; this says how to import them.)
IMPORTABLE_NAMES: dict[str, NewImport] = {
    "timedelta": NewImport("datetime", "timedelta"),
    "datetime": NewImport("datetime", "datetime"),
    "timezone": NewImport("datetime", "timezone"),
    "pendulum": NewImport("pendulum"),
}

_ATOMS = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.SimpleString, cst.Integer, cst.Float)


@functools.cache
def parse(text: str) -> cst.BaseExpression:
    return cst.parse_expression(text)


class _Substitute(cst.CSTTransformer):
    def __init__(self, mapping: Mapping[str, cst.BaseExpression]) -> None:
        super().__init__()
        self.mapping = mapping
        self._attrs: set[int] = set()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._attrs.add(id(node.attr))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._attrs.add(id(node.keyword))

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if id(original_node) in self._attrs:
            return updated_node
        return self.mapping.get(updated_node.value, updated_node)


def substitute(text: str, mapping: Mapping[str, cst.BaseExpression]) -> cst.BaseExpression:
    """The expression `text` with each free name in `mapping` replaced by its node."""
    expression = parse(text)
    if not mapping:
        return expression
    result = expression.visit(_Substitute(mapping))
    assert isinstance(result, cst.BaseExpression)
    return result


def free_names(text: str) -> set[str]:
    """Names the expression reads (not attributes, not keyword names)."""
    from migrator.codemods.edit import names_in

    return set(names_in(parse(text)))


def parenthesized(node: cst.BaseExpression) -> cst.BaseExpression:
    """`node` safe to put where an atom is expected (`node.attr`, `node[...]`, an operand)."""
    if isinstance(node, _ATOMS) or node.lpar:
        return node
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def import_free_names(text: str, ctx: FileContext, skip: set[str] | frozenset[str] = frozenset()) -> bool:
    """Make every free name of `text` (other than `skip`) importable in the file; False when one
    cannot be (unknown name, or the name is bound to something else)."""
    for name in sorted(free_names(text) - set(skip)):
        new = IMPORTABLE_NAMES.get(name)
        if new is None:
            return False
        binding = ctx.names.bindings.get(name)
        if binding is not None and binding.target == new.target:
            continue
        if ctx.add_import(new) is None:
            return False
    return True
