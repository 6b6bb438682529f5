"""Runs inside a real Airflow 2.x virtualenv (not imported by the test suite).

For scheduled runs of DAGs with several schedules, renders every removed context variable and its
documented replacement (from migrator/knowledge/context_variables.toml, passed in as JSON on stdin)
with Airflow's own template context, and evaluates the Python replacement over the same context.
Prints {schedule: {name: [old, jinja replacement, python replacement]}} as JSON.
"""

import json
import sys
import warnings
from datetime import timedelta

warnings.simplefilter("ignore")

import pendulum  # noqa: E402
from airflow.models import DAG  # noqa: E402
from airflow.operators.empty import EmptyOperator  # noqa: E402
from airflow.timetables.base import TimeRestriction  # noqa: E402
from airflow.utils import db  # noqa: E402
from airflow.utils.session import create_session  # noqa: E402
from airflow.utils.state import DagRunState  # noqa: E402
from airflow.utils.types import DagRunType  # noqa: E402
from jinja2 import UndefinedError  # noqa: E402


def main() -> None:
    request = json.load(sys.stdin)
    db.initdb()
    results = {}
    for index, text in enumerate(request["schedules"]):
        schedule = timedelta(hours=int(text[:-1])) if text.endswith("h") else text
        start = pendulum.datetime(2024, 1, 1, tz="UTC")
        dag = DAG(f"probe_{index}", schedule=schedule, start_date=start, catchup=True)
        task = EmptyOperator(task_id="t", dag=dag)
        dag.sync_to_db()
        restriction = TimeRestriction(start, None, True)
        infos = [dag.timetable.next_dagrun_info(last_automated_data_interval=None, restriction=restriction)]
        for _ in range(5):  # six runs: on a weekday schedule the last one is a Monday
            infos.append(
                dag.timetable.next_dagrun_info(
                    last_automated_data_interval=infos[-1].data_interval, restriction=restriction
                )
            )
        with create_session() as session:
            runs = [
                dag.create_dagrun(
                    run_type=DagRunType.SCHEDULED,
                    execution_date=info.logical_date,
                    data_interval=info.data_interval,
                    state=DagRunState.SUCCESS if i < len(infos) - 1 else DagRunState.RUNNING,
                    external_trigger=False,
                    session=session,
                )
                for i, info in enumerate(infos)
            ]
            session.flush()
            ti = runs[-1].get_task_instance("t", session=session)
            ti.task = task
            context = ti.get_template_context(session=session)
            rendered = {}
            scope = {key: context[key] for key in context}
            scope.update(timedelta=timedelta, context=context)
            for item in request["items"]:
                old = task.render_template("{{ " + item["old"] + " }}", context)
                try:
                    new = task.render_template("{{ " + item["jinja"] + " }}", context)
                    python = eval(item["python"], {}, scope)  # our own table's expressions
                except (UndefinedError, NameError, KeyError):
                    # A replacement only Airflow 3 provides (triggering_asset_events): nothing to compare.
                    rendered[item["old"]] = None
                    continue
                rendered[item["old"]] = [str(old), str(new), str(python)]
            results[text] = rendered
    print(json.dumps(results))


main()
