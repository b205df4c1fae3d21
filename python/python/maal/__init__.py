"""maal: a rules engine for Danish state goal-and-result plans (mål- og resultatplaner).

Compile a plan once, evaluate it against reported facts as of a date, as often as you like::

    import datetime, decimal, maal

    plan = maal.Plan.from_file("rules/cpr-2026.maal")
    result = plan.evaluate({"realiseret": "42,9 mio", "grundbudget": decimal.Decimal("41000000")},
                           datetime.date(2026, 6, 30))
    result.total            # Decimal('14.285714285714285714285714286')
    result.statuses["7"]    # 'met'

Money and percentages are ``decimal.Decimal`` in and out, never float. Errors in rules raise
``RulesError``, errors in facts ``FactsError``; both carry ``diagnostics`` (code, message,
line, column, rendered text).
"""

from ._maal import Evaluation, Facts, FactsError, Goal, MaalError, Plan, RulesError

__all__ = ["Evaluation", "Facts", "FactsError", "Goal", "MaalError", "Plan", "RulesError"]
