"""The printed annual report, read back from the PDF Chromium printed (tests/browser/report.test.mjs).

Usage: pdf_check.py REPORT.pdf REPORT.json [...]   (pairs: the PDF, and `maal report --format json` of it)

Checks, with pdfplumber reading the PDF as a person's PDF reader would:
- A4 pages, each with its number at the foot ("Side 2 af 3"), none blank, and no more
  of them than the goals need;
- the first page names the ministry, the plan, the institution and the period;
- every goal's row is whole on one page: its result-achieved cell, read down the
  column of that page, holds the row's whole text (a row split across pages
  would leave part of it on the next);
- the chart stays with its caption, and no ▶ disclosure marker is printed.
"""

import json
import sys

import pdfplumber

A4 = (595.3, 841.9)  # points


def words_text(words):
    return " ".join(w["text"] for w in words)


def normal(text):
    return " ".join(text.split())


def column(page, header, next_header):
    """The words of one table column on a page, table by table, top to bottom, as one string.

    Each table on the page repeats its header row; the column of each is read from
    under its header to the next header (or the page's end), between the header's
    word and the next column's."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    heads = sorted((w for w in words if w["text"] == header.split()[0]), key=lambda w: w["top"])
    out = []
    for k, head in enumerate(heads):
        nexts = [w for w in words if w["text"] == next_header.split()[0] and abs(w["top"] - head["top"]) < 2]
        if not nexts:
            continue
        left, right = head["x0"] - 1, nexts[0]["x0"] - 1
        top = head["bottom"]
        bottom = heads[k + 1]["top"] if k + 1 < len(heads) else page.height
        cells = [w for w in words if left <= w["x0"] < right and top < w["top"] < bottom]
        cells.sort(key=lambda w: (round(w["top"]), w["x0"]))
        out.append(words_text(cells))
    return " ".join(out)


def check(pdf_path, report):
    failures = []
    with pdfplumber.open(pdf_path) as pdf:
        pages = pdf.pages
        n = len(pages)
        texts = [page.extract_text() or "" for page in pages]
        for i, (page, text) in enumerate(zip(pages, texts), start=1):
            if abs(page.width - A4[0]) > 2 or abs(page.height - A4[1]) > 2:
                failures.append(f"page {i} is {page.width:.0f}×{page.height:.0f} pt, not A4")
            if f"Side {i} af {n}" not in text:
                failures.append(f"page {i} has no 'Side {i} af {n}' at its foot")
            for marker in "▶►▸▾▼":
                if marker in text:
                    failures.append(f"page {i} prints the marker {marker!r}")
        # The page count: no blank page, and no more pages than the goals need (a row
        # never takes a page of its own; the header, total, analyses and chart about one more).
        rows = len(report["rows"])
        most = (rows + 1) // 2 + 2
        if not 1 <= n <= most:
            failures.append(f"{n} pages for {rows} goals (at most {most})")
        for i, text in enumerate(texts, start=1):
            if len(normal(text.replace(f"Side {i} af {n}", ""))) < 40:
                failures.append(f"page {i} is blank but for its number")
        first = normal(texts[0])
        for what in [report.get("ministry"), report["plan"], report.get("institution"), report.get("period")]:
            if what and normal(what) not in first:
                failures.append(f"page 1 does not name {what!r}")
        # Each row whole on one page: the achieved cell's text, read down its column.
        columns = [normal(column(page, "Opnået resultat", "Vurdering")) for page in pages]
        for row in report["rows"]:
            achieved = normal(row["achieved"])
            on = [i + 1 for i, c in enumerate(columns) if achieved in c]
            if not on:
                parts = [i + 1 for i, c in enumerate(columns) if achieved.split()[0] in c]
                failures.append(f"goal {row['id']}: its row is not whole on any page (begins on {parts})")
        # The chart with its caption: the caption and the chart's last date on one page.
        caption = "Samlet målopfyldelse gennem året"
        with_caption = [i for i, t in enumerate(texts) if caption in normal(t)]
        if len(with_caption) != 1:
            failures.append(f"the chart's caption is on pages {with_caption}")
        else:
            last = report["history"][-1][0]  # ISO date; the chart prints it Danish
            day, month, year = int(last[8:10]), int(last[5:7]), last[:4]
            months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                      "september", "oktober", "november", "december"]
            label = f"{day}. {months[month - 1]} {year}"
            page = with_caption[0]
            below = normal(texts[page]).split(caption, 1)[1]
            if label not in below:
                failures.append(f"the chart's last date ({label}) is not under its caption on page {page + 1}")
    return n, failures


def main(args):
    if len(args) < 2 or len(args) % 2:
        print(__doc__)
        return 2
    failed = 0
    for pdf_path, json_path in zip(args[::2], args[1::2]):
        with open(json_path, encoding="utf-8") as f:
            report = json.load(f)
        n, failures = check(pdf_path, report)
        if failures:
            failed += 1
            print(f"FAIL  {pdf_path} ({n} pages):")
            for line in failures:
                print(f"        {line}")
        else:
            print(f"ok    {pdf_path}: {n} A4 pages, numbered; {len(report['rows'])} rows, none split; chart with caption")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
