/**
 * The 台账 (ledger) of applications as XLSX: export in the layout clerks keep, and import of an existing
 * ledger (history from before Gongkai), validated row by row — every row's errors are listed and nothing
 * is written while any row fails.
 */
import ExcelJS from 'exceljs';
import type { Calendar } from '../calendar/calendar.ts';
import { isIsoDate } from '../calendar/dates.ts';
import type { Application } from './application.repository.ts';
import {
  APPLICANT_TYPE_LABELS,
  APPLICANT_TYPES,
  type ApplicantInput,
  type ApplicantType,
  CHANNEL_LABELS,
  CHANNELS,
  maskIdNumber,
  maskPhone,
  outcomeOptions,
} from './application.rules.ts';
import {
  type CaseEvent,
  type CaseOutcome,
  computeDeadlines,
  outcomeLabel,
  type ReceiptChannel,
  STATUS_LABELS,
  validateTimeline,
} from './rules/timeline.ts';

export const LEDGER_COLUMNS = [
  '序号',
  '申请编号',
  '收到申请日期',
  '提交方式',
  '申请人类型',
  '申请人姓名或名称',
  '证件号码',
  '联系电话',
  '申请内容',
  '答复期限',
  '延期工作日数',
  '办结日期',
  '办理结果',
  '办理结果代码',
  '状态',
] as const;

export interface LedgerEntry {
  readonly app: Application;
  readonly extendedBy: number;
}

/** Builds the ledger workbook; personal numbers are masked unless `full`. */
export async function ledgerXlsx(
  title: string,
  entries: readonly LedgerEntry[],
  full: boolean,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongkai';
  const ws = wb.addWorksheet('台账');
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, LEDGER_COLUMNS.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.addRow([...LEDGER_COLUMNS]);
  ws.getRow(2).font = { bold: true };
  entries.forEach(({ app: a, extendedBy }, i) => {
    const p = a.applicant;
    ws.addRow([
      i + 1,
      a.serial,
      a.receivedOn ?? '',
      CHANNEL_LABELS[a.channel],
      APPLICANT_TYPE_LABELS[p.applicantType],
      p.applicantName,
      full ? (p.idDocNumber ?? p.creditCode ?? '') : (p.creditCode ?? maskIdNumber(p.idDocNumber)),
      full ? (p.phone ?? '') : maskPhone(p.phone),
      p.request,
      a.replyDue ?? '',
      extendedBy || '',
      a.closedOn ?? '',
      a.outcome ? outcomeLabel(a.outcome as CaseOutcome) : '',
      a.outcome ?? '',
      STATUS_LABELS[a.status] ?? a.status,
    ]);
  });
  const widths = [6, 12, 12, 10, 12, 20, 22, 16, 40, 12, 8, 12, 30, 22, 12];
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------------------
// Import

export interface ImportRow {
  readonly row: number;
  readonly serial: string;
  readonly applicant: ApplicantInput;
  readonly channel: ReceiptChannel;
  readonly events: readonly CaseEvent[];
}

export interface ImportCheck {
  readonly rows: readonly ImportRow[];
  readonly errors: readonly { row: number; messages: string[] }[];
  readonly total: number;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    // exceljs reads date cells as UTC midnight of the day shown.
    return v.toISOString().slice(0, 10);
  }
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return String(v.result ?? '').trim();
  }
  return String(v).trim();
}

const CHANNEL_BY_LABEL = new Map<string, ReceiptChannel>(
  CHANNELS.map((c) => [CHANNEL_LABELS[c], c] as [string, ReceiptChannel]).concat([
    ['当面', 'in_person'],
    ['邮寄', 'post_signed'],
    ['信函', 'post_plain'],
    ['网上', 'online'],
    ['网络', 'online'],
    ['口头', 'oral'],
  ]),
);
const TYPE_BY_LABEL = new Map<string, ApplicantType>(
  APPLICANT_TYPES.map((t) => [APPLICANT_TYPE_LABELS[t], t] as [string, ApplicantType]).concat([
    ['其他', 'otherOrg'],
    ['公民', 'naturalPerson'],
  ]),
);

/**
 * Reads and validates a ledger workbook (the export's layout: a title row, a header row, data rows).
 * `existingSerials` are the agency's serials already stored. Nothing is written here.
 */
