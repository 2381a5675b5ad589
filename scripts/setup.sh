#!/usr/bin/env bash
# Set up pmograph on a fresh Debian machine: Graphviz (when `dot` is missing), a virtual
# environment in .venv, and the package with its test tools.  Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! command -v dot >/dev/null 2>&1; then
  echo "setup: installing Debian's graphviz (for image output)"
  apt_install graphviz
fi
# Charts draw names in any script: DejaVu covers Latin, Greek, Cyrillic, Arabic, Hebrew; Noto CJK
# covers Chinese, Japanese and Korean (without it such names are drawn as empty boxes).
if ! { command -v fc-list >/dev/null 2>&1 && fc-list ':lang=ja' family | grep -q .; }; then
  echo "setup: installing Debian's fonts-noto-cjk (CJK text in charts)"
  apt_install fonts-noto-cjk fonts-dejavu-core
fi
# The interactive HTML chart is tested in a real browser: headless Chromium driven by Selenium.
if ! { command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; }; then
  echo "setup: installing Debian's chromium and chromium-driver (browser tests of the HTML chart)"
  apt_install chromium chromium-driver
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "setup: pmograph needs Python 3.11 or newer; $("$PYTHON" --version) found" >&2; exit 2; }

if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    echo "setup: installing Debian's python3-venv"
    apt_install python3-venv
    rm -rf .venv
    "$PYTHON" -m venv .venv
  fi
fi
.venv/bin/python -m pip install --quiet --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
.venv/bin/python -m pip install --quiet -e ".[test]" 2>&1 | grep -v '^WARNING: Location' || true
.venv/bin/python -c 'import pmograph, rdflib, networkx, pydot, pyshacl' || {
  echo "setup: the package did not install; see the pip output above" >&2; exit 2; }
echo "setup: ready (.venv/bin/pmograph)"
