/**
 * HTML → text with table rows as lines and cells separated by TAB (`<td>` boundaries are kept;
 * `&nbsp;`-only cells become empty cells). Linear single pass; no DOM.
 */

const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  middot: '·',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  emsp: ' ',
  ensp: ' ',
  ge: '≥',
  le: '≤',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (m, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[name.toLowerCase()] ?? m;
  });
}

/** Whether the text looks like HTML markup rather than plain text. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 20000);
  return (
    /<(?:html|body|table|tr|td|p|div|br)\b[^>]*>/i.test(head) &&
    (head.match(/<\/?[a-z][^>]*>/gi)?.length ?? 0) > 5
  );
}

const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'section',
  'article',
  'title',
  'head',
]);

/** Converts HTML to the TAB-cell text shape. */
export function htmlToText(html: string): string {
  const src = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<![^>]*>/g, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '');
  const out: string[] = [];
  let line = '';
  let cells: string[] | null = null;
  let cell: string | null = null;
  const tag = /<\s*(\/?)\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*>/g;
  let last = 0;
  const text = (t: string) => {
    const decoded = decodeEntities(t.replace(/\s+/g, ' '));
    if (cell !== null) cell += decoded;
    else line += decoded;
  };
  const flushLine = () => {
    if (line.trim()) out.push(line.trim());
    line = '';
  };
  for (let m = tag.exec(src); m; m = tag.exec(src)) {
    text(src.slice(last, m.index));
    last = m.index + m[0].length;
    const closing = m[1] === '/';
    const name = (m[2] ?? '').toLowerCase();
    if (name === 'tr') {
      if (cells && cell !== null) cells.push(cell);
      if (cells) out.push(cells.map((c) => c.replace(/\s+/g, ' ').trim()).join('\t'));
      cells = closing ? null : [];
      cell = null;
      if (!closing) flushLine();
    } else if (name === 'td' || name === 'th') {
      if (!cells) {
        flushLine();
        cells = [];
      }
      if (cell !== null) cells.push(cell);
      cell = closing ? null : '';
    } else if (BLOCK.has(name)) {
      if (cell !== null) continue; // line breaks inside a cell: `本年新<br />制作数量`
      if (name === 'table' && cells) {
        out.push(cells.join('\t'));
        cells = null;
      }
      flushLine();
    }
  }
  text(src.slice(last));
  if (cells) {
    if (cell !== null) cells.push(cell);
    out.push(cells.join('\t'));
  }
  flushLine();
  return out.join('\n');
}
