#!/usr/bin/env bash
# Builds the plugin into a private folder and scores the acceptance corpus there, so that
# several people can build and score at once without sharing dist/.
#   scripts/eval-private.sh NAME [run-eval options...]
set -euo pipefail
name=${1:?usage: scripts/eval-private.sh NAME [options]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
out=/tmp/express-security-eval/$name
mkdir -p "$out"
cp "$root/package.json" "$out/package.json"
ln -sfn "$root/node_modules" "$out/node_modules"
(cd "$root" && npx tsup --silent --no-dts -d "$out/dist")
node "$root/../shared/eval/run-eval.mjs" --plugin "$out" "$@"
