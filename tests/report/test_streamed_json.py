from __future__ import annotations

import json

import pytest

from migrator.report.streamed_json import BATCH, streamed_json


@pytest.mark.parametrize("count", [0, 1, BATCH - 1, BATCH, BATCH + 1, 2 * BATCH, 2 * BATCH + 7])
def test_streamed_document_is_the_same_json_at_every_batch_boundary(count: int) -> None:
    items = [{"n": i, "text": "é <x>"} for i in range(count)]
    document = {"head": {"a": 1}, "runs": [{"results": [], "after": True}]}
    text = "".join(streamed_json(json.loads(json.dumps(document)), "results", iter(items)))
    expected = json.loads(json.dumps(document))
    expected["runs"][0]["results"] = items
    assert json.loads(text) == expected
    assert text.endswith("}\n") and not text.endswith("\n\n")


def test_a_missing_key_is_an_error() -> None:
    with pytest.raises(KeyError):
        list(streamed_json({"a": 1}, "findings", iter([])))
