from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.airflow_cfg import AirflowConfig
from migrator.rules.base import ConfigRule, Example
from migrator.rules.config.carry_over import Fate, carry_over_config


class OptionRejectedByApi(ConfigRule):
    """The option would be carried over, but the MWAA API refuses its key or value as written, and
    a refused entry fails the whole CreateEnvironment/UpdateEnvironment call.

    The API model (`ConfigKey`, `ConfigValue`) accepts keys matching `[a-z]+([a-z0-9._]*[a-z0-9_]+)?`
    of at most 64 characters, with a `section.` part, and values of 1 to 65,536 printable ASCII
    characters: no empty values, no line breaks (airflow.cfg values continued over several lines),
    no accents or other non-ASCII text.
    """

    code = "MWAA610"
    name = "option-rejected-by-api"
    title = "Option value or key the MWAA API does not accept"
    family = Family.CONFIG
    severity = Severity.WARNING
    why = "The MWAA API validates every configuration option; one invalid entry fails the environment update."
    remedy = "Rewrite the value on one line in printable ASCII (or drop the option if empty) before carrying it over."
    sources = ("botocore data/mwaa/2020-07-01/service-2.json shapes ConfigKey and ConfigValue",)
    examples = (
        Example("[smtp]\nsmtp_mail_from =\n", expect_lines=(2,), filename="airflow.cfg",
                note="empty value"),
        Example("[core]\nsensitive_var_conn_names = a,\n    b,\n    c\n", expect_lines=(2,), filename="airflow.cfg",
                note="value continued over several lines"),
        Example("[my_team]\nowner = Jörg\n", expect_lines=(2,), filename="airflow.cfg"),
        Example("[my_team]\nowner = Joerg\n", filename="airflow.cfg"),
    )

    def check_config(self, config: AirflowConfig) -> Iterator[Finding]:
        for item in carry_over_config(config):
            if item.fate != Fate.REJECTED_BY_API:
                continue
            yield self.finding(
                config.location(item.entry),
                f"{item.entry.dotted} cannot be set on MWAA as written: {item.detail}",
                data=(("mwaa_key", item.mwaa_key),),
            )
