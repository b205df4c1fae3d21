// Værkstedet: rules with live diagnostics, facts in a form, statuses,
// margins, what-if scenarios and downloads. Plain JavaScript, no build step;
// every request goes to this origin's /v1 endpoints. Scenarios live here and
// in localStorage; the server keeps nothing.
"use strict";

const WORDS = {
  da: {
    title: "Værkstedet", plan: "Plan", language: "Sprog", rules: "Regler", rulesLabel: "Regler", format: "Formatér (maal fmt)",
    downloadRules: "Hent reglerne", token: "Token", saveRules: "Gem reglerne", diagnostics: "Fejl og advarsler",
    facts: "Fakta", asOf: "Opgjort pr.", upload: "Indlæs en faktafil (TOML, JSON, CSV eller Excel) — eller træk den hertil",
    agreements: "Udgåede og tilsidesatte mål", goal: "Mål", kind: "Aftale", dropped: "udgået",
    overrideMet: "tilsidesat: opfyldt", overrideNotMet: "tilsidesat: ikke opfyldt", reason: "Begrundelse", add: "Tilføj",
    downloadFacts: "Hent fakta (TOML)", status: "Status", titleCol: "Titel", score: "Point", margins: "Margener og hvad der mangler",
    scenarios: "Scenarier", scenarioName: "Navn", saveScenario: "Gem scenarie", undo: "Fortryd", reset: "Nulstil",
    scenarioA: "Scenarie", switch: "Skift til", compareWith: "sammenlign med", compare: "Sammenlign", report: "Årsrapporten",
    reportMd: "Hent som Markdown", reportCsv: "Hent som CSV", reportHtml: "Hent som HTML",
    notReported: "ikke indberettet", yes: "ja", no: "nej", usedBy: "bruges i mål", line: "linje", apply: "Ret til",
    noProblems: "Ingen fejl.", total: "Samlet målopfyldelse", of: "af", goalsMet: "mål opfyldt", maxReachable: "højst opnåelig",
    show: "Vis", remove: "Fjern", current: "nuværende", was: "før", saved: "Gemt", needsReason: "Skriv en begrundelse",
    needsName: "Giv scenariet et navn", loaded: "Indlæst", rulesError: "Reglerne har fejl; status vises, når de er rettet.",
    totalChange: "samlet", flipped: "skiftede", nothingToUndo: "Intet at fortryde",
    notCurrent: "Resultatet er ikke aktuelt", serverGone: "serveren svarer ikke", factsWarnings: "Advarsler om fakta",
    discardEdits: "Reglerne har ændringer, der ikke er gemt. Skifte plan og kassere dem?",
    readAs: "læst som", noUnit: "uden enhed læses et tal som kroner — skriv fx 43,1 mio.",
    truth: { true: "sand", false: "falsk", unknown: "ukendt", error: "fejl" }, example: "fx",
    editorTip: "Tab rykker ind. Tryk Esc og derefter Tab for at forlade reglerne. Ctrl+Z fortryder.",
    reportDocx: "Hent som Word", downloadFactsXlsx: "Hent fakta (Excel)",
    required: "Krævet resultat", achieved: "Opnået resultat", rulesAndValues: "Regler og værdier", otherFacts: "Øvrige fakta", savedIn: "Gemt i",
    unauthorized: "Ikke gemt: tokenet mangler eller er forkert. Skriv det token, værkstedet blev startet med.",
    writesOff: "Ikke gemt: værkstedet er startet uden --skriv, så reglerne kan ikke gemmes herfra. Hent dem i stedet.",
    noToken: "Ikke gemt: værkstedet er startet uden token (--token-file FIL eller MAAL_TOKEN).",
    notSaved: "Ikke gemt",
  },
  en: {
    title: "The workbench", plan: "Plan", language: "Language", rules: "Rules", rulesLabel: "Rules", format: "Format (maal fmt)",
    downloadRules: "Download the rules", token: "Token", saveRules: "Save the rules", diagnostics: "Errors and warnings",
    facts: "Facts", asOf: "As of", upload: "Load a facts file (TOML, JSON, CSV or Excel) — or drop it here",
    agreements: "Dropped and overridden goals", goal: "Goal", kind: "Agreement", dropped: "dropped",
    overrideMet: "overridden: met", overrideNotMet: "overridden: not met", reason: "Reason", add: "Add",
    downloadFacts: "Download facts (TOML)", status: "Status", titleCol: "Title", score: "Points", margins: "Margins and what is needed",
    scenarios: "Scenarios", scenarioName: "Name", saveScenario: "Save scenario", undo: "Undo", reset: "Reset",
    scenarioA: "Scenario", switch: "Switch to", compareWith: "compare with", compare: "Compare", report: "The annual report",
    reportMd: "Download as Markdown", reportCsv: "Download as CSV", reportHtml: "Download as HTML",
    notReported: "not reported", yes: "yes", no: "no", usedBy: "used by goals", line: "line", apply: "Change to",
    noProblems: "No errors.", total: "Total fulfilment", of: "of", goalsMet: "goals met", maxReachable: "maximum reachable",
    show: "Show", remove: "Remove", current: "current", was: "was", saved: "Saved", needsReason: "Write a reason",
    needsName: "Name the scenario", loaded: "Loaded", rulesError: "The rules have errors; statuses show once they are fixed.",
    totalChange: "total", flipped: "flipped", nothingToUndo: "Nothing to undo",
    notCurrent: "The result is not current", serverGone: "the server does not answer", factsWarnings: "Warnings about the facts",
    discardEdits: "The rules have changes that are not saved. Switch plan and discard them?",
    readAs: "read as", noUnit: "without a unit a number is read as kroner — write e.g. 43,1 mio.",
    truth: { true: "true", false: "false", unknown: "unknown", error: "error" }, example: "e.g.",
    editorTip: "Tab indents. Press Esc, then Tab, to leave the rules. Ctrl+Z undoes.",
    reportDocx: "Download as Word", downloadFactsXlsx: "Download facts (Excel)",
    required: "Result required", achieved: "Result achieved", rulesAndValues: "Rules and values", otherFacts: "Other facts", savedIn: "Saved in",
    unauthorized: "Not saved: the token is missing or wrong. Enter the token the workbench was started with.",
    writesOff: "Not saved: the workbench was started without --skriv, so rules cannot be saved from here. Download them instead.",
    noToken: "Not saved: the workbench was started without a token (--token-file FILE or MAAL_TOKEN).",
    notSaved: "Not saved",
  },
};

