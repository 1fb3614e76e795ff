#!/usr/bin/env bash
# Run DAISY Ace (the EPUB accessibility checker) on an EPUB; exit 0 only when it reports no violation.
#   scripts/ace.sh build/hp-38/horizons-publics-38.epub [REPORT_DIR]
# Installs @daisy/ace-cli from npm into build/.tools/ace on first use (it drives Debian's chromium:
# apt-get install chromium). ACE_CLI may name an ace-cli already installed.
set -euo pipefail
epub=${1:?usage: scripts/ace.sh BOOK.epub [REPORT_DIR]}
report_dir=${2:-$(mktemp -d)}
here=$(cd "$(dirname "$0")/.." && pwd)
chromium=${PUPPETEER_EXECUTABLE_PATH:-$(command -v chromium || true)}
if [ -z "$chromium" ]; then
  echo "ace.sh: chromium is not installed (apt-get install chromium)" >&2
  exit 3
fi
ace=${ACE_CLI:-}
if [ -z "$ace" ]; then
  tools="$here/build/.tools/ace"
  ace="$tools/node_modules/.bin/ace-cli"
  if [ ! -x "$ace" ]; then
    mkdir -p "$tools"
    PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$tools" --no-audit --no-fund @daisy/ace-cli@1.4.6 >&2
  fi
fi
PUPPETEER_EXECUTABLE_PATH="$chromium" "$ace" -s -f -o "$report_dir" "$epub"
python3 - "$report_dir/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
violations = [(a["earl:testSubject"]["url"], x["earl:test"]["dct:title"], x["earl:test"]["earl:impact"],
               x["earl:result"]["dct:description"])
              for a in report.get("assertions", []) for x in a.get("assertions", [])]
for url, rule, impact, text in violations:
    print(f"{url}: {impact}: {text} [{rule}]")
print(f"DAISY Ace: {report['earl:result']['earl:outcome']}, {len(violations)} violation(s)")
sys.exit(1 if violations else 0)
PY
