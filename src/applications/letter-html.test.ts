import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { letterHtml } from './letter-html.tsx';
import { DOC_NUMBER_PENDING } from './letter-layout.ts';

describe('letter HTML', () => {
  it('keeps the style sheet raw, so the font lists reach Chromium unescaped', async () => {
    const html = await letterHtml('答复书', '张三：\n  正文。', ['材料一.pdf', '材料二.pdf']);
    assert.match(html, /--gk-ls-fang: "仿宋_GB2312"/);
    assert.match(html, /@bottom-left/, 'even pages are numbered at their outer (left) edge');
    assert.doesNotMatch(html, /&quot;/);
  });

  it('escapes the letter text and lists the attachments', async () => {
    const html = await letterHtml('答复书', '<script>alert(1)</script>', ['材料一.pdf', '材料二.pdf']);
    assert.doesNotMatch(html, /<script>/);
    assert.match(
      html,
      /附件：<\/span><span class="gk-ls-att-no">1\.<\/span><span class="gk-ls-att-name">材料一</,
    );
  });

  it('places the 文号 above the title, the 主送, and the signature with the seal’s place', async () => {
    const html = await letterHtml(
      '政府信息公开告知书',
      '张三：\n\n正文。\n\n特此告知。\n\n欣园街道办事处\n2026年12月7日',
      [],
      { docNumber: '欣园街道依申公开〔2026〕5号', sealPending: true },
    );
    assert.match(
      html,
      /<p class="gk-ls-docno">欣园街道依申公开〔2026〕5号<\/p><h1 class="gk-ls-title">政府信息公开告知书<\/h1><p class="gk-ls-to">张三：<\/p>/,
    );
    assert.match(
      html,
      /class="gk-ls-seal"[^>]*>印章<\/div><p class="gk-ls-agency">欣园街道办事处<\/p><p class="gk-ls-date">2026年12月7日<\/p>/,
    );
    const draft = await letterHtml('告知书', '张三：\n\n正文。', [], { docNumber: null });
    assert.ok(draft.includes(DOC_NUMBER_PENDING));
    assert.doesNotMatch(draft, /gk-ls-seal"/, 'no seal mark unless asked');
  });
});
