from collections.abc import Iterator

from migrator.findings import Family, Finding, Location, Severity
from migrator.inputs.airflow_cfg import AirflowConfig
from migrator.knowledge import mwaa_config
from migrator.rules.base import ConfigRule, Example
from migrator.rules.config.carry_over import Fate, carry_over_config, target_of


class ReservedEnvVariable(ConfigRule):
    """An env file sets a variable MWAA reserves or protects, so it would be restored or ignored.

    On MWAA, environment variables come only from `startup.sh` exports; MWAA restores the documented
    reserved variables after the script (`AIRFLOW__CORE__EXECUTOR`, `AIRFLOW__CORE__FERNET_KEY`,
    `AIRFLOW_HOME`, `AWS_REGION`, `PYTHONPATH` from Airflow 2.9, the Celery and metrics settings ...)
    and its image never lets anyone override its protected ones (`MWAA__*`, `AIRFLOW_ENV_NAME`,
    `AIRFLOW__API__BASE_URL`, ...).

    A few reserved variables name options MWAA lets you set another way: `AIRFLOW__CORE__PARALLELISM`,
    `AIRFLOW__CELERY__WORKER_AUTOSCALE`, `AIRFLOW__SCHEDULER__PARSING_PROCESSES`,
    `AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG` (and its old name `DAG_CONCURRENCY`): `bundle` moves
    those into `airflow_configuration_options.json` (severity info, fixable). For the others the
    value is lost (warning), or it is what MWAA sets anyway (info).
    """

    code = "MWAA603"
    name = "reserved-env-variable"
    title = "Environment variable MWAA reserves"
    family = Family.CONFIG
    severity = Severity.WARNING
    why = "MWAA restores its reserved variables after startup.sh runs and never lets its protected ones change."
    remedy = "Drop the variable; if it is an Airflow option MWAA lets you set, set it as an MWAA configuration option."
    sources = (
        "MWAA User Guide: using-startup-script, section Reserved environment variables",
        "aws/amazon-mwaa-docker-images python/mwaa/config/setup_environment.py _is_protected_os_environ @9d2bebb",
    )
    examples = (
        Example("AIRFLOW__CORE__FERNET_KEY=not-a-real-key=\nAIRFLOW__CORE__DEFAULT_TASK_RETRIES=2\n",
                expect_lines=(1,), filename="airflow.env"),
        Example("export AIRFLOW_HOME=/opt/airflow\nexport PYTHONPATH=/opt/airflow/lib\nMY_TEAM=data\n",
                expect_lines=(1, 2), filename=".env"),
        Example("PYTHONPATH=/opt/airflow/lib\n", filename=".env", target="2.8.1",
                note="PYTHONPATH is reserved from Airflow 2.9 on"),
        Example("AIRFLOW__CORE__PARALLELISM=64\n", expect_lines=(1,), filename="airflow.env",
                note="info: bundle moves it into airflow_configuration_options"),
        Example("[core]\nparallelism = 64\n", filename="airflow.cfg", note="airflow.cfg options are not variables"),
    )

    def check_config(self, config: AirflowConfig) -> Iterator[Finding]:
        target = target_of(config)
        for item in carry_over_config(config):
            if item.fate != Fate.RESERVED_ENV:
                continue
            entry = item.entry
            if item.option_instead:
                yield self.finding(
                    config.location(entry),
                    f"{entry.env_name} is reserved as a variable on MWAA; {item.mwaa_key} can be set as a "
                    "configuration option instead",
                    remedy="bundle moves it into airflow_configuration_options.json.",
                    severity=Severity.INFO,
                    fixable=True,
                    data=(("variable", entry.env_name), ("mwaa_key", item.mwaa_key)),
                )
                continue
            yield self._reserved(config, entry.env_name, entry.line, harmless=item.harmless)
        for variable in config.variables:
            if mwaa_config.is_reserved_env(variable.name, target):
                yield self._reserved(config, variable.name, variable.line, harmless=False)

    def _reserved(self, config: AirflowConfig, name: str, line: int, *, harmless: bool) -> Finding:
        kind = "protected" if mwaa_config.is_protected_env(name) else "reserved"
        message = f"{name} is {kind} on MWAA: "
        message += "MWAA sets the same value itself" if harmless else "MWAA sets its own value and yours is lost"
        return self.finding(
            Location(config.path, line, 1),
            message,
            severity=Severity.INFO if harmless else Severity.WARNING,
            data=(("variable", name),),
        )
