// The TextMate grammar under Node, as VS Code runs it (vscode-textmate with
// the Oniguruma regex engine): both seed plans tokenise with every keyword,
// number, unit, date, time word, string and comment scoped as intended.
// Run: node test/grammar.test.mjs (from editors/vscode, after npm ci).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { strict as assert } from "node:assert";
import vsctm from "vscode-textmate";
import oniguruma from "vscode-oniguruma";

const require = createRequire(import.meta.url);
const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
await oniguruma.loadWASM(wasm);
const registry = new vsctm.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async (scope) =>
    scope === "source.maal"
      ? vsctm.parseRawGrammar(readFileSync(new URL("../syntaxes/maal.tmLanguage.json", import.meta.url), "utf8"), "maal.tmLanguage.json")
      : null,
});
const grammar = await registry.loadGrammar("source.maal");

/** Every token of a text: [text, innermost scope]. */
function tokens(text) {
  const out = [];
  let state = vsctm.INITIAL;
  for (const line of text.split("\n")) {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens) {
      out.push([line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]]);
    }
    state = result.ruleStack;
  }
  return out;
}

const expect = (all, text, scope) => {
  const found = all.filter(([t]) => t.trim() === text);
  assert.ok(found.length > 0, `\`${text}\` is in the plan`);
  for (const [, s] of found) assert.ok(s.startsWith(scope), `\`${text}\` is ${s}, not ${scope}`);
};

let checked = 0;
for (const plan of ["cpr-2026.maal", "digst-2024.maal"]) {
  const text = readFileSync(new URL(`../../../rules/${plan}`, import.meta.url), "utf8");
  const all = tokens(text);
  // Comments and strings as wholes.
  for (const line of text.split("\n").filter((l) => l.trimStart().startsWith("#"))) {
    assert.ok(all.some(([t, s]) => t === line.trimStart() && s.startsWith("comment.line")), `comment: ${line}`);
  }
  assert.ok(all.filter(([, s]) => s.startsWith("string.quoted")).length > 10, "titles are strings");
  // Keywords in Danish.
  for (const [word, scope] of [
    ["plan", "keyword.control.plan"], ["sektion", "keyword.control.section"], ["delmål", "keyword.control.subgoal"],
    ["opgave", "keyword.other.meta"], ["måltype", "keyword.other.meta"], ["frist", "keyword.other.meta"],
    ["periode", "keyword.other.field"], ["afrapportering", "keyword.other.field"], ["scoring", "keyword.other.field"],
    ["senest", "keyword.operator.deadline"], ["og", "keyword.operator.logical"], ["any", "support.function.combinator"],
    ["ultimo", "keyword.operator.time"], ["kvartalsvis", "constant.language.option"], ["drift", "constant.language.option"],
  ]) {
    if (all.some(([t]) => t.trim() === word)) { expect(all, word, scope); checked++; }
  }
  // Goal ids, sub-goal names, facts, numbers with units, operators.
  assert.ok(all.some(([t, s]) => t === "mål" && s.startsWith("keyword.control.goal")));
  assert.ok(all.some(([, s]) => s.startsWith("entity.name.section.goal")), "goal ids");
  assert.ok(all.some(([, s]) => s.startsWith("entity.name.function.subgoal")), "sub-goal names");
  assert.ok(all.some(([t, s]) => t === "realiseret" && s.startsWith("variable.other.fact")), "facts");
  assert.ok(all.some(([, s]) => s.startsWith("keyword.operator.comparison")), "comparisons");
  const numbers = all.filter(([, s]) => s.startsWith("constant.numeric.maal")).map(([t]) => t);
  assert.ok(numbers.includes("2026") || numbers.includes("2024"), "years are numbers");
  const units = all.filter(([, s]) => s.startsWith("keyword.other.unit")).map(([t]) => t.trim());
  // Every identifier-like token has a scope of its own.
  for (const [t, s] of all) {
    if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(t.trim())) assert.notEqual(s, "source.maal", `\`${t}\` has no scope`);
  }
  console.log(`ok    ${plan}: ${all.length} tokens; units ${[...new Set(units)].join(", ")}`);
  checked++;
}
// What the seed plans do not hold: dates, months, quarters, English keywords, booleans, //-comments.
const extra = tokens(
  'goal 1 "x": deadline 2026-06-30; delivered by end of Q2 2026 and x within juni 2026 or y = true; // note\n' +
    "mål 2: z in 1..2 og w >= 92 pct. og v <= 1,5 mio. kr. og u > 3 % og t <= 17 uger og s < 10 dage og frist 2. kvartal 2026 og r senest 30. juni 2026;\nmål 3: opgøres ultimo; helår; målår 2028; x <= 1;\nmål 4: t falder med mindst 25 pct. fra 2012 til 2020 og k stiger højst 2 pct.-point fra 2019;\nplan \"q\" { udbetaling { 90 pct.: 100 pct. } }\nmål 5: hvert år 2022..2024: v <= 12 uger og mindst 2 af årene 2022..2024: w >= 1;\nmål 6: a <= 20 arbejdsdage og m <= 4,1 måneder;\nfaktum sbt_uger \"gennemsnitlig sagsbehandlingstid\"\nfaktum tilsyn løbende\nmål 7: fact >= 1;\nmål 8: delmål a \"Milepæl 1\" vægt 5 point: m >= 1;",
);
expect(extra, "2026-06-30", "constant.numeric.date");
expect(extra, "juni", "constant.language.month");
expect(extra, "30. juni 2026", "constant.numeric.date");
expect(extra, "Q2", "constant.language.quarter");
expect(extra, "2. kvartal", "constant.language.quarter");
expect(extra, "deadline", "keyword.other.meta");
expect(extra, "end of", "keyword.operator.time");
expect(extra, "true", "constant.language.boolean");
expect(extra, "pct.", "keyword.other.unit");
expect(extra, "mio. kr.", "keyword.other.unit");
expect(extra, "%", "keyword.other.unit");
expect(extra, "uger", "keyword.other.unit");
expect(extra, "dage", "keyword.other.unit");
expect(extra, "opgøres", "keyword.other.meta");
expect(extra, "helår", "keyword.other.meta");
expect(extra, "falder med mindst", "keyword.operator.change");
expect(extra, "stiger højst", "keyword.operator.change");
expect(extra, "fra", "keyword.operator.change");
expect(extra, "til", "keyword.operator.change");
expect(extra, "hvert år", "keyword.operator.yearly");
expect(extra, "udbetaling", "keyword.other.field");
expect(extra, "arbejdsdage", "keyword.other.unit");
expect(extra, "måneder", "keyword.other.unit");
expect(extra, "af årene", "keyword.operator.yearly");
expect(extra, "målår", "keyword.other.meta");
expect(extra, "faktum", "keyword.control.fact");
expect(extra, "sbt_uger", "variable.other.fact");
expect(extra, "fact", "variable.other.fact");
expect(extra, "løbende", "keyword.other.meta");
expect(extra, "vægt", "keyword.other.meta");
expect(extra, "point", "keyword.other.unit");
expect(extra, "tilsyn", "variable.other.fact");
expect(extra, "// note", "comment.line.double-slash");
console.log(`ok    grammar: ${checked} checks on the seed plans, and the forms they do not use`);
