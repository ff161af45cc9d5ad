#!/usr/bin/env bash
# Installs what the tests need from Debian when missing: Chromium (browser tests, PDF),
# the Noto CJK fonts (without them Chinese renders as boxes) and poppler-utils (PDF text).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "缺少系统软件包：${need[*]}。请以 root 运行：apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "安装系统软件包：${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
