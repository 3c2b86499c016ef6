#!/usr/bin/env bash
# End-to-end try of the pre-commit hook, as a plans repository would use it: a throwaway git
# repository with one plan, pre-commit (installed from PyPI into a virtualenv) running the hook
# from this checkout. The run must fail on a defective plan and pass once it is fixed.
#
#   scripts/pre-commit-e2e.sh            # uses this checkout at HEAD (commit your changes first)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q pre-commit
export PATH="$work/venv/bin:$PATH"
rev="$(git -C "$here" rev-parse HEAD)"

repo="$work/plans"
mkdir -p "$repo"
cd "$repo"
git init -q
git config user.email ci@example.invalid
git config user.name ci
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $here
    rev: $rev
    hooks:
      - id: vblint
YAML
# A plan missing its recipients block (Nơi nhận), then the same plan with it.
cp "$here/fixtures/rules/recipients-missing/fail-no-block.txt" ke-hoach.txt
git add -A && git commit -qm "plans" --no-verify

echo "== a defective plan: the hook must fail"
if pre-commit run --all-files; then
  echo "FAIL: pre-commit passed on a defective plan" >&2
  exit 1
fi

echo "== the fixed plan: the hook must pass"
cp "$here/fixtures/plans/clean-state.txt" ke-hoach.txt
git add -A
pre-commit run --all-files
echo "OK: pre-commit hook fails on the defective plan and passes on the fixed one"
