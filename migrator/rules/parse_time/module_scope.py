"""What names a file binds at module level (for `x = boto3.client("s3")` followed by `x.list_buckets()`)."""

from __future__ import annotations

import ast

from migrator.inputs.python_module import PythonModule

_cache: tuple[PythonModule | None, dict[str, ast.expr]] = (None, {})
_BLOCKS = (ast.If, ast.With, ast.AsyncWith, ast.Try, ast.For, ast.AsyncFor, ast.While)


def module_level_values(module: PythonModule) -> dict[str, ast.expr]:
    """`name -> value` for simple assignments that run at import time (module body and the
    with/if/try/for blocks in it; not functions or classes). The last assignment wins.
    Computed once per file, on first use."""
    global _cache
    cached_module, values = _cache
    if cached_module is module:
        return values
    values = {}
    pending: list[ast.stmt] = list(module.tree.body)
    while pending:
        statement = pending.pop(0)
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = statement.value
        elif (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.value
        ):
            values[statement.target.id] = statement.value
        elif isinstance(statement, _BLOCKS):
            for field in ("body", "orelse", "finalbody"):
                pending.extend(getattr(statement, field, []))
            for handler in getattr(statement, "handlers", []):
                pending.extend(handler.body)
    _cache = (module, values)
    return values


def constant_string(node: ast.expr | None, module: PythonModule) -> str | None:
    """A string literal, or a module-level name bound to one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        value = module_level_values(module).get(node.id)
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value
    return None


def call_chain(node: ast.expr, module: PythonModule, *, follow_names: bool = True) -> str | None:
    """Dotted name of a call chain with the calls collapsed and the root resolved through imports:
    `boto3.Session().client("s3").list_buckets` -> "boto3.Session.client.list_buckets".
    A root bound at module level to another chain (`s3 = boto3.client("s3")`) is followed once."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Name):
            break
        else:
            return None
    binding = module.bindings.get(node.id)
    if binding is not None:
        head = binding.target
    elif follow_names and isinstance(value := module_level_values(module).get(node.id), ast.Call):
        head = call_chain(value, module, follow_names=False) or node.id
    else:
        head = node.id
    return ".".join([head, *reversed(parts)])
