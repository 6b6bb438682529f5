"""Monthly cost estimate from the price table (knowledge/mwaa_prices.toml) or the AWS Price List API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from migrator.knowledge import load
from migrator.plan.sizing import Recommendation


@dataclass(frozen=True, slots=True)
class CostEstimate:
    monthly_min: float | None
    monthly_max: float | None
    region: str
    source: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "monthly_min_usd": self.monthly_min,
            "monthly_max_usd": self.monthly_max,
            "region": self.region,
            "source": self.source,
            "note": self.note,
        }


def estimate(rec: Recommendation, prices: dict[str, Any] | None = None) -> CostEstimate:
    table = prices or load("mwaa_prices")
    hours = table["hours_per_month"]
    row = table["class"].get(rec.environment_class)
    source = table.get("source_label", "price table in migrator/knowledge/mwaa_prices.toml")
    note = (
        f"Prices vary by region: these are {table['region']} figures as of {table['as_of']} "
        f"(confidence {table['confidence']}). Excludes metadata DB storage (${table['metadata_db_gb_month']}/GB-month), "
        "data transfer, CloudWatch and NAT costs."
    )
    if row is None:
        return CostEstimate(
            None, None, table["region"], source,
            f"No price for {rec.environment_class} in the table; see the AWS Price List API (service code AmazonMWAA) "
            "or the MWAA pricing page for your region. " + note,
        )  # fmt: skip
    # The environment price includes one scheduler and one worker; extra ones are billed on top.
    extra_schedulers = max(0, rec.schedulers - 1) * row["additional_scheduler"]

    def monthly(workers: int) -> float:
        hourly = float(row["environment"]) + extra_schedulers + max(0, workers - 1) * float(row["additional_worker"])
        return float(round(float(hours) * hourly, 2))

    return CostEstimate(monthly(rec.min_workers), monthly(rec.max_workers), table["region"], source, note)
