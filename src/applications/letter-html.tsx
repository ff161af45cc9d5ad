import { readFile } from 'node:fs/promises';
import { renderDocument } from '../shared/ui/render.ts';
import {
  DOC_NUMBER_PENDING,
  type LetterLayout,
  type LetterRenderOptions,
  type LetterRun,
  letterLayout,
} from './letter-layout.ts';

/**
 * A reply letter as HTML following GB/T 9704-2012: the sheet (`LetterSheet`) the letter page shows on a
 * grey desk, and the print-ready document (`letterHtml`) Chromium prints to PDF. Both take their look from
 * one style sheet, public/letter-sheet.css (A4, 版心 156 × 225 mm, 22 lines × 28 characters, the font
 * stacks, page numbers at the outer edges); its file name for the letter page's <link> is
 * LETTER_SHEET_CSS. The elements come from the layout model (letter-layout.ts).
 */
export const LETTER_SHEET_CSS = 'letter-sheet.css';
const CSS_FILE = new URL(`../../public/${LETTER_SHEET_CSS}`, import.meta.url);
let css: Promise<string> | null = null;

function sheetCss(): Promise<string> {
  css ??= readFile(CSS_FILE, 'utf8').catch((e: unknown) => {
    css = null;
    throw e;
  });
  return css;
}

function Runs(props: { runs: readonly LetterRun[] }) {
  return (
    <>
      {props.runs.map((r) =>
        r.style === 'body' ? r.text : <span class={`gk-ls-${r.style}`}>{r.text}</span>,
      )}
    </>
  );
}

/** The letter on its sheet: 文号, title, 主送, text, 附件说明, 署名 and date, the seal's place. */
export function LetterSheet(props: { layout: LetterLayout }) {
  const l = props.layout;
  const several = l.attachments.length > 1;
  return (
    <article class="gk-letter-sheet" lang="zh-CN">
      {l.docNumber !== null ? (
        <p class={`gk-ls-docno${l.docNumber === DOC_NUMBER_PENDING ? ' gk-ls-docno--pending' : ''}`}>
          {l.docNumber}
        </p>
      ) : null}
      <h1 class="gk-ls-title">{l.title}</h1>
      {l.addressee ? <p class="gk-ls-to">{l.addressee}</p> : null}
      {l.paragraphs.map((runs) => (
        <p class="gk-ls-p">
          <Runs runs={runs} />
        </p>
      ))}
      {l.attachments.length > 0 ? (
        <div class={`gk-ls-attachments${several ? '' : ' gk-ls-attachments--single'}`}>
          {l.attachments.map((a, i) => (
            <>
              <span>{i === 0 ? '附件：' : ''}</span>
              {several ? <span class="gk-ls-att-no">{a.number}</span> : null}
              <span class="gk-ls-att-name">{a.name}</span>
            </>
          ))}
        </div>
      ) : null}
      {l.signature ? (
        <div class="gk-ls-sign">
          <div class="gk-ls-sign-box">
            {l.sealMark ? (
              <div class="gk-ls-seal" title="加盖印章的位置">
                印章
              </div>
            ) : null}
            {l.signature.agencies.map((a) => (
              <p class="gk-ls-agency">{a}</p>
            ))}
            <p class="gk-ls-date">{l.signature.date}</p>
          </div>
        </div>
      ) : null}
    </article>
  );
}

/**
 * The letter as a complete HTML document to print; `attachments` are the file names listed as 附件
 * (numbered when several); `options` give the 文号 and whether to mark the seal's place.
 */
export async function letterHtml(
  title: string,
  body: string,
  attachments: readonly string[] = [],
  options: LetterRenderOptions = {},
): Promise<string> {
  const layout = letterLayout(title, body, attachments, options);
  return renderDocument(
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>{layout.title}</title>
        {/* Raw: inside <style> entities are not decoded, so escaped quotes would break the font lists. */}
        <style dangerouslySetInnerHTML={{ __html: await sheetCss() }} />
      </head>
      <body class="gk-letter-print">
        <LetterSheet layout={layout} />
      </body>
    </html>,
  );
}
