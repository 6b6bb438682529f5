from __future__ import annotations

from migrator.findings import Severity
from migrator.rules.base import Example
from migrator.rules.secrets.base import SourceRule


class DuplicateSecretId(SourceRule):
    """The same connection id or variable key comes from two places (two sources, or twice in one
    env file). Airflow's lookup order decides at run time (environment variables before the metadata
    database), and the tool follows it: env files win over export files and the database, and a later
    line wins over an earlier one. Reported when the values differ, so nobody is surprised."""

    code = "MWAA1011"
    name = "duplicate-secret-id"
    title = "Same id defined twice with different values"
    severity = Severity.INFO
    why = "Only one value can live under a secret name; the other is dropped."
    remedy = "Check which value is right and remove the other from its source."
    examples = (
        Example("AIRFLOW_VAR_ENV=dev\nAIRFLOW_VAR_REGION=eu-west-1\nAIRFLOW_VAR_ENV=prod\n", expect_lines=(3,),
                filename="airflow.env"),
        Example("AIRFLOW_VAR_ENV=dev\nAIRFLOW_VAR_ENV=dev\n", filename="airflow.env"),
    )  # fmt: skip
