//! Facts written for people: the TOML writer, the list of required facts and the fill-in template.

use super::{Facts, Reported};
use crate::check::{Checked, FactKind};
use crate::diag::{Lang, Msg};
use crate::value::Dim;

/// Writes facts as TOML that [`Facts::load`] reads back.
pub fn to_toml(facts: &Facts) -> String {
    use std::fmt::Write;
    let mut keys: Vec<_> = facts.values.iter().collect();
    keys.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::from("# Skrevet af maal.\n");
    if let Some(d) = facts.as_of {
        let _ = writeln!(out, "opgjort = {d}");
    }
    for ((name, year), (value, _)) in keys {
        let text = match value {
            Reported::Number(_, Some(_)) => format!("\"{}\"", written(value)),
            _ => written(value),
        };
        let _ = match year {
            Some(y) => writeln!(out, "\"{name}\".{y} = {text}"),
            None => writeln!(out, "\"{name}\" = {text}"),
        };
    }
    for d in &facts.drops {
        let _ = writeln!(out, "\n[[udgået]]\nmål = {:?}", d.goal);
        if let Some(s) = &d.subgoal {
            let _ = writeln!(out, "delmål = {s:?}");
        }
        let _ = writeln!(out, "begrundelse = {:?}", d.reason);
    }
    for o in &facts.overrides {
        let status = if o.met { "opfyldt" } else { "ikke opfyldt" };
        let _ = writeln!(
            out,
            "\n[[tilsidesættelse]]\nmål = {:?}\nstatus = {status:?}\nbegrundelse = {:?}",
            o.goal, o.reason
        );
    }
    out
}

/// A reported value as a fact file writes it: `42900000`, `42,9 mio. kr.` as
/// `42.9 mio. kr.`, `2026-06-30`, `true`.
pub fn written(value: &Reported) -> String {
    match value {
        Reported::Number(v, None) => number(*v),
        Reported::Number(v, Some(dim)) => {
            let written = dim.measure().written;
            if written.suffix.is_empty() {
                number(*v)
            } else if written.times.is_one() {
                format!("{} {}", number(*v), written.suffix)
            } else {
                let shown = crate::value::shown_value(*v, written.times).unwrap_or(*v);
                format!("{} {}", number(shown), written.suffix)
            }
        }
        Reported::Date(d) => d.to_string(),
        Reported::Bool(b) => b.to_string(),
    }
}

/// A value as a person writes it (`44,2 mio. kr.`, Danish), where that reads
/// back as exactly the same value; else as [`written`] (`44200017 kr.`).
#[cfg(feature = "serve")]
pub fn for_people(value: &Reported) -> String {
    if let Reported::Number(v, Some(dim)) = value {
        let text = crate::value::format_quantity(*v, *dim, crate::diag::Lang::Da);
        if crate::value::parse_quantity(&text).is_ok_and(|(back, unit)| back == *v && unit == Some(*dim)) {
            return text;
        }
    }
    written(value)
}

/// A number as a fact file writes it, read back as the same number: `2.125`
/// would be ambiguous (two thousand one hundred and twenty-five, in Danish), so
/// a fraction of exactly three digits gets a fourth (`2.1250`).
fn number(value: rust_decimal::Decimal) -> String {
    let text = value.normalize().to_string();
    match text.trim_start_matches('-').split_once('.') {
        Some((int, frac)) if frac.len() == 3 && int.len() <= 3 && int != "0" => format!("{text}0"),
        _ => text,
    }
}

/// Facts laid out as a JSON fact file: each value as a string as written
/// (`{"realiseret": "42.9 mio. kr.", "frafald": {"2024": "33"}}`), with
/// `opgjort`, `udgået` and `tilsidesættelse`.
#[cfg(feature = "serve")]
pub fn to_json(facts: &Facts) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let mut out = Map::new();
    if let Some(d) = facts.as_of {
        out.insert("opgjort".into(), Value::String(d.to_string()));
    }
    for ((name, year), (value, _)) in &facts.values {
        let text = Value::String(for_people(value));
        match year {
            None => {
                out.insert(name.clone(), text);
            }
            Some(y) => {
                let entry = out.entry(name.clone()).or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(years) = entry {
                    years.insert(y.to_string(), text);
                }
            }
        }
    }
    if !facts.drops.is_empty() {
        let drops: Vec<Value> = facts
            .drops
            .iter()
            .map(|d| match &d.subgoal {
                Some(s) => json!({"mål": d.goal, "delmål": s, "begrundelse": d.reason}),
                None => json!({"mål": d.goal, "begrundelse": d.reason}),
            })
            .collect();
        out.insert("udgået".into(), Value::Array(drops));
    }
    if !facts.overrides.is_empty() {
        let overrides: Vec<Value> = facts
            .overrides
            .iter()
            .map(|o| json!({"mål": o.goal, "status": if o.met { "opfyldt" } else { "ikke opfyldt" }, "begrundelse": o.reason}))
            .collect();
        out.insert("tilsidesættelse".into(), Value::Array(overrides));
    }
    Value::Object(out)
}