const $ = (id) => document.getElementById(id);
const state = {
  lang: localStorage.getItem("maal.vaerksted.sprog") || "da",
  plan: null, source: "", facts: {}, asOf: "", required: [], diagnostics: [], goals: [],
  evaluation: null, previous: null, undo: [], start: { facts: {}, asOf: "" }, writable: false,
};
const w = (key) => WORDS[state.lang][key] ?? key;

// ---------------------------------------------------------------- numbers and dates for people
function score(text) {
  const n = Number(text);
  return Number.isFinite(n) ? n.toFixed(2).replace(".", state.lang === "da" ? "," : ".") : text;
}
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

// ---------------------------------------------------------------- requests
async function call(path, body, method = "POST") {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers["content-type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch {
    // The server is gone: said like any other failure.
    return { ok: false, status: 0, data: { error: { message: w("serverGone") } } };
  }
  const type = response.headers.get("content-type") || "";
  // A Word document is bytes; everything else this page asks for is JSON or text.
  const data = type.includes("json") ? await response.json() : type.includes("officedocument") ? await response.blob() : await response.text();
  return { ok: response.ok, status: response.status, data };
}

// ---------------------------------------------------------------- a result is current, or visibly not
// When an evaluation fails, the statuses shown are the last good ones: the
// table and total are greyed out under a banner that says why, until an
// evaluation succeeds again; a fact that does not read is marked at its field.
function markStale(why) {
  $("status-section").classList.add("stale");
  $("goals").setAttribute("aria-describedby", "stale");
  const banner = $("stale");
  banner.hidden = false;
  banner.textContent = `${w("notCurrent")}: ${why}`;
}
function markCurrent() {
  $("status-section").classList.remove("stale");
  $("goals").removeAttribute("aria-describedby");
  $("stale").hidden = true;
  $("stale").textContent = "";
  for (const input of $("facts").querySelectorAll("[aria-invalid]")) unmarkField(input);
}
function unmarkField(input) {
  input.removeAttribute("aria-invalid");
  const error = $(`${input.id}-error`);
  if (error) error.remove();
  input.setAttribute("aria-describedby", `${input.id}-hint`);
}
// The fields of the facts a diagnostic names (`realiseret`, `frafald[2024]`).
function markFields(diagnostics) {
  for (const input of $("facts").querySelectorAll("[aria-invalid]")) unmarkField(input);
  for (const d of diagnostics || []) {
    const named = /`([^`]+)`/.exec(d.message || "");
    if (!named) continue;
    for (const input of $("facts").querySelectorAll("input, select")) {
      if (input.name !== named[1] && !input.name.startsWith(`${named[1]}[`)) continue;
      input.setAttribute("aria-invalid", "true");
      const error = document.createElement("small");
      error.className = "field-error";
      error.id = `${input.id}-error`;
      error.textContent = `${d.message}${d.label ? ": " + d.label : ""}`;
      input.setAttribute("aria-describedby", `${input.id}-error ${input.id}-hint`);
      input.after(error);
    }
  }
}
function whyFailed(data) {
  const e = data && data.error;
  if (!e) return String(data);
  const d = (e.diagnostics || [])[0];
  return `${e.message}${d ? ": " + d.message + (d.label ? " (" + d.label + ")" : "") : ""}`;
}
// Beside each field, how maal read what was typed ("= 43,1 kr."), from the
// values the evaluation shows; a money fact typed without a unit asks for one.
function showReadAs(evaluation) {
  const read = new Map();
  for (const goal of evaluation.goals) {
    for (const leaf of [...goal.explanation, ...goal.subgoals.flatMap((s) => s.explanation)]) {
      for (const [name, value] of leaf.facts || []) if (value !== null) read.set(name, value);
    }
  }
  const kinds = new Map(state.required.map((f) => [f.name, f.kind]));
  for (const input of $("facts").querySelectorAll("input, select")) {
    const old = $(`${input.id}-read`);
    if (old) old.remove();
    const typed = (input.value || "").trim();
    const shown = read.get(input.name);
    if (!typed || shown === undefined || input.type === "date" || input.tagName === "SELECT") continue;
    const note = document.createElement("small");
    note.className = "read-as";
    note.id = `${input.id}-read`;
    const bare = kinds.get(input.name.replace(/\[.*$/, "")) === "money" && /^[-+]?[\d.,\s]+$/.test(typed);
    note.textContent = `${w("readAs")} ${shown}${bare ? " — " + w("noUnit") : ""}`;
    if (bare) note.classList.add("ask");
    const hint = $(`${input.id}-hint`);
    (hint || input).after(note);
  }
}

// Facts the plan does not use (W0201), with the closest name it does.
function showWarnings(warnings) {
  const list = $("fact-warnings");
  list.innerHTML = "";
  list.hidden = !(warnings && warnings.length);
  for (const warning of warnings || []) {
    const li = document.createElement("li");
    const where = warning.line ? `${w("line")} ${warning.line}: ` : "";
    li.textContent = `⚠ ${warning.code} ${where}${warning.message}${warning.hint ? " — " + warning.hint : ""}`;
    list.append(li);
  }
}
function say(text) {
  $("message").textContent = text;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => ($("message").textContent = ""), 4000);
}
function debounce(f, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => f(...args), ms);
  };
}

// ---------------------------------------------------------------- the editor
const KEYWORDS = new Set(("plan mål goal delmål subgoal sektion section frist deadline opgave task måltype kind vægt weight beskrivelse note " +
  "resultatkrav requirement tillad allow ministerium institution periode afrapportering scoring og and eller or ikke not in mellem " +
  "senest inden by within i any all atleast nogen alle mindst ultimo udgangen af sand falsk true false " +
  "faktum fact løbende running opgøres measured helår full-year målår target-year hvert falder falls stiger rises højst udbetaling payout").split(" "));
const UNITS = /^(mio|mill|mia|kr|pct|procent|point|t)\.?$/;
function escape(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
// One line's tokens as HTML: comments, strings, numbers, units, keywords.
function highlightLine(line) {
  let out = "";
  const re = /(#.*$|\/\/.*$)|("(?:[^"\\]|\\.)*"?)|(\d{4}-\d{2}-\d{2})|(\d+(?:[.,]\d+)*)|([\p{L}_][\p{L}\p{N}_]*\.?)|(\s+)|(.)/gu;
  let m;
  while ((m = re.exec(line))) {
    const [text, comment, string, date, number, word] = m;
    if (comment) out += `<span class="c">${escape(text)}</span>`;
    else if (string) out += `<span class="s">${escape(text)}</span>`;
    else if (date) out += `<span class="t">${escape(text)}</span>`;
    else if (number) out += `<span class="n">${escape(text)}</span>`;
    else if (word && KEYWORDS.has(word.replace(/\.$/, ""))) out += `<span class="k">${escape(text)}</span>`;
    else if (word && UNITS.test(word)) out += `<span class="u">${escape(text)}</span>`;
    else out += escape(text);
  }
  return out;
}
// The highlighted text with each diagnostic's span underlined.
function paint() {
  const text = $("rules").value;
  const marks = state.diagnostics
    .filter((d) => d.location)
    .map((d) => ({ start: offsetOf(text, d.location.line, d.location.column), end: offsetOf(text, d.location.end_line, d.location.end_column), severity: d.severity }))
    .sort((a, b) => a.start - b.start);
  let html = "";
  let at = 0;
  for (const mark of marks) {
    if (mark.start < at) continue;
    html += highlight(text.slice(at, mark.start));
    const end = Math.max(mark.end, mark.start + 1);
    html += `<mark class="${mark.severity === "warning" ? "warning" : "error"}">${highlight(text.slice(mark.start, end)) || " "}</mark>`;
    at = end;
  }
  html += highlight(text.slice(at));
  $("highlight").innerHTML = html + "\n";
  const lines = text.split("\n").length;
  $("gutter").textContent = Array.from({ length: lines }, (_, i) => i + 1).join("\n");
  $("rules").style.height = `${Math.max(lines, 10) * 1.45 + 1}em`;
}
function highlight(text) {
  return text.split("\n").map(highlightLine).join("\n");
}
// The string offset of a 1-based line and column (columns count characters).
function offsetOf(text, line, column) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + Math.max(column - 1, 0), text.length);
}

// ---------------------------------------------------------------- checking as one types
const check = debounce(async () => {
  const source = $("rules").value;
  const { ok, data } = await call("/v1/check", { source, lang: state.lang });
  if (!ok) return markStale(whyFailed(data));
  state.source = source;
  state.diagnostics = data.diagnostics;
  showDiagnostics();
  paint();
  if (data.ok) {
    state.required = data.facts;
    buildForm();
    evaluate();
  } else {
    markStale(w("rulesError"));
  }
}, 300);

function showDiagnostics() {
  const list = $("diagnostics");
  list.innerHTML = "";
  if (state.diagnostics.length === 0) {
    const li = document.createElement("li");
    li.textContent = w("noProblems");
    list.append(li);
  }
  for (const d of state.diagnostics) {
    const li = document.createElement("li");
    li.dataset.code = d.code;
    const where = d.location ? `${w("line")} ${d.location.line}:${d.location.column} ` : "";
    const code = document.createElement("span");
    code.className = "code-tag";
    code.textContent = `${d.code}`;
    li.append(code, ` ${where}${d.severity === "warning" ? "⚠" : "✖"} ${d.message}${d.label ? ": " + d.label : ""}`);
    for (const note of d.notes || []) li.append(document.createElement("br"), note);
    if (d.hint) {
      li.append(document.createElement("br"), d.hint);
      const meant = /`([^`]+)`/.exec(d.hint);
      if (meant && d.location && /mente du|did you mean/.test(d.hint)) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = `${w("apply")} ${meant[1]}`;
        button.addEventListener("click", () => applyHint(d, meant[1]));
        li.append(" ", button);
      }
    }
    list.append(li);
  }
}
function applyHint(d, replacement) {
  const area = $("rules");
  const text = area.value;
  const start = offsetOf(text, d.location.line, d.location.column);
  let end = offsetOf(text, d.location.end_line, d.location.end_column);
  // Replace the name the span starts with.
  const name = /^[\p{L}\p{N}_]+/u.exec(text.slice(start, end));
  if (name) end = start + name[0].length;
  edit(start, end, replacement);
}
// Replaces text in the editor as typing would, so Ctrl+Z undoes it.
function edit(start, end, text) {
  const area = $("rules");
  area.focus();
  area.setSelectionRange(start, end);
  // The browser's own insertion keeps its undo history; setRangeText does not.
  if (!document.execCommand("insertText", false, text)) area.setRangeText(text, start, end, "end");
  paint();
  check();
}

