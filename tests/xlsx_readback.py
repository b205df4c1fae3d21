"""The portfolio workbook as the department opens it: openpyxl (what Excel users' scripts
use) reads every sheet; the summary holds numbers, not text; each institution's sheet is
its annual report. Run by .ci/run: python tests/xlsx_readback.py PORTFOLIO.xlsx"""

import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
assert book.sheetnames == [
    "Oversigt",
    "Opmærksomhed",
    "arbejdstilsynet",
    "cpr",
    "datatilsynet",
    "digst",
    "statens-administration",
], book.sheetnames
summary = book["Oversigt"]
assert summary["A1"].value == "Institution"
rows = list(summary.iter_rows(min_row=2, values_only=True))
assert len(rows) == 5, rows
by_name = {row[0]: row for row in rows}
assert by_name["Arbejdstilsynet"][2] == 50, by_name["Arbejdstilsynet"]
assert isinstance(by_name["Statens Administration"][2], (int, float)), "a number, not text"
attention = list(book["Opmærksomhed"].iter_rows(min_row=2, values_only=True))
assert any(row[3] == "i risiko" and "falder inden næste indberetning" in row[4] for row in attention), attention
cpr = book["cpr"]
assert cpr["A1"].value.startswith("Resultatplan 2026 for CPR")
goals = [row for row in cpr.iter_rows(min_row=5, values_only=True) if row[0]]
assert [g[0] for g in goals] == ["1", "2", "3", "4", "5", "6", "7"], goals
print(f"ok    {sys.argv[1]}: {len(book.sheetnames)} sheets, {len(rows)} institutions, {len(attention)} goals needing attention")
