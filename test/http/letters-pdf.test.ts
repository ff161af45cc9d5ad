import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { letterHtml } from '../../src/applications/letter-html.tsx';
import { draftLetter, LETTER_KINDS, type LetterContext } from '../../src/applications/letters.ts';
import { printHtmlToPdf } from '../../src/shared/pdf.ts';
import { startTestApp, type TestContext } from '../support/test-app.ts';

/** The fonts a PDF embeds, by the names in its font descriptors (Chromium embeds CJK faces as Type 3). */
function embeddedFonts(pdf: Buffer): string[] {
  const names = pdf.toString('latin1').matchAll(/\/FontName\s*\/(?:[A-Z]{6}\+)?([^\s/<>[\]()]+)/g);
  return [...new Set([...names].map((m) => m[1] ?? ''))].sort();
}

/** Faces a letter may use: the official fonts when installed, else the free ones of decision 008. */
/** The letter faces; GongkaiSansSC is the print cut of Noto Sans CJK SC (decision 009) standing in for it. */
const LETTER_FONT =
  /^(FandolFang-Regular|FandolSong-Regular|FandolKai-Regular|NotoSerifCJKsc-Bold|NotoSansCJKsc-Regular|GongkaiSansSC-Regular|FangSong_GB2312|FangSong|KaiTi_GB2312|KaiTi|SimHei|SimSun|FZXBSJW--GB1-0|FZXiaoBiaoSong-B05S)$/;

