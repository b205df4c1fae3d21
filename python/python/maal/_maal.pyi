"""Type stubs for maal's native module (re-exported by ``maal``)."""

import datetime
import decimal
from collections.abc import Iterable, Mapping
from os import PathLike
from typing import Any, Literal, Union

Lang = Literal["da", "en"]
Status = Literal["met", "partly_met", "not_met", "pending", "dropped", "error"]
DateLike = Union[datetime.date, str]
FactValue = Union[str, int, float, decimal.Decimal, bool, datetime.date, None, Mapping[Union[int, str], Any]]
FactsLike = Union["Facts", Mapping[str, Any]]

class MaalError(Exception):
    """Base class of maal's errors; ``diagnostics`` holds every problem found.

    Each diagnostic is a dict: ``code``, ``severity``, ``message``, ``label``, ``line`` and
    ``column`` (1-based; None without a place), ``location`` (byte offsets and both ends),
    ``notes``, ``hint``, ``file`` and ``rendered`` (the text ``maal check`` prints).
    """

    diagnostics: list[dict[str, Any]]

class RulesError(MaalError):
    """The rules have errors (syntax, names, kinds, units, limits)."""

class FactsError(MaalError):
    """The facts have errors (format, unknown names, wrong kinds)."""

class Facts:
    """Reported facts: values, drops and overrides, and the as-of date (``opgjort``)."""

    @staticmethod
    def load(path: Union[str, PathLike[str]], lang: Lang = "da") -> Facts:
        """Loads a fact file: TOML, JSON, CSV or Excel by its extension."""
    @staticmethod
    def from_dict(facts: Mapping[str, Any], lang: Lang = "da") -> Facts:
        """Facts from a dict laid out like a fact file."""
    @property
    def as_of(self) -> datetime.date | None:
        """The report's own date (``opgjort``), if it has one."""
    def names(self) -> list[str]:
        """The names of the facts reported."""
    def values(self) -> dict[str, Union[decimal.Decimal, datetime.date, bool, dict[int, Any]]]:
        """The values reported: Decimal (kroner; percentages as fractions), date or bool; per year as a dict."""
    def with_(self, lang: Lang = "da", **changes: FactValue) -> Facts:
        """A copy with some facts replaced or added (``None`` leaves one out)."""

class Goal:
    """One goal's outcome."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def section(self) -> str | None: ...
    @property
    def status(self) -> Status: ...
    @property
    def score(self) -> decimal.Decimal:
        """Points earned toward the total."""
    @property
    def weight(self) -> decimal.Decimal:
        """The goal's weight in the total, in pct. points."""
    @property
    def override_reason(self) -> str | None: ...
    @property
    def dropped_reason(self) -> str | None: ...
    @property
    def needed(self) -> list[str]:
        """What the goal needs to be met, one sentence per fact."""
    def explain(self) -> str:
        """The explanation tree in words (as ``maal eval --explain``)."""

class Evaluation:
    """An evaluation: statuses, scores and the total, with explanations."""

    @property
    def plan(self) -> str: ...
    @property
    def as_of(self) -> datetime.date: ...
    @property
    def total(self) -> decimal.Decimal:
        """Samlet målopfyldelse in pct., exact."""
    @property
    def max_reachable(self) -> decimal.Decimal:
        """The most the total can still reach if every pending goal is met."""
    def shown_scores(self) -> tuple[decimal.Decimal, dict[str, decimal.Decimal]]:
        """The total and each goal's score with two decimals, the scores rounded so
        that they add up to the total shown (as ``maal eval`` prints them)."""
    @property
    def goals(self) -> list[Goal]: ...
    @property
    def statuses(self) -> dict[str, Status]: ...
    @property
    def errors(self) -> list[str]:
        """Rules that could not be evaluated (division by zero, overflow …)."""
    def to_dict(self) -> dict[str, Any]:
        """The JSON schema of ``maal eval --format json`` (Decimals as strings)."""
    def to_json(self) -> str: ...
    def table(self) -> str:
        """The status table in words (as ``maal eval``)."""

class Plan:
    """A checked and compiled plan: compile once, evaluate many times."""

    @staticmethod
    def compile(source: str, name: str = "plan.maal", lang: Lang = "da") -> Plan:
        """Parses, checks and compiles rule text; ``RulesError`` with every diagnostic on failure."""
    @staticmethod
    def from_file(path: Union[str, PathLike[str]], lang: Lang = "da") -> Plan: ...
    @property
    def title(self) -> str: ...
    def goal_ids(self) -> list[str]: ...
    def warnings(self) -> list[dict[str, Any]]: ...
    def required_facts(self) -> list[dict[str, Any]]:
        """Every fact the plan reads: name, kind, years, goals, description."""
    def evaluate(self, facts: FactsLike, as_of: DateLike | None = None, lang: Lang = "da") -> Evaluation:
        """Evaluates facts as of a date (default: the facts' ``opgjort``)."""
    def evaluate_many(
        self, facts: Iterable[FactsLike], as_of: DateLike | None = None, lang: Lang = "da"
    ) -> list[Evaluation]:
        """Evaluates many fact sets on every core, without the GIL; results in order."""
