#!/usr/bin/env bash
# Installs what the tests need from Debian when missing: Chromium (browser tests, PDF),
# the Noto CJK fonts (without them Chinese renders as boxes), poppler-utils (PDF text), and
# python3-fonttools to make the print fonts (GB 2312 cuts of Noto CJK SC that keep PDFs fast,
# docs/decisions/009-published-report-files.md) under /usr/local/share/fonts/gongkai.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
/usr/bin/python3 -c 'import fontTools' >/dev/null 2>&1 || need+=(python3-fonttools)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "缺少系统软件包：${need[*]}。请以 root 运行：apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "安装系统软件包：${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
PRINT_FONTS=/usr/local/share/fonts/gongkai
if [ ! -f "$PRINT_FONTS/GongkaiSansSC-Regular.otf" ] && [ "$(id -u)" -eq 0 ]; then
  /usr/bin/python3 "$(dirname "$0")/make-print-fonts.py" "$PRINT_FONTS" && fc-cache -f "$PRINT_FONTS" >/dev/null
fi
