//! The fast path (`src/syntax/fast.rs`) against pest: whatever text goes in,
//! `syntax::parse` (fast path first, pest when it gives up) returns exactly
//! what pest and the builder alone return — the same tree, or the same
//! diagnostics. Run over every plan in the repository, the seed corpus of the
//! fuzzer, and mutations of them (a character deleted, a token inserted), and
//! the plans people write every day must take the fast path (else it would
//! speed nothing up).

use std::path::{Path, PathBuf};

use maal::syntax::{fast_path_reads, parse, parse_pest_only, parse_with, Limits};

fn plans_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            plans_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "maal") || path.parent().is_some_and(|p| p.ends_with("rules")) {
            out.push(path);
        }
    }
}

fn corpus() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["rules", "examples", "tests/check_errors", "tests/lint_warnings", "fuzz/seeds/rules"] {
        plans_under(&root.join(dir), &mut paths);
    }
    paths
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let text = maal::decode_source(&p.display().to_string(), &bytes).ok()?.text;
            Some((p, text))
        })
        .collect()
}

/// Both paths agree on `text`; returns whether the fast path read it alone.
fn agree(text: &str, what: &dyn Fn() -> String) -> bool {
    agree_within(text, &Limits::default(), what)
}

fn agree_within(text: &str, limits: &Limits, what: &dyn Fn() -> String) -> bool {
    let limits = *limits;
    let both = if limits == Limits::default() { parse(text) } else { parse_with(text, &limits) };
    let pest = parse_pest_only(text, &limits);
    assert!(both == pest, "the fast path and pest disagree on {}:\n{text}\nfast: {both:#?}\npest: {pest:#?}", what());
    let fast = fast_path_reads(text, &limits);
    assert!(!fast || pest.is_ok(), "the fast path read what pest refuses: {}", what());
    fast
}

#[test]
fn every_plan_in_the_repository_parses_the_same_both_ways() {
    let corpus = corpus();
    assert!(corpus.len() > 100, "only {} plans found", corpus.len());
    let mut fast = 0;
    for (path, text) in &corpus {
        fast += usize::from(agree(text, &|| path.display().to_string()));
    }
    eprintln!("{} plans, {fast} read by the fast path", corpus.len());
    // Most of the corpus is meant to be wrong (tests/check_errors, fuzz seeds);
    // many of those still parse.
    assert!(fast * 3 > corpus.len(), "the fast path read only {fast} of {} plans", corpus.len());
}

#[test]
fn the_plans_people_write_take_the_fast_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    plans_under(&root.join("rules"), &mut paths);
    plans_under(&root.join("examples"), &mut paths);
    assert!(paths.len() >= 10);
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a plan");
        assert!(fast_path_reads(&text, &Limits::default()), "{} falls back to pest", path.display());
    }
}

/// Tokens inserted at every boundary of a small plan: each is something the
/// grammar gives a meaning (or refuses) in some places.
const INSERTS: &[&str] = &[
    " ",
    "\n",
    "# c\n",
    "// c\n",
    "-",
    "+",
    "*",
    "/",
    "(",
    ")",
    "|",
    ";",
    ":",
    "\"",
    ",",
    ".",
    "..",
    "[2024]",
    "[1800]",
    "og ",
    " eller",
    "ikke ",
    "1",
    "2,5",
    "1.000",
    " mio. kr.",
    " pct.",
    " pct.-point",
    " t.kr.",
    " uger",
    " dage",
    "Q2 2024",
    "2. kvartal 2024",
    "30. februar 2024",
    "senest ",
    " i ",
    " in 1..2",
    " >= ",
    "<",
    "!=",
    "=",
    "x",
    "æø",
    "sand",
    "før",
    "any(",
    "alle(a, b)",
    "mål 9 \"t\": a;",
    "mål:",
    "delmål z: ",
    "delmål",
    "sektion \"s\"\n",
    "faktum f \"g\"\n",
    "faktum f løbende\n",
    "frist ",
    "ultimo ",
    "udgangen af ",
    "juni 2024",
    "2024-02-30",
    "vægt 5 point",
    "opgøres ultimo;",
    "målår 2025;",
    "resultatkrav \"r\";",
    "hvert år 2022..2024: ",
    "falder mindst ",
    "\\",
    "\u{feff}",
    "9999999999999999999999999999999",
    "\r",
    "\r\n",
    "\\\r",
    "\"a\\\"b\\\\\"",
];

/// Small plans: the header and one goal of each plan that takes the fast path.
fn small_plans() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    plans_under(&root.join("rules"), &mut paths);
    plans_under(&root.join("examples/planer"), &mut paths);
    let mut out = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a plan");
        let Some(header_end) = text.find("\n}\n").map(|n| n + 3) else { continue };
        let header = &text[..header_end];
        let starts: Vec<usize> = text.match_indices("\nmål ").map(|(n, _)| n + 1).collect();
        for (k, start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(text.len());
            out.push(format!("{header}{}", &text[*start..end]));
        }
    }
    out
}

