"""Crontab entries -> Airflow DAGs that fire at the same instants as the host's cron did.

Data flows one way: `crontab` parses a file by the daemon's own rules (`fields`, `lines`), `schedule`
holds the resulting cron bit sets, `host_model` turns them into the instants the daemon fires
(DST rules included), `normalise` writes croniter expressions that `simulate` checks against that
model, `airflow_model` and `dst` predict what Airflow's timetables will do on DST days, `plan`
chooses the timetable per DAG, and `render`/`convert` write the DAGs, the plugin, the manifest and
the disable-on-host copies. `assess` is the engine's entry point; `verify` replays the generated
DAGs in a real Airflow against `oracle` (cronsim), which shares no code with the generator.
"""
