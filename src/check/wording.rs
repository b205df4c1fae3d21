//! Every error the checker reports, as data ([`Problem`]), and its words in
//! Danish and English, in one place: reviewing or translating the checker's
//! messages is reading this file. The checker decides *that* something is
//! wrong and where; this file says it.

use rust_decimal::Decimal;

use crate::diag::codes;
use crate::diag::{did_you_mean, Diagnostic, Msg};
use crate::source::Span;

/// One thing the checker found wrong, with what its words need.
pub(super) enum Problem<'a> {
    /// A header field given twice.
    DuplicateField { span: Span },
    /// No `periode` in the header.
    NoPeriod { header: Span },
    /// A row of the payout table that is not a percentage from 0 to 100, or
    /// a total written twice, or a higher total paying less.
    Payout { span: Span, what: Msg },
    /// Two goals with one number.
    DuplicateGoal { id: &'a str, span: Span, first: Span },
    /// Two labels (`faktum x "…"`) for one fact.
    DuplicateLabel { name: &'a str, span: Span, first: Span },
    /// Two sub-goals with one name in a goal.
    DuplicateSubgoal { name: &'a str, span: Span },
    /// A `frist` before the plan's period starts.
    DeadlineBeforePeriod { span: Span },
    /// `scoring vægtet` (or `scoring delvis` where other goals weigh) and a goal without `vægt`.
    MissingWeight { goal: &'a str, span: Span, partial: bool },
    /// A `vægt` under binary scoring.
    UnusedWeight { span: Span },
    /// A sub-goal's `vægt` outside `scoring delvis`, or (`missing`: the
    /// sub-goal without one) in a goal whose other sub-goals have one.
    MilestoneWeight { span: Span, missing: Option<&'a str> },
    /// More than one `mål:` line.
    TwoCombines { span: Span },
    /// A `mål:` line in a goal without sub-goals.
    CombineWithoutSubgoals { span: Span },
    /// Loose conditions beside a `mål:` line.
    LooseConditions { span: Span },
    /// A goal with nothing to measure.
    NoConditions { goal: &'a str, span: Span },
    /// A metadata word (`opgave`, `måltype`) not in its list.
    UnknownWord { code: &'static str, what: (&'a str, &'a str), word: &'a str, span: Span, allowed: &'a [&'a str] },
    /// A `resultatkrav` for a sub-goal the goal does not have.
    UnknownRequiredSubgoal { name: &'a str, span: Span, names: &'a [&'a str] },
    /// Two `resultatkrav` for one goal or sub-goal.
    TwoRequirements { sub: Option<&'a str>, span: Span },
    /// A name in a `mål:` line that is no sub-goal of the goal; `likely` are the
    /// sub-goals the line does not name yet (the ones to suggest).
    UnknownSubgoal { name: &'a str, span: Span, subgoals: &'a [&'a str], likely: &'a [&'a str] },
    /// A measure (not a sub-goal) in a `mål:` line.
    MeasureInCombine { span: Span },
    /// `any()`, `all()` with nothing in them.
    EmptyCombination { span: Span },
    /// `atleast()` without its count.
    AtLeastWithoutCount { span: Span },
    /// `atleast(x, …)` where x is not a whole number above 0.
    AtLeastBadCount { span: Span },
    /// `atleast(n, …)` with fewer than n parts.
    AtLeastTooMany { n: Decimal, parts: usize, span: Span },
    /// `<`, `>` on yes/no values.
    BoolOrdering { op: &'static str, span: Span },
    /// `x in 5..3`.
    EmptyRange { span: Span },
    /// `senest` on something that is not a date; `this` describes it.
    DeadlineNotDate { this: Msg, span: Span },
    /// A unit times itself (`kr. * kr.`): `symbol` and the unit's plural (da, en).
    SquaredUnit { symbol: &'static str, plural: (&'static str, &'static str), span: Span },
    /// One fact used as two kinds.
    TwoKinds { name: &'a str, span: Span, here: Msg, first: Span, elsewhere: Msg },
    /// Arithmetic on something that is not a number.
    NotANumber { this: Msg, span: Span },
    /// Two dimensions that do not meet; `hint` from the measure table.
    UnitMismatch {
        code: &'static str,
        whole: Span,
        a: (Span, Msg),
        b: (Span, Msg),
        hint: Option<(&'static str, &'static str)>,
    },
    /// A comparison of two kinds of value.
    KindMismatch { x: Msg, y: Msg, span: Span },
    /// A condition that is not yes/no.
    NotACondition { code: &'static str, this: Msg, span: Span },
}

impl Problem<'_> {
    /// The diagnostic people read.
    pub(super) fn diagnostic(self) -> Diagnostic {
        match self {
            Problem::DuplicateField { span } => Diagnostic::error(
                codes::DUPLICATE_FIELD,
                Msg::new("feltet er angivet to gange", "field given twice"),
                Some(span),
                Msg::new(
                    "dette felt er allerede angivet i planhovedet",
                    "this field is already set in the plan header",
                ),
            ),
            Problem::Payout { span, what } => Diagnostic::error(
                codes::PAYOUT,
                Msg::new("ugyldig udbetalingstabel", "invalid payout table"),
                Some(span),
                what,
            )
            .hint(Msg::new(
                "skriv fx `udbetaling { 90 pct.: 100 pct.; 75 pct.: 75 pct.; 50 pct.: 50 pct. }`",
                "write e.g. `udbetaling { 90 pct.: 100 pct.; 75 pct.: 75 pct.; 50 pct.: 50 pct. }`",
            )),
            Problem::NoPeriod { header } => Diagnostic::error(
                codes::NO_PERIOD,
                Msg::new("planen mangler en periode", "the plan has no period"),
                Some(header),
                Msg::new("her mangler `periode`", "`periode` is missing here"),
            )
            .note(Msg::new(
                "perioden afgør frister og hvornår et mål er afventende",
                "the period decides deadlines and when a goal is pending",
            ))
            .hint(Msg::new("tilføj fx `periode 2026`", "add, for example, `periode 2026`")),
            Problem::DuplicateGoal { id, span, first } => Diagnostic::error(
                codes::DUPLICATE_GOAL,
                Msg::new(format!("mål {id} findes to gange"), format!("goal {id} defined twice")),
                Some(span),
                Msg::new("andet mål med samme nummer", "second goal with this number"),
            )
            .related(first, Msg::new("første mål med dette nummer", "first goal with this number")),
            Problem::DuplicateLabel { name, span, first } => Diagnostic::error(
                codes::DUPLICATE_LABEL,
                Msg::new(
                    format!("faktum `{name}` har to betegnelser"),
                    format!("fact `{name}` has two labels"),
                ),
                Some(span),
                Msg::new("anden betegnelse for samme faktum", "second label for this fact"),
            )
            .related(first, Msg::new("første betegnelse", "first label"))
            .hint(Msg::new("behold én `faktum`-linje pr. faktum", "keep one `faktum` line per fact")),
            Problem::DuplicateSubgoal { name, span } => Diagnostic::error(
                codes::DUPLICATE_SUBGOAL,
                Msg::new(format!("delmål {name} findes to gange"), format!("sub-goal {name} defined twice")),
                Some(span),
                Msg::new("andet delmål med samme navn", "second sub-goal with this name"),
            ),
            Problem::DeadlineBeforePeriod { span } => Diagnostic::error(
                codes::DEADLINE_BEFORE_PERIOD,
                Msg::new("fristen ligger før planperioden", "deadline before the plan period"),
                Some(span),
                Msg::new("fristen er overskredet før planen begynder", "this deadline passes before the plan starts"),
            ),
            Problem::MissingWeight { goal, span, partial: false } => Diagnostic::error(
                codes::WEIGHT,
                Msg::new(format!("mål {goal} mangler en vægt"), format!("goal {goal} has no weight")),
                Some(span),
                Msg::new("planen bruger `scoring vægtet`", "the plan uses `scoring vægtet`"),
            )
            .hint(Msg::new("tilføj fx `vægt 20 point;`", "add, for example, `vægt 20 point;`")),
            Problem::MissingWeight { goal, span, partial: true } => Diagnostic::error(
                codes::WEIGHT,
                Msg::new(format!("mål {goal} mangler en vægt"), format!("goal {goal} has no weight")),
                Some(span),
                Msg::new(
                    "andre mål i planen har vægte eller point for delmål",
                    "other goals of the plan have weights or points for sub-goals",
                ),
            )
            .note(Msg::new(
                "med delvis scoring vejer enten alle mål (`vægt`, eller delmålenes point tilsammen) eller ingen",
                "with partial scoring either every goal weighs (`vægt`, or its sub-goals' points together) or none does",
            ))
            .hint(Msg::new("tilføj fx `vægt 20 point;`", "add, for example, `vægt 20 point;`")),
            Problem::UnusedWeight { span } => Diagnostic::error(
                codes::WEIGHT,
                Msg::new("vægt uden vægtet scoring", "weight without weighted scoring"),
                Some(span),
                Msg::new("vægten bliver ikke brugt", "this weight is not used"),
            )
            .note(Msg::new("med binær scoring vejer alle mål 100/N", "with binary scoring every goal weighs 100/N"))
            .hint(Msg::new(
                "skriv `scoring vægtet` (eller `scoring delvis` for point pr. delmål) i planhovedet",
                "write `scoring vægtet` (or `scoring delvis` for points per sub-goal) in the plan header",
            )),
            Problem::MilestoneWeight { span, missing: None } => Diagnostic::error(
                codes::WEIGHT,
                Msg::new("point for et delmål uden delvis scoring", "points for a sub-goal without partial scoring"),
                Some(span),
                Msg::new("delmålets vægt bliver ikke brugt", "this sub-goal's weight is not used"),
            )
            .note(Msg::new(
                "kun med `scoring delvis` giver et mål point for de delmål (milepæle), der er nået",
                "only with `scoring delvis` does a goal score for the sub-goals (milestones) reached",
            ))
            .hint(Msg::new("skriv `scoring delvis` i planhovedet", "write `scoring delvis` in the plan header")),
            Problem::MilestoneWeight { span, missing: Some(name) } => Diagnostic::error(
                codes::WEIGHT,
                Msg::new(format!("delmål {name} mangler point"), format!("sub-goal {name} has no points")),
                Some(span),
                Msg::new("målets andre delmål har en vægt", "the goal's other sub-goals have a weight"),
            )
            .hint(Msg::new(
                format!("skriv fx `delmål {name} \"…\" vægt 5 point: …`"),
                format!("write e.g. `delmål {name} \"…\" vægt 5 point: …`"),
            )),
            Problem::TwoCombines { span } => Diagnostic::error(
                codes::COMBINE_MISUSE,
                Msg::new("flere `mål:`-linjer", "more than one `mål:` line"),
                Some(span),
                Msg::new("et mål kombinerer sine delmål én gang", "a goal combines its sub-goals once"),
            ),
            Problem::CombineWithoutSubgoals { span } => Diagnostic::error(
                codes::COMBINE_MISUSE,
                Msg::new("`mål:` uden delmål", "`mål:` without sub-goals"),
                Some(span),
                Msg::new("der er ingen delmål at kombinere", "there are no sub-goals to combine"),
            ),
            Problem::LooseConditions { span } => Diagnostic::error(
                codes::COMBINE_MISUSE,
                Msg::new("løse betingelser sammen med `mål:`", "loose conditions together with `mål:`"),
                Some(span),
                Msg::new("målets værdi er givet her", "the goal's value is given here"),
            )
            .hint(Msg::new("gør betingelserne til delmål", "make the conditions sub-goals")),
            Problem::NoConditions { goal, span } => Diagnostic::error(
                codes::NO_CONDITIONS,
                Msg::new(format!("mål {goal} har ingen betingelser"), format!("goal {goal} has no conditions")),
                Some(span),
                Msg::new("intet at måle", "nothing to measure"),
            )
            .hint(Msg::new("tilføj fx `stikprøvekontroller >= 10;`", "add, for example, `stikprøvekontroller >= 10;`")),
            Problem::UnknownWord { code, what: (what_da, what_en), word, span, allowed } => Diagnostic::error(
                code,
                Msg::new(format!("ukendt {what_da}: `{word}`"), format!("unknown {what_en}: `{word}`")),
                Some(span),
                Msg::new(format!("gyldige: {}", allowed.join(", ")), format!("valid: {}", allowed.join(", "))),
            )
            .maybe_hint(did_you_mean(word, allowed.iter().copied())),
            Problem::UnknownRequiredSubgoal { name, span, names } => Diagnostic::error(
                codes::UNKNOWN_SUBGOAL,
                Msg::new(format!("ukendt delmål `{name}`"), format!("unknown sub-goal `{name}`")),
                Some(span),
                Msg::new("intet delmål med dette navn i målet", "no sub-goal of this goal has this name"),
            )
            .maybe_hint(did_you_mean(name, names.iter().copied())),
            Problem::TwoRequirements { sub, span } => {
                let what = sub.map_or_else(|| "målet".into(), |s| format!("delmål {s}"));
                let what_en = sub.map_or_else(|| "the goal".into(), |s| format!("sub-goal {s}"));
                Diagnostic::error(
                    codes::DUPLICATE_FIELD,
                    Msg::new(format!("to resultatkrav for {what}"), format!("two result requirements for {what_en}")),
                    Some(span),
                    Msg::new("andet resultatkrav", "second result requirement"),
                )
            }
            Problem::UnknownSubgoal { name, span, subgoals, likely } => Diagnostic::error(
                codes::UNKNOWN_SUBGOAL,
                Msg::new(format!("ukendt delmål `{name}`"), format!("unknown sub-goal `{name}`")),
                Some(span),
                Msg::new("intet delmål med dette navn i målet", "no sub-goal of this goal has this name"),
            )
            .note(Msg::new(
                format!("målets delmål er: {}", subgoals.join(", ")),
                format!("the goal's sub-goals are: {}", subgoals.join(", ")),
            ))
            .maybe_hint(did_you_mean(name, likely.iter().copied())),
            Problem::MeasureInCombine { span } => Diagnostic::error(
                codes::COMBINE_MEASURE,
                Msg::new("`mål:` kombinerer kun delmål", "`mål:` only combines sub-goals"),
                Some(span),
                Msg::new("her står en måling, ikke et delmål", "this is a measure, not a sub-goal"),
            )
            .hint(Msg::new(
                "flyt målingen ind i et delmål og henvis til det",
                "move the measure into a sub-goal and refer to it",
            )),
            Problem::EmptyCombination { span } => Diagnostic::error(
                codes::BAD_COMBINATION,
                Msg::new("tom kombination", "empty combination"),
                Some(span),
                Msg::new("mindst ét argument forventes", "at least one argument expected"),
            ),
            Problem::AtLeastWithoutCount { span } => Diagnostic::error(
                codes::BAD_COMBINATION,
                Msg::new("`atleast` mangler et antal", "`atleast` needs a count"),
                Some(span),
                Msg::new("skriv fx `atleast(2, a, b, c)`", "write, for example, `atleast(2, a, b, c)`"),
            ),
            Problem::AtLeastBadCount { span } => Diagnostic::error(
                codes::BAD_COMBINATION,
                Msg::new("ugyldigt antal i `atleast`", "invalid count in `atleast`"),
                Some(span),
                Msg::new("her forventes et helt tal større end 0", "a whole number above 0 is expected here"),
            ),
            Problem::AtLeastTooMany { n, parts, span } => Diagnostic::error(
                codes::BAD_COMBINATION,
                Msg::new("kravet kan aldrig opfyldes", "the requirement can never be met"),
                Some(span),
                Msg::new(
                    format!("kræver {n}, men der er kun {parts} argumenter"),
                    format!("requires {n}, but there are only {parts} arguments"),
                ),
            ),
            Problem::BoolOrdering { op, span } => Diagnostic::error(
                codes::BOOL_ORDERING,
                Msg::new("ja/nej kan ikke ordnes", "yes/no values have no order"),
                Some(span),
                Msg::new(format!("`{op}` bruges på ja/nej"), format!("`{op}` used on yes/no")),
            ),
            Problem::EmptyRange { span } => Diagnostic::error(
                codes::EMPTY_RANGE,
                Msg::new("tomt interval", "empty range"),
                Some(span),
                Msg::new("nedre grænse er større end øvre", "the lower bound is above the upper"),
            ),
            Problem::DeadlineNotDate { this, span } => Diagnostic::error(
                codes::DEADLINE_NOT_DATE,
                Msg::new("frist på noget der ikke er en dato", "deadline on something that is not a date"),
                Some(span),
                Msg::new(format!("dette er {}", this.da), format!("this is {}", this.en)),
            )
            .note(Msg::new(
                "`senest` og `i` sammenligner en leveringsdato med en frist",
                "`senest` and `i` compare a delivery date with a deadline",
            )),
            Problem::SquaredUnit { symbol, plural: (da, en), span } => Diagnostic::error(
                codes::ARITH_UNITS,
                Msg::new(
                    format!("{symbol} gange {symbol} giver ikke mening"),
                    format!("{symbol} times {symbol} makes no sense"),
                ),
                Some(span),
                Msg::new(format!("to {da} ganges"), format!("two {en} multiplied")),
            ),
            Problem::TwoKinds { name, span, here, first, elsewhere } => Diagnostic::error(
                codes::TWO_KINDS,
                Msg::new(format!("faktum `{name}` bruges på to måder"), format!("fact `{name}` used in two ways")),
                Some(span),
                Msg::new(format!("her bruges det som {}", here.da), format!("here it is used as {}", here.en)),
            )
            .related(
                first,
                Msg::new(
                    format!("første brug; andetsteds er det {}", elsewhere.da),
                    format!("first use; elsewhere it is {}", elsewhere.en),
                ),
            )
            .hint(Msg::new("brug to forskellige navne", "use two different names")),
            Problem::NotANumber { this, span } => Diagnostic::error(
                codes::KIND_MISMATCH,
                Msg::new("regning med noget der ikke er et tal", "arithmetic on something that is not a number"),
                Some(span),
                Msg::new(format!("dette er {}", this.da), format!("this is {}", this.en)),
            ),
            Problem::UnitMismatch { code, whole, a, b, hint } => {
                let diag = Diagnostic::error(
                    code,
                    Msg::new("enhederne passer ikke sammen", "units do not match"),
                    Some(whole),
                    Msg::new("enhederne passer ikke", "mismatched units"),
                )
                .related(a.0, Msg::new(format!("dette er {}", a.1.da), format!("this is {}", a.1.en)))
                .related(b.0, Msg::new(format!("dette er {}", b.1.da), format!("this is {}", b.1.en)))
                .note(Msg::new(
                    "kun værdier med samme dimension kan sammenlignes eller lægges sammen",
                    "only values of the same dimension can be compared or added",
                ));
                diag.maybe_hint(hint.map(|(da, en)| Msg::new(da, en)))
            }
            Problem::KindMismatch { x, y, span } => Diagnostic::error(
                codes::KIND_MISMATCH,
                Msg::new("værdier af forskellig art sammenlignes", "values of different kinds compared"),
                Some(span),
                Msg::new(format!("{} mod {}", x.da, y.da), format!("{} against {}", x.en, y.en)),
            ),
            Problem::NotACondition { code, this, span } => Diagnostic::error(
                code,
                Msg::new("betingelsen er ikke ja/nej", "the condition is not yes/no"),
                Some(span),
                Msg::new(format!("dette er {}", this.da), format!("this is {}", this.en)),
            )
            .hint(Msg::new("sammenlign med en grænse, fx `>= 10`", "compare with a limit, e.g. `>= 10`")),
        }
    }
}