// ---------------------------------------------------------------- the facts form
function factKey(name, year) {
  return year === null ? name : `${name}[${year}]`;
}
function getFact(name, year) {
  const v = state.facts[name];
  if (year === null) return typeof v === "object" && v !== null ? "" : v ?? "";
  return v && typeof v === "object" ? v[year] ?? "" : "";
}
function setFact(name, year, value) {
  if (year === null) {
    if (value === "") delete state.facts[name];
    else state.facts[name] = value;
  } else {
    const years = typeof state.facts[name] === "object" && state.facts[name] !== null ? state.facts[name] : {};
    if (value === "") delete years[year];
    else years[year] = value;
    if (Object.keys(years).length) state.facts[name] = years;
    else delete state.facts[name];
  }
}
// The facts, grouped under the first goal that reads each (in the plan's goal
// order), so a person fills in a goal's figures together.
function factGroups() {
  const titles = new Map((state.evaluation?.goals || []).map((g) => [g.id, g.title || ""]));
  const order = [...titles.keys()];
  const groups = new Map();
  for (const fact of state.required) {
    const goal = fact.goals.find((g) => titles.has(g)) ?? fact.goals[0] ?? "";
    if (!groups.has(goal)) groups.set(goal, []);
    groups.get(goal).push(fact);
  }
  const rank = (goal) => (order.includes(goal) ? order.indexOf(goal) : order.length);
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([goal, facts]) => ({ legend: goal ? `${w("goal")} ${goal} ${titles.get(goal) || ""}`.trim() : w("otherFacts"), facts }));
}
function buildForm() {
  const form = $("facts");
  const focused = document.activeElement && form.contains(document.activeElement) ? document.activeElement.id : null;
  form.innerHTML = "";
  // The goals the groups were made for: a new evaluation with other goals regroups.
  state.formGoals = goalIds(state.evaluation);
  for (const group of factGroups()) {
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = group.legend;
    fieldset.append(legend);
    for (const fact of group.facts) {
      for (const year of fact.years.length ? fact.years : [null]) fieldset.append(...factField(fact, year));
    }
    form.append(fieldset);
  }
  if (focused && $(focused)) $(focused).focus();
}
function goalIds(evaluation) {
  return (evaluation?.goals || []).map((g) => `${g.id} ${g.title || ""}`).join("\n");
}
// One fact's label, field and hint.
function factField(fact, year) {
  const id = `fact-${factKey(fact.name, year)}`.replace(/[^\p{L}\p{N}_-]/gu, "_");
  const label = document.createElement("label");
  label.htmlFor = id;
  // The plan's words for the fact (`faktum x "…"`), else its name.
  const called = fact.label || fact.name;
  label.textContent = year === null ? called : `${called} ${year}`;
  let input;
  const value = String(getFact(fact.name, year));
  if (fact.kind === "bool") {
    input = document.createElement("select");
    for (const [v, t] of [["", w("notReported")], ["true", w("yes")], ["false", w("no")]]) {
      const option = document.createElement("option");
      option.value = v;
      option.textContent = t;
      input.append(option);
    }
    input.value = value === "ja" ? "true" : value === "nej" ? "false" : value;
  } else {
    input = document.createElement("input");
    input.type = fact.kind === "date" ? "date" : "text";
    if (fact.kind !== "date") input.inputMode = "decimal";
    // A placeholder that reads as an example, not as a reported value.
    const example = { money: "42,9 mio.", percent: "92 pct.", number: "10", duration: "17 uger" }[fact.kind];
    input.placeholder = example ? `${w("example")} ${example}` : w("notReported");
    input.value = value;
  }
  input.id = id;
  input.name = factKey(fact.name, year);
  input.addEventListener("change", () => {
    remember();
    setFact(fact.name, year, input.value.trim());
    evaluate();
  });
  const hint = document.createElement("small");
  hint.textContent = `${fact.label ? fact.name + ": " : ""}${fact.description}; ${w("usedBy")} ${fact.goals.join(", ")}`;
  hint.id = `${id}-hint`;
  input.setAttribute("aria-describedby", hint.id);
  return [label, input, hint];
}
function showAgreements() {
  const list = $("agreements");
  list.innerHTML = "";
  const entries = [
    ...(state.facts["udgået"] || []).map((a, i) => ({ a, i, key: "udgået", text: `${w("goal")} ${a["mål"]}: ${w("dropped")} — ${a.begrundelse}` })),
    ...(state.facts["tilsidesættelse"] || []).map((a, i) => ({ a, i, key: "tilsidesættelse", text: `${w("goal")} ${a["mål"]}: ${a.status} — ${a.begrundelse}` })),
  ];
  for (const { i, key, text } of entries) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = w("remove");
    button.setAttribute("aria-label", `${w("remove")}: ${text}`);
    button.addEventListener("click", () => {
      remember();
      state.facts[key].splice(i, 1);
      if (!state.facts[key].length) delete state.facts[key];
      showAgreements();
      evaluate();
    });
    li.append(text, " ", button);
    list.append(li);
  }
}
function addAgreement() {
  const goal = $("agreement-goal").value;
  const kind = $("agreement-kind").value;
  const reason = $("agreement-reason").value.trim();
  if (!reason) {
    say(w("needsReason"));
    $("agreement-reason").focus();
    return;
  }
  remember();
  if (kind === "udgået") (state.facts["udgået"] ||= []).push({ "mål": goal, begrundelse: reason });
  else (state.facts["tilsidesættelse"] ||= []).push({ "mål": goal, status: kind, begrundelse: reason });
  $("agreement-reason").value = "";
  showAgreements();
  evaluate();
}
async function upload(file) {
  const bytes = await file.arrayBuffer();
  const response = await fetch(`/v1/facts/read?name=${encodeURIComponent(file.name)}`, { method: "POST", body: bytes });
  const data = await response.json();
  if (!response.ok) {
    const d = (data.error.diagnostics || [])[0];
    say(`${file.name}: ${data.error.message}${d ? ` — ${d.message}: ${d.label}` : ""}`);
    return;
  }
  remember();
  state.facts = data.facts;
  // The file's own date, or today: never the date of the facts it replaces.
  $("as-of").value = state.asOf = state.facts.opgjort || today();
  buildForm();
  showAgreements();
  say(`${w("loaded")}: ${file.name}`);
  evaluate();
}

