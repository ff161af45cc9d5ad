import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DoctorProbes, doctorReport, MIN_FREE_BYTES } from './doctor.rules.ts';
import { fontPresence, INSTALL_COMMAND, startupNotice } from './system-parts.rules.ts';

const FONTS = 'Noto Sans CJK SC,Noto Sans CJK TC\nFandolFang\nFandolKai\nFandolSong\nDejaVu Sans\n';

const healthy: DoctorProbes = {
  nodeVersion: 'v20.20.2',
  configProblems: [],
  env: 'production',
  database: { ok: true, description: 'postgres://gongkai:***@127.0.0.1:5432/gongkai' },
  migrations: { ok: true, pending: [] },
  secret: 'env',
  uploadDir: { ok: true, dir: '/var/lib/gongkai/uploads', freeBytes: 50 * 1024 ** 3 },
  chromium: { ok: true, ms: 900 },
  fontFamilies: FONTS,
  printFonts: true,
  pdftotext: true,
  smtp: { ok: true, host: 'smtp.example.gov.cn:587' },
  publicBaseUrl: 'https://gongkai.example.gov.cn',
};

describe('gongkai doctor (pure)', () => {
  it('all present: every line ✓, exit 0', () => {
    const r = doctorReport(healthy);
    assert.equal(r.exitCode, 0);
    assert.ok(
      r.lines.slice(0, -1).every((l) => l.startsWith('✓ ')),
      r.lines.join('\n'),
    );
    assert.equal(r.lines.at(-1), '结论：全部检查通过。');
    assert.ok(r.lines.some((l) => l.includes('剩余空间 50.0 GB')));
  });

  it('an optional part missing is ✗ with the one install command, and still exit 0', () => {
    const r = doctorReport({
      ...healthy,
      chromium: { ok: false, message: '没有找到 /usr/bin/chromium' },
      fontFamilies: 'DejaVu Sans\n',
      pdftotext: false,
      smtp: null,
    });
    assert.equal(r.exitCode, 0);
    const failed = r.lines.filter((l) => l.startsWith('✗ '));
    assert.equal(failed.length, 5, failed.join('\n'));
    assert.ok(failed.filter((l) => l.includes(INSTALL_COMMAND)).length === 4);
    assert.ok(failed.some((l) => l.includes('未设置 SMTP_URL')));
    assert.match(r.lines.at(-1) ?? '', /必需检查全部通过；5 项可选功能不可用/);
  });

  it('an essential check failing gives exit 1 and says so on its line', () => {
    for (const broken of [
      { migrations: { ok: true as const, pending: ['0017_security', '0018_x', '0019_y', '0020_z'] } },
      { database: { ok: false as const, message: 'ECONNREFUSED' }, migrations: null },
      { uploadDir: { ok: false as const, message: '/srv/up：EACCES' } },
      { uploadDir: { ok: true as const, dir: '/srv/up', freeBytes: MIN_FREE_BYTES - 1 } },
      { configProblems: ['PORT：应为数字'], database: null, migrations: null, secret: null, uploadDir: null },
      { nodeVersion: 'v18.19.0' },
    ]) {
      const r = doctorReport({ ...healthy, ...broken });
      assert.equal(r.exitCode, 1, JSON.stringify(broken));
      assert.ok(r.lines.some((l) => l.startsWith('✗ ') && l.endsWith('（必需）')));
      assert.match(r.lines.at(-1) ?? '', /项必需检查未通过/);
    }
    const pending = doctorReport({ ...healthy, migrations: { ok: true, pending: ['a', 'b', 'c', 'd'] } });
    assert.ok(pending.lines.some((l) => l.includes('4 个迁移尚未执行（a … d）：请运行 npx gongkai migrate')));
  });

  it('production without PUBLIC_BASE_URL is an optional ✗', () => {
    const r = doctorReport({ ...healthy, publicBaseUrl: null });
    assert.equal(r.exitCode, 0);
    assert.ok(r.lines.some((l) => l.startsWith('✗ 未设置 PUBLIC_BASE_URL')));
    assert.ok(
      !doctorReport({ ...healthy, env: 'development', publicBaseUrl: null }).lines.some((l) =>
        l.startsWith('✗'),
      ),
    );
  });
});

describe('system parts at start', () => {
  it('reads fc-list: the CJK fonts and each Fandol face', () => {
    assert.deepEqual(fontPresence(FONTS), { cjkFonts: true, fandol: true, missingFandol: [] });
    assert.deepEqual(fontPresence('Noto Serif CJK SC\nFandolFang\n'), {
      cjkFonts: true,
      fandol: false,
      missingFandol: ['FandolKai', 'FandolSong'],
    });
    assert.equal(fontPresence('').cjkFonts, false);
  });

  it('says nothing when all is there; else each missing part, what it affects, and the one command', () => {
    const all = { chromium: true, cjkFonts: true, fandol: true, pdftotext: true };
    assert.deepEqual(startupNotice(all), []);
    const lines = startupNotice({ ...all, chromium: false, pdftotext: false });
    assert.equal(lines.length, 5);
    assert.match(lines[0] ?? '', /缺少 2 个系统组件/);
    assert.match(
      lines[1] ?? '',
      /✗ Chromium 浏览器（Debian 软件包 chromium）：答复文书、年度报告和政务公开体检的 PDF 无法生成/,
    );
    assert.match(lines[2] ?? '', /✗ pdftotext（Debian 软件包 poppler-utils）：年报检查器不能读取 PDF/);
    assert.equal(lines.filter((l) => l.includes(INSTALL_COMMAND)).length, 1);
  });
});
