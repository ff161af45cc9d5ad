/**
 * The allow-list for the rich-text body of catalogue items, as a configuration of `sanitize-html`
 * (an HTML5 parser): only the elements and attributes below survive, every other tag is dropped (the
 * content of script-like elements with it), links are http(s) or relative, images relative only
 * (an image without a safe source is dropped), and the output is always well nested.
 */
import sanitize, { type IOptions } from 'sanitize-html';

/** Elements whose whole content is dropped with them. */
const DROP_CONTENT = [
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
  'option',
];

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

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we strip
const CONTROL = /[\u0000-\u0020\u007f-\u009f]/g;

/** Whether a URL is http(s) or relative (no scheme, not protocol-relative). */
export function isSafeHref(raw: string): boolean {
  const url = raw.replace(CONTROL, '');
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
  const url = raw.replace(CONTROL, '');
  return url.length > 0 && isRelative(url);
}

type Attribs = Record<string, string>;
const keep = (attribs: Attribs, names: readonly string[], ok: (v: string) => boolean): Attribs => {
  const out: Attribs = {};
  for (const n of names) {
    const v = attribs[n];
    if (v !== undefined && ok(v)) out[n] = v;
  }
  return out;
};
const cell =
  (names: readonly string[]): sanitize.Transformer =>
  (tagName, attribs) => ({
    tagName,
    attribs: {
      ...keep(attribs, ['colspan', 'rowspan'], (v) => /^\d{1,2}$/.test(v)),
      ...keep(attribs, names, (v) => v === 'col' || v === 'row'),
    },
  });

/**
 * The rules beyond the allow-list are in `transformTags` (our own URL checks, stricter than the
 * library's scheme list: a scheme hidden by control characters or entities is refused too, the
 * attributes are checked on decoded values) and `exclusiveFilter` (an image without a source goes).
 */
const OPTIONS: IOptions = {
  allowedTags: [
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
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
  },
  selfClosing: ['br', 'img'],
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: DROP_CONTENT,
  transformTags: {
    a: (tagName, attribs) => {
      const out: Attribs = {};
      const href = attribs.href;
      if (href !== undefined && isSafeHref(href)) out.href = href.trim();
      if (attribs.title) out.title = attribs.title;
      if (href !== undefined && /^https?:/i.test(href.trim())) out.rel = 'noopener noreferrer';
      return { tagName, attribs: out };
    },
    img: (tagName, attribs) => {
      const src = attribs.src;
      return {
        tagName,
        attribs:
          src !== undefined && isSafeImageSrc(src)
            ? { src: src.trim(), alt: attribs.alt ?? '' }
            : ({} as Attribs),
      };
    },
    td: cell([]),
    th: cell(['scope']),
  },
  exclusiveFilter: (frame) => (frame.tag === 'img' && !frame.attribs.src ? 'excludeTag' : false),
};

/**
 * Returns HTML containing only allowed markup.
 *
 * @example sanitizeHtml('<p onclick="x()">你好<script>alert(1)</script></p>') // '<p>你好</p>'
 */
export function sanitizeHtml(input: string): string {
  // The library writes void elements as `<br />`; stored bodies (and the comparison of a revision with
  // its base) use `<br>`. Attribute values and text never hold a raw `>`, so this only meets tags.
  return sanitize(input, OPTIONS).replace(/<(br|img)((?: [^<>]*)?) \/>/g, '<$1$2>');
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
