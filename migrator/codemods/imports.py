"""Moved and renamed Airflow names -> the spelling valid on the target (rules MWAA101-119).

Every imported name is looked up once (`migrator.knowledge.symbols.lookup`, which chains 1.10 ->
2.x -> 3.x -> current provider names for the target version) and, for 1.10 plugin magic imports,
in the deployment's plugin index. Then, keeping the author's layout:

- `from old.module import A, B as C` is rewritten in place; names that go to different modules
  are split into one statement per module, in the original order;
- a renamed class (`DummyOperator` -> `EmptyOperator`) is renamed at every use, unless the name is
  imported `as` something (then only the import changes) or the new name is taken (then it is
  imported `as` the old name);
- `module.Name` uses through an imported module (`from airflow.contrib.operators import
  ssh_operator` ... `ssh_operator.SSHOperator`, `airflow.DAG`) become the new name with its own
  import; the module import goes when nothing uses it any more;
- the provider distribution of every new path is collected for the requirements report.

Names with no drop-in replacement on the target (removed, different arguments, not verified in
the provider release) are left as they are: their findings stay, with the remedy.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import libcst as cst

from migrator.codemods.base import Codemod, CodemodExample, ConvertOptions, FileContext, NewImport
from migrator.codemods.names import alias_local, dotted_name, import_statements, module_name
from migrator.knowledge import symbols
from migrator.knowledge.versions import TargetVersion

if TYPE_CHECKING:
    from migrator.convert.plugins import PluginIndex


@dataclass(frozen=True, slots=True)
class Move:
    """Where a name goes: `module.name`, needing `distribution` (or "")."""

    module: str
    name: str
    distribution: str = ""

    @property
    def qualname(self) -> str:
        return f"{self.module}.{self.name}"


def resolve(qualname: str, ctx: FileContext) -> Move | None:
    """The replacement of a dotted name on the target, from the plugin index then the symbol tables."""
    return _resolve(qualname, ctx.target, ctx.options.plugins)


def _resolve(qualname: str, target: TargetVersion, plugins: PluginIndex | None) -> Move | None:
    if plugins is not None:
        found = plugins.resolve(qualname)
        if found is not None:
            return Move(found[0], found[1])
    change = symbols.lookup(qualname, target)
    if change is None or (change.new is None and not symbols.is_known_name(qualname)):
        return _with_its_module(qualname, target)
    if not change.fixable or change.new is None or change.new == qualname:
        return None
    module, _, name = change.new.rpartition(".")
    if not module:
        return None
    return Move(module, name, change.distribution or "")


def _fails_on_target(qualname: str, ctx: FileContext) -> bool:
    change = symbols.lookup(qualname, ctx.target)
    return change is not None and change.new is None and change.status is symbols.Status.REMOVED


def _with_its_module(qualname: str, target: TargetVersion) -> Move | None:
    """A name the tables do not list, in a module that moved as a whole (the Airflow 2 shim of a
    1.10 module re-exported all of it): it moves with its module, under the same name."""
    module, _, name = qualname.rpartition(".")
    if not module.startswith("airflow") or symbols.is_known_name(qualname):
        return None
    change = symbols.lookup_module(module, target)
    if change is None or change.new is None or change.new == module or not change.fixable:
        return None
    return Move(change.new, name, change.distribution or "")


@dataclass(slots=True)
class _AliasPlan:
    alias: cst.ImportAlias  # as written
    move: Move | None
    local: str


def _dotted_node(name: str) -> cst.Name | cst.Attribute:
    parts = name.split(".")
    node: cst.Name | cst.Attribute = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


class ImportsCodemod(Codemod):
    name = "imports"
    title = "Rewrite moved and renamed Airflow imports to the paths valid on the target"
    fixes = (
        "MWAA101",
        "MWAA102",
        "MWAA103",
        "MWAA104",
        "MWAA105",
        "MWAA106",
        "MWAA107",
        "MWAA108",
        "MWAA109",
    )
    needles = ("airflow",)
    tables = ("symbols_1_10_to_2", "symbols_2_to_3", "symbols_provider_renames", "providers")
    examples: ClassVar[tuple[CodemodExample, ...]] = (
        CodemodExample(
            before="""from airflow.contrib.operators.ssh_operator import SSHOperator  # remote jobs
from airflow.operators.dummy_operator import DummyOperator
from airflow.operators.bash_operator import BashOperator as Bash
from airflow.contrib.operators import sftp_operator

start = DummyOperator(task_id="start")
run = SSHOperator(task_id="run", ssh_conn_id="edge", command="run.sh")
copy = sftp_operator.SFTPOperator(task_id="copy", ssh_conn_id="edge", local_filepath="a", remote_filepath="b")
done = Bash(task_id="done", bash_command="true")
""",
            after="""from airflow.providers.ssh.operators.ssh import SSHOperator  # remote jobs
from airflow.operators.empty import EmptyOperator
from airflow.operators.bash import BashOperator as Bash
from airflow.providers.sftp.operators.sftp import SFTPOperator