// ---------------------------------------------------------------- evaluation, flips, margins
function factsForRequest() {
  const facts = { ...state.facts };
  delete facts.opgjort;
  return facts;
}
const evaluate = debounce(async () => {
  if (!state.source) return;
  const seq = (state.seq = (state.seq || 0) + 1);
  const body = { source: state.source, facts: factsForRequest(), as_of: state.asOf || today(), lang: state.lang };
  // The statuses, and each goal's result in the annual report's sentences (its
  // reason here), for the same rules, facts and date.
  const [{ ok, data }, sentences] = await Promise.all([
    call("/v1/evaluate", body),
    call("/v1/report", { ...body, format: "json" }),
  ]);
  if (seq !== state.seq) return; // a newer evaluation is on its way
  if (!ok) {
    if (data.error?.code === "facts") markFields(data.error.diagnostics);
    markStale(whyFailed(data));
    return;
  }
  markCurrent();
  showWarnings(data.warnings);
  showReadAs(data);
  state.previous = state.evaluation;
  state.evaluation = data;
  state.rows = new Map(sentences.ok ? sentences.data.rows.map((r) => [r.id, r]) : []);
  if (goalIds(data) !== state.formGoals) buildForm();
  showStatus();
}, 150);

function statusWord(goal) {
  return { met: "✔", not_met: "✖", partly_met: "◐", pending: "…", dropped: "–", error: "!" }[goal.status] || "";
}
function showStatus() {
  const e = state.evaluation;
  const before = state.previous;
  const tbody = $("goals").querySelector("tbody");
  tbody.innerHTML = "";
  const changes = [];
  for (const goal of e.goals) {
    const old = before?.goals.find((g) => g.id === goal.id);
    const tr = document.createElement("tr");
    tr.className = goal.status;
    tr.dataset.goal = goal.id;
    const flipped = old && old.status !== goal.status;
    if (flipped) {
      tr.classList.add("flipped");
      changes.push(`${w("goal")} ${goal.id}: ${word(old)} → ${word(goal)}`);
    }
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = goal.id;
    button.setAttribute("aria-label", `${w("show")} ${w("goal").toLowerCase()} ${goal.id}`);
    button.addEventListener("click", () => showDetail(goal.id));
    const cells = [button, goal.title || "", null, score(goal.score), reasonOf(goal)];
    cells.forEach((content, i) => {
      const td = document.createElement("td");
      if (i === 2) {
        const span = document.createElement("span");
        span.className = "status";
        span.textContent = `${statusWord(goal)} ${word(goal)}`;
        td.append(span);
        if (flipped) td.append(` (${w("was")}: ${word(old)})`);
      } else if (content instanceof Node) td.append(content);
      else td.textContent = content;
      if (i === 3) td.className = "num";
      tr.append(td);
    });
    tbody.append(tr);
  }
  const met = e.goals.filter((g) => g.status === "met").length;
  const live = e.goals.filter((g) => g.status !== "dropped").length;
  $("total").textContent = `${w("total")}: ${score(e.total.score)} pct. (${met} ${w("of")} ${live} ${w("goalsMet")}); ${w("maxReachable")}: ${score(e.total.max_reachable)} pct.`;
  if (before && before.total.score !== e.total.score) changes.push(`${w("totalChange")}: ${score(before.total.score)} → ${score(e.total.score)} pct.`);
  $("changes").textContent = changes.join("; ");
  const select = $("agreement-goal");
  const chosen = select.value;
  select.innerHTML = "";
  for (const goal of e.goals) {
    const option = document.createElement("option");
    option.value = goal.id;
    option.textContent = `${goal.id} ${goal.title || ""}`;
    select.append(option);
  }
  if (chosen) select.value = chosen;
  if (!$("detail").hidden && state.detail) showDetail(state.detail, false);
}
// The status word the service gave, in the page's language.
function word(goal) {
  const words = {
    da: { met: "opfyldt", not_met: "ikke opfyldt", partly_met: "delvist opfyldt", pending: "afventer", dropped: "udgået", error: "fejl" },
    en: { met: "met", not_met: "not met", partly_met: "partly met", pending: "pending", dropped: "dropped", error: "error" },
  };
  return words[state.lang][goal.status] || goal.status;
}
function reasonOf(goal) {
  // The report's sentence ("Afvigelsen … blev 1,9 mio. kr. (krav: højst 2 mio. kr.); målet er opfyldt.").
  const sentence = state.rows?.get(goal.id)?.achieved;
  if (sentence) return sentence;
  const leaves = [...goal.explanation, ...goal.subgoals.flatMap((s) => s.explanation)];
  const leaf = leaves.find((l) => (goal.status === "met" ? l.truth === "true" : l.truth !== "true")) || leaves[0];
  if (!leaf) return goal.dropped_reason || "";
  return `${leaf.rule}${leaf.value ? ": " + leaf.value : ""}${leaf.margin ? ", margin " + leaf.margin : ""}`;
}
async function showDetail(id, focus = true) {
  state.detail = id;
  const goal = state.evaluation.goals.find((g) => g.id === id);
  if (!goal) return;
  $("detail").hidden = false;
  $("detail-heading").textContent = `${w("goal")} ${goal.id} ${goal.title || ""}: ${word(goal)}`;
  // The goal in the annual report's words first, then the rules and values behind it.
  const words = $("detail-words");
  words.innerHTML = "";
  const row = state.rows?.get(id);
  for (const [term, text] of row ? [[w("required"), row.required], [w("achieved"), row.achieved]] : []) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = text;
    words.append(dt, dd);
  }
  $("explanation").textContent = explain(goal);
  const { ok, data } = await call("/v1/margin", { source: state.source, facts: factsForRequest(), as_of: state.asOf || today(), lang: state.lang, goal: id });
  $("margin").textContent = ok ? `${data.margin}\n${data.needed}` : data.error?.message || "";
  if (focus) $("detail-heading").focus?.();
}
function explain(goal) {
  const lines = [];
  const leaf = (l, indent) => {
    // Truth in the page's language ("sand", not "true", on the Danish page).
    lines.push(`${indent}${l.rule} → ${w("truth")[l.truth] || l.truth}`);
    for (const [name, value] of l.facts) lines.push(`${indent}  ${name} = ${value ?? "(" + w("notReported") + ")"}`);
    if (l.value) lines.push(`${indent}  ${l.value}${l.threshold ? ", " + l.threshold : ""}${l.margin ? ", margin " + l.margin : ""}`);
    if (l.note) lines.push(`${indent}  ${l.note}`);
  };
  goal.explanation.forEach((l) => leaf(l, ""));
  for (const sub of goal.subgoals) {
    lines.push(`${sub.id}: ${word(sub)}`);
    sub.explanation.forEach((l) => leaf(l, "  "));
  }
  // What the goal still needs is said once, under "Margener og hvad der mangler".
  return lines.join("\n");
}

