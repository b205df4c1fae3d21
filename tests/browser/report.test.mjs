// The HTML annual report in a real headless Chromium (Debian's package):
// it loads, shows every goal, the chart renders, and clicking a goal shows
// its explanation. Writes a screenshot beside each page.
//
// Run: node report.test.mjs PAGE.html GOALS [PAGE.html GOALS ...]
// (.ci/run generates the pages with `maal report --format html`.)
import { axeViolations, launch } from "./launch.mjs";
import { strict as assert } from "node:assert";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error("usage: node report.test.mjs PAGE.html GOALS [PAGE.html GOALS ...]");
  process.exit(2);
}

const browser = await launch();
let passed = 0;
let failed = 0;
try {
  for (let i = 0; i < args.length; i += 2) {
    const [file, goals] = [args[i], Number(args[i + 1])];
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const requests = [];
    page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
    try {
      await page.goto(pathToFileURL(file).href);
      // Every goal is a row, with its status word.
      assert.equal(await page.locator("tr.goal").count(), goals, "one row per goal");
      for (const status of await page.locator("tr.goal .status").allTextContents()) {
        assert.ok(status.trim().length > 0, "every goal shows its assessment");
      }
      assert.match(await page.locator("#total").textContent(), /Samlet målopfyldelse: \d+,\d\d pct\. \(\d+ af \d+ mål opfyldt\)/);
      // The chart renders: a line with one point per report, and it has a size.
      const chart = page.locator("svg#chart");
      const box = await chart.boundingBox();
      assert.ok(box && box.width > 100 && box.height > 100, "the chart is drawn");
      assert.ok((await page.locator("svg#chart circle").count()) >= 1, "points on the chart");
      assert.ok((await chart.locator("polyline").getAttribute("points")).trim().length > 0);
      // The result required is in words, not the rules' operators; the
      // result achieved is sentences; each unmet goal has a draft analysis.
      for (const cell of await page.locator("tr.goal td:nth-child(3)").allTextContents()) {
        assert.doesNotMatch(cell, /[<>]=|\|/, `result required in words: ${cell}`);
      }
      for (const cell of await page.locator("tr.goal td:nth-child(5)").allTextContents()) {
        assert.match(cell.trim(), /\.$/, `result achieved as sentences: ${cell}`);
      }
      for (const text of await page.locator("#unmet article p").allTextContents()) {
        assert.match(text, /^Krævet resultat: .+\. Opnået resultat: .+/);
      }
      // Clicking a goal shows its explanation.
      const first = page.locator("tr.goal").first();
      const explanation = first.locator("pre.explanation");
      assert.equal(await explanation.isVisible(), false, "explanations start folded");
      await first.locator("summary").click();
      assert.equal(await explanation.isVisible(), true, "clicking the goal shows its explanation");
      assert.match(await explanation.textContent(), /^mål \S+/);
      assert.deepEqual(requests, [], "the page needs no network");
      const shot = file.replace(/\.html$/, ".png");
      // axe-core: no violation of any impact (a main landmark, every header named, contrast).
      assert.deepEqual(await axeViolations(page), [], "axe-core");
      await page.screenshot({ path: shot, fullPage: true });
      // Printed as a person prints it (Ctrl+P, A4 from the page's own @page rule),
      // with every explanation folded again: tests/pdf_check.py reads the PDF.
      await first.locator("summary").click();
      const pdf = file.replace(/\.html$/, ".pdf");
      await page.emulateMedia({ media: "print" });
      assert.equal(await page.locator("summary").first().evaluate((s) => getComputedStyle(s).listStyleType), "none",
        "no ▶ marker on paper");
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
      console.log(`ok    ${file}: ${goals} goals, chart, explanation on click; screenshot ${shot}, printed ${pdf}`);
      passed++;
    } catch (e) {
      console.log(`FAIL  ${file}: ${e.message}`);
      failed++;
    } finally {
      await page.close();
    }
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
