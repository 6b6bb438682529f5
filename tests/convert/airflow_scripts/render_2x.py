"""Runs INSIDE an Airflow 2.x virtualenv: render templates and evaluate context lookups for one
scheduled run, with Airflow's own TaskInstance.get_template_context.

    python render_2x.py REQUEST.json  ->  JSON on stdout
REQUEST: {"schedule": "<cron>" | null (= timedelta(days=1)), "logical_date": iso, "data_interval_end": iso,
          "previous": [start iso, end iso], "templates": {key: text},
          "functions": {key: module source defining probe(**context)}}
Each function is called the way PythonOperator calls a callable that takes **kwargs: probe(**context).
"""

import json
import subprocess
import sys
import warnings
from datetime import timedelta

warnings.simplefilter("ignore")


def main():
    with open(sys.argv[1]) as handle:
        request = json.load(handle)
    subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], check=True, capture_output=True)
    import pendulum
    from airflow.models.dag import DAG
    from airflow.models.dagrun import DagRun
    from airflow.models.taskinstance import TaskInstance
    from airflow.operators.empty import EmptyOperator
    from airflow.utils.session import create_session
    from airflow.utils.state import DagRunState
    from airflow.utils.types import DagRunType

    schedule = request["schedule"] or timedelta(days=1)
    dag = DAG(
        "render_check", schedule=schedule, start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), catchup=False
    )
    task = EmptyOperator(task_id="t", dag=dag)
    start = pendulum.parse(request["logical_date"])
    end = pendulum.parse(request["data_interval_end"])
    previous_start, previous_end = (pendulum.parse(v) for v in request["previous"])
    with create_session() as session:
        previous = DagRun(
            dag_id=dag.dag_id,
            run_id="scheduled__previous",
            run_type=DagRunType.SCHEDULED,
            execution_date=previous_start,
            data_interval=(previous_start, previous_end),
            state=DagRunState.SUCCESS,
            external_trigger=False,
            start_date=previous_end,
        )
        previous.end_date = previous_end
        session.add(previous)
        session.add(TaskInstance(task, run_id=previous.run_id, state="success"))
        run = DagRun(
            dag_id=dag.dag_id,
            run_id="scheduled__current",
            run_type=DagRunType.SCHEDULED,
            execution_date=start,
            data_interval=(start, end),
            state=DagRunState.RUNNING,
            external_trigger=False,
            start_date=end,
        )
        session.add(run)
        session.flush()
        run.dag = dag
        ti = TaskInstance(task, run_id=run.run_id)
        ti.dag_run = run
        context = ti.get_template_context(session=session)
        rendered = {key: task.render_template(text, context) for key, text in request["templates"].items()}
        called = {key: str(_call(source, context)) for key, source in request["functions"].items()}
    print(json.dumps({"templates": rendered, "functions": called}))


def _call(source, context):
    namespace = {}
    exec(compile(source, "probe.py", "exec"), namespace)
    return namespace["probe"](**context)


if __name__ == "__main__":
    main()
