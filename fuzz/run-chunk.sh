#!/usr/bin/env bash
# One chunk of fuzzing: ONE libFuzzer process for $1 seconds (default 570), new inputs kept
# in fuzz/work/lint (git-ignored), seeds read from fuzz/corpus/lint.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-570}"
mkdir -p fuzz/work/lint
exec cargo +nightly fuzz run lint fuzz/work/lint fuzz/corpus/lint -- \
  -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 \
  -print_final_stats=1
