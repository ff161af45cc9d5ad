/**
 * Test PDFs written by hand (no tool needed to make them): Helvetica text with personal data, and the
 * things a redacted copy must not keep — an Info dictionary, XMP metadata, an annotation, an embedded
 * file, document JavaScript, an outline entry, optionally a hidden layer. Streams are not compressed,
 * so a test can see what the original holds.
 */
export interface SamplePdfOptions {
  readonly pages?: number;
  /** Add a layer switched off by default (a hidden layer). */
  readonly hiddenLayer?: boolean;
  readonly lines?: readonly string[];
}

export const SAMPLE_LINES = [
  'Applicant: Zhang San',
  'ID 11010519491231002X phone 13812345678',
  'Email zhangsan@example.com card 6222021234567890128',
  'The information requested is disclosed.',
] as const;

export function samplePdf(options: SamplePdfOptions = {}): Buffer {
  const pageCount = options.pages ?? 1;
  const lines = options.lines ?? SAMPLE_LINES;
  const objects: string[] = [];
  const add = (body: string) => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pagesObj = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const xmp =
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Secret Author 13812345678</dc:creator></x:xmpmeta>';
  const meta = add(`<< /Type /Metadata /Subtype /XML /Length ${xmp.length} >>\nstream\n${xmp}\nendstream`);
  const js = add('<< /S /JavaScript /JS (app.alert\\("hello"\\)) >>');
  const fileData = 'attached 13812345678';
  const ef = add(`<< /Type /EmbeddedFile /Length ${fileData.length} >>\nstream\n${fileData}\nendstream`);
  const spec = add(`<< /Type /Filespec /F (a.txt) /EF << /F ${ef} 0 R >> >>`);
  const ocg = options.hiddenLayer ? add('<< /Type /OCG /Name (Hidden) >>') : 0;
  const outlineItem = add('');
  const outlines = add(`<< /Type /Outlines /First ${outlineItem} 0 R /Last ${outlineItem} 0 R /Count 1 >>`);
  const pageIds: number[] = [];
  for (let p = 0; p < pageCount; p++) {
    let content = 'BT /F1 12 Tf 72 760 Td 16 TL\n';
    for (const l of lines) content += `(${l}) Tj T*\n`;
    content += 'ET\n';
    if (ocg) content += '/OC /L1 BDC BT /F1 12 Tf 72 300 Td (Hidden layer text) Tj ET EMC\n';
    const stream = add(`<< /Length ${content.length} >>\nstream\n${content}endstream`);
    const annot = add(
      '<< /Type /Annot /Subtype /Text /Rect [300 700 320 720] /Contents (note about Zhang San 13812345678) >>',
    );
    const props = ocg ? ` /Properties << /L1 ${ocg} 0 R >>` : '';
    pageIds.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Contents ${stream} 0 R /Annots [${annot} 0 R] /Resources << /Font << /F1 ${font} 0 R >>${props} >> >>`,
      ),
    );
  }
  objects[outlineItem - 1] =
    `<< /Title (Zhang San 13812345678) /Parent ${outlines} 0 R /Dest [${pageIds[0]} 0 R /Fit] >>`;
  objects[pagesObj - 1] =
    `<< /Type /Pages /Kids [${pageIds.map((i) => `${i} 0 R`).join(' ')}] /Count ${pageCount} >>`;
  const ocProps = ocg ? ` /OCProperties << /OCGs [${ocg} 0 R] /D << /OFF [${ocg} 0 R] >> >>` : '';
  objects[catalog - 1] =
    `<< /Type /Catalog /Pages ${pagesObj} 0 R /Metadata ${meta} 0 R /Outlines ${outlines} 0 R /OpenAction ${js} 0 R /Names << /EmbeddedFiles << /Names [(a.txt) ${spec} 0 R] >> >>${ocProps} >>`;
  const info = add('<< /Title (Reply to Zhang San) /Author (Clerk Li 13812345678) >>');
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
