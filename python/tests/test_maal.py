"""maal from Python: the same answers as `maal eval`, Decimal in and out, errors as exceptions."""

import datetime
import decimal
import json
import pathlib
import subprocess

import pytest

import maal

ROOT = pathlib.Path(__file__).resolve().parents[2]
CPR = ROOT / "rules" / "cpr-2026.maal"
DIGST = ROOT / "rules" / "digst-2024.maal"
CPR_FACTS = ROOT / "examples" / "facts" / "cpr-2026-år.toml"


def cli_total(plan, facts, per):
    """The total `maal eval --format json` gives (the binary built by cargo, when there is one)."""
    binary = ROOT / "target" / "debug" / "maal"
    if not binary.exists():
        pytest.skip("no maal binary built")
    out = subprocess.run(
        [binary, "eval", plan, "--facts", facts, "--per", per, "--format", "json"],
        capture_output=True, text=True, check=False,
    )
    return decimal.Decimal(json.loads(out.stdout)["total"]["score"])


@pytest.mark.parametrize(
    "plan,facts,per",
    [
        (CPR, "cpr-2026-år.toml", "2027-01-15"),
        (CPR, "cpr-2026-halvår.toml", "2026-06-30"),
        (CPR, "cpr-2026-år.csv", "2027-01-15"),
        (DIGST, "digst-2024-år.toml", "2025-01-14"),
        (DIGST, "digst-2024-q2.toml", "2024-06-30"),
    ],
)
def test_seed_plans_give_the_totals_of_maal_eval(plan, facts, per):
    path = ROOT / "examples" / "facts" / facts
    result = maal.Plan.from_file(plan).evaluate(maal.Facts.load(path), datetime.date.fromisoformat(per))
    assert isinstance(result.total, decimal.Decimal)
    assert result.total == cli_total(plan, path, per)
    assert result.to_dict()["schema_version"] == 4


def test_shown_scores_add_up_to_the_shown_total():
    result = maal.Plan.from_file(CPR).evaluate(maal.Facts.load(ROOT / "examples" / "facts" / "cpr-2026-år.toml"), "2027-01-15")
    total, scores = result.shown_scores()
    assert total == decimal.Decimal("85.71")
    assert sum(scores.values()) == total
    assert sorted(set(scores.values())) == [decimal.Decimal("0.00"), decimal.Decimal("14.28"), decimal.Decimal("14.29")]


def test_decimal_in_and_out_exactly():
    plan = maal.Plan.compile('plan "x" { periode 2026 }\nmål 1: frist ultimo 2026; |b - r| <= 2,0 mio;')
    facts = {"b": decimal.Decimal("8300000"), "r": decimal.Decimal("6300000.000")}
    result = plan.evaluate(facts, datetime.date(2027, 1, 15))
    # |8,3 - 6,3| is exactly 2,0 mio. (in binary floating point it is not).
    assert result.statuses == {"1": "met"}
    assert result.total == decimal.Decimal(100)
    assert isinstance(result.goals[0].score, decimal.Decimal)
    # Three decimals are read as decimals, not thousands.
    small = plan.evaluate({"b": decimal.Decimal("1.000"), "r": decimal.Decimal("0.999")}, "2027-01-15")
    assert small.statuses["1"] == "met"


def test_what_a_goal_needs():
    plan = maal.Plan.compile('plan "x" { periode 2026 }\nmål 1: frist ultimo 2026; |b - r| <= 2,0 mio;')
    result = plan.evaluate({"b": decimal.Decimal("8300000"), "r": decimal.Decimal("5300000")}, "2027-01-15")
    assert result.statuses == {"1": "not_met"}
    assert result.goals[0].needed == [
        "b: mellem 3,3 mio. kr. og 7,3 mio. kr. (1 mio. kr. mindre); nu 8,3 mio. kr.",
        "r: mellem 6,3 mio. kr. og 10,3 mio. kr. (1 mio. kr. mere); nu 5,3 mio. kr.",
    ]
    windows = result.to_dict()["goals"][0]["needed"][1]["windows"]
    assert [(w["from"], w["to"]) for w in windows] == [("6300000", "10300000")]