describe('reply letters as PDF and DOCX', () => {
  let t: TestContext;
  const dir = mkdtempSync(join(tmpdir(), 'gk-letter-'));
  before(async () => {
    t = await startTestApp();
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sentLetter = () =>
    t.database.db
      .selectFrom('application_letters')
      .innerJoin('applications', 'applications.id', 'application_letters.application_id')
      .select([
        'application_letters.id as id',
        'application_letters.application_id as appId',
        'application_letters.title as title',
        'application_letters.doc_number as docNumber',
        'applications.applicant_name as applicantName',
      ])
      .where('application_letters.status', '=', 'sent')
      .orderBy('application_letters.id')
      .executeTakeFirstOrThrow();

  const download = async (url: string) => {
    const a = t.agent();
    await a.login('demo-clerk');
    return t.app.inject({
      method: 'GET',
      url,
      headers: { cookie: `gk_session=${a.cookie('gk_session')}` },
    });
  };

  it('prints a sent letter in Chromium with its 文号, 主送 and title as text', async () => {
    const letter = await sentLetter();
    assert.ok(letter.docNumber, 'a sent letter has its 文号');
    const a = t.agent();
    await a.login('demo-clerk');
    const page = await a.get(`/admin/applications/${letter.appId}/letters/${letter.id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`/admin/applications/${letter.appId}/letters/${letter.id}/pdf`));
    assert.ok(
      page.body.includes(`<p class="gk-ls-docno">${letter.docNumber}</p>`),
      'the page shows the 文号',
    );
    assert.ok(page.body.includes(`<p class="gk-ls-to">${letter.applicantName}：</p>`), 'and the 主送');
    assert.ok(page.body.includes('/static/letter-sheet.css'));
    const res = await download(`/admin/applications/${letter.appId}/letters/${letter.id}/pdf`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    assert.ok(text.includes(letter.title.replace(/\s+/g, '')), 'the title is in the PDF text');
    assert.ok(text.includes(letter.docNumber), 'the 文号 is in the PDF text');
    assert.ok(text.includes(`${letter.applicantName}：`), 'the 主送 is in the PDF text');
    assert.ok(text.startsWith(letter.docNumber), 'the 文号 comes first, above the title');
    assert.match(text, /—1—/, 'the page is numbered');
    assert.ok(embeddedFonts(res.rawPayload).includes('FandolFang-Regular'), 'the text is set in a 仿宋 face');
  });

  it('writes the DOCX with the 文号, the official font names and odd and even page-number footers', async () => {
    const letter = await sentLetter();
    const res = await download(`/admin/applications/${letter.appId}/letters/${letter.id}/docx`);
    assert.equal(res.statusCode, 200);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
    const document = await xml('word/document.xml');
    assert.ok(
      document.includes(`<w:t xml:space="preserve">${letter.docNumber}</w:t>`),
      'the 文号 is in the text',
    );
    assert.ok(document.includes(`${letter.applicantName}：`), 'the 主送');
    assert.match(document, /w:eastAsia="仿宋_GB2312"/);
    assert.match(document, /w:eastAsia="方正小标宋简体"/);
    assert.match(document, /<w:docGrid w:type="linesAndChars" w:linePitch="579"/);
    assert.match(document, /<w:footerReference w:type="default"/);
    assert.match(document, /<w:footerReference w:type="even"/);
    const footers = Object.keys(zip.files).filter((n) => /^word\/footer\d+\.xml$/.test(n));
    assert.equal(footers.length, 2);
    const sides = [];
    for (const f of footers) {
      const footer = await xml(f);
      assert.match(footer, /<w:instrText[^>]*>PAGE</, `${f} has a PAGE field`);
      assert.match(footer, /— <\/w:t>/);
      sides.push(/<w:jc w:val="(left|right)"\/>/.exec(footer)?.[1]);
    }
    assert.deepEqual(sides.sort(), ['left', 'right'], 'odd pages right, even pages left');
    assert.match(await xml('word/settings.xml'), /<w:mirrorMargins\/>.*<w:evenAndOddHeaders\/>/);
  });

  it('sets every letter template in 仿宋, 小标宋 and 黑体/楷体 faces, with no fallback face', async () => {
    const c: LetterContext = {
      agencyName: '长春市宽城区欣园街道办事处',
      reviewBody: '长春市宽城区人民政府',
      applicantName: '长春市某某科技有限公司',
      applicantType: 'commercial',
      serial: '2026-0005',
      receivedOn: '2026-11-02',
      request: '2025年老旧小区改造项目的招标文件',
      today: '2026-11-25',
      outcome: 'denied.thirdParty',
      basis: null,
      replyDue: '2026-11-30',
      correctionDue: '2026-12-16',
      extension: { workingDays: 20, newDue: '2026-12-28' },
      fee: {
        method: 'per_piece',
        amount: 100,
        lines: [{ text: '第11至20件：每件10元', amount: 100 }],
        payBy: '2026-12-24',
      },
      thirdParty: '某某物业服务有限公司',
      officePhone: '0431-85551234',
      officeAddress: '长春市宽城区欣园路1号',
    };
    // One document holds every template (titles in the title face, texts with both forms of address and
    // headings): the characters and faces are those of the letters one by one, at the cost of one print.
    const drafts = LETTER_KINDS.map((kind) =>
      draftLetter(
        kind,
        kind === 'granted' ? { ...c, applicantName: '张三', applicantType: 'naturalPerson' } : c,
      ),
    );
    const body = drafts
      .map((d) => d.body.replace('理由如下：', '理由如下：\n\n一、有关情况\n\n（一）审查经过。'))
      .join('\n\n');
    const html = await letterHtml(
      drafts.map((d) => d.title).join('、'),
      body,
      ['中标结果公告.pdf', '招标文件.pdf'],
      { docNumber: '欣园街道依申公开〔2026〕5号', sealPending: true },
    );
    const fonts = embeddedFonts(await printHtmlToPdf(html, { pageNumbers: 'document' }));
    for (const f of fonts)
      assert.match(f, LETTER_FONT, `${f} is a fallback face (run scripts/ensure-system-deps.sh)`);
    for (const f of [
      'FandolFang-Regular',
      'NotoSerifCJKsc-Bold',
      'FandolSong-Regular',
      'NotoSansCJKsc-Regular|GongkaiSansSC-Regular',
      'FandolKai-Regular',
    ])
      assert.ok(
        f.split('|').some((name) => fonts.includes(name)),
        `${f} is used (seen: ${fonts.join(', ')})`,
      );
  });

  it('is only for staff of the handling agency’s scope', async () => {
    const letter = await t.database.db
      .selectFrom('application_letters')
      .select(['id', 'application_id'])
      .executeTakeFirstOrThrow();
    const res = await t.agent().get(`/admin/applications/${letter.application_id}/letters/${letter.id}/pdf`);
    assert.equal(res.statusCode, 303, 'anonymous visitors are sent to the login page');
  });
});
