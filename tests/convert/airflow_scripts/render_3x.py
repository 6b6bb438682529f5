"""Runs INSIDE an Airflow 3.x virtualenv: render templates and evaluate Python expressions for one
scheduled run, with the Task SDK's own RuntimeTaskInstance.get_template_context (the context a
task sees on a worker). The run's data comes in the TIRunContext the API server would send; the
one request the context makes back to the server (the previous successful run) is answered with
the same previous run the 2.x side has in its database.

    python render_3x.py REQUEST.json  ->  JSON on stdout
REQUEST: as render_2x.py.
"""

import json
import sys
import uuid
import warnings
from datetime import timedelta

warnings.simplefilter("ignore")


class _Supervisor:
    """Stands in for the supervisor process's request channel; answers the previous-run request."""

    def __init__(self, previous):
        self.previous = previous

    def send(self, message):
        from airflow.sdk.execution_time.comms import GetPrevSuccessfulDagRun, PrevSuccessfulDagRunResult

        assert isinstance(message, GetPrevSuccessfulDagRun), message
        start, end = self.previous
        return PrevSuccessfulDagRunResult(
            data_interval_start=start, data_interval_end=end, start_date=end, end_date=end
        )


def main():
    with open(sys.argv[1]) as handle:
        request = json.load(handle)
    import pendulum
    from airflow.providers.standard.operators.empty import EmptyOperator
    from airflow.sdk import DAG
    from airflow.sdk.api.datamodels._generated import DagRun, DagRunState, DagRunType, TIRunContext
    from airflow.sdk.execution_time import task_runner
    from airflow.sdk.execution_time.task_runner import RuntimeTaskInstance
    from airflow.timetables.interval import CronDataIntervalTimetable, DeltaDataIntervalTimetable

    # the data-interval timetable Airflow 2 built from the same schedule value
    timetable = (
        CronDataIntervalTimetable(request["schedule"], "UTC")
        if request["schedule"]
        else DeltaDataIntervalTimetable(timedelta(days=1))
    )
    dag = DAG(
        "render_check", schedule=timetable, start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), catchup=False
    )
    task = EmptyOperator(task_id="t", dag=dag)
    start = pendulum.parse(request["logical_date"])
    end = pendulum.parse(request["data_interval_end"])
    task_runner.SUPERVISOR_COMMS = _Supervisor([pendulum.parse(v) for v in request["previous"]])
    run = DagRun(
        dag_id=dag.dag_id,
        run_id="scheduled__current",
        logical_date=start,
        data_interval_start=start,
        data_interval_end=end,
        run_after=end,
        start_date=end,
        run_type=DagRunType.SCHEDULED,
        state=DagRunState.RUNNING,
        conf={},
        consumed_asset_events=[],
    )
    ti = RuntimeTaskInstance.model_construct(
        id=uuid.uuid4(),
        task_id=task.task_id,
        dag_id=dag.dag_id,
        run_id=run.run_id,
        try_number=1,
        map_index=-1,
        task=task,
        _ti_context_from_server=TIRunContext(dag_run=run, max_tries=0),
        max_tries=0,
        start_date=end,
    )
    context = ti.get_template_context()
    rendered = {key: task.render_template(text, context) for key, text in request["templates"].items()}
    called = {key: str(_call(source, context)) for key, source in request["functions"].items()}
    print(json.dumps({"templates": rendered, "functions": called}))


def _call(source, context):
    namespace = {}
    exec(compile(source, "probe.py", "exec"), namespace)
    return namespace["probe"](**context)


if __name__ == "__main__":
    main()