#[test]
fn mutated_plans_parse_the_same_both_ways() {
    // Every `step`-th boundary of every goal (1: all of them).
    let step: usize = std::env::var("MAAL_FAST_PARSER_STEP").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let plans = small_plans();
    assert!(plans.len() >= 20, "only {} goals", plans.len());
    let (mut checked, mut fast) = (0, 0);
    for (n, plan) in plans.iter().enumerate() {
        let bytes = plan.as_bytes();
        // Token boundaries after the header (where the goal starts).
        let goal_start = plan.find("\nmål ").unwrap_or(0);
        let boundaries: Vec<usize> = (goal_start..=plan.len())
            .filter(|&i| plan.is_char_boundary(i))
            .filter(|&i| {
                i == plan.len() || i == 0 || bytes[i - 1].is_ascii_alphanumeric() != bytes[i].is_ascii_alphanumeric()
            })
            .collect();
        for (b, &at) in boundaries.iter().enumerate() {
            // Each boundary gets four of the inserts, in turn, so that all are
            // tried across the plan.
            if b % step.max(1) != 0 {
                continue;
            }
            for k in 0..4 {
                let insert = INSERTS[(b * 7 + n * 3 + k * 17) % INSERTS.len()];
                let text = format!("{}{insert}{}", &plan[..at], &plan[at..]);
                fast += usize::from(agree(&text, &|| format!("goal plan {n} with {insert:?} at {at}")));
                checked += 1;
            }
            // And a character deleted.
            if at < plan.len() {
                let next = plan[at..].chars().next().map_or(1, char::len_utf8);
                let text = format!("{}{}", &plan[..at], &plan[at + next..]);
                fast += usize::from(agree(&text, &|| format!("goal plan {n} without the character at {at}")));
                checked += 1;
            }
        }
    }
    assert!(checked > 1_000, "only {checked} mutations");
    // Many mutations still parse (a blank, a comment, another operand): the
    // fast path must have read a good share of them, or this proves little.
    eprintln!("{checked} mutations, {fast} read by the fast path");
    assert!(fast * 5 > checked, "the fast path read only {fast} of {checked} mutations");
}

#[test]
fn every_insert_at_every_statement_start() {
    // Every insert before each statement of one goal with all the forms.
    let base = "plan \"p\" {\n  periode 2024\n  afrapportering kvartalsvis senest 14 arbejdsdage efter\n}\n\
                faktum a \"A\" løbende\nsektion \"S\"\nmål 1.2 \"t\":\n  opgave drift;\n  frist ultimo 2024;\n  \
                delmål a \"x\" vægt 2 point: a >= 2,5 mio. kr. og ikke b[2023] < -(c + 1) * 2;\n  \
                delmål b: d i 1. kvartal 2024 eller e senest udgangen af Q2 2024;\n  mål: any(a, b);\n  \
                f in 1..2\n";
    let starts: Vec<usize> = base.match_indices("\n  ").map(|(n, _)| n + 3).collect();
    let (mut checked, mut fast) = (0, 0);
    for at in starts {
        for insert in INSERTS {
            let text = format!("{}{insert}{}", &base[..at], &base[at..]);
            fast += usize::from(agree(&text, &|| format!("{insert:?} at {at}")));
            checked += 1;
        }
    }
    eprintln!("{checked} inserts, {fast} read by the fast path");
    assert!(fast * 10 > checked, "the fast path read only {fast} of {checked}");
    assert!(fast_path_reads(base, &Limits::default()));
}

/// Tight limits: the fast path refuses (and leaves to pest) exactly what pest's
/// pre-scan and builder refuse — nesting, chains, goals, size, numbers, depth.
#[test]
fn tight_limits_are_kept_the_same_both_ways() {
    let d = Limits::default();
    let tight = [
        Limits { max_depth: 0, ..d },
        Limits { max_depth: 1, ..d },
        Limits { max_depth: 2, ..d },
        Limits { max_chain: 1, ..d },
        Limits { max_chain: 2, ..d },
        Limits { max_goals: 1, ..d },
        Limits { max_goals: 3, ..d },
        Limits { max_source_bytes: 2_000, ..d },
        Limits { max_expr_depth: 3, ..d },
        Limits { max_expr_depth: 5, ..d },
        Limits { max_number_len: 2, ..d },
    ];
    let corpus = corpus();
    let mut refused = 0;
    for limits in &tight {
        for (path, text) in &corpus {
            let fast = agree_within(text, limits, &|| format!("{} within {limits:?}", path.display()));
            refused += usize::from(!fast && parse_pest_only(text, &d).is_ok());
        }
        for (n, plan) in small_plans().iter().enumerate() {
            for insert in ["(", "|", "[2024]", " og (a)", "|a| + |b|", " ikke |", ";"] {
                for at in plan.match_indices(": ").map(|(at, _)| at + 2) {
                    let text = format!("{}{insert}{}", &plan[..at], &plan[at..]);
                    agree_within(&text, limits, &|| format!("goal plan {n} with {insert:?} at {at} within {limits:?}"));
                }
            }
        }
    }
    assert!(refused > 50, "the limits refused only {refused} plans that parse by default");
}

/// Nesting at the limit: brackets, `|` after words and operators, indexes.
#[test]
fn nesting_at_the_limit_is_the_same_both_ways() {
    let head = "plan \"x\" { periode 2026 }\nmål 1: ";
    for n in [1usize, 2, 3, 63, 64, 65, 200] {
        let shapes = [
            format!("{}x{} >= 1;", "(".repeat(n), ")".repeat(n)),
            format!("{}x{} >= 1;", "|".repeat(n), "|".repeat(n)),
            format!("{}x{};", "a og |".repeat(n), "| og y".repeat(n)),
            format!("{}x{};", "ikke # c\n|".repeat(n), "| eller y".repeat(n)),
            format!("z in 1..{}x{};", "|1..".repeat(n), "|".repeat(n)),
            format!("{}x[2024]{} >= 1;", "any(".repeat(n), ")".repeat(n)),
            format!("{}a[2024]{} >= 1;", "(-|".repeat(n), "|)".repeat(n)),
        ];
        for shape in shapes {
            let text = format!("{head}{shape}\n");
            for limits in [Limits::default(), Limits { max_depth: 3, ..Limits::default() }] {
                agree_within(&text, &limits, &|| format!("{shape} within {limits:?}"));
            }
        }
    }
}
