//! Parser tests: Danish time words, numbers, comments, names.

use super::*;
use crate::value::TimeSpan;
use chrono::NaiveDate;

/// Parses `leveret senest TIME` and returns the span of days.
fn time(text: &str) -> TimeSpan {
    let expr = parse_expr(&format!("leveret senest {text}")).unwrap();
    match expr.kind {
        ast::ExprKind::Deadline(_, _, t) => t.value,
        other => panic!("not a deadline: {other:?}"),
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn danish_time_words() {
    assert_eq!(time("2024-06-30"), TimeSpan::day(day(2024, 6, 30)));
    assert_eq!(time("juni 2024"), TimeSpan::month(2024, 6).unwrap());
    assert_eq!(time("Q2 2024"), TimeSpan::quarter(2024, 2).unwrap());
    assert_eq!(time("2. kvartal 2024"), TimeSpan::quarter(2024, 2).unwrap());
    assert_eq!(time("udgangen af Q2 2024"), TimeSpan::day(day(2024, 6, 30)));
    assert_eq!(time("udgangen af 2024"), TimeSpan::day(day(2024, 12, 31)));
    assert_eq!(time("primo 2026"), TimeSpan::day(day(2026, 1, 1)));
    assert_eq!(time("medio 2026"), TimeSpan::day(day(2026, 6, 30)));
    assert_eq!(time("ultimo 2026"), TimeSpan::day(day(2026, 12, 31)));
    assert_eq!(time("2024"), TimeSpan::year(2024).unwrap());
}

#[test]
fn decimal_comma_and_point_are_the_same_number() {
    let a = parse_expr("x <= 2,0 mio").unwrap();
    let b = parse_expr("x <= 2.0 mio. kr.").unwrap();
    let rhs = |e: ast::Expr| match e.kind {
        ast::ExprKind::Compare(_, _, r) => r.kind,
        other => panic!("{other:?}"),
    };
    assert_eq!(rhs(a), rhs(b));
    // `1..2` is a range, not the number 1.
    assert!(matches!(parse_expr("x in 1..2").unwrap().kind, ast::ExprKind::Range(..)));
}

#[test]
fn comments_are_kept() {
    let file = parse("# top\nplan \"x\" { periode 2026 } // after\nmål 1: a >= 1; # end\n").unwrap();
    let texts: Vec<&str> = file.comments.iter().map(|c| c.value.as_str()).collect();
    assert_eq!(texts, ["# top", "// after", "# end"]);
}

#[test]
fn nfd_identifiers_match_nfc_after_decoding() {
    let nfd = "plan \"x\" { periode 2026 }\nmål 1: pa\u{030A}begyndt >= 1 og påbegyndt <= 3;";
    let text = crate::source::decode(nfd.as_bytes()).unwrap();
    let checked = crate::check::check(parse(&text).unwrap()).unwrap();
    assert_eq!(checked.facts.keys().collect::<Vec<_>>(), ["påbegyndt"]);
}

/// An expression as `(kind children…)`, each node followed by the text its span covers.
fn shape(text: &str, e: &ast::Expr) -> String {
    use ast::ExprKind as E;
    let kids = |name: &str, parts: &[&ast::Expr]| {
        let inner: Vec<String> = parts.iter().map(|p| shape(text, p)).collect();
        format!("({name} {})", inner.join(" "))
    };
    let node = match &e.kind {
        E::Or(p) => kids("eller", &p.iter().collect::<Vec<_>>()),
        E::And(p) => kids("og", &p.iter().collect::<Vec<_>>()),
        E::Not(x) => kids("ikke", &[x]),
        E::Neg(x) => kids("-", &[x]),
        E::Compare(op, a, b) => kids(&format!("{op:?}"), &[a, b]),
        E::Arith(op, a, b) => kids(&format!("{op:?}"), &[a, b]),
        E::Range(a, b, c) => kids("in", &[a, b, c]),
        E::Deadline(op, a, _) => kids(&format!("{op:?}"), &[a]),
        _ => String::new(),
    };
    format!("{node}`{}`", &text[e.span.start..e.span.end])
}

#[test]
fn precedence_and_spans_of_a_flat_expression() {
    let text = "ikke a og b eller -c * 2 + d <= 3 og e in 1..2 + f og ikke ikke g senest 2026";
    let e = parse_expr(text).unwrap();
    assert_eq!(
        shape(text, &e),
        "(eller (og (ikke `a`)`ikke a` `b`)`ikke a og b` \
         (og (Le (Add (Mul (- `c`)`-c` `2`)`-c * 2` `d`)`-c * 2 + d` `3`)`-c * 2 + d <= 3` \
         (in `e` `1` (Add `2` `f`)`2 + f`)`e in 1..2 + f` \
         (ikke (ikke (By `g`)`g senest 2026`)`ikke ikke g senest 2026`)`ikke ikke g senest 2026`)\
         `-c * 2 + d <= 3 og e in 1..2 + f og ikke ikke g senest 2026`)`{text}`"
            .replace("{text}", text)
    );
    // A span ends at the last token, not at the blank or comment after it.
    let text = "ikke falsk og a # note";
    let e = parse_expr(text).unwrap();
    assert_eq!(shape(text, &e), "(og (ikke `falsk`)`ikke falsk` `a`)`ikke falsk og a`");
}

#[test]
fn the_lexical_scan_finds_every_comment() {
    let text = "# a \"quoted\" # hash\r\nplan \"x # no // no \\\" # no\" { periode 2026 } //c\r\
                mål 1: a / b >= 1;#tight\n  mål 2: c >= 1 // last";
    let file = parse(text).unwrap();
    let found: Vec<(&str, Span)> = file.comments.iter().map(|c| (c.value.as_str(), c.span)).collect();
    let at = |s: &str| text.find(s).unwrap();
    let expected = [
        ("# a \"quoted\" # hash", Span::new(0, at("\r\n"))),
        ("//c", Span::new(at("//c"), at("//c") + 3)),
        ("#tight", Span::new(at("#tight"), at("#tight") + 6)),
        ("// last", Span::new(at("// last"), text.len())),
    ];
    assert_eq!(found, expected);
}

#[test]
fn what_the_lexical_scan_calls_a_comment_the_grammar_skips() {
    // Blank every comment the scan found: if any were code or part of a
    // string, the tree would change or the text would no longer parse.
    let mut compared = 0;
    for dir in ["rules", "fuzz/seeds/rules", "tests/check_errors"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in std::fs::read_dir(dir).unwrap() {
            let Ok(text) = std::fs::read_to_string(entry.unwrap().path()) else { continue };
            let Ok(mut file) = parse(&text) else { continue };
            let mut blanked = text.clone();
            for comment in std::mem::take(&mut file.comments) {
                blanked.replace_range(
                    comment.span.start..comment.span.end,
                    &" ".repeat(comment.span.end - comment.span.start),
                );
            }
            let again = parse(&blanked).unwrap();
            assert!(again.comments.is_empty());
            assert_eq!(format!("{again:?}"), format!("{file:?}"));
            compared += 1;
        }
    }
    assert!(compared > 10, "only {compared} files parsed");
}

#[test]
fn every_combinator_name_parses_danish_and_english() {
    // `alle(…)` once failed: the grammar tried `all` first and committed to it.
    for (text, want) in [
        ("any(a, b)", ast::Combinator::Any),
        ("nogen(a, b)", ast::Combinator::Any),
        ("all(a, b)", ast::Combinator::All),
        ("alle(a, b)", ast::Combinator::All),
        ("atleast(1, a, b)", ast::Combinator::AtLeast),
        ("mindst(1, a, b)", ast::Combinator::AtLeast),
    ] {
        match parse_expr(text).map(|e| e.kind) {
            Ok(ast::ExprKind::Call(func, _)) => assert_eq!(func.value, want, "{text}"),
            other => panic!("{text}: {other:?}"),
        }
    }
    // A fact may still be called `alle` or `allerede`.
    assert!(matches!(parse_expr("alle >= allerede").unwrap().kind, ast::ExprKind::Compare(..)));
}

#[test]
fn the_pre_scan_counts_bars_and_brackets_as_nesting() {
    let limits = Limits { max_depth: 3, ..Limits::default() };
    let ok = |text: &str| check_limits(text, &limits).is_ok();
    // `|` opens after an operator, a bracket or the start, and closes otherwise.
    assert!(ok("mål 1: |(|a|)|;"));
    assert!(!ok("mål 1: |(|(a)|)|;"));
    assert!(ok("mål 1: |a| + |b| + |c| + |d| + |e|;"));
    assert!(!ok("mål 1: ([(|a|)]);"));
    // White space between an operator and `|`, ASCII or not, is looked through.
    assert!(!ok("mål 1: ((( \u{a0}|a|)));"));
    assert!(ok("mål 1: ((( x\u{a0}|a|)));"));
    assert!(ok("mål 1: ((x\u{a0}|));"));
    // Brackets in strings and comments do not count; `;` ends a statement's nesting.
    assert!(ok("mål 1 \"((((\": a; # ((((\nmål 2: (((a))); (((b)));"));
    // The offending bracket is pointed at.
    let err = check_limits("mål 1: ((((a))));", &limits).unwrap_err();
    assert_eq!(err.span, Some(Span::new(11, 12)));
}

/// Every word of every `kw_…` rule of the grammar is in the keyword table
/// (or its aliases), so hover and completion cannot drift from the language.
#[test]
fn the_keyword_table_covers_the_grammar() {
    let grammar = include_str!("../../grammar/maal.pest");
    let mut missing = Vec::new();
    let mut seen = 0;
    for line in grammar.lines().filter(|l| l.starts_with("kw_")) {
        let rule = line.split_once('=').map_or("", |(_, r)| r);
        // `'m'..'m' ~ "ål"` is `mål` (the first letter is matched separately so
        // `!ident_char` can follow); a plain `"word"` is the word.
        let mut words: Vec<String> = Vec::new();
        let mut rest = rule;
        while let Some(q) = rest.find('"') {
            let after = &rest[q + 1..];
            let Some(end) = after.find('"') else { break };
            let literal = &after[..end];
            let before = rest[..q].trim_end().trim_end_matches('~').trim_end();
            let first = before.strip_suffix('\'').and_then(|b| b.rsplit_once("..'")).map(|(_, c)| c);
            // `"hvert" ~ blank+ ~ "år"` is one phrase, `hvert år`.
            if rest[..q].trim() == "~ blank+ ~" {
                if let Some(last) = words.last_mut() {
                    last.push(' ');
                    last.push_str(literal);
                    rest = &after[end + 1..];
                    continue;
                }
            }
            words.push(match first {
                Some(c) => format!("{c}{literal}"),
                None => literal.to_string(),
            });
            rest = &after[end + 1..];
        }
        // `("ektion" | "ection")` after one `'s'..'s'`: both take the letter.
        if let Some(c) = rule.trim_start().strip_prefix("@{ '").and_then(|r| r.chars().next()) {
            if rule.contains(&format!("'{c}'..'{c}' ~ (")) {
                words = words.into_iter().map(|w| if w.starts_with(c) { w } else { format!("{c}{w}") }).collect();
            }
        }
        for word in words {
            seen += 1;
            if keywords::find(&word).is_none() {
                missing.push(word);
            }
        }
    }
    assert!(seen > 40, "the grammar's keywords were read: {seen}");
    assert!(missing.is_empty(), "grammar keywords missing from syntax::keywords: {missing:?}");
    // The combinators completion offers in a `mål:` line are the grammar's, Danish and English.
    let combinators: Vec<&str> = keywords::at(keywords::Place::Combinator).collect();
    for c in ["any", "nogen", "all", "alle", "atleast", "mindst"] {
        assert!(combinators.contains(&c), "{c}");
        let args = if matches!(c, "atleast" | "mindst") { "2, a, b" } else { "a, b" };
        assert!(parse_expr(&format!("{c}({args})")).is_ok(), "{c} parses");
    }
}

#[test]
fn a_comma_before_a_scale_word_is_the_decimal_comma_in_rules_too() {
    let e = parse_expr("budget <= 15,742 mia. kr.").unwrap();
    let ast::ExprKind::Compare(_, _, rhs) = e.kind else { panic!("a comparison") };
    assert_eq!(rhs.kind, ast::ExprKind::Number("15742000000".parse().unwrap(), crate::value::Dim::Money));
    let err = parse_expr("budget <= 15,742 kr.").unwrap_err();
    assert_eq!(err[0].code, "E0010", "without a scale word it stays ambiguous");
}
