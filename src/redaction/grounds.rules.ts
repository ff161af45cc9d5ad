/**
 * Why a part is withheld: the grounds of the Regulation's Art. 14–16 (spec §1.1), the short label written
 * on each box, the legend page's rows and the sentence of the reply letter that lists them (区分处理,
 * Art. 37). Generated from the redactions, never typed.
 */
export const GROUND_IDS = [
  'secret',
  'law',
  'security',
  'commercial',
  'privacy',
  'internal',
  'process',
] as const;
export type GroundId = (typeof GROUND_IDS)[number];

export interface Ground {
  readonly id: GroundId;
  /** What the box says (article and short reason). */
  readonly label: string;
  /** The article and paragraph, as the legend and the letter cite them. */
  readonly article: string;
  /** The reason in the words of the Regulation. */
  readonly reason: string;
}

export const GROUNDS: Readonly<Record<GroundId, Ground>> = {
  secret: { id: 'secret', label: '第十四条 国家秘密', article: '第十四条', reason: '依法确定为国家秘密' },
  law: { id: 'law', label: '第十四条 法律禁止', article: '第十四条', reason: '法律、行政法规禁止公开' },
  security: {
    id: 'security',
    label: '第十四条 三安全一稳定',
    article: '第十四条',
    reason: '公开后可能危及国家安全、公共安全、经济安全、社会稳定',
  },
  commercial: {
    id: 'commercial',
    label: '第十五条 商业秘密',
    article: '第十五条',
    reason: '涉及商业秘密，公开会对第三方合法权益造成损害',
  },
  privacy: {
    id: 'privacy',
    label: '第十五条 个人隐私',
    article: '第十五条',
    reason: '涉及个人隐私，公开会对第三方合法权益造成损害',
  },
  internal: {
    id: 'internal',
    label: '第十六条 内部事务',
    article: '第十六条第一款',
    reason: '属于内部事务信息',
  },
  process: {
    id: 'process',
    label: '第十六条 过程性信息',
    article: '第十六条第二款',
    reason: '属于过程性信息或者行政执法案卷信息',
  },
};

export function isGroundId(s: string): s is GroundId {
  return (GROUND_IDS as readonly string[]).includes(s);
}

/** The ground a finder's suggestion gets by default: personal data is privacy, a company's code commercial. */
export function defaultGround(kind: string): GroundId {
  return kind === 'uscc' ? 'commercial' : 'privacy';
}

export interface LegendEntry {
  readonly number: number;
  readonly page: number;
  readonly ground: Ground;
}

/** The legend rows: one per box, numbered in page order, the page one-based. */
export function legendEntries(boxes: readonly { page: number; ground: GroundId }[]): LegendEntry[] {
  return [...boxes]
    .map((b, i) => ({ b, i }))
    .sort((x, y) => x.b.page - y.b.page || x.i - y.i)
    .map(({ b }, i) => ({ number: i + 1, page: b.page + 1, ground: GROUNDS[b.ground] }));
}

/** The legend page's lines (title, explanation, one line per redaction). */
export function legendLines(entries: readonly LegendEntry[], fileName: string): string[] {
  return [
    '区分处理说明',
    `文件：${fileName}`,
    `本文件中有 ${entries.length} 处内容依据《中华人民共和国政府信息公开条例》不予公开，已作删除处理，`,
    '删除处以黑框标示，框内注明理由；其余内容予以公开。',
    '',
    '编号  页码  依据            理由',
    ...entries.map(
      (e) =>
        `${String(e.number).padEnd(4)}  第${e.page}页  ${e.ground.article.padEnd(8, '　')}  ${e.ground.reason}`,
    ),
  ];
}

/** How the generated statement starts and ends in a letter (so a later redaction replaces it). */
const STATEMENT_LEAD = '对所附文件作区分处理：';
const STATEMENT_TAIL = '（删除处已以黑框标示并注明理由）';
const STATEMENT = /对所附文件作区分处理：[^\n]*?（删除处已以黑框标示并注明理由）/;
/** The blank of the 部分公开 template (applications/letters.ts) that the statement fills. */
export const PARTIAL_REASON_BLANK = '__________（请写明不予公开的具体理由及依据）';

/**
 * The reply letter's statement of what was withheld and why (Art. 37): per document, each ground once,
 * with its pages and how many places. Empty when nothing was redacted.
 */
export function partialDisclosureText(
  documents: readonly { fileName: string; boxes: readonly { page: number; ground: GroundId }[] }[],
): string {
  const parts: string[] = [];
  for (const d of documents) {
    if (d.boxes.length === 0) continue;
    const pagesOf = new Map<GroundId, Set<number>>();
    const counts = new Map<GroundId, number>();
    for (const b of d.boxes) {
      pagesOf.set(b.ground, (pagesOf.get(b.ground) ?? new Set()).add(b.page + 1));
      counts.set(b.ground, (counts.get(b.ground) ?? 0) + 1);
    }
    const clauses = GROUND_IDS.filter((g) => pagesOf.has(g)).map((g) => {
      const pages = [...(pagesOf.get(g) ?? [])].sort((a, b) => a - b).join('、');
      const gr = GROUNDS[g];
      return `第${pages}页共 ${counts.get(g)} 处内容${gr.reason}，依据《中华人民共和国政府信息公开条例》${gr.article}不予公开`;
    });
    parts.push(`“${d.fileName}”中，${clauses.join('；')}`);
  }
  return parts.length === 0 ? '' : `${STATEMENT_LEAD}${parts.join('；')}${STATEMENT_TAIL}`;
}

/**
 * The letter body with the statement in place: replacing an earlier statement, else filling the
 * template's blank, else as a paragraph before 特此告知 (or at the end). An empty statement puts the
 * blank back where a statement was.
 */
export function withPartialDisclosure(body: string, statement: string): string {
  if (STATEMENT.test(body)) return body.replace(STATEMENT, () => statement || PARTIAL_REASON_BLANK);
  if (statement === '') return body;
  if (body.includes(PARTIAL_REASON_BLANK)) return body.replace(PARTIAL_REASON_BLANK, () => statement);
  const at = body.lastIndexOf('特此告知');
  const paragraph = `本机关${statement}。`;
  if (at < 0) return `${body.replace(/\s+$/, '')}\n\n${paragraph}`;
  return `${body.slice(0, at)}${paragraph}\n\n${body.slice(at)}`;
}
