import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyTables, freezeTables } from './format/tables.ts';
import {
  applicationRowKeys,
  csvLine,
  etagMatches,
  OPEN_DATA_COLUMNS,
  openDataEtag,
  openDataJsonObject,
  openDataObject,
  openDataRow,
} from './opendata.rules.ts';
import type { ReportDocument } from './report.model.ts';

describe('open-data columns', () => {
  it('are unique, start with the agency and cover every cell of both formats', () => {
    const keys = OPEN_DATA_COLUMNS.map((c) => c.key);
    assert.equal(new Set(keys).size, keys.length);
    assert.deepEqual(keys.slice(0, 3), ['agency_id', 'agency_code', 'agency_name']);
    for (const k of [
      'proactive.regulations.newMade',
      'proactive.regulations.made',
      'proactive.fees.amountWanYuan',
      'applications.newReceived.naturalPerson',
      'applications.other.total',
      'applications.other.misc.total',
      'review.litigationAfterReview.total',
    ])
      assert.ok(keys.includes(k), k);
    assert.ok(OPEN_DATA_COLUMNS.every((c) => c.label.length > 0));
  });

  it('keep table 3 in printed order, the 2021 sub-rows of （六） before （七）总计', () => {
    const rows = applicationRowKeys();
    assert.equal(rows[0], 'newReceived');
    assert.ok(rows.indexOf('other.misc') < rows.indexOf('totalProcessed'));
    assert.equal(rows.at(-1), 'carryForward');
  });
});

describe('openDataRow', () => {
  it('puts each published figure under its key', () => {
    const t = emptyTables('2021');
    t.applications.newReceived = [5, 1, 0, 0, 0, 0, 6];
    t.review[4] = 2;
    t.proactive['regulations.made'] = 3;
    const tables = freezeTables(t);
    const doc = { year: 2024, format: '2021', tables } as unknown as ReportDocument;
    const values = openDataRow({
      agencyId: 7,
      agencyCode: '11220103013850421A',
      agencyName: '某街道办事处',
      agencyLevel: 'township',
      parentId: 3,
      parentCode: null,
      parentName: '某区人民政府',
      publishedAt: '2025-01-20T02:00:00.000Z',
      url: 'https://example.gov.cn/agencies/7/reports/2024',
      doc,
    });
    assert.equal(values.length, OPEN_DATA_COLUMNS.length);
    const o = openDataObject(values);
    assert.equal(o.published_on, '2025-01-20');
    assert.equal(o['applications.newReceived.total'], 6);
    assert.equal(o['applications.newReceived.commercial'], 1);
    assert.equal(o['review.review.total'], 2);
    assert.equal(o['proactive.regulations.made'], 3);
    assert.equal(o['proactive.regulations.newMade'], null, 'a 2019 cell on a 2021 report');
    assert.equal(openDataJsonObject(values), JSON.stringify(o));
    const text = openDataJsonObject(['引号"与\\反斜杠', Number.NaN]);
    assert.deepEqual(JSON.parse(text), openDataObject(['引号"与\\反斜杠', null]));
    assert.equal(o['applications.other.total'], null, 'the 2019 row on a 2021 report');
  });
});

describe('CSV and ETag', () => {
  it('quotes fields with commas, quotes or line breaks, and ends lines with CRLF', () => {
    assert.equal(
      csvLine([1, 'a,b', 'say "hi"', null, '多行\n文本']),
      '1,"a,b","say ""hi""",,"多行\n文本"\r\n',
    );
  });

  it('matches If-None-Match lists, weak forms and *', () => {
    const tag = openDataEtag(['csv', 1]);
    assert.notEqual(tag, openDataEtag(['csv', 2]));
    assert.equal(tag, openDataEtag(['csv', 1]));
    assert.ok(etagMatches(`"x", ${tag}`, tag));
    assert.ok(etagMatches(`W/${tag}`, tag));
    assert.ok(etagMatches('*', tag));
    assert.ok(!etagMatches(undefined, tag));
    assert.ok(!etagMatches('"other"', tag));
  });
});
