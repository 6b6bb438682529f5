from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.airflow_cfg import AirflowConfig
from migrator.rules.base import ConfigRule, Example
from migrator.rules.config.carry_over import Fate, carry_over_config


class HostSpecificOption(ConfigRule):
    """The option describes the machine Airflow ran on, not the workflows, and has no place on MWAA:

    * paths (`dags_folder`, `base_log_folder`, ...): MWAA fixes `AIRFLOW_HOME=/usr/local/airflow`;
    * logging (`remote_logging`, `remote_base_log_folder`, log server ports): MWAA sends every log to
      CloudWatch Logs through the logging configuration it forces;
    * web server (`web_server_port`, `base_url`, TLS certificates): MWAA serves the UI behind its own
      HTTPS endpoint;
    * authentication (`rbac`, `authenticate`, `auth_backends`, `[ldap]`): MWAA authenticates with IAM;
    * broker (Redis/RabbitMQ TLS, Flower): MWAA's broker is Amazon SQS;
    * executor sections (`[kubernetes_executor]`, `[kubernetes]`, `[dask]` ...): MWAA runs Celery only;
    * `*_cmd` options: a shell command run on the old host to fetch the value.

    `bundle` leaves these out of `airflow_configuration_options.json`; the finding is informational so
    that nobody is surprised the option is gone.
    """

    code = "MWAA609"
    name = "host-specific-option"
    title = "Option describes the old host; not carried over"
    family = Family.CONFIG
    severity = Severity.INFO
    fixable = True
    why = "MWAA manages paths, logging, the web endpoint, authentication and the broker itself."
    remedy = "Nothing to carry over (bundle leaves it out); check nothing else relied on it."
    sources = (
        "aws/amazon-mwaa-docker-images config/setup_environment.py (protected AIRFLOW_HOME, base URLs), config/airflow.py",
        "MWAA Migration Guide: key-considerations (IAM-based access)",
    )
    examples = (
        Example("[core]\ndags_folder = /opt/airflow/dags\n[logging]\nremote_logging = True\n", expect_lines=(2, 4),
                filename="airflow.cfg"),
        Example("[kubernetes]\nnamespace = airflow\nin_cluster = True\n", expect_lines=(2, 3), filename="airflow.cfg"),
        Example("[webserver]\nweb_server_port = 8081\nrbac = True\n", expect_lines=(2, 3), filename="airflow.cfg",
                target="2.11.2"),
        Example("[secrets]\nbackend_kwargs_cmd = cat /etc/airflow/kwargs.json\n", expect_lines=(2,),
                filename="airflow.cfg"),
        Example("[smtp]\nsmtp_password_cmd = cat /run/secrets/smtp\n", expect_lines=(2,), filename="airflow.cfg",
                target="2.11.2"),
        Example("[core]\nfernet_key_cmd = cat /run/secrets/fernet\n", filename="airflow.cfg",
                note="a forced option: MWAA602, whatever the spelling"),
        Example("[database]\nsql_alchemy_pool_size = 10\n", filename="airflow.cfg"),
    )

    def check_config(self, config: AirflowConfig) -> Iterator[Finding]:
        for item in carry_over_config(config):
            if item.fate != Fate.HOST_SPECIFIC or item.host is None:
                continue
            yield self.finding(
                config.location(item.entry),
                f"{item.entry.dotted} is not carried over: {item.host.why}",
                data=(("reason", item.host.reason.value),),
            )
