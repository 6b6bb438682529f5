"""JSON documents with one very long list, written item by item instead of as one string."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

BATCH = 512
_PLACEHOLDER = "\u0000mwaa-migrator-streamed-list\u0000"


def _replace_list(document: Any, key: str) -> bool:
    """Put the placeholder where document[...][key] is (the first such key, depth first)."""
    if isinstance(document, dict):
        if key in document:
            document[key] = _PLACEHOLDER
            return True
        return any(_replace_list(value, key) for value in document.values())
    if isinstance(document, list):
        return any(_replace_list(value, key) for value in document)
    return False


def streamed_json(document: dict[str, Any], key: str, items: Iterable[Any]) -> Iterator[str]:
    """`document` pretty-printed (indent 2) with `items` as the value of `key`, one item a line."""
    if not _replace_list(document, key):
        raise KeyError(key)
    text = json.dumps(document, indent=2, ensure_ascii=False)
    marker = json.dumps(_PLACEHOLDER, ensure_ascii=False)
    before, after = text.split(marker, 1)
    indent = " " * (len(before) - before.rfind("\n") - 1 - len(json.dumps(key)) - 2)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    prefix = "\n" + indent + "  "
    batch: list[str] = []
    emitted = False
    yield before + "["
    for item in items:
        batch.append(encode(item))
        if len(batch) == BATCH:  # fewer, larger chunks: each chunk costs a trip through the template
            yield ("," if emitted else "") + prefix + ("," + prefix).join(batch)
            emitted, batch = True, []
    if batch:
        yield ("," if emitted else "") + prefix + ("," + prefix).join(batch)
        emitted = True
    yield ("\n" + indent + "]" if emitted else "]") + after + "\n"
