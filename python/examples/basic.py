"""The CPR plan at half-year and year end, without pandas: run from the repository root."""

import datetime

import maal

plan = maal.Plan.from_file("rules/cpr-2026.maal")
for name, per in [("cpr-2026-halvår.toml", datetime.date(2026, 6, 30)), ("cpr-2026-år.toml", datetime.date(2027, 1, 15))]:
    result = plan.evaluate(maal.Facts.load(f"examples/facts/{name}"), per)
    print(f"{per}: {result.total:.2f} pct. (højst {result.max_reachable:.2f}); {result.statuses}")
