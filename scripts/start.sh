#!/usr/bin/env bash
# The one command for a new user: installs what is missing, builds, and runs Inreach.
#   bash scripts/start.sh demo [--keep-running]   run the demo campaign against the simulator
#   bash scripts/start.sh serve                    start the service on the embedded defaults
set -euo pipefail
cd "$(dirname "$0")/.."

command="${1:-serve}"
shift || true

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  echo "Inreach needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

install_debian_packages() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v chromium >/dev/null || command -v chromium-browser >/dev/null ||
    command -v google-chrome >/dev/null || missing+=(chromium)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} with apt-get"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  else
    echo "Inreach needs: ${missing[*]}. On Debian or Ubuntu: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
}

install_debian_packages
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
echo "Building Inreach (a few seconds when nothing changed)..."
npm run build --silent

exec node bin/inreach.js "$command" "$@"
