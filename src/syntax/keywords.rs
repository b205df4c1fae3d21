//! The words of the language, once: where each may stand and what it means.
//! The language server's hover and completion read this table; a test holds
//! it to the grammar (every Danish keyword of `grammar/maal.pest` is here).

/// Where a word may stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Place {
    /// A field of the `plan "…" { … }` header.
    Header,
    /// The start of a statement in a goal (or of a goal).
    Statement,
    /// Inside a condition: `og`, `eller`, `ikke`, `in`, deadline words.
    Operator,
    /// Combines sub-goals in a `mål:` line: `any(a, b)`.
    Combinator,
    /// Before a time: `senest juni 2026`.
    Time,
    /// A period word after a time word: `ultimo`, `Q2`.
    Period,
}

/// One word of the language.
#[derive(Clone, Copy, Debug)]
pub struct Keyword {
    /// As written (Danish first; English aliases where the grammar has them).
    pub word: &'static str,
    /// Where it may stand.
    pub places: &'static [Place],
    /// What it means, Danish and English (none for words that only lead to a date); the hover's words.
    #[cfg_attr(not(feature = "lsp"), allow(dead_code))]
    pub meaning: Option<(&'static str, &'static str)>,
}

use Place::{Combinator, Header, Operator, Period, Statement, Time};

const fn kw(word: &'static str, places: &'static [Place], da: &'static str, en: &'static str) -> Keyword {
    Keyword { word, places, meaning: Some((da, en)) }
}

const fn word(word: &'static str, places: &'static [Place]) -> Keyword {
    Keyword { word, places, meaning: None }
}

