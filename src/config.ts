import { z } from 'zod';
import { parseRedisUrl } from './shared/http/redis-counter.ts';

/**
 * The one typed, validated configuration. Read once at start from the environment;
 * every problem is listed at once so an operator can fix them in one go.
 */
export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string };

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseTarget;
  readonly databaseUrl: string;
  readonly sessionSecret: string;
  readonly sessionTtlHours: number;
  readonly demo: boolean;
  readonly demoPassword: string | null;
  readonly timeZone: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly publicBaseUrl: string;
  /** Requests a minute one client address may send (all routes together); some routes have lower limits. */
  readonly requestsPerMinute: number;
  readonly loginMaxAttempts: number;
  readonly loginLockMinutes: number;
  readonly uploadDir: string;
  /** What one client address may keep in pending anonymous uploads over 24 hours (UPLOAD_QUOTA_MB). */
  readonly anonymousUploadQuotaBytes: number;
  /** Pause between two requests to one web site when surveying published reports (SURVEY_HOST_DELAY_MS). */
  readonly surveyHostDelayMs: number;
  /** SMTP server for outgoing mail (`smtp://…` or `smtps://…`); null: mail stays in the outbox, unsent. */
  readonly smtpUrl: string | null;
  /** Sender of outgoing mail, e.g. `政府信息公开 <gongkai@example.gov.cn>`; required with `smtpUrl`. */
  readonly mailFrom: string | null;
  /**
   * Whether the web process runs the worker's jobs itself (outbox, reminders, digest, upload purge): true
   * for the single-process quick start; false when `gongkai worker` runs them (RUN_JOBS_IN_WEB).
   */
  readonly runJobsInWeb: boolean;
  /** Port of the Prometheus metrics endpoint (`/metrics`) on its own listener; null: none (METRICS_PORT). */
  readonly metricsPort: number | null;
  /** Address the metrics listener binds (METRICS_HOST, default 127.0.0.1: only this machine may scrape). */
  readonly metricsHost: string;
  /** Folder the worker writes the scheduled backup to; null: no scheduled backup (BACKUP_DIR). */
  readonly backupDir: string | null;
  /** Local time of day (HH:MM) of the scheduled backup (BACKUP_AT, default 02:00). */
  readonly backupAt: string;
  /** Redis for the rate-limit counters shared by several app servers (REDIS_URL); null: see decision 012. */
  readonly redisUrl: string | null;
}

/** The default of RATE_LIMIT_PER_MINUTE: the same in every environment, tests included. */
export const DEFAULT_REQUESTS_PER_MINUTE = 600;

/** The default an earlier version used outside production: published, so refused wherever it is set. */
export const DEV_SESSION_SECRET = 'development-only-session-secret-change-me-0123456789';
const MIN_SECRET_LENGTH = 32;

const boolFromEnv = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'], { message: '应为 true 或 false' })
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EMAIL_PART = String.raw`[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+`;
const MAIL_FROM_PATTERN = new RegExp(`^(?:${EMAIL_PART}|[^<>]*<${EMAIL_PART}>)$`);

/** Checks an SMTP_URL; returns the problem in Chinese, or null when it is usable. */
export function parseSmtpUrl(url: string): string | null {
  const example =
    '应为 smtp://用户名:密码@主机:端口 或 smtps://…，例如 smtp://gongkai:密码@smtp.example.gov.cn:587';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return example;
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') return example;
  if (!parsed.hostname) return '缺少邮件服务器主机名';
  return null;
}

