#!/usr/bin/env bash
# Peer comparison: times credence's CLI against proselint (PyPI), write-good and
# retext-intensify (npm) on the same 1 MB of seed-article text, and prints throughput and ratios.
#
# Usage (from the repository root): benches/peers/run.sh [SIZE_BYTES]
#   PEERS_DIR=DIR   reuse an install directory (default: a fresh temporary directory, removed
#                   at exit); the peers are installed there with pip and npm, nothing global.
#   CREDENCE=PATH   the credence binary (default: target/release/credence, built if missing).
#   RUNS=N          timed runs of credence, best kept (default 5).
#   PEER_RUNS=N     timed runs of each peer, best kept (default 1: they take seconds each).
# Documented in docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
size=${1:-1048576}
runs=${RUNS:-5}
peer_runs=${PEER_RUNS:-1}
credence=${CREDENCE:-$root/target/release/credence}
if [ ! -x "$credence" ]; then
  cargo build --release --quiet
fi

if [ -n "${PEERS_DIR:-}" ]; then
  dir=$PEERS_DIR
  mkdir -p "$dir"
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi

# --- install the peers into $dir ------------------------------------------------------------
if [ ! -x "$dir/venv/bin/proselint" ]; then
  python3 -m venv "$dir/venv"
  "$dir/venv/bin/pip" install --quiet proselint >&2
fi
if [ ! -d "$dir/node_modules/retext-intensify" ] || [ ! -d "$dir/node_modules/write-good" ]; then
  (cd "$dir" && npm init -y >/dev/null 2>&1 && npm install --silent --no-audit --no-fund \
    write-good retext retext-intensify >&2)
fi
cp benches/peers/driver.mjs "$dir/driver.mjs"

# --- the input: seed articles repeated to SIZE bytes ----------------------------------------
input=$dir/input.txt
jsonl=$dir/input.jsonl
python3 - "$size" "$input" "$jsonl" <<'PY'
import json, pathlib, sys
size, txt, jl = int(sys.argv[1]), sys.argv[2], sys.argv[3]
seeds = [p.read_text() for p in sorted(pathlib.Path("seeds").glob("*.txt"))]
out, records, n = [], [], 0
while n < size:
    for s in seeds:
        out.append(s)
        records.append(json.dumps({"id": f"a{len(records)}", "body": s}))
        n += len(s.encode()) + 1
text = "\n".join(out)
pathlib.Path(txt).write_text(text)
pathlib.Path(jl).write_text("\n".join(records) + "\n")
print(f"input: {len(text.encode())} bytes, {len(records)} articles", file=sys.stderr)
PY
bytes=$(wc -c <"$input")

# --- timing ---------------------------------------------------------------------------------
best() { # best wall-clock seconds of $1 runs of the rest, output discarded
  local n=$1 b="" t0 t1 t
  shift
  for _ in $(seq "$n"); do
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$b" ] || (( $(echo "$t < $b" | bc -l) )); then b=$t; fi
  done
  echo "$b"
}

declare -A secs
# proselint 0.16 has a `check` command; older releases take the paths directly.
if "$dir/venv/bin/proselint" check --help >/dev/null 2>&1; then
  proselint=("$dir/venv/bin/proselint" check)
else
  proselint=("$dir/venv/bin/proselint")
fi
articles=$(wc -l <"$jsonl")
# Peers run on one core, and so does credence (`-j 1`; its default is every core).
secs[credence-text]=$(best "$runs" "$credence" score -j 1 --format json "$input")
secs[credence-jsonl]=$(best "$runs" sh -c "'$credence' score -j 1 --jsonl --format json <'$jsonl'")
secs[proselint]=$(best "$peer_runs" "${proselint[@]}" "$input")
secs[write-good]=$(best "$peer_runs" node "$dir/driver.mjs" write-good "$input")
secs[retext-intensify]=$(best "$peer_runs" node "$dir/driver.mjs" retext-intensify "$input")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F)"
echo "input: $bytes bytes of seed articles (same text for every tool; whole process, best of $runs runs for credence, $peer_runs for peers)"
echo "credence-text: the text as one plain-text file; credence-jsonl: the same $articles articles as JSON Lines"
printf '%-18s %10s %10s %12s %22s\n' tool seconds MB/s articles/s "time / credence-text"
for t in credence-text credence-jsonl proselint write-good retext-intensify; do
  s=${secs[$t]}
  mbs=$(echo "$bytes / $s / 1000000" | bc -l)
  ratio=$(echo "$s / ${secs[credence-text]}" | bc -l)
  aps=$(echo "$articles / $s" | bc -l)
  printf '%-18s %10.3f %10.2f %12.0f %22.1f\n' "$t" "$s" "$mbs" "$aps" "$ratio"
done

# --- end to end on a larger batch (process start and engine build amortised) ----------------
big=$dir/big.jsonl
for _ in $(seq 20); do cat "$jsonl"; done >"$big"
big_bytes=$(wc -c <"$big")
big_articles=$(wc -l <"$big")
echo
echo "end to end: $big_articles articles, $big_bytes bytes of JSON Lines in, JSON out:"
for jobs in 1 2; do
  s=$(best "$runs" sh -c "'$credence' score -j $jobs --jsonl --format json <'$big'")
  printf '  %d job(s): %.3f s, %.1f MB/s, %.0f articles/s\n' "$jobs" "$s" \
    "$(echo "$big_bytes / $s / 1000000" | bc -l)" "$(echo "$big_articles / $s" | bc -l)"
done