def test_fact_values_as_in_fact_files():
    plan = maal.Plan.from_file(DIGST)
    result = plan.evaluate(
        {
            "nemkonto_kontrakt_tildelt": datetime.date(2024, 10, 1),
            "mitid_tiltag": 4,
            "samtykke_piloter": "1",
            "tilfredshed_borgerdk": "91,5 %",
            "tilfredshed_mitid": decimal.Decimal("83"),
            "tilfredshed_mitid_erhverv": "74 pct.",
            "smv_frafald": {2023: 41, 2024: 33},
            "kontrolmiljø_dokumenteret": True,
            "grundbudget": None,
        },
        datetime.datetime(2024, 12, 31, 12, 0),
    )
    assert result.statuses["1.1"] == "met"
    assert result.statuses["1.4"] == "pending"
    assert result.as_of == datetime.date(2024, 12, 31)


def test_rules_errors_carry_every_located_diagnostic():
    with pytest.raises(maal.RulesError) as caught:
        maal.Plan.compile('plan "x" { periode 2026 }\nmål 1: a >= 1 mio og a <= 2 pct.;\nmål 1: b >= ;')
    codes = [d["code"] for d in caught.value.diagnostics]
    assert "E0001" in codes
    first = caught.value.diagnostics[0]
    assert first["location"]["line"] >= 2 and first["location"]["column"] >= 1
    assert (first["line"], first["column"]) == (first["location"]["line"], first["location"]["column"])
    assert "fejl[" in first["rendered"], "Danish by default: fejl[E…]"
    assert isinstance(caught.value, maal.MaalError)


def test_facts_errors_name_the_fact_and_suggest():
    plan = maal.Plan.from_file(CPR)
    # A name the plan does not use is skipped with a warning naming the closest.
    result = plan.evaluate({"realiset": "42,9 mio"}, "2026-06-30")
    (w,) = result.to_dict()["warnings"]
    assert w["code"] == "W0201" and "realiseret" in w["hint"]
    with pytest.raises(maal.FactsError):
        plan.evaluate({"realiseret": "fyrre mio"}, "2026-06-30")
    with pytest.raises(TypeError):
        plan.evaluate({"realiseret": object()}, "2026-06-30")
    with pytest.raises(ValueError):
        plan.evaluate({}, "30/6/2026")
    with pytest.raises(maal.FactsError):
        maal.Facts.load(ROOT / "tests" / "bad_facts" / "malformed_toml.toml")


def test_evaluate_many_agrees_with_one_at_a_time():
    plan = maal.Plan.from_file(CPR)
    sets = [{"stikprøvekontroller": n, "realiseret": f"{40 + n / 4} mio", "grundbudget": "41 mio"} for n in range(40)]
    many = plan.evaluate_many(sets, datetime.date(2027, 1, 15))
    one = [plan.evaluate(s, datetime.date(2027, 1, 15)) for s in sets]
    assert [m.to_dict() for m in many] == [o.to_dict() for o in one]
    with pytest.raises(maal.FactsError, match="fact set 3"):
        plan.evaluate_many(sets[:3] + [{"realiseret": "fyrre mio"}], datetime.date(2027, 1, 15))


def test_required_facts_and_explanations():
    plan = maal.Plan.from_file(CPR)
    kinds = {f["name"]: f["kind"] for f in plan.required_facts()}
    assert kinds["realiseret"] == "money" and kinds["siem_løsning_udviklet"] == "date"
    facts = maal.Facts.load(ROOT / "examples" / "facts" / "cpr-2026-halvår.toml")
    result = plan.evaluate(facts)  # as of the facts' own `opgjort`
    assert result.as_of == datetime.date(2026, 6, 30)
    assert "realiseret = 42,9 mio. kr." in result.goals[6].explain()
    assert "Samlet målopfyldelse" in result.table()
    assert plan.evaluate(facts, lang="en").table().count("Total fulfilment") == 1


