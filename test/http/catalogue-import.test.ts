import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { type Agent, startTestApp, type TestContext, textOf } from '../support/test-app.ts';

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const boundary = `----gk${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const HEADER =
  '名称,内容概述,信息类型,公开依据,主题分类,体裁,文号,成文日期,发布日期,有效性,失效或废止日期,索引号,正文';
const GOOD = [
  '欣园街道2019年社区服务中心建设方案,,一般政府信息,第二十条（十一）,民政、扶贫、救灾\\社会福利,方案,,2019-03-01,2019/3/5,,,412735628/2019-00031,建设方案正文',
  '"欣园街道门前""三包""责任制规定",门前三包,行政规范性文件,（一）,,规定,欣园办发〔2020〕1号,2020年1月2日,2020-01-06,有效,,,"<p>第一条</p><script>alert(1)</script>"',
];
const BAD = [
  '缺日期的条目,,一般政府信息,第二十条（十一）,,通知,,,,,,,',
  '错依据的条目,,一般政府信息,第九十条,不存在的分类,通知,,2020-02-30,2020-03-01,,,412735628/2019-00031,',
  '没有有效性的规范性文件,,行政规范性文件,（一）,,办法,,,2021-01-01,,,,',
];

describe('importing items from CSV and XLSX', () => {
  let t: TestContext;
  let clerk: Agent;
  const uploadDir = `${process.env.TMPDIR ?? '/tmp'}/gk-import-${process.pid}`;
  before(async () => {
    t = await startTestApp({ config: { UPLOAD_DIR: uploadDir } });
    clerk = t.agent();
    await clerk.login('demo-clerk');
  });
  after(async () => {
    await t.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  async function send(name: string, content: Buffer, mode: 'dry-run' | 'commit') {
    const page = await clerk.get('/admin/catalogue/import');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const { payload, contentType } = multipart({ _csrf: csrf, mode }, { name, content });
    const cookie = ['gk_session', 'gk_csrf'].map((n) => `${n}=${clerk.cookie(n)}`).join('; ');
    return t.app.inject({
      method: 'POST',
      url: '/admin/catalogue/import',
      payload,
      headers: { 'content-type': contentType, cookie },
    });
  }
  const count = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('catalogue_items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n,
    );

  it('lists every row’s problems and writes nothing while any row fails, even when asked to commit', async () => {
    const before = await count();
    const csv = Buffer.from([HEADER, ...GOOD, ...BAD].join('\r\n'), 'utf8');
    for (const mode of ['dry-run', 'commit'] as const) {
      const res = await send('old-system.csv', csv, mode);
      assert.equal(res.statusCode, 400);
      const text = textOf(res.body);
      assert.match(text, /3 行有问题，未导入任何信息/);
      assert.match(text, /第 4 行 缺少发布日期/);
      assert.match(
        text,
        /第 5 行 公开依据“第九十条”不认识.*主题分类“不存在的分类”不在分类表中.*成文日期“2020-02-30”不是有效日期.*索引号 412735628\/2019-00031 在文件中重复/,
      );
      assert.match(text, /第 6 行 规章和行政规范性文件必须标注有效性/);
    }
    assert.equal(await count(), before);
  });

  it('checks a clean file in a dry run, then imports it with 索引号 kept or generated, searchable and sanitised', async () => {
    const before = await count();
    const csv = Buffer.from(`\ufeff${[HEADER, ...GOOD].join('\n')}\n`, 'utf8');
    const dry = await send('old-system.csv', csv, 'dry-run');
    assert.equal(dry.statusCode, 200);
    assert.match(textOf(dry.body), /试导入通过：old-system.csv 共 2 行/);
    assert.equal(await count(), before);
    const done = await send('old-system.csv', csv, 'commit');
    assert.equal(done.statusCode, 200, textOf(done.body).slice(0, 400));
    assert.match(textOf(done.body), /已导入 2 条信息/);
    const rows = await t.database.db
      .selectFrom('catalogue_items')
      .select(['title', 'index_no', 'published_on', 'body_html', 'status', 'validity'])
      .where('secrecy_note', 'like', '从原系统导入%')
      .orderBy('id')
      .execute();
    assert.equal(rows.length, 2);
    assert.equal(rows[0]!.index_no, '412735628/2019-00031');
    assert.equal(rows[0]!.published_on, '2019-03-05');
    assert.match(rows[1]!.index_no ?? '', /^412735628\/2020-\d{5}$/);
    assert.equal(rows[1]!.title, '欣园街道门前"三包"责任制规定');
    assert.equal(rows[1]!.body_html, '<p>第一条</p>');
    assert.equal(rows[1]!.validity, 'valid');
    const search = await t.agent().get(`/search?q=${encodeURIComponent('三包')}`);
    assert.match(textOf(search.body), /找到 1 条结果/);
    const again = await send('old-system.csv', csv, 'dry-run');
    assert.match(textOf(again.body), /索引号 412735628\/2019-00031 已被使用/);
  });

  it('reads XLSX and GB18030 CSV, and refuses other files with a clear message', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('目录');
    ws.addRow(['名称', '发布日期', '公开依据', '有效性', '信息类型']);
    ws.addRow(['欣园街道2018年度财政决算', new Date(Date.UTC(2018, 5, 30)), '（七）', '', '一般政府信息']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await send('export.xlsx', xlsx, 'dry-run');
    assert.equal(res.statusCode, 200, textOf(res.body).slice(0, 400));
    assert.match(textOf(res.body), /共 1 行/);
    const gbk = Buffer.from([
      0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xb7, 0xa2, 0xb2, 0xbc, 0xc8, 0xd5, 0xc6, 0xda, 0x0a,
    ]); // 名称,发布日期
    const gbkRes = await send('gbk.csv', Buffer.concat([gbk, Buffer.from('abc,2020-01-01\n')]), 'dry-run');
    assert.match(textOf(gbkRes.body), /共 1 行/);
    const pdf = await send('x.pdf', Buffer.from('%PDF-1.4'), 'dry-run');
    assert.equal(pdf.statusCode, 400);
    assert.match(textOf(pdf.body), /只能导入 \.xlsx 或 \.csv 文件/);
    const fake = await send('fake.xlsx', Buffer.from('名称,发布日期\n'), 'dry-run');
    assert.match(textOf(fake.body), /文件内容不是 XLSX 表格/);
  });
});
