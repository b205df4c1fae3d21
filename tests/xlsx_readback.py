"""The portfolio workbook as the department opens it: openpyxl (what Excel users' scripts
use) reads every sheet; each sheet has a title, the date it is as of, and a frozen header
row with filters; the summary holds numbers and dates, not text; each institution's sheet
is its annual report, named after the institution. Run by .ci/run:
python tests/xlsx_readback.py PORTFOLIO.xlsx"""

import datetime
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
assert book.sheetnames == [
    "Oversigt",
    "Opmærksomhed",
    "Arbejdstilsynet",
    "CPR-administrationen",
    "Datatilsynet",
    "Statens Administration",
    "Digitaliseringsstyrelsen",
    "Trafikstyrelsen",
    "Ankestyrelsen",
    "Statsforvaltningen",
], book.sheetnames
assert all(len(name) <= 31 for name in book.sheetnames)
summary = book["Oversigt"]
assert summary["A1"].value == "Porteføljen", summary["A1"].value
assert summary["A2"].value.startswith("pr. "), summary["A2"].value
assert summary["A4"].value == "Institution"
assert summary.freeze_panes == "A5", summary.freeze_panes
assert summary.auto_filter.ref == "A4:K12", summary.auto_filter.ref
rows = list(summary.iter_rows(min_row=5, values_only=True))
assert len(rows) == 8, rows
by_name = {row[0]: row for row in rows}
assert by_name["Arbejdstilsynet"][1] == 2026, by_name["Arbejdstilsynet"]
assert isinstance(by_name["Arbejdstilsynet"][2], datetime.datetime), "a date, not text"
assert by_name["Arbejdstilsynet"][3] == 50, by_name["Arbejdstilsynet"]
assert isinstance(by_name["Statens Administration"][3], (int, float)), "a number, not text"
assert [row[1] for row in rows] == sorted((row[1] for row in rows), reverse=True), "newest plan year first"
assert all(summary.column_dimensions[c].width >= 9 for c in "ABCDEFGHIJK"), "the columns fit their headings"
attention_sheet = book["Opmærksomhed"]
assert attention_sheet.freeze_panes == "A5"
attention = list(attention_sheet.iter_rows(min_row=5, values_only=True))
assert any(row[3] == "i risiko" and "falder inden næste indberetning" in row[4] for row in attention), attention
cpr = book["CPR-administrationen"]
assert cpr["A1"].value.startswith("Resultatplan 2026 for CPR")
assert cpr.freeze_panes == "A5" and cpr.auto_filter.ref == "A4:G11", (cpr.freeze_panes, cpr.auto_filter.ref)
goals = [row for row in cpr.iter_rows(min_row=5, values_only=True) if row[0]]
assert [g[0] for g in goals] == ["1", "2", "3", "4", "5", "6", "7"], goals
print(f"ok    {sys.argv[1]}: {len(book.sheetnames)} sheets, {len(rows)} institutions, {len(attention)} goals needing attention")
