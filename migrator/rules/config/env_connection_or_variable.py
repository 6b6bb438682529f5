from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.airflow_cfg import AirflowConfig
from migrator.knowledge import mwaa_config
from migrator.rules.base import ConfigRule, Example
from migrator.rules.config.carry_over import target_of

_PREFIXES = {"AIRFLOW_CONN_": "connection", "AIRFLOW_VAR_": "variable"}


class EnvConnectionOrVariable(ConfigRule):
    """An env file defines an Airflow connection (`AIRFLOW_CONN_<ID>`) or variable
    (`AIRFLOW_VAR_<KEY>`). On MWAA there is no place for such environment variables except
    `startup.sh`, a file in S3 that anyone with bucket access reads: credentials do not belong there.

    Move them to AWS Secrets Manager (MWAA's documented secrets backend): `mwaa-migrator secrets`
    reads env files and writes `airflow/connections/<id>` / `airflow/variables/<key>` secrets.
    `AIRFLOW_CONN_AWS_DEFAULT` is reserved (MWAA supplies `aws://`, the execution role) and reported
    by MWAA603 instead. Values are never shown.
    """

    code = "MWAA612"
    name = "env-connection-or-variable"
    title = "Connection or variable defined in an env file"
    family = Family.CONFIG
    severity = Severity.WARNING
    fixable = True
    why = "MWAA only sets environment variables through startup.sh, a plain file in S3; secrets belong in Secrets Manager."
    remedy = "Move it to AWS Secrets Manager with `mwaa-migrator secrets` and configure the Secrets Manager backend."
    sources = ("MWAA User Guide: connections-secrets-manager, using-startup-script",)
    examples = (
        Example("AIRFLOW_CONN_WAREHOUSE=postgres://etl:pw@db.internal:5432/dw\nAIRFLOW_VAR_ENV=prod\n",
                expect_lines=(1, 2), filename="airflow.env"),
        Example("export AIRFLOW_CONN_AWS_DEFAULT=aws://\n", filename=".env", note="reserved: MWAA603"),
        Example("AIRFLOW__CORE__PARALLELISM=8\n", filename="airflow.env"),
    )

    def check_config(self, config: AirflowConfig) -> Iterator[Finding]:
        target = target_of(config)
        for variable in config.variables:
            for prefix, kind in _PREFIXES.items():
                if not variable.name.startswith(prefix) or mwaa_config.is_reserved_env(variable.name, target):
                    continue
                ident = variable.name[len(prefix):].lower()
                yield self.finding(
                    config.location(variable),
                    f"{variable.name} defines Airflow {kind} {ident!r} in an environment file",
                    data=((kind, ident),),
                )