/// Every word, in the order completion offers them.
pub const KEYWORDS: &[Keyword] = &[
    kw("mål", &[Statement], "Et mål: `mål 7 \"titel\": …;`", "A goal: `mål 7 \"title\": …;`"),
    kw(
        "delmål",
        &[Statement],
        "Et delmål: `delmål a \"titel\": betingelse;`",
        "A sub-goal: `delmål a \"title\": condition;`",
    ),
    kw("sektion", &[Statement], "En overskrift over de følgende mål", "A heading over the goals that follow"),
    kw(
        "faktum",
        &[Statement],
        "Ordene rapporterne bruger om et faktum: `faktum sbt_uger \"gennemsnitlig sagsbehandlingstid\"`",
        "The words reports use for a fact: `fact sbt_weeks \"average case-processing time\"`",
    ),
    kw(
        "løbende",
        &[Statement],
        "Efter `faktum x`: tallet er en løbende total gennem perioden (forbrug, tilsyn til nu); porteføljen fremskriver kun løbende totaler",
        "After `fact x`: the figure is a running total through the period (spending, inspections so far); the portfolio projects only running totals",
    ),
    kw(
        "frist",
        &[Statement, Time],
        "Målets frist (standard: planperiodens slutning)",
        "The goal's deadline (default: the end of the plan period)",
    ),
    kw("opgave", &[Statement], "Opgavetypen: drift, projekt eller policy", "The task type: drift, projekt or policy"),
    kw(
        "måltype",
        &[Statement],
        "Måltypen: effekt, output, aktivitet eller kvalitet",
        "The goal type: effekt, output, aktivitet or kvalitet",
    ),
    kw("vægt", &[Statement], "Målets vægt med `scoring vægtet`", "The goal's weight with `scoring vægtet`"),
    kw("beskrivelse", &[Statement], "En beskrivelse af målet", "A description of the goal"),
    kw(
        "opgøres",
        &[Statement],
        "`opgøres ultimo`: målet måles over hele perioden (et gennemsnit, en andel, en beholdning ultimo) og afventer, til en indberetning dækker periodens slutning",
        "`opgøres ultimo`: the goal is measured over the whole period (an average, a share, a year-end stock) and pending until a report covers the period's end",
    ),
    kw(
        "målår",
        &[Statement],
        "Et mål for et senere år end planens: `målår 2022`; vises og følges (frist ultimo det år), men tæller ikke i årets målopfyldelse",
        "A target for a later year than the plan's: `målår 2022`; shown and tracked (deadline the end of that year), out of this year's score",
    ),
    kw(
        "helår",
        &[Statement],
        "Det samme som `opgøres ultimo`: målet afventer en indberetning for hele perioden",
        "The same as `opgøres ultimo`: the goal waits for a report covering the whole period",
    ),
    kw(
        "resultatkrav",
        &[Statement],
        "Det krævede resultat med egne ord, til årsrapporten",
        "The result required in the author's words, for the annual report",
    ),
    kw("ministerium", &[Header], "Ministeriet", "The ministry"),
    kw(
        "udbetaling",
        &[Header],
        "Resultattabellen: `udbetaling { 90 pct.: 100 pct.; 75 pct.: 75 pct. }` (fra en samlet målopfyldelse på 90 pct. udbetales 100 pct.)",
        "The result-to-payout table: `udbetaling { 90 pct.: 100 pct.; 75 pct.: 75 pct. }` (from a total of 90 pct., 100 pct. is paid)",
    ),
    kw("institution", &[Header], "Institutionen", "The institution"),
    kw("periode", &[Header], "Planens periode: `periode 2026`", "The plan's period: `periode 2026`"),
    kw("afrapportering", &[Header], "Hvor ofte institutionen indberetter", "How often the institution reports"),
    kw(
        "scoring",
        &[Header],
        "Hvordan målene lægges sammen: binær, vægtet eller delvis",
        "How goals add up: binær, vægtet or delvis",
    ),
    kw(
        "tillad",
        &[Statement, Header],
        "Slå en advarsel fra for målet (eller planen)",
        "Silence a warning for the goal (or the plan)",
    ),
    kw("og", &[Operator], "Begge skal holde", "Both must hold"),
    kw("eller", &[Operator], "Mindst én skal holde", "At least one must hold"),
    kw("ikke", &[Operator], "Må ikke holde", "Must not hold"),
    word("senest", &[Operator, Time]),
    word("inden", &[Operator, Time]),
    word("før", &[Operator, Time]),
    word("i", &[Operator, Time]),
    kw("in", &[Operator], "`x in 1..2`: mellem 1 og 2, begge med", "`x in 1..2`: between 1 and 2, both included"),
    kw(
        "mellem",
        &[Operator],
        "`x mellem 1..2`: mellem 1 og 2, begge med",
        "`x mellem 1..2`: between 1 and 2, both included",
    ),
    kw("any", &[Operator, Combinator], "`any(a, b)`: mindst ét af delmålene", "`any(a, b)`: at least one of the parts"),
    kw(
        "nogen",
        &[Operator, Combinator],
        "`nogen(a, b)`: mindst ét af delmålene",
        "`nogen(a, b)`: at least one of the parts",
    ),
    kw("all", &[Operator, Combinator], "`all(a, b)`: alle delmålene", "`all(a, b)`: every part"),
    kw("alle", &[Operator, Combinator], "`alle(a, b)`: alle delmålene", "`alle(a, b)`: every part"),
    kw(
        "atleast",
        &[Operator, Combinator],
        "`atleast(2, a, b, c)`: mindst n af delene",
        "`atleast(2, a, b, c)`: at least n of the parts",
    ),
    kw(
        "mindst",
        &[Operator, Combinator],
        "`mindst(2, a, b, c)`: mindst n af delene",
        "`mindst(2, a, b, c)`: at least n of the parts",
    ),
    kw(
        "falder",
        &[Operator],
        "Et fald fra et basisår: `sagsbehandlingstid falder mindst 25 pct. fra 2012` (pct. relativt, pct.-point og andre enheder absolut)",
        "A fall from a baseline year: `sagsbehandlingstid falder mindst 25 pct. fra 2012` (pct. relative, pct.-point and other units absolute)",
    ),
    kw(
        "stiger",
        &[Operator],
        "En stigning fra et basisår: `klager stiger højst 100 fra 2019`",
        "A rise from a baseline year: `klager stiger højst 100 fra 2019`",
    ),
    kw("højst", &[], "`falder højst`/`stiger højst`: ændringen er højst så stor", "`falder højst`/`stiger højst`: the change is at most this"),
    kw(
        "fra",
        &[],
        "Basisåret: `fra 2012`; faktum angives pr. år (`[historik]` i faktafilen)",
        "The baseline year: `fra 2012`; the fact is given per year (`[historik]` in the fact file)",
    ),
    kw("til", &[], "Året der måles: `fra 2012 til 2020` (ellers faktum uden år)", "The year measured: `fra 2012 til 2020` (else the fact without a year)"),
    kw(
        "hvert år",
        &[Operator],
        "Samme betingelse hvert år: `hvert år 2022..2024: ventetid <= 12 uger` (faktum uden år læses for hvert år)",
        "The same condition each year: `hvert år 2022..2024: ventetid <= 12 uger` (a fact without a year is read for each year)",
    ),
    kw(
        "af årene",
        &[],
        "`mindst 2 af årene 2022..2024: …`: betingelsen holder i mindst n af årene",
        "`mindst 2 af årene 2022..2024: …`: the condition holds in at least n of the years",
    ),
    word("by", &[Time]),
    word("af", &[Time]),
    kw(
        "dage",
        &[],
        "Kalenderdage: `afrapportering kvartalsvis senest 30 dage efter` periodens udløb",
        "Calendar days: `afrapportering kvartalsvis senest 30 dage efter` the period's end",
    ),
    kw(
        "arbejdsdage",
        &[],
        "Arbejdsdage (hverdage uden helligdage, grundlovsdag, juleaftensdag og nytårsaftensdag): `afrapportering kvartalsvis senest 10 arbejdsdage efter`; også en enhed (`<= 20 arbejdsdage`)",
        "Working days (weekdays except public holidays, Constitution Day, Christmas Eve and New Year's Eve): `afrapportering kvartalsvis senest 10 arbejdsdage efter`; also a unit (`<= 20 arbejdsdage`)",
    ),
    kw("efter", &[], "Efter periodens udløb: `senest 30 dage efter`", "After the period's end: `senest 30 dage efter`"),
    word("ultimo", &[Period, Time]),
    word("udgangen", &[Time]),
    word("udgangen af", &[Period]),
    word("Q1", &[Period]),
    word("Q2", &[Period]),
    word("Q3", &[Period]),
    word("Q4", &[Period]),
    word("1. kvartal", &[Period]),
    word("2. kvartal", &[Period]),
    word("3. kvartal", &[Period]),
    word("4. kvartal", &[Period]),
];

