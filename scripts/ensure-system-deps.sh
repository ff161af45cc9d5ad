#!/usr/bin/env bash
# Installs what the tests need from Debian when missing: Chromium (browser tests, PDF),
# the Noto CJK fonts (without them Chinese renders as boxes), poppler-utils (PDF text), tesseract-ocr
# and tesseract-ocr-chi-sim (scanned reports, decision 016), the
# Fandol fonts of texlive-lang-chinese (仿宋, 楷体 and 宋体 faces of reply letters, decision 008),
# which it then puts on fontconfig's path, and python3-fonttools to make the print fonts (GB 2312 cuts
# of Noto CJK SC that keep PDFs fast, docs/decisions/009-published-report-files.md) under
# /usr/local/share/fonts/gongkai; nginx, started by the several-app-servers test; mupdf-tools (`mutool`, the
# redaction engine of decision 017) and LibreOffice headless (DOCX/XLSX to PDF before redaction).
set -euo pipefail
FANDOL_DIR=/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
FANDOL_CONF=/etc/fonts/conf.d/09-gongkai-fandol.conf
# The font list is read whole first: `fc-list | grep -q` under pipefail fails when grep stops early.
fonts=$(fc-list : family 2>/dev/null || true)
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
grep -qi 'Noto Sans CJK' <<<"$fonts" || need+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# nginx -t on deploy/nginx/gongkai.conf (test/http/deploy.test.ts), with a throwaway certificate.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# systemd-analyze verify on deploy/systemd/*.
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v mutool >/dev/null 2>&1 || need+=(mupdf-tools)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
# OCR of scanned reports (decision 016): tesseract and its Simplified Chinese model.
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || need+=(tesseract-ocr-chi-sim)
[ -f "$FANDOL_DIR/FandolFang-Regular.otf" ] || need+=(texlive-lang-chinese)
/usr/bin/python3 -c 'import fontTools' >/dev/null 2>&1 || need+=(python3-fonttools)
# nginx: the several-app-servers test puts it in front of two app servers (test/http/multiserver.test.ts).
[ -x /usr/sbin/nginx ] || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "缺少系统软件包：${need[*]}。请以 root 运行：apt-get install -y --no-install-recommends ${need[*]}" >&2
    exit 1
  fi
  echo "安装系统软件包：${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if ! fc-list : family 2>/dev/null | grep -c 'FandolFang' >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "字体 FandolFang 不在 fontconfig 路径中。请以 root 运行本脚本（写入 $FANDOL_CONF）。" >&2
    exit 1
  fi
  cat >"$FANDOL_CONF" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- Written by Gongkai's scripts/ensure-system-deps.sh: the Fandol fonts of texlive-lang-chinese for letters. -->
<fontconfig>
  <dir>$FANDOL_DIR</dir>
</fontconfig>
CONF
  fc-cache -f >/dev/null 2>&1 || true
fi
PRINT_FONTS=/usr/local/share/fonts/gongkai
if [ ! -f "$PRINT_FONTS/GongkaiSansSC-Regular.otf" ] && [ "$(id -u)" -eq 0 ]; then
  /usr/bin/python3 "$(dirname "$0")/make-print-fonts.py" "$PRINT_FONTS" && fc-cache -f "$PRINT_FONTS" >/dev/null
fi
