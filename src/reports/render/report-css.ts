/**
 * The official look of a printed annual report (党政机关公文格式 GB/T 9704 where it applies): A4,
 * margins 37/26/35/28 mm (top/right/bottom/left), 方正小标宋简体 title and 仿宋_GB2312 body with the
 * common fallbacks, tables with ruled cells. Shared by the HTML output (inline), the web pages
 * (/static/report.css) and the PDF (Chromium prints the HTML).
 */
export const TITLE_FONTS =
  '"方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif';
export const BODY_FONTS =
  '"仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif';

export const REPORT_CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
.gk-report { font-family: ${BODY_FONTS}; font-size: 16pt; line-height: 1.75; color: #000; max-width: 156mm; margin: 0 auto; }
.gk-report h1 { font-family: ${TITLE_FONTS}; font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.4; margin: 0 0 1em; }
.gk-report h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal; margin: 0.6em 0 0.2em; text-indent: 2em; }
.gk-report p { margin: 0; text-indent: 2em; text-align: justify; }
.gk-report table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 10.5pt; line-height: 1.35; page-break-inside: auto; }
.gk-report th, .gk-report td { border: 1px solid #000; padding: 2px 3px; text-align: center; vertical-align: middle; font-weight: normal; }
.gk-report tr { page-break-inside: avoid; break-inside: avoid; }
.gk-report h1, .gk-report h2 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
.gk-report thead { display: table-header-group; }
.gk-report .gk-report__block { break-inside: avoid; page-break-inside: avoid; }
.gk-report .gk-report__label { text-align: left; }
.gk-report .gk-report__vertical { writing-mode: vertical-rl; letter-spacing: 0.2em; }
.gk-report .gk-report__caption { font-weight: bold; text-align: left; }
.gk-report .gk-report__signature { text-align: right; text-indent: 0; margin-top: 2em; }
@media screen { .gk-report { padding: 1em 0; } }
.gk-report .gk-report__appendix { break-before: page; margin-top: 2em; }
.gk-report .gk-chart { margin: 0 0 1.5em; break-inside: avoid; }
.gk-report .gk-chart-svg { display: block; max-width: 100%; height: auto; }
.gk-report .gk-chart-caption { font-weight: bold; text-indent: 0; }
.gk-report .gk-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;