export async function checkLedger(
  data: Buffer,
  cal: Calendar,
  today: string,
  existingSerials: ReadonlySet<string>,
): Promise<ImportCheck> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { rows: [], errors: [{ row: 0, messages: ['文件不是有效的 XLSX 工作簿'] }], total: 0 };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], errors: [{ row: 0, messages: ['工作簿中没有工作表'] }], total: 0 };
  let headerRow = 0;
  const col = new Map<string, number>();
  for (let r = 1; r <= Math.min(5, ws.rowCount); r++) {
    const cells = (ws.getRow(r).values as ExcelJS.CellValue[]).map(cellText);
    if (cells.includes('申请编号') && cells.includes('收到申请日期')) {
      headerRow = r;
      cells.forEach((c, i) => {
        if (c) col.set(c, i);
      });
      break;
    }
  }
  if (headerRow === 0)
    return {
      rows: [],
      errors: [{ row: 0, messages: ['没有找到表头行（需要“申请编号”“收到申请日期”等列）'] }],
      total: 0,
    };
  const outcomes = new Map<string, string>();
  for (const y of [2020, 2021])
    for (const o of outcomeOptions(y)) {
      outcomes.set(o.value, o.value);
      outcomes.set(outcomeLabel(o.value), o.value);
    }
  outcomes.set('withdrawn', 'withdrawn');
  outcomes.set(outcomeLabel('withdrawn'), 'withdrawn');
  outcomes.set('other.overdueCorrection', 'other.overdueCorrection');
  outcomes.set(outcomeLabel('other.overdueCorrection'), 'other.overdueCorrection');

  const rows: ImportRow[] = [];
  const errors: { row: number; messages: string[] }[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const get = (name: string) => {
      const i = col.get(name);
      return i === undefined ? '' : cellText(row.getCell(i).value);
    };
    if (LEDGER_COLUMNS.slice(1).every((c) => get(c) === '')) continue;
    total++;
    const msgs: string[] = [];
    const serial = get('申请编号');
    if (!/^\d{4}-\d{4}$/.test(serial)) msgs.push(`申请编号“${serial}”应为“年份-四位序号”，例如 2020-0001`);
    else if (existingSerials.has(serial)) msgs.push(`申请编号 ${serial} 已存在`);
    else if (seen.has(serial)) msgs.push(`申请编号 ${serial} 在文件中重复`);
    seen.add(serial);
    const received = get('收到申请日期');
    if (!isIsoDate(received)) msgs.push(`收到申请日期“${received}”不是有效日期（YYYY-MM-DD）`);
    const channel = CHANNEL_BY_LABEL.get(get('提交方式'));
    if (!channel)
      msgs.push(
        `提交方式“${get('提交方式')}”无效，可填：${CHANNELS.map((c) => CHANNEL_LABELS[c]).join('、')}`,
      );
    const type = TYPE_BY_LABEL.get(get('申请人类型'));
    if (!type)
      msgs.push(
        `申请人类型“${get('申请人类型')}”无效，可填：${APPLICANT_TYPES.map((t) => APPLICANT_TYPE_LABELS[t]).join('、')}`,
      );
    const name = get('申请人姓名或名称');
    if (name === '') msgs.push('申请人姓名或名称不能为空');
    const request = get('申请内容');
    if (request === '') msgs.push('申请内容不能为空');
    const extRaw = get('延期工作日数');
    const ext = extRaw === '' ? 0 : Number(extRaw);
    if (!Number.isInteger(ext) || ext < 0 || ext > 20)
      msgs.push(`延期工作日数“${extRaw}”应为 0 至 20 的整数`);
    const closedOn = get('办结日期');
    const outcomeRaw = get('办理结果代码') || get('办理结果');
    const outcome = outcomeRaw === '' ? null : (outcomes.get(outcomeRaw) ?? null);
    if (outcomeRaw !== '' && outcome === null) msgs.push(`办理结果“${outcomeRaw}”不是年度报告中的一行`);
    if (closedOn !== '' && !isIsoDate(closedOn)) msgs.push(`办结日期“${closedOn}”不是有效日期（YYYY-MM-DD）`);
    if ((closedOn === '') !== (outcomeRaw === '')) msgs.push('办结日期和办理结果应同时填写或同时留空');
    const idRaw = get('证件号码');
    const phone = get('联系电话');
    if (msgs.length === 0 && channel && type) {
      const events: CaseEvent[] = [
        {
          type: 'received',
          channel,
          submittedOn: received,
          ...(channel === 'post_signed' ? { signedOn: received } : {}),
          ...(['post_plain', 'fax', 'email', 'online'].includes(channel) ? { confirmedOn: received } : {}),
        },
      ];
      if (ext > 0)
        events.push({
          type: 'extensionApproved',
          on: received,
          workingDays: ext,
          approvedBy: '（历史台账导入）',
        });
      if (outcome && closedOn) {
        if (outcome === 'withdrawn') events.push({ type: 'withdrawn', on: closedOn });
        else if (outcome === 'other.overdueCorrection') {
          events.push({ type: 'correctionRequested', on: received, dueOn: closedOn });
          if (closedOn <= received) msgs.push('逾期未补正的办结日期应晚于收到申请日期');
          else {
            const lapse = new Date(`${closedOn}T00:00:00Z`);
            lapse.setUTCDate(lapse.getUTCDate() + 1);
            events.push({ type: 'correctionLapsed', on: lapse.toISOString().slice(0, 10) });
          }
        } else
          events.push({
            type: 'answered',
            on: closedOn,
            outcome: outcome as Extract<CaseEvent, { type: 'answered' }>['outcome'],
          });
      }
      if (msgs.length === 0) {
        const bad = validateTimeline(events, today, cal);
        if (bad) msgs.push(bad.message);
        else computeDeadlines(events, cal);
      }
      const org = type !== 'naturalPerson';
      const idClean = idRaw.includes('*') ? '' : idRaw.toUpperCase();
      if (msgs.length === 0)
        rows.push({
          row: r,
          serial,
          channel,
          events,
          applicant: {
            applicantType: type,
            applicantName: name,
            idDocType: !org && idClean ? 'resident_id' : null,
            idDocName: null,
            idDocNumber: !org && idClean ? idClean : null,
            creditCode: org && idClean ? idClean : null,
            contactPerson: null,
            phone: phone.includes('*') ? null : phone || null,
            email: null,
            address: null,
            postcode: null,
            request,
            purpose: null,
            formWanted: 'paper',
            delivery: 'pickup',
          },
        });
    }
    if (msgs.length > 0) errors.push({ row: r, messages: msgs });
  }
  if (total === 0) errors.push({ row: headerRow + 1, messages: ['表头之后没有数据行'] });
  return { rows, errors, total };
}
