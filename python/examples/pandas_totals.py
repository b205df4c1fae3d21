"""1 000 institutions' facts in a DataFrame → a DataFrame of totals (run from the repository root)."""

import datetime
import decimal

import pandas as pd

import maal

plan = maal.Plan.from_file("rules/cpr-2026.maal")
rows = []
for i in range(1000):
    rows.append(
        {
            "institution": f"inst-{i:04d}",
            "stikprøvekontroller": 5 + i % 10,
            "minimumskrav_implementeret": 20 + i % 10,
            "grundbudget": decimal.Decimal(41_000_000),
            "realiseret": decimal.Decimal(39_000_000 + (i % 50) * 100_000),
            "budget_uo2": decimal.Decimal(42_500_000),
        }
    )
facts = pd.DataFrame(rows)
sets = [{k: v for k, v in row.items() if k != "institution"} for row in facts.to_dict("records")]
results = plan.evaluate_many(sets, datetime.date(2027, 1, 15))
totals = pd.DataFrame(
    {
        "institution": facts["institution"],
        "total": [r.total for r in results],
        "met": [sum(s == "met" for s in r.statuses.values()) for r in results],
    }
)
print(totals.describe(include="all").loc[["count", "unique"]])
print(totals.groupby("met").size())
assert len(totals) == 1000 and all(isinstance(t, decimal.Decimal) for t in totals["total"])