// ---------------------------------------------------------------- undo and scenarios
function remember() {
  state.undo.push({ facts: JSON.parse(JSON.stringify(state.facts)), asOf: state.asOf });
  if (state.undo.length > 100) state.undo.shift();
}
function restore(snapshot) {
  state.facts = JSON.parse(JSON.stringify(snapshot.facts));
  state.asOf = snapshot.asOf;
  $("as-of").value = state.asOf;
  buildForm();
  showAgreements();
  evaluate();
}
function scenarios() {
  try {
    return JSON.parse(localStorage.getItem(`maal.vaerksted.scenarier.${state.plan || "egen"}`) || "{}");
  } catch {
    return {};
  }
}
function storeScenarios(all) {
  localStorage.setItem(`maal.vaerksted.scenarier.${state.plan || "egen"}`, JSON.stringify(all));
  listScenarios();
}
function listScenarios() {
  const names = Object.keys(scenarios());
  for (const id of ["scenario-a", "scenario-b"]) {
    const select = $(id);
    const chosen = select.value;
    select.innerHTML = "";
    for (const name of [w("current"), ...names]) {
      const option = document.createElement("option");
      option.value = name === w("current") ? "" : name;
      option.textContent = name;
      select.append(option);
    }
    if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
  }
}
async function evaluationOf(snapshot) {
  const facts = { ...snapshot.facts };
  delete facts.opgjort;
  const { ok, data } = await call("/v1/evaluate", { source: state.source, facts, as_of: snapshot.asOf || today(), lang: state.lang });
  return ok ? data : null;
}
async function compare() {
  const pick = (name) => (name ? scenarios()[name] : { facts: state.facts, asOf: state.asOf });
  const [a, b] = [$("scenario-a").value, $("scenario-b").value];
  const [ea, eb] = await Promise.all([evaluationOf(pick(a)), evaluationOf(pick(b))]);
  if (!ea || !eb) return;
  const table = $("comparison");
  table.hidden = false;
  const head = [w("goal"), a || w("current"), b || w("current")];
  table.querySelector("thead").innerHTML = `<tr>${head.map((h) => `<th scope="col">${escape(h)}</th>`).join("")}</tr>`;
  const rows = ea.goals.map((g, i) => {
    const other = eb.goals[i];
    const differ = other && other.status !== g.status ? ' class="flipped"' : "";
    return `<tr${differ}><th scope="row">${escape(g.id)}</th><td>${statusWord(g)} ${escape(word(g))}</td><td>${other ? statusWord(other) + " " + escape(word(other)) : ""}</td></tr>`;
  });
  rows.push(`<tr><th scope="row">${escape(w("total"))}</th><td>${score(ea.total.score)} pct.</td><td>${score(eb.total.score)} pct.</td></tr>`);
  table.querySelector("tbody").innerHTML = rows.join("");
}

