//! Any rules that parse: the formatted text parses again, formatting it again
//! changes nothing, and it checks the same way (both pass or both fail).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = maal::decode_source("fuzz.maal", data) else { return };
    let Ok(file) = maal::syntax::parse(&source.text) else { return };
    let once = maal::syntax::format::format(&file, &source.text);
    let again = maal::syntax::parse(&once).unwrap_or_else(|d| panic!("formatted text does not parse: {d:?}\n{once}"));
    let twice = maal::syntax::format::format(&again, &once);
    assert_eq!(once, twice, "formatting is not idempotent");
    let checks = |text: &str| maal::check_source(&maal::Source::new("f.maal", text)).is_ok();
    assert_eq!(checks(&source.text), checks(&once), "formatting changed whether the plan checks:\n{once}");
});
