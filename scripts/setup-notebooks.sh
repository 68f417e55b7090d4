#!/usr/bin/env bash
# Installs what `npm run test:notebooks` needs from Debian: Jupyter's nbconvert and nbclient, which execute
# the notebooks headless. The kernel itself (Deno) comes from npm as a devDependency (`npm install`).
# Installs only the packages that are missing, so it is quick and quiet on a machine that has them.
# Used by .ci/run; developers run it once: `bash scripts/setup-notebooks.sh` (as root, or with sudo).
set -euo pipefail

packages=(jupyter-nbconvert jupyter-core python3-nbclient jupyter-client)

missing=()
for pkg in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-notebooks: Debian packages present: ${packages[*]}"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-notebooks: apt-get not found. Install Jupyter's nbconvert and nbclient (with jupyter-client)" >&2
  echo "another way, e.g. 'pipx install nbconvert', so that 'jupyter nbconvert' runs." >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "setup-notebooks: need root to install ${missing[*]} (run this script as root)" >&2
    exit 1
  fi
fi

echo "setup-notebooks: installing ${missing[*]} (apt-get update, then apt-get install --no-install-recommends)"
log=$(mktemp)
if ! { "${sudo[@]}" apt-get update -qq &&
       "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
         apt-get install -y -qq --no-install-recommends "${missing[@]}"; } </dev/null >"$log" 2>&1; then
  cat "$log" >&2
  echo "setup-notebooks: apt-get failed (log above)" >&2
  exit 1
fi
rm -f "$log"
echo "setup-notebooks: installed; $(jupyter nbconvert --version 2>/dev/null | sed 's/^/nbconvert /')"
