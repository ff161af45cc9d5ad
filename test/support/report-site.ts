import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import JSZip from 'jszip';
import { FIXTURES_DIR, fixtureText } from '../../src/reports/fixtures.testing.ts';

/**
 * A local web site that publishes real annual reports in the shapes agencies use (never the internet):
 * column pages linking to articles, a report as a page, as a PDF attachment, as a DOCX, in GBK, behind a
 * server that fails twice before answering, a missing page and a column without a report.
 */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A report text (paragraph lines, table rows with TAB-separated cells) as a web page with tables. */
export function reportPage(text: string, charset = 'utf-8'): string {
  const body: string[] = [];
  let rows: string[] = [];
  const flush = () => {
    if (rows.length > 0) body.push(`<table border="1">${rows.join('')}</table>`);
    rows = [];
  };
  for (const line of text.split('\n').slice(2)) {
    if (line.includes('\t'))
      rows.push(
        `<tr>${line
          .split('\t')
          .map((c) => `<td>${esc(c) || '&nbsp;'}</td>`)
          .join('')}</tr>`,
      );
    else {
      flush();
      if (line.trim() !== '') body.push(`<p>${esc(line)}</p>`);
    }
  }
  flush();
  const title = /^title: (.*)$/m.exec(text)?.[1] ?? '年度报告';
  return `<!doctype html><html><head><meta charset="${charset}"><title>${esc(title)}</title></head><body>${body.join('\n')}</body></html>`;
}

/** A report text as a DOCX: paragraphs and Word tables. */
export async function reportDocx(text: string): Promise<Buffer> {
  const run = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r></w:p>`;
  const parts: string[] = [];
  let rows: string[] = [];
  const flush = () => {
    if (rows.length > 0) parts.push(`<w:tbl>${rows.join('')}</w:tbl>`);
    rows = [];
  };
  for (const line of text.split('\n').slice(2)) {
    if (line.includes('\t'))
      rows.push(
        `<w:tr>${line
          .split('\t')
          .map((c) => `<w:tc>${run(c)}</w:tc>`)
          .join('')}</w:tr>`,
      );
    else {
      flush();
      if (line.trim() !== '') parts.push(run(line));
    }
  }
  flush();
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${parts.join('')}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

function gbk(text: string): Buffer {
  const r = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text });
  if (r.status !== 0) throw new Error('iconv failed');
  return r.stdout;
}

const column = (links: readonly [string, string][]) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>年度报告专栏</title></head><body><ul>${links
    .map(([href, text]) => `<li><a href="${href}">${esc(text)}</a></li>`)
    .join('')}<li><a href="/news.html">新闻动态</a></li></ul></body></html>`;

export interface ReportSite {
  readonly base: string;
  /** Requests received, by path. */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startReportSite(): Promise<ReportSite> {
  const pdf = readFileSync(`${FIXTURES_DIR}pdf/12.pdf`);
  const docx = await reportDocx(fixtureText('06'));
  const hits = new Map<string, number>();
  const pages: Record<string, { type: string; body: string | Buffer; etag?: string }> = {
    // A street office: column page → the year's article, a page with the tables (00: 三（七）总计 0).
    '/a/nb/': {
      type: 'text/html; charset=utf-8',
      body: column([
        ['2020/art_1.html', '宽城区欣园街道办事处2020年政府信息公开工作年度报告'],
        ['2019/art_9.html', '宽城区欣园街道办事处2019年政府信息公开工作年度报告'],
        ['notice.html', '关于报送2020年度政府信息公开工作年度报告的通知'],
      ]),
    },
    '/a/nb/2020/art_1.html': {
      type: 'text/html; charset=utf-8',
      body: reportPage(fixtureText('00')),
      etag: '"a1"',
    },
    // A district: column → article that only links its PDF attachment.
    '/b/nb/': {
      type: 'text/html; charset=utf-8',
      body: column([['2023.html', '洪泽区人民政府2023年政府信息公开工作年度报告']]),
    },
    '/b/nb/2023.html': {
      type: 'text/html; charset=utf-8',
      body: '<!doctype html><html><head><meta charset="utf-8"></head><body><h1>洪泽区人民政府2023年政府信息公开工作年度报告</h1><p>详见附件。</p><p><a href="/b/files/P020240131.pdf">附件：洪泽区人民政府2023年政府信息公开工作年度报告.pdf</a></p></body></html>',
    },
    '/b/files/P020240131.pdf': { type: 'application/pdf', body: pdf },
    // A DOCX published directly.
    '/c/report.docx': {
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      body: docx,
    },
    // A page in GBK, the report itself.
    '/d/nb.html': { type: 'text/html', body: gbk(reportPage(fixtureText('01'), 'gbk')) },
    // A server that fails twice first.
    '/e/report.html': { type: 'text/html; charset=utf-8', body: reportPage(fixtureText('07')) },
    // A column page with no report on it.
    '/g/nb/': { type: 'text/html; charset=utf-8', body: column([]) },
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    if (path === '/e/report.html' && n <= 2) {
      res.writeHead(503, { 'retry-after': '0' }).end('busy');
      return;
    }
    const page = pages[path];
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404</h1>');
      return;
    }
    if (page.etag && req.headers['if-none-match'] === page.etag) {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, { 'content-type': page.type, ...(page.etag ? { etag: page.etag } : {}) });
    res.end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
