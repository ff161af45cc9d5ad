/**
 * A small allow-list HTML sanitiser for the rich-text body of catalogue items. It tokenises
 * conservatively: only the elements and attributes below survive, every other tag is dropped (the
 * content of script-like elements with it), every text run and attribute value is re-escaped, and
 * the output is always well nested. Anything it does not understand becomes escaped text.
 */

const ALLOWED = new Set([
  'p',
  'br',
  'strong',
  'em',
  'ul',
  'ol',
  'li',
  'h3',
  'h4',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'a',
  'img',
]);
const VOID = new Set(['br', 'img']);
/** Elements whose whole content is dropped with them. */
const DROP_CONTENT = new Set([
  'script',
  'style',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'noscript',
  'noembed',
  'noframes',
  'textarea',
  'title',
  'xmp',
  'select',
  'plaintext',
]);

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  colon: ':',
  tab: '\t',
  newline: '\n',
};

/** Decodes character references (named subset, decimal, hex). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (m, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        return '\ufffd';
      return String.fromCodePoint(code);
    }
    const v = NAMED[ref.toLowerCase()];
    return v ?? m;
  });
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Whether a URL is http(s) or relative (no scheme, not protocol-relative). */
export function isSafeHref(raw: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we strip
  const url = raw.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (/^https?:\/\/[^/\\]/i.test(url)) return true;
  return isRelative(url);
}

function isRelative(url: string): boolean {
  if (url.startsWith('//') || url.startsWith('\\') || url.startsWith('/\\')) return false;
  const firstSpecial = url.search(/[/?#]/);
  const head = firstSpecial === -1 ? url : url.slice(0, firstSpecial);
  return !head.includes(':');
}

export function isSafeImageSrc(raw: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we strip
  const url = raw.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  return url.length > 0 && isRelative(url);
}

const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function parseAttributes(s: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of s.matchAll(ATTR)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!out.has(name)) out.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
}

function renderAttributes(tag: string, attrs: Map<string, string>): string | null {
  const parts: string[] = [];
  if (tag === 'a') {
    const href = attrs.get('href');
    if (href !== undefined && isSafeHref(href)) parts.push(`href="${escapeHtml(href.trim())}"`);
    const title = attrs.get('title');
    if (title) parts.push(`title="${escapeHtml(title)}"`);
    if (href !== undefined && /^https?:/i.test(href.trim())) parts.push('rel="noopener noreferrer"');
  } else if (tag === 'img') {
    const src = attrs.get('src');
    if (src === undefined || !isSafeImageSrc(src)) return null; // an image without a safe source is dropped
    parts.push(`src="${escapeHtml(src.trim())}"`);
    parts.push(`alt="${escapeHtml(attrs.get('alt') ?? '')}"`);
  } else if (tag === 'td' || tag === 'th') {
    for (const a of ['colspan', 'rowspan']) {
      const v = attrs.get(a);
      if (v && /^\d{1,2}$/.test(v)) parts.push(`${a}="${v}"`);
    }
    if (tag === 'th') {
      const scope = attrs.get('scope');
      if (scope === 'col' || scope === 'row') parts.push(`scope="${scope}"`);
    }
  }
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

/**
 * Returns HTML containing only allowed markup.
 *
 * @example sanitizeHtml('<p onclick="x()">你好<script>alert(1)</script></p>') // '<p>你好</p>'
 */
export function sanitizeHtml(input: string): string {
  const out: string[] = [];
  const stack: string[] = [];
  let i = 0;
  const n = input.length;
  const text = (s: string) => {
    if (s) out.push(escapeHtml(decodeEntities(s)));
  };
  while (i < n) {
    const lt = input.indexOf('<', i);
    if (lt === -1) {
      text(input.slice(i));
      break;
    }
    text(input.slice(i, lt));
    if (input.startsWith('<!--', lt)) {
      const end = input.indexOf('-->', lt + 4);
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (input[lt + 1] === '!' || input[lt + 1] === '?') {
      const end = input.indexOf('>', lt);
      i = end === -1 ? n : end + 1;
      continue;
    }
    const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/.exec(input.slice(lt));
    if (!m) {
      out.push('&lt;');
      i = lt + 1;
      continue;
    }
    i = lt + m[0].length;
    const closing = m[1] === '/';
    const tag = (m[2] ?? '').toLowerCase();
    if (!closing && DROP_CONTENT.has(tag)) {
      const close = new RegExp(`</${tag}\\s*>`, 'i').exec(input.slice(i));
      i = close ? i + close.index + close[0].length : n;
      continue;
    }
    if (!ALLOWED.has(tag)) continue;
    if (closing) {
      const at = stack.lastIndexOf(tag);
      if (at === -1) continue;
      while (stack.length > at) out.push(`</${stack.pop()}>`);
      continue;
    }
    const attrs = renderAttributes(tag, parseAttributes(m[3] ?? ''));
    if (attrs === null) continue;
    out.push(`<${tag}${attrs}>`);
    if (!VOID.has(tag)) stack.push(tag);
  }
  while (stack.length > 0) out.push(`</${stack.pop()}>`);
  return out.join('');
}

/** The text of (sanitised) HTML, for search and feeds: tags dropped, entities decoded, blocks on lines. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(br|\/p|\/li|\/h3|\/h4|\/tr)\b[^>]*>/gi, '\n')
      .replace(/<\/t[dh]>/gi, ' ')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\n\s*/g, '\n')
    .trim();
}
