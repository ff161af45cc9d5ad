/**
 * Channels other than the portal page (条例 Art. 23, 25): RSS and Atom feeds, a plain-text feed for
 * LED screens, a WeChat-ready article and a printable notice sheet (公示栏). Pure functions of the
 * items; every text is escaped here.
 */
import type { CatalogueItem } from './catalogue.model.ts';
import { VALIDITY_LABELS } from './catalogue.rules.ts';
import { escapeHtml, htmlToText } from './sanitize.ts';

export interface FeedItem {
  readonly item: CatalogueItem;
  readonly url: string;
}

export interface FeedMeta {
  readonly title: string;
  readonly selfUrl: string;
  readonly siteUrl: string;
  readonly updated: string;
}

const xml = (s: string) =>
  escapeHtml(s)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

function rfc822(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toUTCString();
}

function summaryOf(i: CatalogueItem): string {
  return i.description ?? htmlToText(i.bodyHtml).slice(0, 200);
}

export function rssFeed(meta: FeedMeta, items: readonly FeedItem[]): string {
  const entries = items
    .map(
      ({ item, url }) => `    <item>
      <title>${xml(item.title)}</title>
      <link>${xml(url)}</link>
      <guid isPermaLink="false">${xml(item.indexNo ?? String(item.id))}</guid>
      <pubDate>${rfc822(item.publishedOn ?? '1970-01-01')}</pubDate>${
        item.revisedOn ? `\n      <atom:updated>${xml(item.updatedAt)}</atom:updated>` : ''
      }
      <description>${xml(summaryOf(item))}${item.revisedOn ? xml(`（${item.revisedOn} 更新）`) : ''}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xml(meta.title)}</title>
    <link>${xml(meta.siteUrl)}</link>
    <atom:link href="${xml(meta.selfUrl)}" rel="self" type="application/rss+xml"/>
    <description>${xml(meta.title)}</description>
    <language>zh-CN</language>
${entries}
  </channel>
</rss>
`;
}

export function atomFeed(meta: FeedMeta, items: readonly FeedItem[]): string {
  const entries = items
    .map(
      ({ item, url }) => `  <entry>
    <title>${xml(item.title)}</title>
    <link href="${xml(url)}"/>
    <id>${xml(url)}</id>
    <updated>${xml(item.updatedAt)}</updated>
    <published>${item.publishedOn ?? ''}T00:00:00+08:00</published>
    <summary>${xml(summaryOf(item))}</summary>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <title>${xml(meta.title)}</title>
  <link href="${xml(meta.selfUrl)}" rel="self"/>
  <link href="${xml(meta.siteUrl)}"/>
  <id>${xml(meta.selfUrl)}</id>
  <updated>${xml(meta.updated)}</updated>
${entries}
</feed>
`;
}

/** One line per item for LED screens: date, title, validity; no markup, no control characters. */
export function ledText(agencyName: string, items: readonly CatalogueItem[]): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we drop
  const clean = (s: string) => s.replace(/[\s\u0000-\u001f]+/g, ' ').trim();
  const lines = items.map(
    (i) =>
      `${i.publishedOn ?? ''} ${clean(i.title)}${i.validity && i.validity !== 'valid' ? `（${VALIDITY_LABELS[i.validity]}）` : ''}`,
  );
  return `${clean(agencyName)} 政府信息公开\n${lines.join('\n')}\n`;
}

const WECHAT_STYLES: Record<string, string> = {
  p: 'margin:0 0 1em;line-height:1.75;font-size:16px;color:#333;text-align:justify;',
  h3: 'margin:1.2em 0 .6em;font-size:18px;font-weight:bold;color:#1d3f72;',
  h4: 'margin:1em 0 .5em;font-size:16px;font-weight:bold;color:#1d3f72;',
  ul: 'margin:0 0 1em;padding-left:1.5em;line-height:1.75;font-size:16px;color:#333;',
  ol: 'margin:0 0 1em;padding-left:1.5em;line-height:1.75;font-size:16px;color:#333;',
  li: 'margin:0 0 .3em;',
  table: 'border-collapse:collapse;width:100%;margin:0 0 1em;font-size:14px;',
  td: 'border:1px solid #ccc;padding:4px 6px;',
  th: 'border:1px solid #ccc;padding:4px 6px;background:#f3f2f1;font-weight:bold;',
  img: 'max-width:100%;height:auto;display:block;margin:0 auto 1em;',
  a: 'color:#1d70b8;',
  strong: 'font-weight:bold;',
};

/**
 * The item as a WeChat 公众号 article: sanitised body with inline styles (the editor keeps no
 * stylesheets), relative image and link URLs made absolute so images survive the copy.
 */
export function wechatArticle(
  item: CatalogueItem,
  agencyName: string,
  baseUrl: string,
  itemUrl: string,
): string {
  const body = item.bodyHtml
    .replace(
      /<(p|h3|h4|ul|ol|li|table|td|th|img|a|strong)\b/g,
      (_m, tag: string) => `<${tag} style="${WECHAT_STYLES[tag]}"`,
    )
    .replace(
      / (src|href)="(\/[^"]*)"/g,
      (_m, attr: string, url: string) => ` ${attr}="${escapeHtml(baseUrl)}${url}"`,
    );
  const meta = [
    item.indexNo ? `索引号：${item.indexNo}` : null,
    item.docNumber ? `文号：${item.docNumber}` : null,
    `发布机构：${item.publisher}`,
    item.publishedOn ? `发布日期：${item.publishedOn}` : null,
    item.revisedOn ? `更新日期：${item.revisedOn}` : null,
    item.validity ? `有效性：${VALIDITY_LABELS[item.validity]}` : null,
  ].filter(Boolean) as string[];
  return `<section style="padding:0 4px;">
<h2 style="margin:0 0 .8em;font-size:20px;font-weight:bold;color:#0b0c0c;line-height:1.4;">${escapeHtml(item.title)}</h2>
<p style="margin:0 0 1em;font-size:13px;color:#666;line-height:1.6;">${meta.map(escapeHtml).join('<br/>')}</p>
${body}
<p style="margin:1.5em 0 0;font-size:13px;color:#666;">来源：${escapeHtml(agencyName)}　原文：<a style="color:#1d70b8;" href="${escapeHtml(itemUrl)}">${escapeHtml(itemUrl)}</a></p>
</section>`;
}
