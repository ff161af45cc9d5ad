import type { Generated, Kysely, Transaction } from 'kysely';

/**
 * The database schema as TypeScript. Conventions, the same on SQLite and PostgreSQL:
 * - timestamps are UTC ISO-8601 text (`2026-11-25T08:00:00.000Z`), plain dates are `YYYY-MM-DD` text;
 * - booleans are integers 0/1; JSON is text; ids are integers.
 * Each capability owns its tables (its `*.repository.ts` is the only module that queries them).
 */
export interface AgencyTable {
  id: Generated<number>;
  parent_id: number | null;
  /** Materialised path of ids, e.g. `/1/3/7/`; the subtree of 3 is `path LIKE '/1/3/%'`. */
  path: string;
  depth: number;
  name: string;
  short_name: string | null;
  level: string;
  kind: string;
  credit_code: string | null;
  org_code: string | null;
  office_name: string | null;
  office_address: string | null;
  office_hours: string | null;
  office_phone: string | null;
  office_fax: string | null;
  office_email: string | null;
  office_postcode: string | null;
  website: string | null;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface ReadingPlaceTable {
  id: Generated<number>;
  agency_id: number;
  name: string;
  address: string;
  hours: string | null;
  sort_order: number;
  created_at: string;
}

export interface UserTable {
  id: Generated<number>;
  login: string;
  display_name: string;
  role: string;
  agency_id: number | null;
  password_hash: string;
  active: number;
  failed_attempts: number;
  locked_until: string | null;
  last_login_at: string | null;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  /** SHA-256 of the token in the cookie; the token itself is never stored. */
  id_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  user_login: string | null;
  agency_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  summary: string;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
}

export interface HolidayYearTable {
  year: number;
  /** A `HolidayYearEntry` (src/calendar/calendar.ts) as JSON. */
  entry_json: string;
  updated_at: string;
  updated_by: string | null;
}

/** One application (依申请公开). See migration 0003 for the meaning of the cached columns. */
export interface ApplicationTable {
  id: Generated<number>;
  agency_id: number;
  /** 申请编号 shown to staff, unique per agency, e.g. `2026-0007`. */
  serial: string;
  /** 查询码 given to the applicant for the public progress lookup; unique. */
  lookup_code: string;
  /** online | clerk | api | import | demo */
  source: string;
  /** The annual report's column key: naturalPerson | commercial | research | publicInterest | legalService | otherOrg */
  applicant_type: string;
  applicant_name: string;
  id_doc_type: string | null;
  id_doc_number: string | null;
  credit_code: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  contact_address: string | null;
  contact_postcode: string | null;
  request_description: string;
  form_wanted: string | null;
  delivery_method: string | null;
  /** ReceiptChannel of src/applications/rules/timeline.ts */
  channel: string;
  submitted_on: string;
  /** 收到申请之日 (Art. 31), null until confirmed for channels that need confirmation. */
  received_on: string | null;
  /** CaseStatus of the timeline engine (cached). */
  status: string;
  /** CaseOutcome (report row key) once closed, e.g. granted, denied.thirdParty, other.overdueFee. */
  outcome: string | null;
  closed_on: string | null;
  reply_due: string | null;
  reply_due_provisional: number;
  repeat_of_id: number | null;
  created_at: string;
  updated_at: string;
  created_by: number | null;
}

export interface ApplicationEventTable {
  id: Generated<number>;
  application_id: number;
  seq: number;
  /** CaseEventType of the timeline engine. */
  type: string;
  on_date: string;
  /** The whole CaseEvent as JSON. */
  data_json: string;
  note: string | null;
  created_at: string;
  created_by: number | null;
}

export interface Database {
  agencies: AgencyTable;
  reading_places: ReadingPlaceTable;
  users: UserTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  holiday_years: HolidayYearTable;
  applications: ApplicationTable;
  application_events: ApplicationEventTable;
}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Either the root handle or a transaction: functions that can run in or out of one. */
export type Executor = Db | Trx;
export type Dialect = 'sqlite' | 'postgres';
