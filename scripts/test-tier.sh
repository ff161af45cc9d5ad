#!/usr/bin/env bash
# Runs one tier of tests with node's test runner over an explicit file list (Node 20 has no .ts glob).
#   unit     pure tests beside the code (src/**/*.test.ts[x])
#   http     HTTP tests of the real app (test/http), on SQLite, or on PostgreSQL when TEST_POSTGRES_URL is set
#   browser  journeys in real Chromium (test/browser)
set -euo pipefail
cd "$(dirname "$0")/.."
tier="${1:?tier: unit, http or browser}"
case "$tier" in
  unit) files=$(find src -name '*.test.ts' -o -name '*.test.tsx' | sort) ;;
  http) files=$(find test/http -name '*.test.ts' -o -name '*.test.tsx' | sort) ;;
  browser) files=$(find test/browser -name '*.test.ts' -o -name '*.test.tsx' | sort) ;;
  *) echo "unknown tier $tier" >&2; exit 2 ;;
esac
if [ -z "$files" ]; then echo "no $tier tests found" >&2; exit 1; fi
export TZ=Asia/Shanghai NODE_ENV=test
concurrency="${TEST_CONCURRENCY:-2}"
# shellcheck disable=SC2086
exec node --import tsx --test --test-concurrency="$concurrency" --test-reporter=spec $files
