import { letterHtml } from './src/applications/letter-html.tsx';
import { printHtmlToPdf, closePdfBrowser } from './src/shared/pdf.ts';
import { renderReportPdf } from './src/reports/render/pdf.ts';
import { readFileSync, writeFileSync } from 'node:fs';
const body = '张三：\n\n' + '你于2026年1月5日提出的政府信息公开申请收悉。经审查，现答复如下：'.repeat(8) + '\n\n特此告知。\n\n某某区人民政府办公室\n2026年1月20日';
const html = await letterHtml('政府信息公开申请答复书', body, ['附件一.pdf']);
for (let i = 0; i < 6; i++) { const s = performance.now(); const b = await printHtmlToPdf(html); console.log('letter', i, (performance.now()-s).toFixed(0), b.length); if (i===0) writeFileSync('/tmp/docs-fast/letter.pdf', b); }
const doc = JSON.parse(readFileSync('/tmp/docs-fast/out1/宽城区欣园街道办事处2020年政府信息公开工作年度报告.json', 'utf8'));
for (let i = 0; i < 3; i++) { const s = performance.now(); const b = await renderReportPdf(doc); console.log('report', i, (performance.now()-s).toFixed(0), b.length); writeFileSync('/tmp/docs-fast/report.pdf', b); }
await closePdfBrowser();
