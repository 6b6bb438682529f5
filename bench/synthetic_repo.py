"""Deterministically generate a synthetic DAG repository of realistic variety (same seed, same bytes).

Mixes what real repositories hold: 1.10-era DAGs with contrib imports, 2.x classic operators, TaskFlow
DAGs, dynamically generated DAG factories, helper modules without DAGs, plugins, and a few large files.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

LEGACY_IMPORTS = [
    "from airflow.contrib.operators.ssh_operator import SSHOperator",
    "from airflow.contrib.hooks.aws_hook import AwsHook",
    "from airflow.contrib.operators.bigquery_operator import BigQueryOperator",
    "from airflow.operators.bash_operator import BashOperator",
    "from airflow.operators.python_operator import PythonOperator",
    "from airflow.operators.dummy_operator import DummyOperator",
    "from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator",
    "from airflow.hooks.postgres_hook import PostgresHook",
    "from airflow.contrib.sensors.file_sensor import FileSensor",
]
MODERN_IMPORTS = [
    "from airflow.operators.bash import BashOperator",
    "from airflow.operators.python import PythonOperator",
    "from airflow.operators.empty import EmptyOperator",
    "from airflow.providers.amazon.aws.operators.s3 import S3CreateObjectOperator",
    "from airflow.providers.postgres.operators.postgres import PostgresOperator",
    "from airflow.providers.http.operators.http import SimpleHttpOperator",
    "from airflow.utils.dates import days_ago",
    "from airflow.models import Variable",
]
BASH_COMMANDS = [
    "echo {{ ds }}",
    "python /opt/jobs/run.py --date {{ execution_date }}",
    "psql -h db -c 'select 1'",
    "rsync -av /data/in/ remote:/data/out/",
    "spark-submit --master yarn job.py {{ next_ds }}",
    "aws s3 cp s3://bucket/key /tmp/key",
    "docker run --rm etl:latest",
    "echo done",
]


def classic_dag(rng: random.Random, index: int, legacy: bool) -> str:
    imports = rng.sample(LEGACY_IMPORTS if legacy else MODERN_IMPORTS, k=rng.randint(2, 5))
    tasks = rng.randint(2, 30)
    lines = [
        '"""Synthetic DAG %d: nightly load for team %s."""' % (index, rng.choice("abcdefgh")),
        "from datetime import datetime, timedelta",
        "",
        "from airflow import DAG",
        *imports,
        "",
        "default_args = {",
        '    "owner": "team-%d",' % rng.randint(1, 40),
        '    "retries": %d,' % rng.randint(0, 3),
        '    "retry_delay": timedelta(minutes=%d),' % rng.randint(1, 30),
    ]
    if rng.random() < 0.3:
        lines.append('    "queue": "%s",' % rng.choice(["default", "heavy", "gpu"]))
    if rng.random() < 0.2:
        lines.append('    "provide_context": True,')
    lines += [
        "}",
        "",
        "with DAG(",
        '    dag_id="synthetic_%05d",' % index,
        "    default_args=default_args,",
        "    start_date=datetime(2021, %d, %d)," % (rng.randint(1, 12), rng.randint(1, 28)),
        '    schedule_interval="%d %d * * *",' % (rng.randint(0, 59), rng.randint(0, 23)),
        "    catchup=False,",
        ") as dag:",
    ]
    for t in range(tasks):
        kind = rng.random()
        if kind < 0.5:
            command = rng.choice(BASH_COMMANDS)
            lines += [
                f"    task_{t} = BashOperator(",
                f'        task_id="step_{t}",',
                f'        bash_command="{command}",',
            ]
            if rng.random() < 0.1:
                lines.append('        executor_config={"KubernetesExecutor": {"request_memory": "2Gi"}},')
            lines.append("    )")
        elif kind < 0.85:
            lines += [
                f"    def _callable_{t}(ds, **kwargs):",
                f'        """Process partition {t}."""',
                "        rows = [r * 2 for r in range(10)]",
                '        return {"ds": ds, "rows": len(rows)}',
                "",
                f"    task_{t} = PythonOperator(",
                f'        task_id="python_{t}",',
                f"        python_callable=_callable_{t},",
                "    )",
            ]
        else:
            lines += [f'    task_{t} = BashOperator(task_id="noop_{t}", bash_command="true")']
        if t:
            lines.append(f"    task_{t - 1} >> task_{t}")
    return "\n".join(lines) + "\n"


def taskflow_dag(rng: random.Random, index: int) -> str:
    n = rng.randint(2, 12)
    body = [
        "import pendulum",
        "from airflow.decorators import dag, task",
        "",
        "",
        f'@dag(schedule="@daily", start_date=pendulum.datetime(2023, 1, 1, tz="UTC"), catchup=False, tags=["t{index % 17}"])',
        f"def taskflow_{index:05d}():",
    ]
    for t in range(n):
        body += [
            "    @task",
            f"    def step_{t}(value: int = {t}) -> int:",
            f"        return value * {rng.randint(2, 9)}",
            "",
        ]
    body.append("    " + " >> ".join(f"step_{t}()" for t in range(n)))
    body += ["", "", f"taskflow_{index:05d}()"]
    return "\n".join(body) + "\n"


def factory_dag(rng: random.Random, index: int) -> str:
    return "\n".join(
        [
            "from datetime import datetime",
            "from airflow import DAG",
            "from airflow.operators.bash import BashOperator",
            "from airflow.models import Variable",
            "",
            'TABLES = Variable.get("tables_%d", default_var="a,b,c").split(",")' % index,
            "",
            "for table in TABLES:",
            "    with DAG(",
            f'        dag_id=f"factory_{index:05d}_{{table}}",',
            "        start_date=datetime(2022, 1, 1),",
            '        schedule_interval="@hourly",',
            "    ) as dag:",
            '        BashOperator(task_id="load", bash_command="load.sh {{ params.t }} ", params={"t": table})',
            '        globals()[f"dag_{table}"] = dag',
        ]
    ) + "\n"


def helper_module(rng: random.Random, index: int) -> str:
    functions = []
    for f in range(rng.randint(3, 15)):
        functions += [
            f"def transform_{f}(records: list[dict]) -> list[dict]:",
            f'    """Normalise batch {f}."""',
            "    out = []",
            "    for record in records:",
            f'        record["v{f}"] = str(record.get("id", 0)).zfill({rng.randint(4, 12)})',
            "        out.append(record)",
            "    return out",
            "",
        ]
    return "import json\nimport os\n\n\n" + "\n".join(functions)


def plugin_module(rng: random.Random, index: int) -> str:
    return "\n".join(
        [
            "from airflow.plugins_manager import AirflowPlugin",
            "from airflow.models import BaseOperator",
            "",
            "",
            f"class Custom{index}Operator(BaseOperator):",
            "    def execute(self, context):",
            '        return context["execution_date"]',
            "",
            "",
            f"class Plugin{index}(AirflowPlugin):",
            f'    name = "plugin_{index}"',
            f"    operators = [Custom{index}Operator]",
        ]
    ) + "\n"


def generate(root: Path, files: int, seed: int = 20261122) -> int:
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    written = 0
    for index in range(files):
        roll = rng.random()
        team = f"team_{index % 50:02d}"
        if roll < 0.35:
            path, text = root / "dags" / team / f"legacy_{index:05d}.py", classic_dag(rng, index, legacy=True)
        elif roll < 0.65:
            path, text = root / "dags" / team / f"classic_{index:05d}.py", classic_dag(rng, index, legacy=False)
        elif roll < 0.80:
            path, text = root / "dags" / team / f"taskflow_{index:05d}.py", taskflow_dag(rng, index)
        elif roll < 0.85:
            path, text = root / "dags" / team / f"factory_{index:05d}.py", factory_dag(rng, index)
        elif roll < 0.97:
            path, text = root / "dags" / team / "lib" / f"helpers_{index:05d}.py", helper_module(rng, index)
        else:
            path, text = root / "plugins" / f"plugin_{index:05d}.py", plugin_module(rng, index)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args()
    print(generate(args.root, args.files, args.seed), "files written to", args.root)


if __name__ == "__main__":
    main()
