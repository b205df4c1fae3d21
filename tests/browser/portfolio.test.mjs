// The portfolio page in a real headless Chromium (Debian's package): every
// institution is a row with its chart, the ministry's chart is drawn, the
// goals that need attention are listed, and an institution's report opens
// from its name, by mouse and by keyboard. No network. Screenshots beside the page.
//
// Run: node portfolio.test.mjs PAGE.html INSTITUTIONS
import { axeViolations, launch } from "./launch.mjs";
import { strict as assert } from "node:assert";
import { pathToFileURL } from "node:url";

const [file, count] = [process.argv[2], Number(process.argv[3])];
if (!file || !count) {
  console.error("usage: node portfolio.test.mjs PAGE.html INSTITUTIONS");
  process.exit(2);
}
const browser = await launch();
let failed = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const requests = [];
  page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
  await page.goto(pathToFileURL(file).href);
  try {
    // Every institution: a row, a name that links to its report, a chart with a point per report.
    assert.equal(await page.locator("tr.institution").count(), count, "one row per institution");
    for (const row of await page.locator("tr.institution").all()) {
      assert.ok((await row.locator("a").textContent()).trim().length > 0, "the institution is named");
      assert.ok((await row.locator("svg.spark circle").count()) >= 1, "its total through the year");
    }
    const ministry = await page.locator("svg#ministry-chart").boundingBox();
    assert.ok(ministry && ministry.width > 300, "the ministry's chart is drawn");
    assert.ok((await page.locator("#attention tr.concern").count()) > 0, "goals that need attention");
    assert.match(await page.locator("#attention").textContent(), /i risiko/);
    // The drill-down: clicking a name opens that institution's annual report.
    const first = page.locator("tr.institution a").first();
    const target = (await first.getAttribute("href")).slice(1);
    const details = page.locator(`details#${target}`);
    assert.equal(await details.getAttribute("open"), null, "reports start folded");
    await first.click();
    assert.notEqual(await details.getAttribute("open"), null, "clicking the name opens its report");
    assert.ok(await details.locator("table tr.goal").first().isVisible(), "its goals are shown");
    await page.screenshot({ path: file.replace(/\.html$/, "-drill.png"), fullPage: false });
    // By keyboard: Tab to the second institution's name, Enter.
    await page.goto(pathToFileURL(file).href);
    const second = page.locator("tr.institution a").nth(1);
    const secondTarget = (await second.getAttribute("href")).slice(1);
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      if (await second.evaluate((el) => el === document.activeElement)) break;
    }
    assert.ok(await second.evaluate((el) => el === document.activeElement), "the name can be reached with Tab");
    await page.keyboard.press("Enter");
    assert.notEqual(await page.locator(`details#${secondTarget}`).getAttribute("open"), null, "Enter opens the report");
    assert.deepEqual(requests, [], "the page needs no network");
    // axe-core: no violation of any impact, with the reports folded and one open.
    assert.deepEqual(await axeViolations(page), [], "axe-core");
    await page.screenshot({ path: file.replace(/\.html$/, ".png"), fullPage: true });
    console.log(`ok    ${file}: ${count} institutions, charts, attention, drill-down by mouse and keyboard`);
  } catch (e) {
    console.log(`FAIL  ${file}: ${e.message}`);
    failed++;
  }
} finally {
  await browser.close();
}
process.exit(failed === 0 ? 0 : 1);
