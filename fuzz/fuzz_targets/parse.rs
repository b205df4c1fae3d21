//! Any bytes: decoding and parsing end in a tree or located diagnostics, and
//! the fast path agrees with pest (`src/syntax/fast.rs`): the same tree or the
//! same diagnostics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = maal::decode_source("fuzz.maal", data) {
        let parsed = maal::syntax::parse(&source.text);
        let pest = maal::syntax::parse_pest_only(&source.text, &maal::syntax::Limits::default());
        assert!(parsed == pest, "the fast path and pest disagree");
        if let Err(diagnostics) = parsed {
            assert!(!diagnostics.is_empty());
            for d in &diagnostics {
                if let Some(span) = d.span {
                    assert!(span.start <= span.end && span.end <= source.text.len(), "span out of range: {d:?}");
                }
            }
        }
    }
});