def test_no_input_ends_in_anything_but_an_exception():
    import random

    rng = random.Random(7)
    alphabet = 'plan "x" { periode 2026 } mål 1: a >= 1 mio; delmål ( ) | , . ; æøå \x00 \n 9'
    expected = (maal.MaalError, TypeError, ValueError)
    plan = maal.Plan.from_file(CPR)
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        try:
            maal.Plan.compile(text)
        except expected:
            pass
        value = rng.choice([text, rng.randint(-(10**40), 10**40), decimal.Decimal("1e30"), float("inf"), [text], {text: text}])
        try:
            plan.evaluate({"realiseret": value}, "2026-06-30")
        except expected:
            pass
    # Deep nesting and a huge line are located errors, not crashes.
    with pytest.raises(maal.RulesError):
        maal.Plan.compile('plan "x" { periode 2026 }\nmål 1: ' + "(" * 100_000 + "a")
    with pytest.raises(maal.RulesError):
        maal.Plan.compile('plan "x" { periode 2026 }\nmål 1: ' + "a + " * 250_000 + "a >= 1;")


def test_facts_load_every_file_format(tmp_path):
    binary = ROOT / "target" / "debug" / "maal"
    if not binary.exists():
        pytest.skip("no maal binary built")
    # The Excel template maal writes loads as it is (empty cells: not reported).
    sheet = tmp_path / "fakta.xlsx"
    subprocess.run([binary, "facts", CPR, "--format", "xlsx", "-o", sheet], check=True)
    pending = maal.Plan.from_file(CPR).evaluate(maal.Facts.load(sheet), "2026-06-30")
    assert set(pending.statuses.values()) == {"pending"}
    as_json = tmp_path / "fakta.json"
    as_json.write_text('{"opgjort": "2027-01-15", "stikprøvekontroller": 10}', encoding="utf-8")
    facts = maal.Facts.load(as_json)
    assert facts.as_of == datetime.date(2027, 1, 15) and facts.names() == ["stikprøvekontroller"]
    assert maal.Plan.from_file(CPR).evaluate(facts).statuses["2"] == "met"


def test_numpy_and_pandas_values_are_read_or_refused_by_name():
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    plan = maal.Plan.from_file(CPR)
    facts = {
        "stikprøvekontroller": np.int64(10),
        "grundbudget": np.float64(40_900_000.0),
        "realiseret": np.float32(42_900_000.0),
        "budget_uo2": pd.NA,
        "bidrag_ffl27_dokumenteret": np.bool_(True),
        "ai_ideer_bidraget": None,
    }
    result = plan.evaluate(facts, datetime.date(2027, 1, 15))
    goals = {g.id: g.status for g in result.goals}
    assert goals["2"] == "met" and goals["5"] != "error"
    read = maal.Facts.from_dict(facts)
    assert "budget_uo2" not in read.names(), "NA is not reported"
    with pytest.raises(maal.FactsError) as caught:
        plan.evaluate({"realiseret": np.float64("inf")}, datetime.date(2027, 1, 15))
    assert "realiseret" in str(caught.value)
    assert "<dict>" in str(caught.value) and "fakta.json" not in str(caught.value)


def test_facts_show_their_values_and_copy_with_changes():
    facts = maal.Facts.load(CPR_FACTS)
    values = facts.values()
    assert values["realiseret"] == decimal.Decimal("42900000")
    assert values["siem_løsning_udviklet"] == datetime.date(2026, 11, 15)
    changed = facts.with_(realiseret="43,1 mio", stikprøvekontroller=None)
    assert changed.values()["realiseret"] == decimal.Decimal("43100000")
    assert "stikprøvekontroller" not in changed.names()
    assert changed.as_of == facts.as_of and facts.values()["realiseret"] == decimal.Decimal("42900000")
    plan = maal.Plan.from_file(CPR)
    assert {g.id: g.status for g in plan.evaluate(changed, facts.as_of).goals}["7"] == "not_met"


def test_a_bad_value_does_not_hide_an_unknown_name():
    plan = maal.Plan.from_file(CPR)
    with pytest.raises(maal.FactsError) as caught:
        plan.evaluate({"realiseret": "halvtreds", "realisert": "1 mio"}, datetime.date(2027, 1, 15))
    codes = [d["code"] for d in caught.value.diagnostics]
    assert "E0204" in codes and "W0201" in codes, codes
    assert "realisert" in str(caught.value)
