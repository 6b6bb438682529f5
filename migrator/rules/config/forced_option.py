from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.airflow_cfg import AirflowConfig
from migrator.rules.base import ConfigRule, Example
from migrator.rules.config.carry_over import Fate, carry_over_config


class ForcedOption(ConfigRule):
    """The option is one MWAA's image sets itself ("essential" configuration), so your value is
    ignored: even an MWAA configuration option cannot override it.

    The list depends on the Airflow version (it comes from the image's `get_essential_airflow_config`):
    executor and Celery broker/result backend, `operators.default_queue`, `core.fernet_key`,
    `database.sql_alchemy_conn`, `core.load_examples`, the logging configuration class,
    `scheduler.standalone_dag_processor`, the web server's config file and secret key, and on
    Airflow 3 the auth manager and JWT settings. With the CloudWatch metrics integration on, every
    `metrics.*` option except `statsd_on`, `metrics_allow_list` and `metrics_block_list` is reset.

    Severity is *info* when your value is what MWAA sets anyway (e.g. `load_examples = False`) and
    *warning* otherwise: behaviour that depended on your value changes. `bundle` leaves the option
    out of `airflow_configuration_options.json`.
    """

    code = "MWAA602"
    name = "forced-option"
    title = "Option MWAA sets itself; your value is ignored"
    family = Family.CONFIG
    severity = Severity.WARNING
    fixable = True
    why = "MWAA's image applies its essential configuration last, over airflow.cfg, variables and configuration options."
    remedy = "Drop the option (bundle leaves it out); rely on what MWAA sets, or change what depended on your value."
    sources = (
        "aws/amazon-mwaa-docker-images python/mwaa/config/airflow.py get_essential_airflow_config @9d2bebb",
        "aws/amazon-mwaa-docker-images python/mwaa/config/setup_environment.py setup_environment_variables (precedence)",
    )
    examples = (
        Example("[core]\nload_examples = True\nfernet_key = not-a-real-key=\n", expect_lines=(2, 3), filename="airflow.cfg"),
        Example("[database]\nsql_alchemy_conn = postgresql://airflow:pw@db.internal/airflow\n", expect_lines=(2,),
                filename="airflow.cfg"),
        Example("[core]\nsql_alchemy_conn = postgresql://airflow:pw@db.internal/airflow\n", expect_lines=(2,),
                filename="airflow.cfg", note="Airflow 1.10 spelling of database.sql_alchemy_conn"),
        Example("[webserver]\nsecret_key = abc\n", expect_lines=(2,), filename="airflow.cfg", target="2.10.3"),
        Example("[webserver]\nsecret_key = abc\n", expect_lines=(2,), filename="airflow.cfg", target="3.0.6",
                note="renamed api.secret_key in Airflow 3, which MWAA also forces"),
        Example("[core]\nexecutor = CeleryExecutor\nload_examples = False\n", expect_lines=(2, 3), filename="airflow.cfg",
                note="info: the same value MWAA sets"),
        Example("[logging]\ncolored_console_log = True\n", filename="airflow.cfg", target="2.11.2",
                note="forced only by the Airflow 3 images"),
        Example("[logging]\ncolored_console_log = True\n", expect_lines=(2,), filename="airflow.cfg", target="3.3.1"),
        Example("[metrics]\nstatsd_on = True\nmetrics_allow_list = scheduler,executor\n", filename="airflow.cfg",
                note="handed to MWAA's metrics sidecar, so they still apply"),
    )

    def check_config(self, config: AirflowConfig) -> Iterator[Finding]:
        for item in carry_over_config(config):
            if item.fate != Fate.FORCED or item.forced is None:
                continue
            entry = item.entry
            forced = item.forced
            name = item.option if forced.option.endswith(".*") else forced.option
            if item.harmless:
                message = f"{entry.dotted} = {item.shown_value}: MWAA sets {name} to {forced.what} anyway"
            else:
                message = f"{entry.dotted} is ignored on MWAA, which sets {name} to {forced.what}"
            if forced.condition:
                message += f" ({forced.condition})"
            remedy = self.remedy + (f" Note: {forced.note}." if forced.note else "")
            yield self.finding(
                config.location(entry),
                message,
                remedy=remedy,
                severity=Severity.INFO if item.harmless else Severity.WARNING,
                data=(("option", name),),
            )
