"""The annual report as a Word document, read back with python-docx as a ministry's own scripts would.

Usage: docx_readback.py REPORT.docx REPORT.json [...]   (pairs: `maal report --format docx` and
`--format json` of the same report)

Checks that the document is editable Word content holding the whole report: A4 with page
numbers as fields in the footer; the ministry, then the plan's title in Word's "heading 1",
then the institution, period and date; each section of the plan in "heading 2" over a real
Word table whose rows are the goals (every cell's text as the report has it, no row allowed
to split across pages); the total; and each analysis under its goal's "heading 3".
"""

import json
import sys
from decimal import Decimal

import docx
from docx.oxml.ns import qn

DA = {"goal": "Mål", "title": "Titel", "required": "Krævet resultat", "weight": "Vægt",
      "achieved": "Opnået resultat", "assessment": "Vurdering", "analysis": "Mål der ikke er opfyldt: analyse"}


def check(path, report):
    failures = []
    d = docx.Document(path)
    section = d.sections[0]
    if abs(section.page_width.mm - 210) > 1 or abs(section.page_height.mm - 297) > 1:
        failures.append(f"page is {section.page_width.mm:.0f}×{section.page_height.mm:.0f} mm, not A4")
    footer = section.footer._element.xml
    if "PAGE" not in footer or "NUMPAGES" not in footer or "Side" not in footer:
        failures.append("no 'Side N af M' fields in the footer")
    # python-docx names Word's built-in styles as Word shows them ("Heading 1").
    paragraphs = [((p.style.name or "").lower() if p.style is not None else None, p.text) for p in d.paragraphs]
    styles = [s for s, _ in paragraphs]
    texts = [t for _, t in paragraphs]
    if report.get("ministry") and texts[0] != report["ministry"]:
        failures.append(f"the first paragraph is {texts[0]!r}, not the ministry")
    headings1 = [t for s, t in paragraphs if s == "heading 1"]
    if headings1 != [report["plan"]]:
        failures.append(f"heading 1 is {headings1}, not the plan's title")
    about = texts[texts.index(report["plan"]) + 1] if report["plan"] in texts else ""
    for part in [report.get("institution"), report.get("period")]:
        if part and part not in about:
            failures.append(f"the line under the title ({about!r}) does not name {part!r}")
    sections = []
    for row in report["rows"]:
        if row.get("section") and row["section"] not in sections:
            sections.append(row["section"])
    headings2 = [t for s, t in paragraphs if s == "heading 2"]
    if headings2[: len(sections)] != sections:
        failures.append(f"heading 2 is {headings2}, the plan's sections are {sections}")
    # The goals, table by table, in plan order.
    rows = []
    for table in d.tables:
        header = [c.text for c in table.rows[0].cells]
        if header != [DA[k] for k in ("goal", "title", "required", "weight", "achieved", "assessment")]:
            failures.append(f"a table's header row is {header}")
        for tr in table.rows[1:]:
            if tr._tr.trPr is None or tr._tr.trPr.find(qn("w:cantSplit")) is None:
                failures.append(f"row {tr.cells[0].text} may split across pages")
            rows.append([c.text for c in tr.cells])
    expected = [[r["id"], r["title"], r["required"], r["weight"], r["achieved"], r["assessment"]] for r in report["rows"]]
    if len(rows) != len(expected):
        failures.append(f"{len(rows)} goal rows in the tables, the report has {len(expected)}")
    for got, want in zip(rows, expected):
        if got[:3] + got[4:] != want[:3] + want[4:]:
            failures.append(f"goal {want[0]}: the row reads {got}, not {want}")
        # Weights are shown to two decimals, rounded so that they sum to the total.
        if abs(Decimal(got[3].replace(",", ".")) - Decimal(want[3])) > Decimal("0.01"):
            failures.append(f"goal {want[0]}: weight {got[3]}, the report's is {want[3]}")
    totals = [t for t in texts if t.startswith("Samlet målopfyldelse: ")]
    shown = totals[0].split(": ", 1)[1].split(" pct.")[0].replace(",", ".") if len(totals) == 1 else "-1"
    if abs(Decimal(shown) - Decimal(report["total"])) > Decimal("0.005"):
        failures.append(f"the total reads {totals}, the report's is {report['total']}")
    analysed = [r for r in report["rows"] if r.get("analysis")]
    if analysed:
        if DA["analysis"] not in headings2:
            failures.append("no heading over the analyses")
        for r in analysed:
            heading = f"{r['id']} {r['title']}"
            if heading not in texts:
                failures.append(f"no heading for the analysis of goal {r['id']}")
                continue
            i = texts.index(heading)
            if styles[i] != "heading 3" or texts[i + 1] != r["analysis"].replace("\n", " "):
                failures.append(f"goal {r['id']}'s analysis is not the paragraph under its heading 3")
    return len(rows), failures


def main(args):
    if len(args) < 2 or len(args) % 2:
        print(__doc__)
        return 2
    failed = 0
    for path, json_path in zip(args[::2], args[1::2]):
        with open(json_path, encoding="utf-8") as f:
            report = json.load(f)
        n, failures = check(path, report)
        if failures:
            failed += 1
            print(f"FAIL  {path}:")
            for line in failures:
                print(f"        {line}")
        else:
            print(f"ok    {path}: A4, numbered pages, headings, {n} goal rows as Word tables, total, analyses")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
