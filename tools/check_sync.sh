#!/usr/bin/env bash
# Notebooks are the source: stripping saved widget state, nbdev_clean, nbdev_export and the README build must change nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! git rev-parse --git-dir >/dev/null 2>&1; then echo "not a git checkout: sync check skipped"; exit 0; fi
state() { git status --porcelain; git diff | sha1sum; git ls-files -o --exclude-standard | xargs -r sha1sum; }
before=$(state)
python tools/strip_widget_state.py
[ "$before" = "$(state)" ] || { git status --short; echo "FAIL: a notebook held saved widget state (now stripped): commit the stripped notebooks"; exit 1; }
nbdev_clean
[ "$before" = "$(state)" ] || { git status --short; echo "FAIL: notebooks were not clean: run nbdev_clean and commit"; exit 1; }
nbdev_export
[ "$before" = "$(state)" ] || { git status --short; git diff --stat; echo "FAIL: medwork/ is out of sync with nbs/: run nbdev_export and commit"; exit 1; }
python tools/make_readme.py
[ "$before" = "$(state)" ] || { git diff --stat README.md; echo "FAIL: README.md is out of sync with nbs/index.ipynb: run python tools/make_readme.py"; exit 1; }
echo "sync: notebooks clean, medwork/ and README.md match nbs/"
