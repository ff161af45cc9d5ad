import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { htmlToText, isSafeHref, sanitizeHtml } from './sanitize.ts';

describe('sanitizeHtml', () => {
  it('keeps the allowed markup', () => {
    const html =
      '<h3>一、总则</h3><p>第一条 <strong>为了</strong><em>规范</em></p><ul><li>甲</li></ul><table><tr><th scope="col">项</th><td colspan="2">值</td></tr></table>';
    assert.equal(sanitizeHtml(html), html);
  });

  const payloads: [string, string][] = [
    ['<script>alert(1)</script>正文', '正文'],
    ['<SCRIPT SRC=//x.example/x.js></SCRIPT>正文', '正文'],
    ['<img src=x onerror=alert(1)>', '<img src="x" alt="">'],
    ['<img src="javascript:alert(1)">', ''],
    ['<img src="//evil.example/a.png">', ''],
    ['<a href="javascript:alert(1)">点</a>', '<a>点</a>'],
    ['<a href="jav&#x61;script:alert(1)">点</a>', '<a>点</a>'],
    ['<a href=" javascript:alert(1)">点</a>', '<a>点</a>'],
    ['<a href="java\tscript:alert(1)">点</a>', '<a>点</a>'],
    ['<a href="data:text/html,<script>alert(1)</script>">点</a>', '<a>点</a>'],
    ['<p style="background:url(javascript:x)" onmouseover="x()">文</p>', '<p>文</p>'],
    ['<svg><script>alert(1)</script></svg>后', '后'],
    ['<iframe src="https://evil.example"></iframe>', ''],
    ['<style>*{display:none}</style>文', '文'],
    ['<!-- <script>x</script> -->文', '文'],
    ['<p>未闭合', '<p>未闭合</p>'],
    // HTML5 parsing (as browsers do): a stray </p> is an empty paragraph.
    ['</p>孤立的结束标签', '<p></p>孤立的结束标签'],
    ['a < b & c > d', 'a &lt; b &amp; c &gt; d'],
    ['<<script>script>alert(1)<</script>/script>', '&lt;/script&gt;'],
    [
      '<a href="https://www.gov.cn/" onclick="x()">国务院</a>',
      '<a href="https://www.gov.cn/" rel="noopener noreferrer">国务院</a>',
    ],
    [
      '<img src="/attachments/3" alt=""><script>alert(1)</script>">',
      // a quote in text needs no escaping (the library leaves it; `>` is still escaped)
      '<img src="/attachments/3" alt="">"&gt;',
    ],
    ['<img src="/a.png" alt=\'"><b>\'>', '<img src="/a.png" alt="&quot;&gt;&lt;b&gt;">'],
    ['<math><mi xlink:href="javascript:alert(1)">x</mi></math>', ''],
    ['<form action="x"><input name=a></form>文', '文'],
    ['<div><p>嵌套</div>', '<p>嵌套</p>'],
    // cases the library's parser meets differently from a hand tokeniser
    ['<a href="&#106;avascript:alert(1)">点</a>', '<a>点</a>'],
    ['<a href="JAVASCRIPT:alert(1)" title="t">点</a>', '<a title="t">点</a>'],
    ['<img src="/a.png" alt="图" onload="x()"/>', '<img src="/a.png" alt="图">'],
    ['<td colspan="999" rowspan="2">格</td>', '<td rowspan="2">格</td>'],
    [
      '<table><tr><th scope="x" colspan="3">格</th></tr></table>',
      '<table><tr><th colspan="3">格</th></tr></table>',
    ],
    ['<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>', ''],
    ['<p>行<br/>二</p>', '<p>行<br>二</p>'],
  ];
  for (const [input, expected] of payloads) {
    it(`neutralises ${JSON.stringify(input).slice(0, 50)}`, () => {
      const out = sanitizeHtml(input);
      assert.equal(out, expected);
      assert.doesNotMatch(out, /<script|javascript:|onerror=|onclick=|<iframe|<svg/i);
    });
  }

  it('is idempotent', () => {
    for (const [input] of payloads) {
      const once = sanitizeHtml(input);
      assert.equal(sanitizeHtml(once), once);
    }
  });
});

describe('isSafeHref', () => {
  it('accepts http(s) and relative links only', () => {
    assert.ok(isSafeHref('https://www.gov.cn/zhengce/'));
    assert.ok(isSafeHref('/agencies/4'));
    assert.ok(isSafeHref('file.pdf'));
    assert.ok(!isSafeHref('//evil.example'));
    assert.ok(!isSafeHref('vbscript:x'));
    assert.ok(!isSafeHref('mailto:a@b'));
  });
});

describe('htmlToText', () => {
  it('puts blocks on lines and decodes entities', () => {
    assert.equal(htmlToText('<p>甲&amp;乙</p><p>丙<br>丁</p>'), '甲&乙\n丙\n丁');
  });
});