/// The facts a plan needs, one line each: name, kind, years, goals.
pub fn required_text(plan: &Checked, lang: Lang) -> String {
    let mut out = String::new();
    for (name, info) in crate::check::in_danish_order(&plan.facts) {
        let years = if info.years.is_empty() {
            String::new()
        } else {
            format!("[{}]", info.years.iter().map(std::string::ToString::to_string).collect::<Vec<_>>().join(", "))
        };
        let goals = Msg::new("mål", "goals");
        // The plan's words for it, where it gives some (`faktum x "…"`).
        let label = plan.labels.get(name).map(|l| format!("  «{l}»")).unwrap_or_default();
        out.push_str(&format!(
            "{:<40} {:<44} {} {}{label}\n",
            format!("{name}{years}"),
            info.kind.describe().get(lang),
            goals.get(lang),
            info.goals.join(", ")
        ));
    }
    out
}

/// A fill-in TOML template with every fact a plan needs, empty (an empty
/// value counts as not reported, so the template loads as it is).
pub fn template_toml(plan: &Checked, lang: Lang) -> String {
    let mut out = Msg::new(
        "# Faktaskabelon: udfyld værdierne; tomme værdier tæller som ikke indberettet.\n",
        "# Facts template: fill in the values; empty values count as not reported.\n",
    )
    .get(lang)
    .to_string();
    out.push_str(Msg::new(
        "\n# Opgørelsesdato: den dag indberetningen er opgjort pr., fx 2026-06-30 eller 30-06-2026;\n# maal eval og maal report bruger den, når --per ikke er givet.\nopgjort = \"\"\n",
        "\n# As of: the date the report is made as of, e.g. 2026-06-30 or 30-06-2026;\n# maal eval and maal report use it when --per is not given.\nopgjort = \"\"\n",
    )
    .get(lang));
    let mut history = Vec::new();
    for (name, info) in crate::check::in_danish_order(&plan.facts) {
        let example = match info.kind {
            FactKind::Number(Some(dim)) => dim.measure().example,
            FactKind::Number(None) => Dim::Plain.measure().example,
            FactKind::Date => "2026-06-30",
            FactKind::Bool => "true",
            FactKind::Unknown => "\"\"",
        };
        let goals = format!("{} {}", Msg::new("mål", "goals").get(lang), info.goals.join(", "));
        let label = plan.labels.get(name).map(|l| format!("{l}: ")).unwrap_or_default();
        out.push_str(&format!(
            "\n# {label}{}; {goals}; {} {example}\n",
            info.kind.describe().get(lang),
            Msg::new("fx", "e.g.").get(lang)
        ));
        let years: Vec<String> = info.years.iter().map(|y| format!("{y} = \"\"")).collect();
        if info.years.is_empty() || info.plain {
            out.push_str(&format!("{name} = \"\"\n"));
        }
        if info.plain && !info.years.is_empty() {
            // This period's figure above; the earlier years' go under [historik].
            history.push(format!("{name} = {{ {} }}\n", years.join(", ")));
        } else if !info.years.is_empty() {
            out.push_str(&format!("{name} = {{ {} }}\n", years.join(", ")));
        }
    }
    if !history.is_empty() {
        out.push_str(
            Msg::new(
                "\n# Tal for andre år end periodens: basisår, som målene måles imod, og senere målår.\n[historik]\n",
                "\n# Figures for other years than the period's: baseline years and later target years.\n[historik]\n",
            )
            .get(lang),
        );
        out.extend(history);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn numbers_are_written_so_they_read_back_the_same() {
        for text in ["2.125", "-2.125", "1.5", "123.456", "0.125", "1000.125", "42", "0.0001"] {
            let value: Decimal = text.parse().unwrap();
            let written = number(value);
            assert_eq!(crate::value::parse_number(&written), Ok(value), "{text} → {written}");
        }
        let percent = Reported::Number(Decimal::new(2125, 5), Some(crate::value::Dim::Percent));
        assert_eq!(written(&percent), "2.1250 pct.");
        let money = Reported::Number(Decimal::from(2_125_000), Some(crate::value::Dim::Money));
        assert_eq!(written(&money), "2125000 kr.");
    }
}