/// Other spellings the grammar accepts (English, and Danish synonyms), with
/// the word of the table they mean.
pub const ALIASES: &[(&str, &str)] = &[
    ("goal", "mål"),
    ("subgoal", "delmål"),
    ("section", "sektion"),
    ("fact", "faktum"),
    ("running", "løbende"),
    ("task", "opgave"),
    ("kind", "måltype"),
    ("deadline", "frist"),
    ("weight", "vægt"),
    ("note", "beskrivelse"),
    ("measured", "opgøres"),
    ("at-end", "ultimo"),
    ("full-year", "helår"),
    ("target-year", "målår"),
    ("requirement", "resultatkrav"),
    ("allow", "tillad"),
    ("or", "eller"),
    ("and", "og"),
    ("not", "ikke"),
    ("ministry", "ministerium"),
    ("period", "periode"),
    ("reporting", "afrapportering"),
    ("opgørelse", "scoring"),
    ("within", "senest"),
    ("kalenderdage", "dage"),
    ("days", "dage"),
    ("after", "efter"),
    ("every year", "hvert år"),
    ("at least", "mindst"),
    ("of the years", "af årene"),
    ("payout", "udbetaling"),
    ("working days", "arbejdsdage"),
    ("falls", "falder"),
    ("rises", "stiger"),
    ("from", "fra"),
    ("to", "til"),
];

/// The words that may stand at `place`, in the table's order.
pub fn at(place: Place) -> impl Iterator<Item = &'static str> {
    KEYWORDS.iter().filter(move |k| k.places.contains(&place)).map(|k| k.word)
}

/// The word `word` (as written, lower case; an alias finds the word it means),
/// if the language has it.
pub fn find(word: &str) -> Option<&'static Keyword> {
    let word = ALIASES.iter().find(|(alias, _)| *alias == word).map_or(word, |(_, meant)| meant);
    KEYWORDS.iter().find(|k| k.word == word)
}
