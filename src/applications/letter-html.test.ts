import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { letterHtml } from './letter-html.tsx';

describe('letter HTML', () => {
  it('keeps the style sheet raw, so the font lists reach Chromium unescaped', async () => {
    const html = await letterHtml('答复书', '张三：\n  正文。', ['材料一.pdf', '材料二.pdf']);
    assert.match(html, /font-family: "仿宋_GB2312"/);
    assert.doesNotMatch(html, /&quot;/);
  });

  it('escapes the letter text and lists the attachments', async () => {
    const html = await letterHtml('答复书', '<script>alert(1)</script>', ['材料一.pdf', '材料二.pdf']);
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /附件：1\. 材料一/);
  });
});
