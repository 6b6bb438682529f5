from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from packaging.utils import canonicalize_name

from migrator.findings import Family, Finding, Location, Severity
from migrator.knowledge import mwaa_packages
from migrator.knowledge.import_distributions import distribution_for
from migrator.knowledge.versions import TargetVersion
from migrator.rules.base import DeploymentRule, Example

if TYPE_CHECKING:
    from migrator.engine import Deployment

_TEST_DIRS = frozenset({"tests", "test", "testing"})


class ProviderNotInRequirements(DeploymentRule):
    """A DAG or plugin imports a module that nothing will install on MWAA: neither the target's
    image (its Python-Packages-BOM) nor any requirements file of the deployment provides it.

    * `airflow.providers.<name>...`: the provider package `apache-airflow-providers-<name>` (e.g. the
      image ships amazon, celery, common-*, fab, http, postgres, smtp, standard on 3.x, plus ftp,
      imap and sqlite on 2.x; `ssh`, `slack`, `google` ... must be listed);
    * third-party modules (`import pandas`, `from google.cloud import bigquery`): their distribution
      (from migrator/knowledge/import_distributions.toml, else the module's own name).

    Not reported: the standard library, Airflow itself, modules of the deployment (any folder or file
    name among its Python files), imports under `try/except ImportError` or `if TYPE_CHECKING:`,
    test files, and ambiguous namespace roots (a bare `import google`). `apache-airflow[extras]` count
    for what they install. A module may still arrive as a dependency of a listed package:
    `bundle --verify` resolves the real set. `bundle` adds the missing distributions (fixable).
    Reported once per file and distribution, at the first import.
    """

    code = "MWAA709"
    name = "provider-not-in-requirements"
    title = "Imported package not installed on MWAA"
    family = Family.REQUIREMENTS
    severity = Severity.WARNING
    fixable = True
    why = "MWAA only has its preinstalled packages plus requirements.txt; a missing import breaks the DAG at parse time."
    remedy = "Add the distribution to requirements.txt (bundle does), pinned to the version you tested."
    sources = (
        "aws/amazon-mwaa-docker-images BillOfMaterials/<ver>/Python-Packages-BOM.txt @9d2bebb",
        "apache/airflow providers (package name = apache-airflow-providers-<path>)",
    )
    examples = (
        Example("from airflow import DAG\nfrom airflow.providers.slack.operators.slack import SlackAPIPostOperator\n",
                expect_lines=(2,)),
        Example("import json\n\nimport pandas as pd\nfrom airflow import DAG\n", expect_lines=(3,)),
        Example("from airflow import DAG\nfrom airflow.providers.amazon.aws.hooks.s3 import S3Hook\nimport boto3\n"
                "import requests\nimport yaml\n"),
        Example("from airflow import DAG\ntry:\n    import ujson as json\nexcept ImportError:\n    import json\n"),
        Example("from airflow import DAG\nfrom airflow.providers.ssh.operators.ssh import SSHOperator\n",
                target="2.11.2", expect_lines=(2,)),
    )

    def check_deployment(self, deployment: Deployment) -> Iterator[Finding]:
        target: TargetVersion = deployment.target
        listed = _listed_distributions(deployment)
        shipped = mwaa_packages.preinstalled(target)
        local = _local_module_names(deployment)
        for result in deployment.files:
            if result.kind != "python" or _is_test_file(result.display):
                continue
            imports = result.import_lines
            reported: set[str] = set()
            for module, line in imports:
                if module.split(".", 1)[0] in local:
                    continue
                source = distribution_for(module)
                if source is None or any(d in listed or d in shipped for d in source.distributions):
                    continue
                wanted = source.distributions[0]
                if wanted in reported:
                    continue
                reported.add(wanted)
                kind = "provider package" if source.provider else "package"
                yield self.finding(
                    Location(result.display, line, 1 if line else 0),
                    f"{module} needs the {kind} {wanted}, which MWAA {target.airflow} does not ship and no "
                    "requirements file lists",
                    data=(("distribution", wanted), ("module", source.module)),
                )


def _listed_distributions(deployment: Deployment) -> set[str]:
    names: set[str] = set()
    for requirements in deployment.requirements:
        for line in requirements.lines:
            if not line.name:
                continue
            names.add(line.name)
            if mwaa_packages.is_airflow(line.name):
                for extra in line.extras:
                    names.update(mwaa_packages.airflow_extra_distributions(extra))
    return {canonicalize_name(n) for n in names}


def _local_module_names(deployment: Deployment) -> set[str]:
    """Every folder and module name among the deployment's Python files: `from common.alerts import x`
    in dags/ and `from operators.my_op import Y` in plugins/ are local code."""
    names: set[str] = set()
    for result in deployment.files:
        if result.kind != "python":
            continue
        parts = result.display.split("/")
        names.update(parts[:-1])
        stem = parts[-1][:-3] if parts[-1].endswith(".py") else parts[-1]
        names.add(stem)
    return names


def _is_test_file(display: str) -> bool:
    parts = display.split("/")
    name = parts[-1]
    return (
        bool(_TEST_DIRS.intersection(parts[:-1]))
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    )
