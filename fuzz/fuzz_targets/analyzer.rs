//! Arbitrary bytes as an article (flags, text and metadata) scored with the default rules: a
//! report whose invariants hold; never a panic. The body is shared with `tests/fuzz_drivers.rs`.
#![no_main]

#[path = "../../tests/fuzz_common/mod.rs"]
mod fuzz_common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_common::analyzer(data));
