//! Every diagnostic code, by name: the one place a code is written.
//!
//! Codes are stable (`docs/diagnostics.md` explains each); code refers to
//! them by these names, never by their text.

/// `E0001`: a syntax error (with what was expected).
pub const SYNTAX: &str = "E0001";
/// `E0002`: nesting too deep or an expression chain too long.
pub const TOO_DEEP: &str = "E0002";
/// `E0003`: source too large / too many goals.
pub const TOO_LARGE: &str = "E0003";
/// `E0004`: an empty file.
pub const EMPTY_FILE: &str = "E0004";
/// `E0005`: an invalid date, year or period.
pub const INVALID_DATE: &str = "E0005";
/// `E0006`: a number too large (more than 28 significant digits).
pub const NUMBER_TOO_LARGE: &str = "E0006";
/// `E0007`: the file is not UTF-8.
pub const NOT_UTF8: &str = "E0007";
/// `E0008`: a file could not be read.
pub const UNREADABLE: &str = "E0008";
/// `E0010`: a number that reads two ways (`1.000`).
pub const AMBIGUOUS_NUMBER: &str = "E0010";
/// `E0101`: an unknown sub-goal.
pub const UNKNOWN_SUBGOAL: &str = "E0101";
/// `E0102`: units do not match in a comparison.
pub const UNIT_MISMATCH: &str = "E0102";
/// `E0103`: values of different kinds (money and a date).
pub const KIND_MISMATCH: &str = "E0103";
/// `E0104`: arithmetic with units that do not combine.
pub const ARITH_UNITS: &str = "E0104";
/// `E0105`: a duplicate goal number.
pub const DUPLICATE_GOAL: &str = "E0105";
/// `E0106`: a duplicate sub-goal.
pub const DUPLICATE_SUBGOAL: &str = "E0106";
/// `E0107`: a condition that is not yes/no.
pub const NOT_A_CONDITION: &str = "E0107";
/// `E0108`: a fact used with two kinds.
pub const TWO_KINDS: &str = "E0108";
/// `E0109`: an invalid `atleast` count or an empty combination.
pub const BAD_COMBINATION: &str = "E0109";
/// `E0110`: a plan header field given twice.
pub const DUPLICATE_FIELD: &str = "E0110";
/// `E0111`: a plan without a period.
pub const NO_PERIOD: &str = "E0111";
/// `E0112`: an unknown task type or goal type.
pub const UNKNOWN_TYPE: &str = "E0112";
/// `E0113`: a weight without weighted scoring, or a missing weight with it.
pub const WEIGHT: &str = "E0113";
/// `E0114`: a goal without conditions.
pub const NO_CONDITIONS: &str = "E0114";
/// `E0115`: misuse of `mål:`.
pub const COMBINE_MISUSE: &str = "E0115";
/// `E0116`: `mål:` combining a measure instead of sub-goals.
pub const COMBINE_MEASURE: &str = "E0116";
/// `E0117`: an ordering comparison on yes/no.
pub const BOOL_ORDERING: &str = "E0117";
/// `E0118`: an empty range (`2..1`).
pub const EMPTY_RANGE: &str = "E0118";
/// `E0119`: a deadline before the plan period.
pub const DEADLINE_BEFORE_PERIOD: &str = "E0119";
/// `E0120`: a deadline on something that is not a date.
pub const DEADLINE_NOT_DATE: &str = "E0120";
/// `E0121`: a payout table row that is not a percentage, a total twice, or a higher total paying less.
pub const PAYOUT: &str = "E0121";
/// `E0122`: two labels (`faktum x "…"`) for one fact.
pub const DUPLICATE_LABEL: &str = "E0122";
/// `E0201`: a malformed facts file.
pub const MALFORMED_FACTS: &str = "E0201";
/// `E0202`: an unknown fact.
pub const UNKNOWN_FACT: &str = "E0202";
/// `E0203`: a fact value of the wrong kind or unit, or with/without a year against the rules.
pub const WRONG_KIND: &str = "E0203";
/// `E0204`: a value that cannot be read as given (malformed, ambiguous, twice, nameless, undated).
pub const BAD_VALUE: &str = "E0204";
/// `E0205`: division by zero while evaluating.
pub const DIVISION_BY_ZERO: &str = "E0205";
/// `E0206`: arithmetic overflow while evaluating.
pub const OVERFLOW: &str = "E0206";
/// `E0207`: an unknown goal or sub-goal in a drop or override.
pub const UNKNOWN_GOAL: &str = "E0207";
/// `E0208`: a drop or override without a reason.
pub const NO_REASON: &str = "E0208";
/// `E0209`: an invalid override status.
pub const BAD_OVERRIDE_STATUS: &str = "E0209";
/// `E0210`: values that cannot be compared.
pub const INCOMPARABLE: &str = "E0210";
/// `E0211`: arithmetic on units from the facts that disagree.
pub const RUNTIME_UNITS: &str = "E0211";
/// `W0101`: a goal with no deadline.
pub const NO_DEADLINE: &str = "W0101";
/// `W0102`: a goal whose outcome depends on no fact.
pub const NO_FACTS: &str = "W0102";
/// `W0103`: contradictory thresholds on one fact.
pub const CONTRADICTORY: &str = "W0103";
/// `W0104`: a sub-goal the `mål:` line never uses.
pub const UNUSED_SUBGOAL: &str = "W0104";
/// `W0105`: weights that do not sum to 100.
pub const WEIGHTS_SUM: &str = "W0105";
/// `W0106`: one fact compared with different units.
pub const MIXED_UNITS: &str = "W0106";
/// `W0107`: a deadline outside the plan period.
pub const DEADLINE_OUTSIDE_PERIOD: &str = "W0107";
/// `W0201`: a fact in a facts file that the plan does not use (skipped).
pub const UNUSED_FACT: &str = "W0201";
/// `W0202`: a percentage given as a bare number between 0 and 1.
pub const FRACTION_PERCENT: &str = "W0202";
/// `W0108`: `inden` before a period (`inden juni 2024`), which readers take two ways.
pub const AMBIGUOUS_INDEN: &str = "W0108";
/// `W0109`: a limit on a measure over the whole period (an average, a share)
/// in a goal that is not `opgøres ultimo`, so a mid-year figure decides it.
pub const YEAR_MEASURE: &str = "W0109";
/// `W0110`: a `målår` that is not after the plan's period (it changes nothing).
pub const TARGET_YEAR_INSIDE: &str = "W0110";
/// `W0111`: a label (`faktum x "…"`) for a fact no rule reads.
pub const UNUSED_LABEL: &str = "W0111";

