"""From analysed crontabs to the DAGs to write: ids, modules, execution, and the facts the
manifest and `cron verify` need about each."""

from __future__ import annotations

from dataclasses import dataclass

from migrator.cron.analysis import CrontabAnalysis, EntryAnalysis, Schedule
from migrator.cron.crontab import Crontab
from migrator.cron.dag_ids import dag_id_for, file_label
from migrator.cron.execution import Execution, execution_for, owner_label
from migrator.cron.fields import DAY_OF_WEEK, FIELDS, ParsedField
from migrator.cron.lines import JobLine
from migrator.cron.normalise import render_field

TIMETABLE_CLASSES = {
    "cron": "CronTriggerTimetable",
    "multiple": "MultipleCronTriggerTimetable",
    "exact": "CronExactTimetable",
}


@dataclass(frozen=True, slots=True)
class DagPlan:
    dag_id: str
    module: str  # file name under dags/, without .py
    crontab: Crontab
    item: EntryAnalysis
    execution: Execution
    serialised: bool

    @property
    def schedule(self) -> Schedule:
        assert self.item.schedule is not None
        return self.item.schedule

    @property
    def line(self) -> int:
        return self.item.entry.number

    @property
    def timetable_class(self) -> str:
        return TIMETABLE_CLASSES[self.schedule.kind]


def _oracle_field(field: ParsedField, index: int) -> str | None:
    """The field in plain cron syntax with the same meaning for the host, or None if that needs
    more than text: junk is cut, cronie's random pick and `X-0` are written as values."""
    text = field.text[: len(field.text) - len(field.junk)] if field.junk else field.text
    if not (field.random_picks or field.sunday_as_seven or field.reversed_ranges):
        return text.replace("$", "L")  # Vixie's "last day of the month", in cronsim's spelling
    spec = FIELDS[index]
    values = {v % 7 for v in field.values} if spec is DAY_OF_WEEK else set(field.values)
    if not values:
        return None
    rendered = render_field(frozenset(values), spec.low, 6 if spec is DAY_OF_WEEK else spec.high)
    if field.star_first and not rendered.startswith("*"):
        return None
    return rendered


def oracle_fields(job: JobLine) -> tuple[str, tuple[str, ...]]:
    """(cron text an independent evaluator can read, the quirks resolved to get it; "" if none can)."""
    if job.keyword:
        return f"@{job.keyword}", ()
    quirks: list[str] = []
    parts: list[str] = []
    for index, field in enumerate(job.fields):
        if field.junk:
            quirks.append(
                f"{FIELDS[index].name} `{field.text}` read as `{field.text[: len(field.text) - len(field.junk)]}`"
            )
        if field.random_picks:
            quirks.append(f"{FIELDS[index].name} random `~` fixed")
        if field.sunday_as_seven:
            quirks.append(f"{FIELDS[index].name} `X-0` read as `X-7`")
        if field.reversed_ranges:
            quirks.append(
                f"{FIELDS[index].name} reversed range(s) {', '.join(field.reversed_ranges)} dropped"
            )
        rendered = _oracle_field(field, index)
        if rendered is None:
            return "", tuple(quirks)
        parts.append(rendered)
    return " ".join(parts), tuple(quirks)


def build_plans(analyses: list[CrontabAnalysis], group_by: str = "entry") -> list[DagPlan]:
    taken: set[str] = set()
    modules: set[str] = set()
    plans: list[DagPlan] = []
    for analysis in sorted(analyses, key=lambda a: a.crontab.display):
        crontab = analysis.crontab
        label = owner_label(crontab.display, crontab.owner)
        module_for_file = ""
        if group_by == "file":
            module_for_file = _unique(f"cron_{file_label(crontab.display)}", modules)
        for item in analysis.entries:
            if item.schedule is None:
                continue
            entry = item.entry
            dag_id = dag_id_for(crontab.display, entry.line.text, entry.job.command, taken)
            module = module_for_file or _unique(dag_id, modules)
            execution = execution_for(entry, crontab.flavor.name, label)
            plans.append(DagPlan(dag_id, module, crontab, item, execution, bool(item.command.lock_wrapper)))
    return plans


def _unique(name: str, taken: set[str]) -> str:
    candidate, counter = name, 1
    while candidate in taken:
        counter += 1
        candidate = f"{name}_{counter}"
    taken.add(candidate)
    return candidate
