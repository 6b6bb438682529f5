"""What a codemod is: a small, data-driven libcst rewrite with its own before/after examples.

Every codemod of a run shares ONE parse and ONE traversal of the file (see `transformer.py`): a
codemod declares `visit_<Node>(node, ctx)` / `leave_<Node>(original, updated, ctx)` hooks like a
libcst transformer, and the combined transformer hands each node to the codemods that asked for its
type. `original` is always the node as the author wrote it, so names resolve through the file's
original imports even after another codemod renamed them.

Like the rules (Fixit-style), a codemod cannot exist without examples: `examples` are whole files
before and after, collected by tests/convert/test_codemod_examples.py and printed by the docs.
"""

from __future__ import annotations

import ast
import inspect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

import libcst as cst

from migrator.knowledge.versions import TargetVersion

if TYPE_CHECKING:
    from migrator.codemods.names import ImportTable
    from migrator.convert.plugins import PluginIndex

# Every comment a codemod leaves in the code starts with this, so reviewers can grep for them.
COMMENT_PREFIX = "# mwaa-migrator:"


@dataclass(frozen=True, slots=True)
class CodemodExample:
    """A whole input file and what the codemods (all of them, as `convert` runs them) make of it."""

    before: str
    after: str
    target: str = "3.0.6"
    filename: str = "dags/example_dag.py"
    note: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    """Something a codemod wants the user to know about a file (a removal, a choice it made)."""

    codemod: str
    message: str


@dataclass(frozen=True, slots=True)
class NewImport:
    """`from module import name [as asname]`, or `import module` when name is empty."""

    module: str
    name: str = ""
    asname: str = ""

    @property
    def local(self) -> str:
        if self.asname:
            return self.asname
        return self.name or self.module.split(".", 1)[0]

    @property
    def target(self) -> str:
        return f"{self.module}.{self.name}" if self.name else self.module


@dataclass(frozen=True, slots=True)
class ConvertOptions:
    """Run-wide choices that influence the rewrite (same options, same output)."""

    reference_date: date
    plugins: PluginIndex | None = None


