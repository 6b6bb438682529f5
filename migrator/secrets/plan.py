"""The plan (create / update / unchanged / skip per item, values masked) and its application.

Re-running converges: the plan compares what the store holds now with the serialised value, so an
item written by an earlier (possibly interrupted) run is `unchanged` and not written again. A
failure on one item is recorded on that item and the others go on.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from urllib.parse import quote, quote_plus

from migrator.findings import Finding, Severity
from migrator.masking import MASK
from migrator.rules.secrets.base import SecretsContext
from migrator.secrets.backends import spec
from migrator.secrets.checks import Inventory
from migrator.secrets.model import ConnectionFormatError, leaf_strings, serialize
from migrator.secrets.stores import Current, SecretStore, StoreError, changes

CREATE, UPDATE, UNCHANGED, SKIP, ERROR = "create", "update", "unchanged", "skip", "error"
ACTIONS = (CREATE, UPDATE, UNCHANGED, SKIP, ERROR)


class Redactor:
    """Scrubs known secret strings out of texts we did not write ourselves (AWS and driver errors).

    A value can come back escaped (a JSON body quoting a JSON secret quoting a JSON keyfile), so each
    secret is also searched in its JSON-escaped (once and twice) and URL-encoded forms."""

    def __init__(self, secrets: Iterable[str], minimum: int = 4) -> None:
        forms: set[str] = set()
        for secret in secrets:
            for leaf in _with_embedded_leaves(secret):
                once = json.dumps(leaf)[1:-1]
                forms.update({leaf, once, json.dumps(once)[1:-1], quote(leaf, safe=""), quote_plus(leaf)})
        # Longest first, so a secret containing another is replaced whole.
        self._secrets = sorted((s for s in forms if len(s) >= minimum), key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text


def _with_embedded_leaves(secret: str, depth: int = 0) -> list[str]:
    """The secret, plus the strings inside it when it is itself JSON (a keyfile inside an extra)."""
    found = [secret]
    if depth < 3 and secret[:1] in "{[":
        try:
            parsed = json.loads(secret)
        except ValueError:
            return found
        for leaf in leaf_strings(parsed):
            found.extend(_with_embedded_leaves(leaf, depth + 1))
    return found


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One secret to write (or not). Holds no secret: `preview` is masked."""

    kind: str
    item_id: str
    name: str
    action: str
    reason: str
    preview: str
    source: str
    result: str = ""  # after apply: created | updated | unchanged | skipped | failed: <code>: <message>

    @property
    def failed(self) -> bool:
        return self.action == ERROR or self.result.startswith("failed")


@dataclass(slots=True)
class Plan:
    context: SecretsContext
    items: list[PlanItem]
    findings: list[Finding]
    kms_key_id: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    # name -> serialised value; never rendered, only handed to the store.
    _values: dict[str, str] = field(default_factory=dict, repr=False)
    _current: dict[str, Current] = field(default_factory=dict, repr=False)

    def value_of(self, name: str) -> str:
        return self._values[name]

    def counts(self) -> dict[str, int]:
        counted = Counter(item.action for item in self.items)
        return {action: counted.get(action, 0) for action in ACTIONS}

    def result_counts(self) -> dict[str, int]:
        counted = Counter(item.result.split(":", 1)[0] for item in self.items if item.result)
        return dict(sorted(counted.items()))

    @property
    def source_problems(self) -> list[Finding]:
        """Blocker findings that kept something from being migrated (unreadable, invalid, too large)."""
        return [f for f in self.findings if f.severity == Severity.BLOCKER]

    @property
    def failed(self) -> bool:
        return bool(self.source_problems) or any(item.failed for item in self.items)


def _skip_reasons(findings: list[Finding]) -> dict[tuple[str, str], list[str]]:
    reasons: dict[tuple[str, str], list[str]] = {}
    for finding in findings:
        if finding.detail("skip") == "true":
            key = (finding.detail("item_kind") or "", finding.detail("item_id") or "")
            reasons.setdefault(key, []).append(finding.code)
    return reasons


def build_plan(
    inventory: Inventory,
    findings: list[Finding],
    context: SecretsContext,
    store: SecretStore,
    *,
    kms_key_id: str | None = None,
    tags: dict[str, str] | None = None,
    redact: Callable[[str], str] = lambda text: text,
) -> Plan:
    tags = dict(tags or {})
    backend = spec(context.store)
    skip = _skip_reasons(findings)
    plan = Plan(context, [], findings, kms_key_id, tags)
    desired: list[tuple[str, str, str, str, str]] = []  # kind, id, value, preview, source
    for conn in inventory.connections:
        try:
            value = serialize(conn, context.fmt)
        except ConnectionFormatError as exc:
            skip.setdefault(("connection", conn.conn_id), []).append(str(exc))
            value = ""
        desired.append(("connection", conn.conn_id, value, conn.masked(), str(conn.location)))
    for variable in inventory.variables:
        preview = f"value={MASK} ({len(variable.value)} characters)"
        desired.append(("variable", variable.key, variable.value, preview, str(variable.location)))
    for kind, item_id, value, preview, source in desired:
        prefix = context.connections_prefix if kind == "connection" else context.variables_prefix
        name = backend.secret_name(prefix, item_id)
        reasons = skip.get((kind, item_id))
        if reasons:
            plan.items.append(PlanItem(kind, item_id, name, SKIP, ", ".join(reasons), preview, source))
            continue
        try:
            current = store.read(name, want_kms=bool(kms_key_id), want_tags=bool(tags))
        except StoreError as exc:
            plan.items.append(PlanItem(kind, item_id, name, ERROR, redact(str(exc)), preview, source))
            continue
        why = changes(current, value, kms_key_id, tags)
        action = CREATE if not current.exists else UPDATE if why else UNCHANGED
        plan.items.append(
            PlanItem(kind, item_id, name, action, "; ".join(why if current.exists else []), preview, source)
        )
        plan._values[name] = value
        plan._current[name] = current
    return plan


def apply_plan(
    plan: Plan,
    store: SecretStore,
    *,
    redact: Callable[[str], str] = lambda text: text,
    progress: Callable[[PlanItem], None] | None = None,
) -> Plan:
    """Write every create/update item; each failure is recorded on its item and the rest go on."""
    done: list[PlanItem] = []
    for item in plan.items:
        if item.action in (CREATE, UPDATE):
            try:
                outcome = store.write(
                    item.name, plan.value_of(item.name), plan._current[item.name], plan.kms_key_id, plan.tags
                )
            except StoreError as exc:
                outcome = f"failed: {redact(str(exc))}"
            except Exception as exc:  # an unexpected client error must not stop the other items
                outcome = f"failed: {type(exc).__name__}: {redact(str(exc))[:300]}"
        elif item.action == ERROR:
            outcome = f"failed: {item.reason}"
        elif item.action == SKIP:
            outcome = "skipped"
        else:
            outcome = "unchanged"
        item = replace(item, result=outcome)
        done.append(item)
        if progress is not None:
            progress(item)
    plan.items = done
    return plan
