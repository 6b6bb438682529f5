"""One parse, one traversal, every codemod: the combined transformer and `rewrite_source`.

libcst's own way to chain codemods is one full traversal per codemod. Converting thousands of DAG
files, the traversal (not the parse) is the cost, so here each node is visited once and handed to
the codemods that declared a hook for its type, in the codemods' order. After the traversal the
import section is settled once: new imports added, imports made unused by the rewrite removed.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from migrator.codemods.base import Codemod, ConvertOptions, FileContext, Note
from migrator.codemods.edit import comment_text
from migrator.codemods.imports_edit import settle_imports
from migrator.codemods.lines import Reduction, reduce_source, word_lines
from migrator.codemods.names import ImportTable
from migrator.knowledge.versions import TargetVersion

VisitHook = Callable[[cst.CSTNode, FileContext], Any]
LeaveHook = Callable[[cst.CSTNode, Any, FileContext], Any]

# Statements above which a codemod can leave a comment when the code it removed had no line of its own.
_STATEMENTS = (cst.SimpleStatementLine, cst.BaseCompoundStatement)
# the same as a set of concrete classes: a set lookup instead of an ABC isinstance per node
_STATEMENT_CLASSES = frozenset(
    {cst.SimpleStatementLine}
    | {c for c in vars(cst).values() if isinstance(c, type) and issubclass(c, cst.BaseCompoundStatement)}
)


class CombinedTransformer(cst.CSTTransformer):
    """Dispatches each node to the hooks of every active codemod; renames locals; places comments."""

    def __init__(self, codemods: Sequence[Codemod], ctx: FileContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._visit: dict[type[cst.CSTNode], list[VisitHook]] = {}
        self._leave: dict[type[cst.CSTNode], list[LeaveHook]] = {}
        for codemod in codemods:
            for attr in dir(type(codemod)):
                if attr.startswith("visit_"):
                    self._visit.setdefault(getattr(cst, attr[6:]), []).append(getattr(codemod, attr))
                elif attr.startswith("leave_"):
                    self._leave.setdefault(getattr(cst, attr[6:]), []).append(getattr(codemod, attr))
        # Name nodes that are not references (attribute names, keywords, definitions): never renamed
        self._not_references = ctx.not_references
        self._statement_comments = ctx.statement_frames

    # libcst calls these for every node and every child attribute; we only need the per-node ones.
    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        return None

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None

    def on_visit(self, node: cst.CSTNode) -> bool:
        cls = node.__class__
        if cls is cst.Attribute:
            self._not_references.add(id(node.attr))  # type: ignore[attr-defined]
        elif cls is cst.Arg:
            if node.keyword is not None:  # type: ignore[attr-defined]
                self._not_references.add(id(node.keyword))  # type: ignore[attr-defined]
        elif cls is cst.FunctionDef or cls is cst.ClassDef or cls is cst.Param:
            self._not_references.add(id(node.name))  # type: ignore[attr-defined]
        if cls in _STATEMENT_CLASSES:
            self._statement_comments.append(list(self.ctx.pending_next_comments))
            self.ctx.pending_next_comments.clear()
        hooks = self._visit.get(cls)
        if hooks:
            for hook in hooks:
                if hook(node, self.ctx) is False:
                    return False
        # import statements are settled as a whole by the codemods' leave hooks and afterwards
        return cls is not cst.Import and cls is not cst.ImportFrom

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> Any:
        cls = original_node.__class__
        result: Any = updated_node
        if cls is cst.Name and self.ctx.renamed_locals and id(original_node) not in self._not_references:
            value = updated_node.value  # type: ignore[attr-defined]
            new = self.ctx.renamed_locals.get(value)
            if new is not None:
                result = updated_node.with_changes(value=new)
                self.ctx.references[value] -= 1
                self.ctx.references[new] += 1
        hooks = self._leave.get(cls)
        if hooks:
            for hook in hooks:
                result = hook(original_node, result, self.ctx)
                if result.__class__ is not cls:
                    break  # removed, flattened or replaced by another kind of node
        if cls is cst.Module and self.ctx.pending_next_comments:
            lines = [
                cst.EmptyLine(comment=cst.Comment(comment_text(t))) for t in self.ctx.pending_next_comments
            ]
            self.ctx.pending_next_comments.clear()
            result = result.with_changes(footer=[*result.footer, *lines])
        if cls in _STATEMENT_CLASSES:
            own = self._statement_comments.pop()
            if own:
                lines = [cst.EmptyLine(comment=cst.Comment(comment_text(text))) for text in own]
                if isinstance(result, _STATEMENTS):
                    result = result.with_changes(leading_lines=[*result.leading_lines, *lines])
                elif isinstance(result, cst.FlattenSentinel) and result.nodes:
                    first = result.nodes[0]
                    rest = list(result.nodes[1:])
                    result = cst.FlattenSentinel(
                        [first.with_changes(leading_lines=[*first.leading_lines, *lines]), *rest]
                    )
                elif isinstance(result, cst.RemovalSentinel):
                    self.ctx.pending_next_comments.extend(own)
                elif self._statement_comments:
                    self._statement_comments[-1].extend(own)
        return result


@dataclass(slots=True)
class RewriteResult:
    """What the codemods made of one file's text."""

    text: str
    changed: bool
    changes: dict[str, int] = field(default_factory=dict)
    requirements: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    template_files: tuple[str, ...] = ()
    error: str = ""  # the file could not be rewritten (it is then left exactly as it was)


