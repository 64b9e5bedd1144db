#!/usr/bin/env bash
# Installs what pip cannot, from Debian: Chromium (browser tests, PDF menus), a CJK font (Chinese in PDFs),
# poppler, jq, npm, Java (the W3C HTML checker), and python3-venv where the system Python lacks venv
# (`system-deps.sh venv`).
# Does nothing when all are present; needs root or sudo otherwise.
set -euo pipefail

need=()
if [ "${1:-}" = venv ]; then
  need+=("python3-venv")
else
  [ -x /usr/bin/chromium ] || need+=(chromium)
  fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
  command -v jq >/dev/null 2>&1 || need+=(jq)
  command -v npm >/dev/null 2>&1 || need+=(npm)
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
fi
[ ${#need[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing ${need[*]} from Debian" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