const schema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { message: '应为 development、production 或 test' })
    .default('development'),
  PORT: z.coerce
    .number({ message: '应为端口号' })
    .int('应为整数')
    .min(0, '应在 0–65535 之间')
    .max(65535, '应在 0–65535 之间')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().min(1, '不能为空').default('sqlite:data/gongkai.db'),
  SESSION_SECRET: z.string().optional(),
  SESSION_TTL_HOURS: z.coerce
    .number({ message: '应为数字' })
    .positive('应大于 0')
    .max(24 * 30, '不能超过 720 小时')
    .default(12),
  GONGKAI_DEMO: boolFromEnv.optional(),
  GONGKAI_DEMO_PASSWORD: z.string().min(8, '演示密码至少 8 个字符').optional(),
  GONGKAI_TIME_ZONE: z.string().default('Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  PUBLIC_BASE_URL: z.string().url('应为完整网址，例如 https://gongkai.example.gov.cn').optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_REQUESTS_PER_MINUTE),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  UPLOAD_DIR: z.string().min(1).default('data/uploads'),
  UPLOAD_QUOTA_MB: z.coerce
    .number({ message: '应为正整数' })
    .int('应为正整数')
    .min(1, '至少为 1')
    .max(10_000, '不能超过 10000')
    .default(40),
  SURVEY_HOST_DELAY_MS: z.coerce
    .number({ message: '应为整数（毫秒）' })
    .int('应为整数（毫秒）')
    .min(0, '不能小于 0')
    .max(60_000, '不能超过 60000')
    .default(500),
  SMTP_URL: z
    .string()
    .superRefine((v, ctx) => {
      const problem = parseSmtpUrl(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  REDIS_URL: z
    .string()
    .superRefine((v, ctx) => {
      const target = parseRedisUrl(v);
      if (typeof target === 'string') ctx.addIssue({ code: 'custom', message: target });
    })
    .optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .max(200, '不能超过 200 个字符')
    .regex(MAIL_FROM_PATTERN, '应为电子邮箱地址，可带显示名，例如 政府信息公开 <gongkai@example.gov.cn>')
    .optional(),
  RUN_JOBS_IN_WEB: boolFromEnv.optional(),
  METRICS_PORT: z.coerce
    .number({ message: '应为端口号' })
    .int('应为整数')
    .min(0, '应在 0–65535 之间')
    .max(65535, '应在 0–65535 之间')
    .optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '应为一天中的时刻 HH:MM，例如 02:00')
    .default('02:00'),
});

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export function parseDatabaseUrl(url: string): DatabaseTarget | string {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file.length === 0) return 'sqlite: 后应写数据库文件路径，例如 sqlite:data/gongkai.db';
    return { kind: 'sqlite', file };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    try {
      const parsed = new URL(url);
      if (!parsed.hostname && !parsed.searchParams.get('host')) return 'PostgreSQL 地址缺少主机名';
      if (parsed.pathname.length <= 1)
        return 'PostgreSQL 地址缺少数据库名，例如 postgres://user:pass@127.0.0.1:5432/gongkai';
    } catch {
      return 'PostgreSQL 地址格式不正确';
    }
    return { kind: 'postgres', url };
  }
  return '应以 sqlite: 或 postgres:// 开头，例如 sqlite:data/gongkai.db';
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('zh-CN', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Validates the environment. Never throws: returns every problem found. */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const parsed = schema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}：${issue.message}`);
    return { ok: false, problems };
  }
  const e = parsed.data;
  const database = parseDatabaseUrl(e.DATABASE_URL);
  if (typeof database === 'string') problems.push(`DATABASE_URL：${database}`);
  if (!isTimeZone(e.GONGKAI_TIME_ZONE))
    problems.push(`GONGKAI_TIME_ZONE：未知的时区“${e.GONGKAI_TIME_ZONE}”`);
  const production = e.NODE_ENV === 'production';
  const sessionSecret = e.SESSION_SECRET ?? '';
  if (sessionSecret === DEV_SESSION_SECRET)
    problems.push(
      'SESSION_SECRET：这是源代码里公开过的示例值，任何人都能用它伪造凭据；请删除这项设置（系统会自动生成）或换成随机字符串',
    );
  if (production) {
    if (!sessionSecret)
      problems.push('SESSION_SECRET：生产模式必须设置会话密钥（至少 32 个字符的随机字符串）');
    else if (isWeakSecret(sessionSecret))
      problems.push('SESSION_SECRET：会话密钥太弱，至少 32 个字符且不能是示例值或重复字符');
    if (e.GONGKAI_DEMO === true) problems.push('GONGKAI_DEMO：生产模式不能加载演示数据');
  } else if (!sessionSecret) {
    // Left empty: the start-up makes a random secret and keeps it in the database (app_secrets), so no
    // installation ever signs cookies with a secret published in the source.
  } else if (sessionSecret.length < MIN_SECRET_LENGTH) {
    problems.push(`SESSION_SECRET：至少 ${MIN_SECRET_LENGTH} 个字符`);
  }
  if (e.SMTP_URL && !e.MAIL_FROM)
    problems.push('MAIL_FROM：设置了 SMTP_URL 时必须设置发件人，例如 政府信息公开 <gongkai@example.gov.cn>');
  if (problems.length > 0 || typeof database === 'string') return { ok: false, problems };
  const config: Config = Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    database: Object.freeze(database),
    databaseUrl: e.DATABASE_URL,
    sessionSecret,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    demo: production ? false : (e.GONGKAI_DEMO ?? true),
    demoPassword: e.GONGKAI_DEMO_PASSWORD ?? null,
    timeZone: e.GONGKAI_TIME_ZONE,
    logLevel:
      e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : e.NODE_ENV === 'production' ? 'info' : 'warn'),
    publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`,
    requestsPerMinute: e.RATE_LIMIT_PER_MINUTE,
    loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
    loginLockMinutes: e.LOGIN_LOCK_MINUTES,
    uploadDir: e.UPLOAD_DIR,
    anonymousUploadQuotaBytes: e.UPLOAD_QUOTA_MB * 1024 * 1024,
    surveyHostDelayMs: e.SURVEY_HOST_DELAY_MS,
    smtpUrl: e.SMTP_URL ?? null,
    redisUrl: e.REDIS_URL ?? null,
    mailFrom: e.MAIL_FROM ?? null,
    runJobsInWeb: e.RUN_JOBS_IN_WEB ?? true,
    metricsPort: e.METRICS_PORT ?? null,
    metricsHost: e.METRICS_HOST,
    backupDir: e.BACKUP_DIR ?? null,
    backupAt: e.BACKUP_AT,
  });
  return { ok: true, config };
}

export function isWeakSecret(secret: string): boolean {
  if (secret.length < MIN_SECRET_LENGTH) return true;
  if (secret === DEV_SESSION_SECRET) return true;
  if (/change.?me|secret|password|example/i.test(secret) && new Set(secret).size < 20) return true;
  return new Set(secret).size < 10;
}
