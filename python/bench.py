"""evaluate_many over 10 000 fact sets against a loop of single evaluate calls, in one run.

Run from the repository root after `pip install ./python`: `python python/bench.py`.
Prints the best of three runs of each and their ratio (not a timed test).
"""

import datetime
import decimal
import os
import time

import maal

plan = maal.Plan.from_file("rules/cpr-2026.maal")
sets = [
    {
        "stikprøvekontroller": 5 + i % 10,
        "minimumskrav_implementeret": 20 + i % 10,
        "grundbudget": decimal.Decimal(41_000_000),
        "realiseret": decimal.Decimal(39_000_000 + (i % 50) * 100_000),
        "budget_uo2": decimal.Decimal(42_500_000),
    }
    for i in range(10_000)
]
per = datetime.date(2027, 1, 15)


def best(f):
    times = []
    for _ in range(3):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


loop = best(lambda: [plan.evaluate(s, per) for s in sets])
many = best(lambda: plan.evaluate_many(sets, per))
print(f"cores: {os.cpu_count()}")
print(f"loop of evaluate: {loop * 1000:.0f} ms ({len(sets) / loop:,.0f} fact sets/s)")
print(f"evaluate_many:    {many * 1000:.0f} ms ({len(sets) / many:,.0f} fact sets/s)")
print(f"evaluate_many is {loop / many:.2f}x the loop")
