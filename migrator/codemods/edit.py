"""Formatting-preserving edits shared by the codemods: removing an argument or dict entry (leaving a
comment where it stood), renaming a keyword, reading and writing string literals."""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

import libcst as cst

from migrator.codemods.base import COMMENT_PREFIX

Element = TypeVar("Element", cst.Arg, cst.DictElement, cst.Element)


def comment_text(message: str) -> str:
    return f"{COMMENT_PREFIX} {message}"


def keyword_arg(call: cst.Call, name: str) -> cst.Arg | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def string_value(node: cst.BaseExpression | None) -> str | None:
    """The value of a plain (non-f, non-bytes) string literal or a concatenation of them."""
    if isinstance(node, cst.SimpleString):
        if "b" in node.prefix.lower():
            return None
        try:
            value = ast.literal_eval(node.value)
        except (ValueError, SyntaxError):
            return None
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        left, right = string_value(node.left), string_value(node.right)
        if left is None or right is None:
            return None
        return left + right
    return None


def with_string_value(node: cst.SimpleString, value: str) -> cst.SimpleString:
    """The same literal (prefix and quote style kept) holding `value`."""
    prefix = node.prefix
    quote = node.quote
    if "r" in prefix.lower() and quote not in value and "\\" not in value[-1:]:
        return node.with_changes(value=f"{prefix}{quote}{value}{quote}")
    body = value.replace("\\", "\\\\")
    if len(quote) == 1:
        body = body.replace(quote, "\\" + quote).replace("\n", "\\n")
    elif body.endswith(quote[0]):
        body = body[:-1] + "\\" + quote[0]
    return node.with_changes(value=f"{prefix.replace('r', '').replace('R', '')}{quote}{body}{quote}")


def string_literal(value: str, quote: str = '"') -> cst.SimpleString:
    return with_string_value(cst.SimpleString(f"{quote}{quote}"), value)


def _opening_whitespace_setter(
    container: cst.CSTNode,
) -> tuple[
    cst.BaseParenthesizableWhitespace | None, Callable[[cst.BaseParenthesizableWhitespace], cst.CSTNode]
]:
    """The whitespace right after the opening bracket of a Call/Dict/List/Tuple, and a setter."""
    if isinstance(container, cst.Call):
        ws = container.whitespace_before_args
        return ws, lambda new: container.with_changes(whitespace_before_args=new)
    if isinstance(container, cst.Dict):
        dict_ws = container.lbrace.whitespace_after
        return dict_ws, lambda new: container.with_changes(
            lbrace=container.lbrace.with_changes(whitespace_after=new)
        )
    if isinstance(container, cst.List):
        list_ws = container.lbracket.whitespace_after
        return list_ws, lambda new: container.with_changes(
            lbracket=container.lbracket.with_changes(whitespace_after=new)
        )
    return None, lambda new: container


def _comment_lines(texts: Sequence[tuple[str, cst.ParenthesizedWhitespace]]) -> list[cst.EmptyLine]:
    return [
        cst.EmptyLine(indent=ws.indent, whitespace=ws.last_line, comment=cst.Comment(comment_text(text)))
        for text, ws in texts
    ]


def _comma_ws(element: cst.CSTNode) -> cst.BaseParenthesizableWhitespace | None:
    comma = getattr(element, "comma", None)
    return comma.whitespace_after if isinstance(comma, cst.Comma) else None


def _with_comma_ws(element: Element, ws: cst.BaseParenthesizableWhitespace) -> Element:
    comma = element.comma
    assert isinstance(comma, cst.Comma)
    return element.with_changes(comma=comma.with_changes(whitespace_after=ws))


