//! Any bytes: decoding and parsing end in a tree or located diagnostics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = maal::decode_source("fuzz.maal", data) {
        if let Err(diagnostics) = maal::syntax::parse(&source.text) {
            assert!(!diagnostics.is_empty());
            for d in &diagnostics {
                if let Some(span) = d.span {
                    assert!(span.start <= span.end && span.end <= source.text.len(), "span out of range: {d:?}");
                }
            }
        }
    }
});
