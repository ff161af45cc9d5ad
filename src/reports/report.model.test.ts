import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { article20Fields, parseArticle20 } from './article20.rules.ts';
import { countReport } from './count/count.ts';
import { documentXmlToHtml } from './reader/files.ts';
import { defaultNarrative, fillPlaceholders, renderNarrative, unknownPlaceholders } from './report.model.ts';
import { checkNarrative } from './rules/index.ts';

const records = Array.from({ length: 17 }, (_, i) => ({
  applicantType: 'naturalPerson',
  receivedOn: '2022-04-01',
  outcome: i < 12 ? 'granted' : 'unable.notHeld',
  closedOn: i < 15 ? '2022-05-01' : null,
}));
const tables = countReport({
  format: '2021',
  year: 2022,
  applications: { records },
  litigation: [],
  article20: { 'licensing.decisions': 8 },
  catalogue: null,
});

describe('narrative placeholders', () => {
  it('fills figures from the tables, so the checker finds no contradiction', () => {
    const ctx = { year: 2022, agencyName: '某街道办事处' };
    const text = fillPlaceholders(
      '共收到申请{新收申请总数}件，予以公开{予以公开}件，行政许可{行政许可决定数}件。',
      tables,
      ctx,
    );
    assert.equal(text, '共收到申请17件，予以公开12件，行政许可8件。');
    const n = renderNarrative(defaultNarrative(2022), tables, ctx);
    assert.match(n.overview, /收到政府信息公开申请17件/);
    assert.match(n.overview, /2件结转下年度继续办理/);
    assert.deepEqual(checkNarrative(tables, `${n.overview}\n${n.problems}\n${n.other}`), []);
  });

  it('fills 同比 from last year’s published tables only, and the checker finds no contradiction', () => {
    const lastYear = countReport({
      format: '2021',
      year: 2021,
      applications: {
        records: records
          .slice(0, 10)
          .map((r) => ({ ...r, receivedOn: '2021-04-01', closedOn: '2021-05-01' })),
      },
      litigation: [],
      article20: {},
      catalogue: null,
    });
    const template =
      '{年度}年共收到申请{新收申请总数}件，{新收申请同比}（上年{上年新收申请总数}件）。{同比情况}';
    const ctx = { year: 2022, agencyName: '某街道办事处', previous: lastYear };
    const text = fillPlaceholders(template, tables, ctx);
    assert.equal(
      text,
      '2022年共收到申请17件，同比增长70%（上年10件）。与2021年相比，新收申请同比增长70%，办结申请同比增长50%，行政复议与上年持平，行政诉讼与上年持平。',
    );
    assert.deepEqual(checkNarrative(tables, text), []);
    // No published report last year: the 同比 placeholders are empty, never guessed.
    assert.equal(
      fillPlaceholders(template, tables, { year: 2022, agencyName: '某街道办事处' }),
      '2022年共收到申请17件，（上年件）。',
    );
  });

  it('names unknown placeholders', () => {
    assert.deepEqual(unknownPlaceholders('{新收申请总数}{收到件数}{收到件数}'), ['收到件数']);
    assert.deepEqual(unknownPlaceholders(defaultNarrative(2024).overview), []);
  });
});

describe('Article 20 form', () => {
  it('has the fields of the format, without 第二十条第（一）项 when the catalogue counts it', () => {
    const all = article20Fields('2019', true).map((f) => f.key);
    assert.ok(all.includes('procurement.totalAmountText'));
    assert.ok(all.includes('fees.delta'));
    assert.ok(!article20Fields('2021', false).some((f) => f.key.startsWith('regulations.')));
  });

  it('validates by cell kind with Chinese messages', () => {
    const fields = article20Fields('2019', false);
    const body: Record<string, string> = {};
    for (const f of fields) body[f.name] = '0';
    body['licensing-delta'] = '－2';
    body['fees-prevYearItems'] = '1.5';
    body['procurement-totalAmountText'] = '251000元';
    const r = parseArticle20(fields, body);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.deepEqual(Object.keys(r.errors), ['fees-prevYearItems']);
      assert.match(r.errors['fees-prevYearItems'] ?? '', /应为 0 或正整数/);
    }
    body['fees-prevYearItems'] = '１';
    const ok = parseArticle20(fields, body);
    assert.ok(ok.ok);
    if (ok.ok) {
      assert.equal(ok.figures['licensing.delta'], -2);
      assert.equal(ok.figures['fees.prevYearItems'], 1);
      assert.equal(ok.figures['procurement.totalAmountText'], '251000元');
    }
    const dec = parseArticle20(article20Fields('2021', false), { 'fees-amountWanYuan': '0.092' });
    assert.equal(dec.ok, false);
    if (!dec.ok) assert.equal(dec.errors['fees-amountWanYuan'], undefined);
  });
});

describe('docx reader', () => {
  it('keeps table cells and drops the continuation cells of vertical merges', () => {
    const xml =
      '<w:body><w:p><w:r><w:t>标题</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>三、本年度办理结果</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t xml:space="preserve">61</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>0</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body>';
    const html = documentXmlToHtml(xml);
    assert.match(html, /<p>标题<\/p>/);
    assert.match(html, /<tr>\n<td>三、本年度办理结果<\/td>\n<td>61<\/td>\n<\/tr>/);
    assert.match(html, /<tr>\n<td>0<\/td>\n<\/tr>/);
  });
});