def remove_elements(
    container: cst.Call | cst.Dict | cst.List,
    decide: Callable[[int, cst.CSTNode], str | bool | None],
) -> tuple[cst.BaseExpression, list[str]]:
    """Drop the elements for which `decide(index, element)` is truthy, keeping the author's layout.

    When `decide` returns a string, it is left as a `# mwaa-migrator:` comment on a line of its own
    where the element stood. Elements that shared a line with others have no such place: their
    texts are returned and the caller puts them above the statement instead.
    """
    elements: list[cst.CSTNode] = list(
        container.args if isinstance(container, cst.Call) else container.elements
    )
    opening, set_opening = _opening_whitespace_setter(container)
    kept: list[cst.CSTNode] = []
    new_opening = opening
    waiting: list[tuple[str, cst.ParenthesizedWhitespace]] = []
    displaced: list[str] = []

    def flush() -> None:
        nonlocal new_opening
        if not waiting:
            return
        target = _comma_ws(kept[-1]) if kept else new_opening
        if isinstance(target, cst.ParenthesizedWhitespace):
            updated = target.with_changes(empty_lines=[*target.empty_lines, *_comment_lines(waiting)])
            if kept:
                kept[-1] = _with_comma_ws(kept[-1], updated)  # type: ignore[type-var]
            else:
                new_opening = updated
        else:
            displaced.extend(text for text, _ in waiting)
        waiting.clear()

    removed_last = False
    for index, element in enumerate(elements):
        before = opening if index == 0 else _comma_ws(elements[index - 1])
        verdict = decide(index, element)
        if not verdict:
            flush()
            kept.append(element)
            continue
        removed_last = index == len(elements) - 1
        if isinstance(verdict, str):
            if isinstance(before, cst.ParenthesizedWhitespace):
                waiting.append((verdict, before))
            else:
                displaced.append(verdict)
    if len(kept) == len(elements):
        return container, []
    if not kept:
        displaced.extend(text for text, _ in waiting)
        waiting.clear()
        if isinstance(container, cst.Call):
            return container.with_changes(args=[], whitespace_before_args=cst.SimpleWhitespace("")), displaced
        emptied = container.with_changes(elements=[])
        if isinstance(emptied, cst.Dict):
            emptied = emptied.with_changes(
                lbrace=emptied.lbrace.with_changes(whitespace_after=cst.SimpleWhitespace("")),
                rbrace=emptied.rbrace.with_changes(whitespace_before=cst.SimpleWhitespace("")),
            )
        elif isinstance(emptied, cst.List):
            emptied = emptied.with_changes(
                lbracket=emptied.lbracket.with_changes(whitespace_after=cst.SimpleWhitespace("")),
                rbracket=emptied.rbracket.with_changes(whitespace_before=cst.SimpleWhitespace("")),
            )
        return emptied, displaced
    closing_end: cst.ParenthesizedWhitespace | None = None  # set: the closing bracket's whitespace
    if removed_last:
        # The new last element takes over the removed one's comma (trailing-comma style is kept).
        # Its line now ends where the removed one's did: it keeps its own end-of-line comment (not
        # the removed element's), the closing bracket keeps its indent, and the comments for the
        # removed elements go on lines of their own right before the closing bracket.
        last_removed = elements[-1]
        comma = last_removed.comma  # type: ignore[attr-defined]
        after_arg = last_removed.whitespace_after_arg if isinstance(last_removed, cst.Arg) else None
        own = _comma_ws(kept[-1])
        own_end = own if isinstance(own, cst.ParenthesizedWhitespace) else None
        comments = _comment_lines(waiting)
        waiting.clear()
        changes: dict[str, object] = {"comma": comma}
        if after_arg is not None:
            changes["whitespace_after_arg"] = after_arg
        if isinstance(comma, cst.Comma) and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace):
            end_ws = _merge_line_end(own_end, comma.whitespace_after, comments)
            changes["comma"] = comma.with_changes(whitespace_after=end_ws)
        elif isinstance(after_arg, cst.ParenthesizedWhitespace):
            changes["whitespace_after_arg"] = _merge_line_end(own_end, after_arg, comments)
        else:
            closing = _closing_whitespace(container)
            if isinstance(closing, cst.ParenthesizedWhitespace):
                closing_end = _merge_line_end(own_end, closing, comments)
                if isinstance(comma, cst.Comma):
                    changes["comma"] = comma.with_changes(whitespace_after=cst.SimpleWhitespace(""))
            else:
                displaced.extend(
                    c.comment.value.removeprefix(COMMENT_PREFIX).strip() for c in comments if c.comment
                )
        kept[-1] = kept[-1].with_changes(**changes)
    flush()
    result: cst.CSTNode = container
    if new_opening is not opening and new_opening is not None:
        result = set_opening(new_opening)
    if isinstance(result, cst.Call):
        return result.with_changes(args=kept), displaced
    if closing_end is not None:
        result = _with_closing_whitespace(result, closing_end)
    assert isinstance(result, cst.Dict | cst.List)
    return result.with_changes(elements=kept), displaced


def _closing_whitespace(container: cst.CSTNode) -> cst.BaseParenthesizableWhitespace | None:
    if isinstance(container, cst.Dict):
        return container.rbrace.whitespace_before
    if isinstance(container, cst.List):
        return container.rbracket.whitespace_before
    return None


def _with_closing_whitespace(container: cst.CSTNode, ws: cst.ParenthesizedWhitespace) -> cst.CSTNode:
    if isinstance(container, cst.Dict):
        return container.with_changes(rbrace=container.rbrace.with_changes(whitespace_before=ws))
    if isinstance(container, cst.List):
        return container.with_changes(rbracket=container.rbracket.with_changes(whitespace_before=ws))
    return container


