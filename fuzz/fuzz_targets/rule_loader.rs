//! Arbitrary bytes as a rule file: an engine, or located errors whose rendering quotes them;
//! never a panic. The body is shared with `tests/fuzz_drivers.rs`.
#![no_main]

#[path = "../../tests/fuzz_common/mod.rs"]
mod fuzz_common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_common::rule_loader(data));