// ---------------------------------------------------------------- downloads
function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
function factsToml() {
  const quote = (v) => `"${String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  const value = (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) || /^(true|false)$/.test(v) ? v : quote(v));
  const lines = ["# Skrevet af maal værksted."];
  if (state.asOf) lines.push(`opgjort = ${state.asOf}`);
  for (const [name, v] of Object.entries(state.facts)) {
    if (["opgjort", "udgået", "tilsidesættelse"].includes(name)) continue;
    if (typeof v === "object") for (const [y, x] of Object.entries(v)) lines.push(`${quote(name)}.${y} = ${value(x)}`);
    else lines.push(`${quote(name)} = ${value(v)}`);
  }
  for (const a of state.facts["udgået"] || []) lines.push("", "[[udgået]]", `mål = ${quote(a["mål"])}`, `begrundelse = ${quote(a.begrundelse)}`);
  for (const a of state.facts["tilsidesættelse"] || [])
    lines.push("", "[[tilsidesættelse]]", `mål = ${quote(a["mål"])}`, `status = ${quote(a.status)}`, `begrundelse = ${quote(a.begrundelse)}`);
  return lines.join("\n") + "\n";
}
async function report(format) {
  const { ok, data } = await call("/v1/report", { source: state.source, facts: factsForRequest(), as_of: state.asOf || today(), lang: state.lang, format });
  if (!ok) return say(data.error?.message || String(data));
  const types = { md: "text/markdown", csv: "text/csv", html: "text/html", docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" };
  download(`${state.plan || "plan"}-rapport.${format}`, data, types[format]);
}

// ---------------------------------------------------------------- words and start
function translate() {
  document.documentElement.lang = state.lang;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = w(el.dataset.t);
  $("rules").setAttribute("aria-label", w("rulesLabel"));
  document.title = `${w("title")} — maal`;
}
async function openPlan(name, first = false) {
  if (!first && state.loaded !== undefined && $("rules").value !== state.loaded && !window.confirm(w("discardEdits"))) {
    $("plan-choice").value = state.plan;
    return;
  }
  const { ok, data } = await call(`/v1/plans/${encodeURIComponent(name)}/source`, undefined, "GET");
  if (!ok) return markStale(whyFailed(data));
  state.plan = name;
  state.loaded = data.source;
  if (!first) {
    // Nothing of the old plan stays: its statuses, facts, date and agreements.
    state.evaluation = state.previous = null;
    state.facts = {};
    state.undo = [];
    $("as-of").value = state.asOf = today();
    $("goals").querySelector("tbody").innerHTML = "";
    $("total").textContent = $("changes").textContent = "";
    $("detail").hidden = true;
    showWarnings([]);
    showAgreements();
  }
  $("rules").value = data.source;
  $("write-controls").hidden = !data.writable;
  state.diagnostics = [];
  paint();
  listScenarios();
  check();
}
async function start() {
  translate();
  $("lang").value = state.lang;
  const { data } = await call("/v1/workbench", undefined, "GET");
  state.writable = data.writable;
  if (data.facts) {
    state.facts = data.facts;
    state.asOf = data.facts.opgjort || "";
  }
  state.asOf ||= today();
  $("as-of").value = state.asOf;
  state.start = { facts: JSON.parse(JSON.stringify(state.facts)), asOf: state.asOf };
  const choice = $("plan-choice");
  for (const name of data.plans) {
    const option = document.createElement("option");
    option.value = option.textContent = name;
    choice.append(option);
  }
  showAgreements();
  listScenarios();
  if (data.plans.length) await openPlan(data.plans[0], true);
  else paint();
}

$("rules").addEventListener("input", () => {
  paint();
  check();
});
$("rules").addEventListener("keydown", (event) => {
  // Tab indents; Escape then Tab leaves the editor (keyboard users can always get out).
  if (event.key === "Escape") {
    $("rules").dataset.escape = "1";
    return;
  }
  if (event.key === "Tab" && !event.shiftKey && $("rules").dataset.escape !== "1") {
    event.preventDefault();
    const area = $("rules");
    edit(area.selectionStart, area.selectionEnd, "  ");
  }
  delete $("rules").dataset.escape;
});
$("plan-choice").addEventListener("change", (e) => openPlan(e.target.value));
$("lang").addEventListener("change", (e) => {
  state.lang = e.target.value;
  localStorage.setItem("maal.vaerksted.sprog", state.lang);
  translate();
  state.previous = null;
  buildForm();
  showAgreements();
  listScenarios();
  check();
});
$("as-of").addEventListener("change", (e) => {
  remember();
  state.asOf = e.target.value;
  evaluate();
});
$("format").addEventListener("click", async () => {
  const { ok, data } = await call("/v1/format", { source: $("rules").value });
  if (ok) {
    if (data.source !== $("rules").value) edit(0, $("rules").value.length, data.source);
  } else say(data.error?.message || "");
});
$("download-rules").addEventListener("click", () => download(`${state.plan || "plan"}.maal`, $("rules").value, "text/plain"));
$("save-rules").addEventListener("click", async () => {
  const response = await fetch(`/v1/plans/${encodeURIComponent(state.plan)}/source`, {
    method: "PUT",
    headers: { "content-type": "application/json", authorization: `Bearer ${$("token").value}` },
    body: JSON.stringify({ source: $("rules").value }),
  });
  const data = await response.json().catch(() => ({}));
  if (response.ok) {
    state.loaded = $("rules").value;
    return say(`${w("savedIn")} ${data.file}`);
  }
  // Why not, in the page's words: the token, writes turned off, or the rules' own errors.
  const code = data.error?.code;
  const why = { unauthorized: w("unauthorized"), writes_off: w("writesOff"), no_token: w("noToken") }[code];
  say(why || `${w("notSaved")}: ${whyFailed(data)}`);
});
$("upload").addEventListener("change", (e) => e.target.files[0] && upload(e.target.files[0]));
const drop = $("drop");
drop.addEventListener("dragover", (e) => {
  e.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  if (e.dataTransfer.files[0]) upload(e.dataTransfer.files[0]);
});
$("add-agreement").addEventListener("click", addAgreement);
$("download-facts").addEventListener("click", () => download(`${state.plan || "fakta"}-fakta.toml`, factsToml(), "text/plain"));
// The plan's fill-in workbook with the values in, to pass on and read back in.
$("download-facts-xlsx").addEventListener("click", async () => {
  const { ok, data } = await call("/v1/facts/xlsx", { source: state.source, facts: factsForRequest(), as_of: state.asOf || undefined, lang: state.lang });
  if (!ok) return say(whyFailed(data));
  download(`${state.plan || "fakta"}-fakta.xlsx`, data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
});
// Enter in the name saves the scenario, as the button does.
$("scenario-name").addEventListener("keydown", (event) => {
  if (event.key === "Enter") {
    event.preventDefault();
    $("save-scenario").click();
  }
});
$("save-scenario").addEventListener("click", () => {
  const name = $("scenario-name").value.trim();
  if (!name) {
    say(w("needsName"));
    $("scenario-name").focus();
    return;
  }
  const all = scenarios();
  all[name] = { facts: JSON.parse(JSON.stringify(state.facts)), asOf: state.asOf };
  storeScenarios(all);
  say(`${w("saved")}: ${name}`);
});
$("undo").addEventListener("click", () => {
  const last = state.undo.pop();
  if (last) restore(last);
  else say(w("nothingToUndo"));
});
$("reset").addEventListener("click", () => {
  remember();
  restore(state.start);
});
$("switch-scenario").addEventListener("click", () => {
  const name = $("scenario-a").value;
  if (!name) return;
  remember();
  restore(scenarios()[name]);
});
$("compare").addEventListener("click", compare);
for (const format of ["md", "csv", "html", "docx"]) $(`report-${format}`).addEventListener("click", () => report(format));

start();
