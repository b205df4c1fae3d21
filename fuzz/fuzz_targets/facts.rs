//! Any bytes as a TOML and as a JSON fact file: facts or located diagnostics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.toml", "fuzz.json"] {
        let Ok(source) = maal::decode_source(name, data) else { continue };
        if let Err(diagnostics) = maal::facts::Facts::load(&source) {
            assert!(!diagnostics.is_empty());
            let _ = maal::report::render_to_string(&source, &diagnostics, maal::diag::Lang::Da);
        }
    }
});
