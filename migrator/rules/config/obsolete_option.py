from collections.abc import Iterator

from migrator.findings import Family, Finding, Severity
from migrator.inputs.airflow_cfg import AirflowConfig
from migrator.rules.base import ConfigRule, Example
from migrator.rules.config.carry_over import Fate, carry_over_config, target_of


class ObsoleteOption(ConfigRule):
    """The option is not in the configuration reference of the target's Airflow (nor an old name
    Airflow still maps), although its section is one of Airflow's own: typically an Airflow 1.10
    setting whose feature is gone. Airflow ignores unknown options, so carrying it over does nothing.

    Sections Airflow does not know at all are left alone: MWAA accepts custom sections (e.g.
    `my_team.alert_channel`), which DAGs read with `conf.get`. The reference covers Airflow's core
    sections and those of the celery, cncf-kubernetes, fab, smtp, amazon, elasticsearch, openlineage,
    standard and common-io providers.
    """

    code = "MWAA611"
    name = "obsolete-option"
    title = "Option the target Airflow does not know"
    family = Family.CONFIG
    severity = Severity.INFO
    fixable = True
    why = "Airflow ignores options it does not know; the setting does nothing on MWAA."
    remedy = "Drop it (bundle leaves it out); if it mattered, find what replaced the feature in Airflow's release notes."
    sources = (
        "apache-airflow 2.11.2 / apache-airflow-core 3.x config_templates/config.yml and providers' config sections",
    )
    examples = (
        Example("[core]\nsecure_mode = True\nparallelism = 64\n", expect_lines=(2,), filename="airflow.cfg", target="2.11.2"),
        Example("[atlas]\nhost = atlas.internal\n", expect_lines=(2,), filename="airflow.cfg"),
        Example("[my_team]\nalert_channel = data\n", filename="airflow.cfg"),
        Example("[core]\ndag_concurrency = 32\n", filename="airflow.cfg", target="2.11.2",
                note="an old name Airflow 2 still maps (core.max_active_tasks_per_dag)"),
    )

    def check_config(self, config: AirflowConfig) -> Iterator[Finding]:
        target = target_of(config)
        for item in carry_over_config(config):
            if item.fate != Fate.UNKNOWN:
                continue
            yield self.finding(
                config.location(item.entry),
                f"{item.entry.dotted} has no effect on Airflow {target.airflow}: {item.detail}",
                data=(("option", item.option),),
            )
