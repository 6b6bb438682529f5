"""The assess engine's entry point for crontabs, anacrontabs and run-parts scripts."""

from __future__ import annotations

import functools

from migrator.cron import analysis as analysis_module
from migrator.cron.analysis import AnalysisOptions, CrontabAnalysis, options_for
from migrator.cron.crontab import Crontab, parse_crontab
from migrator.cron.runparts import parse_anacrontab, parse_run_parts_script
from migrator.findings import Finding, Location, Severity
from migrator.rules import registry
from migrator.rules.cron.base import CronRule

# assess judges DST behaviour over one year in each representative zone: enough to show every
# kind of difference, cheap enough for a readiness report.
ASSESS_DST_YEARS = 1


def parse_any(display_path: str, text: str, kind: str, flavor: str) -> Crontab:
    if kind == "anacrontab":
        return parse_anacrontab(display_path, text, flavor)
    if kind == "run-parts-script":
        return parse_run_parts_script(display_path, flavor)[0]
    return parse_crontab(display_path, text, flavor)


def analyse_text(display_path: str, text: str, kind: str, options: AnalysisOptions) -> CrontabAnalysis:
    return analysis_module.analyse(parse_any(display_path, text, kind, options.flavor), options)


@functools.cache
def cron_rules() -> tuple[CronRule, ...]:
    return tuple(rule() for rule in registry.all_rules() if issubclass(rule, CronRule))


def findings_for(analysis: CrontabAnalysis) -> list[Finding]:
    found = [finding for rule in cron_rules() for finding in rule.check(analysis)]
    return sorted(set(found), key=Finding.sort_key)


def assess_crontab(
    display_path: str, text: str, kind: str, flavor: str = "debian"
) -> tuple[list[Finding], dict[str, int]]:
    """Findings for one crontab-like file, and how many lines of each kind it has
    (job, env, comment, blank, invalid)."""
    try:
        result = analyse_text(
            display_path, text, kind, options_for(flavor=flavor, dst_years=ASSESS_DST_YEARS, simulate=False)
        )
    except Exception as exc:  # a bug must not stop the rest of the run; say where it happened
        from migrator.rules.cron.invalid_crontab_line import InvalidCrontabLine

        finding = InvalidCrontabLine.finding(
            Location(display_path),
            f"the file could not be analysed ({type(exc).__name__}); its entries were not checked",
            severity=Severity.WARNING,
        )
        return [finding], {"job": 0, "env": 0, "comment": 0, "blank": 0, "invalid": 0}
    return findings_for(result), result.counts()
