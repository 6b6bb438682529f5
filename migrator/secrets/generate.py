"""Files written to --out: the MWAA configuration options for the backend, the execution-role
policy, and the plan report (JSON and Markdown). Every one comes from a template in templates/secrets/.
None of them ever contains a secret value: they are built from options, names and masked previews.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from migrator import __version__
from migrator.secrets.backends import defaults, normalize_prefix, spec
from migrator.secrets.plan import Plan
from migrator.templating import render

CONFIG_OPTIONS_FILE = "airflow_configuration_options.json"
POLICY_FILE = "execution-role-secrets-policy.json"
PLAN_JSON = "secrets-plan.json"
PLAN_MD = "secrets-plan.md"
APPLY_JSON = "secrets-apply.json"
APPLY_MD = "secrets-apply.md"
STORE_TITLES = {"secretsmanager": "AWS Secrets Manager", "ssm": "AWS Systems Manager Parameter Store"}

# MWAA's API accepts configuration values of printable ASCII only ([API] ConfigValue).
_CONFIG_VALUE = re.compile(r"^[ -~]{1,65536}$")


def configuration_options(store: str, connections_prefix: str, variables_prefix: str) -> dict[str, str]:
    """`secrets.backend` and `secrets.backend_kwargs`, keeping aws_default out of the backend the way
    MWAA's own default kwargs do (setting backend_kwargs replaces that default)."""
    kwargs = {
        "connections_lookup_pattern": defaults()["connections_lookup_pattern"],
        "connections_prefix": normalize_prefix(connections_prefix),
        "variables_prefix": normalize_prefix(variables_prefix),
    }
    options = {
        "secrets.backend": spec(store).backend_class,
        "secrets.backend_kwargs": json.dumps(kwargs, sort_keys=True),
    }
    for key, value in options.items():
        if not _CONFIG_VALUE.match(value):
            raise ValueError(
                f"{key} would not be accepted by MWAA (printable ASCII only); check the prefixes"
            )
    return options


def kms_statement(kms_key_id: str | None, store: str, region: str | None) -> dict[str, str] | None:
    """kms:Decrypt on the key: by ARN when we can name it; an alias can't be a policy resource, so
    then any key, but only when used through the store (kms:ViaService)."""
    if not kms_key_id:
        return None
    region_text = region or "*"
    if kms_key_id.startswith("arn:"):
        return {"resource": kms_key_id, "via_service": ""}
    if kms_key_id.startswith("alias/"):
        return {"resource": "*", "via_service": spec(store).kms_via_service.format(region=region_text)}
    return {"resource": f"arn:aws:kms:{region_text}:*:key/{kms_key_id}", "via_service": ""}


def execution_role_policy(
    store: str, connections_prefix: str, variables_prefix: str, region: str | None, kms_key_id: str | None
) -> str:
    backend = spec(store)
    resources = []
    for prefix in (connections_prefix, variables_prefix):
        name = backend.secret_name(prefix, "")
        resources.append(backend.resource_arn.format(region=region or "*", account="*", name=name))
    text = render(
        "secrets/execution_role_policy.json.j2",
        read_actions=list(backend.read_actions),
        list_actions=list(backend.list_actions),
        resources=resources,
        kms=kms_statement(kms_key_id, store, region),
    )
    json.loads(text)  # the template must always produce valid JSON
    return text


def report_data(plan: Plan, *, mode: str, target_airflow: str, region: str | None) -> dict[str, Any]:
    context = plan.context
    return {
        "tool": f"mwaa-migrator {__version__}",
        "mode": mode,
        "options": {
            "to": context.store,
            "format": context.fmt,
            "target_airflow": target_airflow,
            "connections_prefix": context.connections_prefix,
            "variables_prefix": context.variables_prefix,
            "kms_key_id": plan.kms_key_id,
            "tags": dict(sorted(plan.tags.items())),
            "region": region,
        },
        "counts": plan.counts(),
        "results": plan.result_counts() if mode == "apply" else {},
        "failed": plan.failed,
        "items": [
            {
                "kind": item.kind,
                "id": item.item_id,
                "name": item.name,
                "action": item.action,
                "reason": item.reason,
                "preview": item.preview,
                "source": item.source,
                **({"result": item.result} if mode == "apply" else {}),
            }
            for item in plan.items
        ],
        "findings": [
            {
                "code": f.code,
                "severity": f.severity.label,
                "location": str(f.location),
                "message": f.message,
                "remedy": f.remedy,
            }
            for f in plan.findings
        ],
        "configuration_options": configuration_options(
            context.store, context.connections_prefix, context.variables_prefix
        ),
    }


def write_outputs(plan: Plan, out: Path, *, mode: str, target_airflow: str, region: str | None) -> list[Path]:
    """Write the four files; same inputs and same store state give the same bytes."""
    context = plan.context
    out.mkdir(parents=True, exist_ok=True)
    data = report_data(plan, mode=mode, target_airflow=target_airflow, region=region)
    files = {
        CONFIG_OPTIONS_FILE: render(
            "secrets/airflow_configuration_options.json.j2", options=data["configuration_options"]
        ),
        POLICY_FILE: execution_role_policy(
            context.store, context.connections_prefix, context.variables_prefix, region, plan.kms_key_id
        ),
        APPLY_JSON if mode == "apply" else PLAN_JSON: render("secrets/plan.json.j2", report=data),
        APPLY_MD if mode == "apply" else PLAN_MD: render(
            "secrets/plan.md.j2",
            report=data,
            mode=mode,
            version=__version__,
            store_title=STORE_TITLES[context.store],
        ),
    }
    written = []
    for name, text in files.items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