@dataclass(slots=True)
class FileContext:
    """The state of one file's rewrite, shared by every codemod of the run."""

    display: str
    target: TargetVersion
    names: ImportTable
    options: ConvertOptions
    text: str = ""
    changes: Counter[str] = field(default_factory=Counter)
    requirements: set[str] = field(default_factory=set)
    notes: list[Note] = field(default_factory=list)
    imports_to_add: list[NewImport] = field(default_factory=list)
    # local names that occurred in code a codemod removed or replaced: their imports are dropped
    # afterwards if nothing uses them any more ("imports made unused by the rewrite")
    maybe_unused: set[str] = field(default_factory=set)
    # local name -> new local name, applied to every Name the transformer sees (class renames)
    renamed_locals: dict[str, str] = field(default_factory=dict)
    # template files (paths as written in the DAG, relative to the DAG file's folder) to convert too
    template_files: set[str] = field(default_factory=set)
    # comments to put above each statement being visited (innermost last), for code removed
    # where no better place exists
    statement_frames: list[list[str]] = field(default_factory=list)
    # comments for the statement after the one being left (it was removed)
    pending_next_comments: list[str] = field(default_factory=list)
    # per-codemod scratch space (a codemod's plan for this file)
    scratch: dict[str, Any] = field(default_factory=dict)
    # the whole file's stdlib-ast tree (libcst may only see part of the file, see lines.py)
    tree: ast.Module | None = None
    # changes to how often each local name is referenced (renames, `discard`, `introduce`); added
    # to the counts in the original file to find the imports the rewrite made unused
    references: Counter[str] = field(default_factory=Counter)
    # ids of Name nodes that are not references (attribute names, keywords, def/class names)
    not_references: set[int] = field(default_factory=set)

    @property
    def is_3x(self) -> bool:
        return self.target.major >= 3

    def is_reference(self, original: cst.Name) -> bool:
        return id(original) not in self.not_references

    def qualname(self, node: cst.CSTNode) -> str | None:
        return self.names.qualname(node)

    def changed(self, codemod: Codemod | str, count: int = 1) -> None:
        self.changes[codemod if isinstance(codemod, str) else codemod.name] += count

    def note(self, codemod: Codemod | str, message: str) -> None:
        name = codemod if isinstance(codemod, str) else codemod.name
        note = Note(name, message)
        if note not in self.notes:
            self.notes.append(note)

    def require(self, distribution: str | None) -> None:
        if distribution:
            self.requirements.add(distribution)

    def add_import(self, new: NewImport) -> str | None:
        """Make `new.local` refer to `new.target` in this file; the local name to use, or None when
        that name is already bound to something else (the caller then leaves the code as it is)."""
        bound = self.names.bindings.get(new.local)
        if bound is not None and bound.target != new.target and new.local not in self.maybe_unused:
            return None
        for pending in self.imports_to_add:
            if pending.local == new.local and pending.target != new.target:
                return None
        if (bound is None or bound.target != new.target) and new not in self.imports_to_add:
            self.imports_to_add.append(new)
        return new.local

    def discard(self, node: cst.CSTNode | None) -> None:
        """`node` (already visited) leaves the code: its names no longer count as references."""
        if node is None:
            return
        from migrator.codemods.edit import names_in

        for name, count in names_in(node).items():
            self.references[name] -= count
            self.maybe_unused.add(name)

    def introduce(self, node: cst.CSTNode | None) -> None:
        """`node` was put into the code by a codemod (after the traversal saw its place)."""
        if node is None:
            return
        from migrator.codemods.edit import names_in

        for name, count in names_in(node).items():
            self.references[name] += count

    def swap(self, old: cst.CSTNode | None, new: cst.CSTNode | None) -> None:
        self.discard(old)
        self.introduce(new)

    def comment_next_statement(self, text: str) -> None:
        """Put `# mwaa-migrator: text` above the statement after the current one (which goes away)."""
        self.pending_next_comments.append(text)

    def comment_statement(self, text: str) -> None:
        """Put `# mwaa-migrator: text` on a line above the statement being visited."""
        if not self.statement_frames:
            self.pending_next_comments.append(text)
        elif text not in self.statement_frames[-1]:
            self.statement_frames[-1].append(text)


class Codemod:
    """Base of every codemod. Subclasses set the class attributes and define visit_/leave_ hooks.

    `fixes` lists the rule codes whose findings this codemod removes (documentation, and the
    report's "what convert does" table). `needles`: the codemod only runs on files containing one
    of these strings (empty: always). `examples` are the codemod's tests and documentation.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    fixes: ClassVar[tuple[str, ...]] = ()
    needles: ClassVar[tuple[str, ...]] = ()
    examples: ClassVar[tuple[CodemodExample, ...]] = ()
    # tables (migrator/knowledge/<name>.toml) the codemod reads; reported with their sizes
    tables: ClassVar[tuple[str, ...]] = ()

    def applies_to(self, target: TargetVersion) -> bool:
        return True

    def prepare(self, module: cst.Module, ctx: FileContext) -> None:
        """Called once per file before the traversal (plan renames, scan the imports)."""

    def line_words(
        self, text: str, tree: ast.Module, target: TargetVersion, options: ConvertOptions
    ) -> Iterable[str]:
        """Words whose lines libcst must see for this codemod, beyond the engine's findings'
        lines (see lines.py: the other statements are not parsed at all)."""
        return self.needles

    def active(self, text: str) -> bool:
        return not self.needles or any(needle in text for needle in self.needles)

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or cls.title)

    def table_sizes(self) -> dict[str, int]:
        """Entries per mapping table this codemod uses (for the report and the issue's closing note)."""
        return {}
