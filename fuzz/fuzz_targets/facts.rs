//! Any bytes as a TOML, JSON, CSV and Excel fact file: facts, or diagnostics
//! that render against the text they point into.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.toml", "fuzz.json", "fuzz.csv", "fuzz.xlsx"] {
        if let Err((source, diagnostics)) = maal::Facts::load_bytes(name, data) {
            assert!(!diagnostics.is_empty());
            let _ = maal::render::render_to_string(&source, &diagnostics, maal::Lang::Da);
        }
    }
});
