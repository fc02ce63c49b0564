#!/usr/bin/env bash
# Mutation check: applies the hand-picked mutants of
# scripts/mutate/mutants.txt one at a time to a scratch copy of the tree
# (never the working tree), runs the tests that should catch each, and
# prints killed/survived and the score.
#
#   scripts/mutate.sh [-run REGEXP] [-timeout 3m] [-v]
#
# Exit status: 0 every mutant killed; 1 a mutant survived, no longer
# applies (STALE) or does not compile (NOBUILD); 2 the harness could not
# run or the unmutated tests fail.
set -euo pipefail
cd "$(dirname "$0")/.."
export HOME="${HOME:-/root}"
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"
# Built first: `go run` turns every non-zero exit status into 1.
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/mutate" ./scripts/mutate
"$bin/mutate" "$@"
