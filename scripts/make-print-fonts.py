#!/usr/bin/env python3
"""Makes the print fonts that Chromium embeds in our PDFs (docs/decisions/009-published-report-files.md).

Chromium's PDF writer pays for every font it embeds in proportion to the font file: the Noto CJK
collections (20-27 MB, 65,535 glyphs) cost 1-2 s per font and per PDF. These are the same Noto CJK
SC faces (serif and sans, regular only: bold text is emboldened from the regular, one font fewer to
embed) cut to the characters of GB 2312 (6,763 hanzi, punctuation, ASCII, full-width forms; 3.5 and
4.8 MB), renamed "Gongkai Serif SC" / "Gongkai Sans SC" as the SIL Open Font License asks of a
modified font. src/shared/pdf.ts points the Noto family names at them with local() @font-face rules;
a character outside GB 2312 falls back to the full system font (slower, still correct).

Usage: make-print-fonts.py OUTPUT_DIR   (needs python3-fonttools and fonts-noto-cjk; idempotent)
"""
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

NOTO = '/usr/share/fonts/opentype/noto'
# (source collection, family, style, output file); the SC face of each collection is used
FACES = [
    ('NotoSerifCJK-Regular.ttc', 'Gongkai Serif SC', 'Regular', 'GongkaiSerifSC-Regular.otf'),
    ('NotoSansCJK-Regular.ttc', 'Gongkai Sans SC', 'Regular', 'GongkaiSansSC-Regular.otf'),
]


def gb2312_text() -> str:
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode('gb2312'))
            except UnicodeDecodeError:
                pass
    chars.update('—–…‘’“”·•■□○●△▲◆◇★☆※→←↑↓〇')
    return ''.join(sorted(chars))


def sc_index(path: str) -> int:
    from fontTools.ttLib import TTCollection

    faces = TTCollection(path, lazy=True).fonts
    for i, face in enumerate(faces):
        if face['name'].getDebugName(1).endswith(' SC'):
            return i
    raise SystemExit(f'no SC face in {path}')


def make(source: str, family: str, style: str, out: str) -> None:
    options = subset.Options()
    options.font_number = sc_index(source)
    options.layout_features = ['*']  # 'vert' for the report's vertical header cell, among others
    options.name_IDs = ['*']
    options.notdef_outline = True
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=gb2312_text())
    subsetter.subset(font)
    full = f'{family} {style}' if style != 'Regular' else family
    ps = f"{family.replace(' ', '')}-{style}"
    for rec in font['name'].names:
        if rec.nameID in (1, 16):
            rec.string = family
        elif rec.nameID in (2, 17):
            rec.string = style
        elif rec.nameID == 4:
            rec.string = full
        elif rec.nameID == 6:
            rec.string = ps
        elif rec.nameID == 3:
            rec.string = f'{ps};gongkai-print'
    if 'CFF ' in font:
        cff = font['CFF '].cff
        cff.fontNames = [ps]
    tmp = out + '.tmp'
    font.save(tmp)
    os.replace(tmp, out)


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for source, family, style, name in FACES:
        src = os.path.join(NOTO, source)
        out = os.path.join(out_dir, name)
        if os.path.exists(out) and os.path.getmtime(out) >= os.path.getmtime(src):
            continue
        print(f'生成打印字体 {out}', flush=True)
        make(src, family, style, out)


if __name__ == '__main__':
    main()
