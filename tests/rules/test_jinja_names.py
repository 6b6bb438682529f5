"""MWAA206's Jinja reading: real reads of context variables, not words that merely look alike."""

from __future__ import annotations

import pytest

from migrator.knowledge.context_variables import removed_context_variables
from migrator.rules.dag_api.jinja_names import TemplateUse, template_uses

NAMES = frozenset(removed_context_variables())
ATTRIBUTES = frozenset({("dag_run", "external_trigger"), ("dag_run", "execution_date")})


def names_in(text: str) -> list[str]:
    return [f"{u.owner}.{u.name}" if u.owner else u.name for u in template_uses(text, NAMES, ATTRIBUTES)]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{ execution_date }}", ["execution_date"]),
        ("{{execution_date}}", ["execution_date"]),
        ("{{ execution_date | ds }}", ["execution_date"]),
        ("{{ execution_date.strftime('%Y') }}", ["execution_date"]),
        ("{{ macros.ds_add(next_ds, 1) }}", ["next_ds"]),
        ("{{ (prev_ds or ds) | upper }}", ["prev_ds"]),
        ("{% if next_execution_date %}x{% endif %}", ["next_execution_date"]),
        ("{{ conf.get('core', 'dags_folder') }}", ["conf"]),
        ("{{ dag_run.external_trigger }}", ["dag_run.external_trigger"]),
        ("{{ dag_run.execution_date | ds }}", ["dag_run.execution_date"]),
        ("{{ tomorrow_ds_nodash }}{{ yesterday_ds_nodash }}", ["tomorrow_ds_nodash", "yesterday_ds_nodash"]),
        ("{{ triggering_dataset_events }}", ["triggering_dataset_events"]),
        # Filters Airflow users define themselves do not stop the parse.
        ("{{ execution_date | my_custom_filter }}", ["execution_date"]),
        ("{% do params.update({'a': 1}) %}{{ prev_ds }}", ["prev_ds"]),
    ],
)
def test_reads_are_found(template: str, expected: list[str]) -> None:
    assert names_in(template) == expected


@pytest.mark.parametrize(
    "template",
    [
        "{{ my_execution_date_var }}",
        "{{ execution_date_utc }}",
        "{{ params.execution_date }}",
        "{{ ti.xcom_pull(key='execution_date') }}",
        '{{ ti.xcom_pull(task_ids="next_ds") }}',
        "{{ dag_run.conf['execution_date'] }}",
        "{{ dag_run.conf }}",
        "{% set execution_date = logical_date %}{{ execution_date }}",
        "{% for next_ds in dates %}{{ next_ds }}{% endfor %}",
        "{% macro show(prev_ds) %}{{ prev_ds }}{% endmacro %}",
        "{% from 'lib.sql' import conf %}{{ conf }}",
        "{{ logical_date }} {{ data_interval_end | ds }} {{ macros.ds_add(ds, 1) }}",
        "execution_date outside any block",
        "{# {{ execution_date }} in a comment #}",
        "{% raw %}{{ execution_date }}{% endraw %}",
    ],
)
def test_look_alikes_are_not(template: str) -> None:
    assert names_in(template) == []


def test_lines_inside_a_multiline_template() -> None:
    text = "SELECT *\nFROM t\nWHERE d = '{{ prev_ds }}'\n  AND e < '{{ next_ds }}'\n"
    assert template_uses(text, NAMES) == [TemplateUse("prev_ds", 3), TemplateUse("next_ds", 4)]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        # Not valid Jinja (unbalanced block, Go template syntax): the fallback still reads the blocks.
        ("{{ execution_date }} {% if %}", ["execution_date"]),
        ("{{ .Values.image }} {{ next_ds }}", ["next_ds"]),
        ("{{ ti.xcom_pull(key='execution_date') }} {% endfor %}", []),
        ("{{ params.next_ds }} {% endif %}", []),
        ("{{ dag_run.external_trigger }} {% endif %}", ["dag_run.external_trigger"]),
        ("{% set prev_ds = 1 %}{% endfor %}", []),
    ],
)
def test_fallback_for_templates_jinja_cannot_parse(template: str, expected: list[str]) -> None:
    assert names_in(template) == expected


def test_fallback_lines() -> None:
    text = "{% if %}\nx\n{{ prev_ds }}\n"
    assert template_uses(text, NAMES) == [TemplateUse("prev_ds", 3)]