/// Every code, in order.
#[cfg_attr(not(feature = "internals"), allow(dead_code))] // read by tests/diagnostics_doc.rs
pub const ALL: &[&str] = &[
    SYNTAX,
    TOO_DEEP,
    TOO_LARGE,
    EMPTY_FILE,
    INVALID_DATE,
    NUMBER_TOO_LARGE,
    NOT_UTF8,
    UNREADABLE,
    AMBIGUOUS_NUMBER,
    UNKNOWN_SUBGOAL,
    UNIT_MISMATCH,
    KIND_MISMATCH,
    ARITH_UNITS,
    DUPLICATE_GOAL,
    DUPLICATE_SUBGOAL,
    NOT_A_CONDITION,
    TWO_KINDS,
    BAD_COMBINATION,
    DUPLICATE_FIELD,
    NO_PERIOD,
    UNKNOWN_TYPE,
    WEIGHT,
    NO_CONDITIONS,
    COMBINE_MISUSE,
    COMBINE_MEASURE,
    BOOL_ORDERING,
    EMPTY_RANGE,
    DEADLINE_BEFORE_PERIOD,
    DEADLINE_NOT_DATE,
    PAYOUT,
    DUPLICATE_LABEL,
    MALFORMED_FACTS,
    UNKNOWN_FACT,
    WRONG_KIND,
    BAD_VALUE,
    DIVISION_BY_ZERO,
    OVERFLOW,
    UNKNOWN_GOAL,
    NO_REASON,
    BAD_OVERRIDE_STATUS,
    INCOMPARABLE,
    RUNTIME_UNITS,
    NO_DEADLINE,
    NO_FACTS,
    CONTRADICTORY,
    UNUSED_SUBGOAL,
    WEIGHTS_SUM,
    MIXED_UNITS,
    DEADLINE_OUTSIDE_PERIOD,
    AMBIGUOUS_INDEN,
    YEAR_MEASURE,
    TARGET_YEAR_INSIDE,
    UNUSED_LABEL,
    UNUSED_FACT,
    FRACTION_PERCENT,
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_code_is_documented_and_every_documented_code_exists() {
        let docs = include_str!("../../docs/diagnostics.md");
        for code in super::ALL {
            assert!(docs.contains(&format!("| {code} |")), "{code} is not in docs/diagnostics.md");
        }
        for line in docs.lines().filter(|l| l.starts_with("| E") || l.starts_with("| W")) {
            let code = &line[2..7];
            // E0009 is reserved: documented, no longer raised.
            assert!(super::ALL.contains(&code) || code == "E0009", "{code} is documented but has no constant");
        }
    }
}
