import { letterHtml } from './src/applications/letter-html.tsx';
import { printHtmlToPdf, closePdfBrowser } from './src/shared/pdf.ts';
const body = '张三：\n\n' + '你于2026年1月5日提出的政府信息公开申请收悉。经审查，现答复如下：'.repeat(8) + '\n\n特此告知。\n\n某某区人民政府办公室\n2026年1月20日';
const html = await letterHtml('政府信息公开申请答复书', body, ['附件一.pdf']);
for (let i = 0; i < 6; i++) { const s = performance.now(); const b = await printHtmlToPdf(html); console.log(i, (performance.now()-s).toFixed(0), b.length); }
await closePdfBrowser();
