#!/usr/bin/env bash
# Runs the `generate` fuzz target for a set time.
#
#   tests/fuzz/run.sh [SECONDS] [SHARED]
#
# SECONDS defaults to 600. SHARED is the folder with `corpus/` and `cases/`
# (default: ../shared next to the repository). Seeds are copied at run time
# into target/fuzz/seeds/, never into the repository; libFuzzer keeps its
# growing corpus in target/fuzz/corpus/ and writes findings to
# target/fuzz/artifacts/. An input that runs longer than 60 s counts as a
# hang. Needs a nightly toolchain and `cargo install cargo-fuzz`.
set -euo pipefail
seconds=${1:-600}
repo=$(cd "$(dirname "$0")/../.." && pwd)
shared=${2:-$repo/../shared}
work=$repo/target/fuzz
mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts"

# Seeds: the cases, the repository's fixtures and every corpus document up
# to 64 KiB. Larger documents take seconds per run, which starves the mutator.
find "$shared/cases" "$repo/tests/fixtures" -type f \( -name '*.yaml' -o -name '*.json' \) \
    -exec cp -f {} "$work/seeds/" \;
find "$shared/corpus" -type f \( -name '*.yaml' -o -name '*.json' \) -size -65k \
    -exec sh -c 'work=$1; shift; for f; do cp -f "$f" "$work/seeds/$(basename "$(dirname "$f")")-$(basename "$f")"; done' _ "$work" {} +

cd "$repo/tests/fuzz"
exec cargo +nightly fuzz run --sanitizer none --target-dir "$work/target" generate \
    "$work/corpus" "$work/seeds" -- \
    -max_total_time="$seconds" -timeout=60 -max_len=65536 -rss_limit_mb=4096 \
    -artifact_prefix="$work/artifacts/" -print_final_stats=1