def active_codemods(codemods: Sequence[Codemod], target: TargetVersion, text: str) -> list[Codemod]:
    return [c for c in codemods if c.applies_to(target) and c.active(text)]


def rewrite_source(
    text: str,
    display: str,
    target: TargetVersion,
    options: ConvertOptions,
    codemods: Sequence[Codemod] | None = None,
    finding_lines: Iterable[int] | None = None,
    verify: bool = True,
) -> RewriteResult:
    """Run every applicable codemod over `text` with a single libcst parse and traversal.

    With `finding_lines` (the lines of the engine's fixable findings), statements that hold none of
    them and none of the codemods' words are not even parsed by libcst (see lines.py). `verify=False`
    skips the final compile check when the caller parses the result anyway (the convert pipeline
    analyses every rewritten file again)."""
    if codemods is None:
        from migrator.codemods import all_codemods

        codemods = all_codemods()
    chosen = active_codemods(codemods, target, text)
    if not chosen:
        return RewriteResult(text, False)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError) as exc:
        return RewriteResult(text, False, error=f"the file does not parse: {_first_line(str(exc))}")
    reduction = None
    if finding_lines is not None:
        words = [word for codemod in chosen for word in codemod.line_words(text, tree, target, options)]
        reduction = reduce_source(text, tree, set(finding_lines) | word_lines(text, words))
    result = _rewrite(text, tree, display, target, options, chosen, reduction, verify)
    if result is None:  # a placeholder went missing: do it again on the whole file
        result = _rewrite(text, tree, display, target, options, chosen, None, verify)
    assert result is not None
    return result


def _rewrite(
    text: str,
    tree: ast.Module,
    display: str,
    target: TargetVersion,
    options: ConvertOptions,
    chosen: Sequence[Codemod],
    reduction: Reduction | None,
    verify: bool,
) -> RewriteResult | None:
    try:
        module = cst.parse_module(reduction.text if reduction is not None else text)
    except (cst.ParserSyntaxError, RecursionError, ValueError) as exc:
        if reduction is not None:
            return None
        return RewriteResult(text, False, error=f"libcst cannot parse the file: {_first_line(str(exc))}")
    ctx = FileContext(display, target, ImportTable(module), options, text=text, tree=tree)
    try:
        for codemod in chosen:
            codemod.prepare(module, ctx)
        updated = module.visit(CombinedTransformer(chosen, ctx))
        assert isinstance(updated, cst.Module)
        updated = settle_imports(updated, ctx)
        new_text: str | None = updated.code
    except RecursionError:
        return RewriteResult(text, False, error="the file is nested too deeply to rewrite")
    if reduction is not None:
        new_text = reduction.restore(new_text or "")
        if new_text is None:
            return None
    assert new_text is not None
    if verify and new_text != text and not _still_parses(new_text):
        # never hand back code that does not compile; a bug in a codemod must not break a DAG
        return RewriteResult(
            text, False, error="the rewrite produced invalid Python; the file was left unchanged"
        )
    return RewriteResult(
        new_text,
        new_text != text,
        dict(sorted(ctx.changes.items())),
        tuple(sorted(ctx.requirements)),
        tuple(ctx.notes),
        tuple(sorted(ctx.template_files)),
    )


def _still_parses(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "syntax error"
