/**
 * The Debian packages some features need, and what a newcomer is told at start when they are missing
 * (pure: the presence is probed by `system-parts.ts`). Installed by the one command below, the same
 * script the tests and CI run.
 */

export const INSTALL_COMMAND = 'sudo bash scripts/ensure-system-deps.sh';

/** Font families the letters need from the Fandol fonts (decision 008). */
export const FANDOL_FAMILIES = ['FandolFang', 'FandolKai', 'FandolSong'] as const;

export type SystemPartKey = 'chromium' | 'cjkFonts' | 'fandol' | 'pdftotext';

export interface SystemPart {
  readonly key: SystemPartKey;
  /** What it is, for people. */
  readonly name: string;
  /** The Debian package that brings it. */
  readonly debianPackage: string;
  /** The features that do not work without it. */
  readonly affects: string;
}

export const SYSTEM_PARTS: readonly SystemPart[] = [
  {
    key: 'chromium',
    name: 'Chromium 浏览器',
    debianPackage: 'chromium',
    affects: '答复文书、年度报告和政务公开体检的 PDF 无法生成',
  },
  {
    key: 'cjkFonts',
    name: '中文字体（Noto CJK）',
    debianPackage: 'fonts-noto-cjk',
    affects: 'PDF 中的中文显示为方框',
  },
  {
    key: 'fandol',
    name: 'Fandol 公文字体（仿宋、楷体、宋体）',
    debianPackage: 'texlive-lang-chinese',
    affects: '答复文书 PDF 不能使用仿宋、楷体，改用其他字体',
  },
  {
    key: 'pdftotext',
    name: 'pdftotext',
    debianPackage: 'poppler-utils',
    affects: '年报检查器不能读取 PDF 文件（.docx、.html、.txt 不受影响）',
  },
];

/** Which of the parts this machine has. */
export type SystemPresence = Readonly<Record<SystemPartKey, boolean>>;

/** Whether the output of `fc-list : family` names the CJK fonts and every Fandol family the letters use. */
export function fontPresence(fcListFamilies: string): {
  cjkFonts: boolean;
  fandol: boolean;
  missingFandol: string[];
} {
  const lower = fcListFamilies.toLowerCase();
  const missingFandol = FANDOL_FAMILIES.filter((f) => !lower.includes(f.toLowerCase()));
  return {
    cjkFonts: lower.includes('noto sans cjk') || lower.includes('noto serif cjk'),
    fandol: missingFandol.length === 0,
    missingFandol,
  };
}

export function missingParts(presence: SystemPresence): SystemPart[] {
  return SYSTEM_PARTS.filter((p) => !presence[p.key]);
}

/**
 * What `npm start` says when parts are missing: each part, the features it affects, and the one command
 * that installs them all. Empty when nothing is missing.
 */
export function startupNotice(presence: SystemPresence): string[] {
  const missing = missingParts(presence);
  if (missing.length === 0) return [];
  return [
    `注意：本机缺少 ${missing.length} 个系统组件，其余功能照常使用：`,
    ...missing.map((p) => `  ✗ ${p.name}（Debian 软件包 ${p.debianPackage}）：${p.affects}`),
    `  安装全部缺少的组件（需要管理员权限）：${INSTALL_COMMAND}`,
    '  安装后重新启动；npx gongkai doctor 可逐项检查。',
  ];
}
