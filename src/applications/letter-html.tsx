import { renderDocument } from '../shared/ui/render.ts';
import { attachmentLines } from './documents.rules.ts';

/**
 * A reply letter as a print-ready HTML page following GB/T 9704-2012: A4, margins 37/35/28/26 mm,
 * title in 小标宋 二号 centred, body in 仿宋 三号 with a 2-character indent and 28 pt lines, the
 * salutation flush left, signature and date right-aligned. Fonts fall back to Noto Serif CJK on Linux.
 */
const CSS = `@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { margin: 0; font-family: "仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 28pt; color: #000; }
h1 { font-family: "方正小标宋简体", "华文中宋", "Noto Serif CJK SC", serif; font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 28pt; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.salutation { text-indent: 0; }
p.signature { text-align: right; text-indent: 0; }
p.attachment { margin-top: 28pt; }
p.attachment + p.attachment { margin-top: 0; }`;

function paragraphs(body: string, attachments: readonly string[]) {
  const paras = body
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  const last = paras.length - 1;
  const out = paras.map((p, i) => {
    const lines = p.split('\n');
    const kind =
      i === 0 && p.endsWith('：')
        ? 'salutation'
        : i === last && lines.length <= 3 && !p.includes('。')
          ? 'signature'
          : '';
    return lines.map((line) => ({ kind, line }));
  });
  // 附件说明 (GB/T 9704 §7.3.4): after the text, before the signature.
  const notes = attachmentLines(attachments).map((line) => ({ kind: 'attachment', line }));
  const at = out.at(-1)?.[0]?.kind === 'signature' ? out.length - 1 : out.length;
  out.splice(at, 0, notes);
  return out.flat();
}

/** The letter as HTML; `attachments` are the file names listed as 附件 (numbered when several). */
export function letterHtml(
  title: string,
  body: string,
  attachments: readonly string[] = [],
): Promise<string> {
  return renderDocument(
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>{title}</title>
        {/* Raw: inside <style> entities are not decoded, so escaped quotes would break the font lists. */}
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <h1>{title}</h1>
        {paragraphs(body, attachments).map((p) => (
          <p class={p.kind || undefined}>{p.line}</p>
        ))}
      </body>
    </html>,
  );
}
