#!/bin/sh
# Builds the fuzz targets the way `cargo fuzz build` does (same flags as cargo-fuzz 0.12),
# for machines that have a nightly toolchain but not the cargo-fuzz binary.
# Usage: fuzz/build.sh   then   fuzz/target/x86_64-unknown-linux-gnu/release/rule_loader CORPUS…
set -eu
cd "$(dirname "$0")"
RUSTFLAGS="-Cpasses=sancov-module \
 -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
 -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares \
 --cfg fuzzing -Cdebug-assertions -Coverflow-checks -Zsanitizer=address" \
  exec cargo +nightly build --release --target x86_64-unknown-linux-gnu --bins "$@"
