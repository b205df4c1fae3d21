//! maal: a rules engine for Danish state goal-and-result plans.
#![warn(missing_docs)]

pub mod diag;
pub mod source;
pub mod syntax;
pub mod value;
