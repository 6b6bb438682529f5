"""The crontab job lines to comment out at the switch, read with the cron package's parser (the
same one `cron` converts with), so the checklist names exactly the lines that became DAGs."""

from __future__ import annotations

from pathlib import Path

from migrator.checklist.build import CronJobLine
from migrator.discover import Kind, discover
from migrator.inputs.text import DecodeProblem, decode_text


def crontab_job_lines(paths: list[Path], cwd: Path | None = None, flavor: str = "debian") -> list[CronJobLine]:
    from migrator.cron.assess import parse_any
    from migrator.cron.dag_ids import dag_id_for

    jobs: list[CronJobLine] = []
    taken: set[str] = set()
    for entry in discover(paths, cwd=cwd).of_kind(Kind.CRONTAB, Kind.ANACRONTAB):
        try:
            decoded = decode_text(entry.path.read_bytes())
        except OSError:
            continue  # assess reports unreadable files; the checklist lists what it can read
        if isinstance(decoded, DecodeProblem):
            continue
        crontab = parse_any(entry.display, decoded[0], entry.kind, flavor)
        if crontab.ignored_reason:
            continue
        for cron_entry in crontab.entries:
            if cron_entry.never_reason:
                continue  # never ran on the host: nothing to switch off
            dag_id = dag_id_for(entry.display, cron_entry.line.text, cron_entry.job.command, taken)
            taken.add(dag_id)
            jobs.append(CronJobLine(entry.display, cron_entry.number, cron_entry.line.text, dag_id))
    return jobs