start = EmptyOperator(task_id="start")
run = SSHOperator(task_id="run", ssh_conn_id="edge", command="run.sh")
copy = SFTPOperator(task_id="copy", ssh_conn_id="edge", local_filepath="a", remote_filepath="b")
done = Bash(task_id="done", bash_command="true")
""",
            target="2.10.3",
        ),
        CodemodExample(
            before="""import airflow
from airflow.operators.python import BranchPythonOperator, PythonOperator, get_current_context
from airflow.providers.http.operators.http import SimpleHttpOperator

with airflow.DAG("api", schedule=None) as dag:
    fetch = SimpleHttpOperator(task_id="fetch", endpoint="v1/items")
    parse = PythonOperator(task_id="parse", python_callable=print)
""",
            after="""from airflow.providers.standard.operators.python import BranchPythonOperator, PythonOperator
from airflow.sdk import get_current_context, DAG
from airflow.providers.http.operators.http import HttpOperator

with DAG("api", schedule=None) as dag:
    fetch = HttpOperator(task_id="fetch", endpoint="v1/items")
    parse = PythonOperator(task_id="parse", python_callable=print)
""",
            target="3.0.6",
        ),
        CodemodExample(
            before="""from airflow.operators.dummy_operator import DummyOperator
from airflow.operators.empty import EmptyOperator

a = DummyOperator(task_id="a")
b = EmptyOperator(task_id="b")
""",
            after="""from airflow.providers.standard.operators.empty import EmptyOperator