def _merge_line_end(
    own: cst.ParenthesizedWhitespace | None,
    into: cst.ParenthesizedWhitespace,
    comments: Sequence[cst.EmptyLine] = (),
) -> cst.ParenthesizedWhitespace:
    first = own.first_line if own is not None else cst.TrailingWhitespace()
    own_lines = list(own.empty_lines) if own is not None else []
    return into.with_changes(first_line=first, empty_lines=[*own_lines, *comments, *into.empty_lines])


def rename_keyword(arg: cst.Arg, new: str) -> cst.Arg:
    assert arg.keyword is not None
    return arg.with_changes(keyword=arg.keyword.with_changes(value=new))


def dict_key(element: cst.CSTNode) -> str | None:
    if isinstance(element, cst.DictElement):
        return string_value(element.key)
    return None


def with_dict_key(element: cst.DictElement, new: str) -> cst.DictElement:
    key = element.key
    if isinstance(key, cst.SimpleString):
        return element.with_changes(key=with_string_value(key, new))
    return element


class _ReferenceCounter(cst.CSTVisitor):
    """Counts Name references the way the combined transformer does (attribute names, keywords and
    definition names are not references; import statements are not looked into)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: Counter[str] = Counter()
        self._skip: set[int] = set()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._skip.add(id(node.attr))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._skip.add(id(node.keyword))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._skip.add(id(node.name))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._skip.add(id(node.name))

    def visit_Param(self, node: cst.Param) -> None:
        self._skip.add(id(node.name))

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def visit_Name(self, node: cst.Name) -> None:
        if id(node) not in self._skip:
            self.found[node.value] += 1


def names_in(node: cst.CSTNode) -> Counter[str]:
    """Identifier references in a subtree (for "imports made unused by the rewrite")."""
    counter = _ReferenceCounter()
    node.visit(counter)
    return counter.found


def append_arg(call: cst.Call, arg: cst.Arg, comment: str = "") -> tuple[cst.Call, bool]:
    """`call` with `arg` added last, in the call's layout (one per line if the call is laid out so).

    With `comment`, a `# mwaa-migrator:` line goes above the new argument when it gets a line of
    its own; the second value says whether it did (else the caller places the comment)."""
    args = list(call.args)
    if not args:
        return call.with_changes(args=[arg]), False
    last = args[-1]
    before_last = call.whitespace_before_args if len(args) == 1 else _comma_ws(args[-2])
    if isinstance(before_last, cst.ParenthesizedWhitespace):
        separator_ws: cst.BaseParenthesizableWhitespace = before_last
        if comment:
            separator_ws = before_last.with_changes(
                empty_lines=[cst.EmptyLine(indent=before_last.indent, whitespace=before_last.last_line,
                                           comment=cst.Comment(comment_text(comment)))]
            )  # fmt: skip
        if isinstance(last.comma, cst.Comma):
            new_last = last.with_changes(comma=cst.Comma(whitespace_after=separator_ws))
            new_arg = arg.with_changes(comma=last.comma)
        else:
            new_last = last.with_changes(
                comma=cst.Comma(whitespace_after=separator_ws), whitespace_after_arg=cst.SimpleWhitespace("")
            )
            new_arg = arg.with_changes(whitespace_after_arg=last.whitespace_after_arg)
        return call.with_changes(args=[*args[:-1], new_last, new_arg]), bool(comment)
    trailing = last.comma
    new_last = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    new_arg = arg.with_changes(
        comma=trailing if isinstance(trailing, cst.Comma) else cst.MaybeSentinel.DEFAULT
    )
    if isinstance(trailing, cst.Comma):
        new_arg = new_arg.with_changes(
            comma=trailing.with_changes(whitespace_after=trailing.whitespace_after)
        )
    return call.with_changes(args=[*args[:-1], new_last, new_arg]), False


def keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(
        keyword=cst.Name(name),
        value=value,
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )


_EMPTY_MODULE = cst.Module(body=[])


class _StripComments(cst.CSTTransformer):
    def leave_TrailingWhitespace(
        self, original_node: cst.TrailingWhitespace, updated_node: cst.TrailingWhitespace
    ) -> cst.TrailingWhitespace:
        return updated_node.with_changes(comment=None)

    def leave_EmptyLine(self, original_node: cst.EmptyLine, updated_node: cst.EmptyLine) -> cst.EmptyLine:
        return updated_node.with_changes(comment=None)


def one_line(node: cst.CSTNode, limit: int = 60) -> str:
    """Source of `node` on one line without its comments, shortened, for a comment that says what
    was removed."""
    stripped = node.visit(_StripComments())
    assert isinstance(stripped, cst.CSTNode)
    text = " ".join(_EMPTY_MODULE.code_for_node(stripped).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
