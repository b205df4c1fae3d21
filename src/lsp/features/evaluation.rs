//! With a facts file: inlay hints with each goal's status and code lenses with its explanation.

use lsp_types::*;

use super::t;
use crate::lsp::text::Lines;
use crate::lsp::{Document, Server};
use crate::syntax::ast::{self};
use crate::value::format_date;

/// The facts to evaluate a document with: the `facts` setting, else the
/// latest `*.toml` with an `opgjort` beside the plan or, under the workspace's
/// `examples/facts/`, named after the plan (`cpr-2026-år.toml` for `cpr-2026.maal`).
pub(super) fn facts_for(server: &Server, doc: &Document) -> Option<(crate::Facts, chrono::NaiveDate)> {
    let read = |path: &std::path::Path| -> Option<(crate::Facts, chrono::NaiveDate)> {
        let bytes = crate::source::read_file(path).ok()?;
        let facts = crate::Facts::read(&path.display().to_string(), &bytes).ok()?;
        let date = facts.as_of?;
        Some((facts, date))
    };
    if let Some(path) = &server.facts {
        return read(path);
    }
    let plan = crate::lsp::text::path_of(doc.uri.as_str())?;
    let dir = plan.parent()?;
    let mut best: Option<(crate::Facts, chrono::NaiveDate)> = None;
    let listed = |dir: &std::path::Path| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default()
    };
    let mut entries = listed(dir);
    let stem = plan.file_stem().map(|s| format!("{}-", s.to_string_lossy()));
    let root = server.root.clone().or_else(|| dir.parent().map(std::path::Path::to_path_buf));
    if let (Some(root), Some(stem)) = (root, stem) {
        let named = listed(&root.join("examples").join("facts"));
        entries.extend(
            named.into_iter().filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&stem))),
        );
    }
    entries.sort();
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "toml")) {
        if path.to_string_lossy().ends_with(".test.toml") {
            continue;
        }
        if let Some((facts, date)) = read(path) {
            if best.as_ref().is_none_or(|(_, d)| date > *d) {
                best = Some((facts, date));
            }
        }
    }
    best
}

/// The document evaluated with its facts, goal by goal: (goal, the line its header ends on).
fn evaluated(server: &Server, doc: &Document) -> Option<(crate::Evaluation, chrono::NaiveDate)> {
    doc.analysis.checked.as_ref()?;
    let (facts, date) = facts_for(server, doc)?;
    let plan = crate::Plan::compile("plan.maal", &doc.text).ok()?;
    let evaluation = plan.evaluate_in(&facts, date, server.lang).ok()?;
    Some((evaluation, date))
}

/// Where a goal's header line ends (`mål 7 "…":`).
fn header_end(doc: &Document, goal: &ast::Goal) -> usize {
    let rest = &doc.text[goal.span.start..goal.span.end.min(doc.text.len())];
    let colon = rest.find(":\n").or_else(|| rest.find(':')).map_or(rest.len(), |i| i + 1);
    goal.span.start + colon
}

/// After each goal's header: its status and the reason, as of the facts' date.
pub(crate) fn inlay_hints(server: &Server, p: InlayHintParams) -> Option<Vec<InlayHint>> {
    let doc = server.doc(&p.text_document.uri)?;
    let file = doc.analysis.file.as_ref()?;
    let (evaluation, date) = evaluated(server, doc)?;
    let lines = Lines::new(&doc.text);
    let lang = server.lang;
    let mut out = Vec::new();
    for (goal, result) in file.goals.iter().zip(&evaluation.goals) {
        let margin = crate::render::deciding_leaf(result).and_then(|l| l.margin_text(lang));
        let mut label = result.status.word(lang).to_string();
        if let Some(m) = margin {
            label.push_str(&format!(" · margin {m}"));
        }
        out.push(InlayHint {
            position: lines.position(header_end(doc, goal)),
            label: InlayHintLabel::String(label),
            kind: None,
            text_edits: None,
            tooltip: Some(InlayHintTooltip::String(format!("{} {}", t(lang, "pr.", "as of"), format_date(date, lang)))),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        });
    }
    Some(out)
}

/// "Evaluér" over each goal: its status; the command shows its explanation.
pub(crate) fn code_lenses(server: &Server, p: CodeLensParams) -> Option<Vec<CodeLens>> {
    let doc = server.doc(&p.text_document.uri)?;
    let file = doc.analysis.file.as_ref()?;
    let (evaluation, date) = evaluated(server, doc)?;
    let lines = Lines::new(&doc.text);
    let lang = server.lang;
    let labels = file.labels_by_name();
    let voice = crate::render::words::Voice::new(lang, &labels);
    Some(
        file.goals
            .iter()
            .zip(&evaluation.goals)
            .map(|(goal, result)| CodeLens {
                range: lines.range(goal.id.span),
                command: Some(Command {
                    title: format!(
                        "{}: {} ({} {})",
                        t(lang, "Evaluér", "Evaluate"),
                        result.status.word(lang),
                        t(lang, "pr.", "as of"),
                        format_date(date, lang)
                    ),
                    command: "maal.showExplanation".into(),
                    arguments: Some(vec![serde_json::Value::String(crate::render::render_explanation(result, voice))]),
                }),
                data: None,
            })
            .collect(),
    )
}