a = EmptyOperator(task_id="a")
b = EmptyOperator(task_id="b")
""",
            target="3.0.6",
            note="two imports that end up the same become one",
        ),
    )

    def line_words(
        self, text: str, tree: ast.Module, target: TargetVersion, options: ConvertOptions
    ) -> list[str]:
        """Uses of imported Airflow names whose class name changes, and of imported Airflow modules
        (`module.Name` may have moved)."""
        words: list[str] = []
        for node in _statements(tree.body):
            if isinstance(node, ast.Import):
                words.extend(
                    (a.asname or a.name.split(".", 1)[0]) for a in node.names if a.name.startswith("airflow")
                )
            elif (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("airflow")
                and not node.level
            ):
                for alias in node.names:
                    local = alias.asname or alias.name
                    qualname = f"{node.module}.{alias.name}"
                    if (
                        not symbols.is_known_name(qualname)
                        and symbols.lookup_module(qualname, target) is not None
                    ):
                        words.append(local)  # an imported module: `module.Name` uses may have moved
                    elif alias.asname is None:
                        move = _resolve(qualname, target, options.plugins)
                        if move is not None and move.name != alias.name:
                            words.append(local)
        return words

    def table_sizes(self) -> dict[str, int]:
        return symbols.table_sizes()

    def applies_to(self, target: TargetVersion) -> bool:
        return True

    # ------------------------------------------------------------------ planning

    def prepare(self, module: cst.Module, ctx: FileContext) -> None:
        plans: dict[int, list[_AliasPlan]] = {}
        for stmt in import_statements(module):
            if not isinstance(stmt, cst.ImportFrom) or isinstance(stmt.names, cst.ImportStar):
                continue
            base = module_name(stmt)
            if base is None or not base.startswith("airflow"):
                continue
            aliases: list[_AliasPlan] = []
            for alias in stmt.names:
                name = dotted_name(alias.name)
                local = alias_local(alias)
                move = resolve(f"{base}.{name}", ctx) if name and local else None
                aliases.append(_AliasPlan(alias, move, local or ""))
                if move is None and local and _fails_on_target(f"{base}.{name}", ctx):
                    # an import of a name the target removed fails even when nothing uses it:
                    # it goes if nothing in the file refers to it (checked after the rewrite)
                    ctx.maybe_unused.add(local)
                    ctx.scratch.setdefault("imports.removed_unused", set()).add(local)
            if any(a.move is not None for a in aliases):
                plans[id(stmt)] = aliases
                for plan in aliases:
                    if plan.move is not None:
                        self._plan_rename(plan, ctx)
        ctx.scratch["imports.plans"] = plans

    def _plan_rename(self, plan: _AliasPlan, ctx: FileContext) -> None:
        move = plan.move
        assert move is not None
        old_name = dotted_name(plan.alias.name)
        if old_name == move.name or plan.alias.asname is not None:
            return
        bound = ctx.names.bindings.get(move.name)
        if bound is None or resolve(bound.target, ctx) == move or bound.target == move.qualname:
            ctx.renamed_locals[plan.local] = move.name

    # ------------------------------------------------------------------ import statements

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine, ctx: FileContext
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        if len(original.body) != 1 or not isinstance(original.body[0], cst.ImportFrom):
            return updated
        plans: dict[int, list[_AliasPlan]] = ctx.scratch.get("imports.plans", {})
        plan = plans.get(id(original.body[0]))
        if plan is None:
            return updated
        statement = updated.body[0]
        assert isinstance(statement, cst.ImportFrom)
        base = module_name(statement) or ""
        groups: dict[str, list[cst.ImportAlias]] = {}
        for item in plan:
            if item.move is None:
                groups.setdefault(base, []).append(item.alias)
                continue
            ctx.require(item.move.distribution)
            ctx.changed(self)
            if self._imported_elsewhere(item, original.body[0], ctx):
                continue
            groups.setdefault(item.move.module, []).append(self._new_alias(item, ctx))
        if not groups:
            return cst.RemovalSentinel.REMOVE  # type: ignore[return-value]
        lines: list[cst.SimpleStatementLine] = []
        for position, (module, aliases) in enumerate(groups.items()):
            aliases = _deduplicate(aliases)
            if statement.lpar is not None and len(groups) == 1 and len(aliases) == len(plan):
                # one parenthesised statement stays one: each alias keeps its comma and comments
                assert not isinstance(statement.names, cst.ImportStar)
                names = [
                    new.with_changes(comma=old.comma)
                    for old, new in zip(statement.names, aliases, strict=True)
                ]
                new_statement = statement.with_changes(module=_dotted_node(module), names=names)
            else:
                names = [
                    a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                    for a in aliases[:-1]
                ]
                names.append(aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT))
                new_statement = statement.with_changes(
                    module=_dotted_node(module), names=names, lpar=None, rpar=None
                )
            if position == 0:
                lines.append(updated.with_changes(body=[new_statement]))
            else:
                lines.append(cst.SimpleStatementLine(body=[new_statement]))
        if len(lines) == 1:
            return lines[0]
        return cst.FlattenSentinel(lines)

    def _imported_elsewhere(self, item: _AliasPlan, statement: cst.CSTNode, ctx: FileContext) -> bool:
        """The file already imports the new name under the same local name (another statement that
        is, or after its own rewrite will be, the same import): no duplicate."""
        move = item.move
        assert move is not None
        if item.alias.asname is None and ctx.renamed_locals.get(item.local) == move.name:
            local = move.name  # the class is renamed at every use
        else:
            local = item.local
        binding = ctx.names.bindings.get(local)
        if binding is None or binding.statement is statement:
            return False
        return binding.target == move.qualname or resolve(binding.target, ctx) == move

    def _new_alias(self, item: _AliasPlan, ctx: FileContext) -> cst.ImportAlias:
        move = item.move
        assert move is not None
        old_name = dotted_name(item.alias.name)
        if old_name == move.name:
            return item.alias.with_changes(name=cst.Name(move.name))
        if item.alias.asname is not None:
            return item.alias.with_changes(name=cst.Name(move.name))
        if ctx.renamed_locals.get(item.local) == move.name:
            return item.alias.with_changes(name=cst.Name(move.name))
        return item.alias.with_changes(name=cst.Name(move.name), asname=cst.AsName(name=cst.Name(item.local)))

    # ------------------------------------------------------------------ module.Name uses

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute, ctx: FileContext
    ) -> cst.BaseExpression:
        full = dotted_name(original)
        if full is None:
            return updated
        head = full.split(".", 1)[0]
        binding = ctx.names.bindings.get(head)
        if binding is None or not binding.target.startswith("airflow"):
            return updated
        if isinstance(binding.statement, cst.ImportFrom) and resolve(binding.target, ctx) is not None:
            return updated  # the import itself is rewritten; `Name.attr` follows it
        qualname = ctx.qualname(original)
        if qualname is None:
            return updated
        move = resolve(qualname, ctx)
        if move is None:
            return updated
        bound = ctx.names.bindings.get(move.name)
        if bound is not None and (bound.target == move.qualname or resolve(bound.target, ctx) == move):
            local: str | None = move.name  # already imported (or being rewritten to it)
        else:
            local = ctx.add_import(NewImport(move.module, move.name))
        if local is None:
            ctx.note(self, f"`{full}` left as is: the name {move.name} is already taken in this file")
            return updated
        replacement = cst.Name(local)
        ctx.swap(updated, replacement)
        ctx.require(move.distribution)
        ctx.changed(self)
        return replacement


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included, without descending into expressions (imports are
    statements; this is an order of magnitude cheaper than ast.walk)."""
    stack = list(reversed(body))
    while stack:
        stmt = stack.pop()
        yield stmt
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            nested = getattr(stmt, name, None)
            if isinstance(nested, list):
                for item in reversed(nested):
                    if isinstance(item, ast.stmt):
                        stack.append(item)
                    else:  # except handlers and match cases hold statement lists
                        stack.extend(reversed(getattr(item, "body", [])))


def _deduplicate(aliases: list[cst.ImportAlias]) -> list[cst.ImportAlias]:
    seen: set[tuple[str | None, str | None]] = set()
    out: list[cst.ImportAlias] = []
    for alias in aliases:
        key = (dotted_name(alias.name), alias_local(alias))
        if key not in seen:
            seen.add(key)
            out.append(alias)
    return out
