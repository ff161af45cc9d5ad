import type { Generated, Kysely, Transaction } from 'kysely';

/**
 * The database schema as TypeScript. Conventions, the same on SQLite and PostgreSQL:
 * - timestamps are UTC ISO-8601 text (`2026-11-25T08:00:00.000Z`), plain dates are `YYYY-MM-DD` text;
 * - booleans are integers 0/1; JSON is text; ids are integers.
 * Each capability owns its tables (its `*.repository.ts` is the only module that queries them).
 */
/**
 * The columns of a file kept under UPLOAD_DIR (src/shared/stored-file.ts), shared by the attachment
 * and document tables: the original name, the file name under the table's upload folder, type, size,
 * SHA-256 digest, and when it was stored.
 */
interface StoredFileColumns {
  file_name: string;
  stored_name: string;
  mime: string;
  size: number;
  sha256: string;
  created_at: string;
}

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
  /** For the daily reminder (clerks and reviewers); optional (migration 0008). */
  email: string | null;
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
  /** The hash chain (migration 0019, src/audit/audit-chain.rules.ts): the previous row's hash, and this row's. */
  prev_hash: string | null;
  hash: string | null;
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
  /** Extra answers of the application form as JSON (migration 0005), e.g. the name of another ID document. */
  details_json: string | null;
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

/** Per-agency, per-year serial counter of applications (migration 0005). */
export interface ApplicationCounterTable {
  agency_id: number;
  year: number;
  last_number: number;
}

/** A reply letter or notice of an application: draft → approved (reviewer) → sent. */
export interface ApplicationLetterTable {
  id: Generated<number>;
  application_id: number;
  kind: string;
  title: string;
  body: string;
  status: string;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  approved_at: string | null;
  approved_by: number | null;
  sent_on: string | null;
  /** 文号 assigned when the letter is approved (migration 0007), e.g. `欣园街道依申公开〔2026〕7号`. */
  doc_number: Generated<string | null>;
  /** How the sent letter was sealed (migration 0012): electronic | paper | none; null before it was recorded. */
  seal: Generated<string | null>;
  /** The review (migration 0015): submitted to the reviewer (提交审核), returned with a reason (退回修改). */
  submitted_at: Generated<string | null>;
  submitted_by: Generated<number | null>;
  returned_at: Generated<string | null>;
  returned_by: Generated<number | null>;
  return_reason: Generated<string | null>;
}

/** A per-user bearer token of the JSON API; only its SHA-256 is stored. */
export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  label: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** When the token stops working (migration 0017); null for tokens made before, until revoked. */
  expires_at: string | null;
}

/** The annual report of an agency for a data year (src/reports). See migration 0004. */
export interface AnnualReportTable {
  id: Generated<number>;
  agency_id: number;
  year: number;
  /** `2019` | `2021` when the agency overrides the format of the year; null = by year. */
  format_override: string | null;
  /** draft | submitted | approved | published */
  status: string;
  /** `{overview, problems, other}` templates with {placeholders}, as JSON. */
  narrative_json: string;
  /** Hand-entered Article 20 figures keyed by proactive cell key, as JSON. */
  article20_json: string;
  /** Per-report due date (街道 practice varies); null = the statutory default. */
  due_on: string | null;
  /** Date printed under the signature; null = the publication date. */
  signed_on: string | null;
  submitted_at: string | null;
  submitted_by: number | null;
  approved_at: string | null;
  approved_by: number | null;
  published_at: string | null;
  /** The published ReportDocument as JSON (kept when reopened, replaced on re-publication). */
  published_json: string | null;
  created_at: string;
  updated_at: string;
  updated_by: number | null;
}

/** A reconsideration or litigation case (src/litigation). */
export interface LitigationCaseTable {
  id: Generated<number>;
  agency_id: number;
  /** review | litigationDirect | litigationAfterReview */
  kind: string;
  application_id: number | null;
  case_number: string | null;
  counterparty: string | null;
  filed_on: string;
  decided_on: string | null;
  /** upheld | corrected | other | pending */
  result: string;
  /** Document references and notes (文书编号、存档位置). */
  documents: string | null;
  created_at: string;
  updated_at: string;
  created_by: number | null;
}

/** 主题分类 (docs/domain/catalogue.md#topics), seeded by migration 0006 and editable. */
export interface CatalogueTopicTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  sort_order: number;
  active: number;
}

/** Per-agency settings of the catalogue (the 索引号 pattern). */
export interface CatalogueSettingsTable {
  agency_id: number;
  index_pattern: string;
  updated_at: string;
}

/** Per-agency, per-year 索引号 serial; incremented in the publishing transaction, never decremented. */
export interface CatalogueCounterTable {
  agency_id: number;
  year: number;
  last_seq: number;
}

/** A proactive-disclosure item (主动公开信息); see src/catalogue/catalogue.rules.ts for the codes. */
export interface CatalogueItemTable {
  id: Generated<number>;
  agency_id: number;
  /** draft | review | published | withdrawn */
  status: string;
  index_no: string | null;
  version: number;
  doc_type: string;
  basis: string;
  topic_id: number | null;
  title: string;
  description: string | null;
  genre: string;
  publisher: string;
  doc_number: string | null;
  keywords: string | null;
  written_on: string | null;
  formed_on: string;
  publish_due: string;
  deadline_override: string | null;
  published_on: string | null;
  validity: string | null;
  validity_on: string | null;
  disclosure_method: string;
  body_html: string;
  interprets_id: number | null;
  interpreter: string | null;
  interpretation_form: string | null;
  no_interpretation_reason: string | null;
  secrecy_note: string | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
  review_comment: string | null;
  withdrawn_reason: string | null;
  withdrawn_at: string | null;
  sort_key: number | null;
  /** 更新日期: the day the last approved revision was published (migration 0011). */
  revised_on: string | null;
  /** Normalised title and searchable text (src/catalogue/search.rules.ts normalizeText). */
  search_title: string;
  search_text: string;
  created_at: string;
  created_by: number | null;
  updated_at: string;
}

/** A revision of a published item awaiting or past 保密审查 (migration 0011). */
export interface CatalogueRevisionTable {
  id: Generated<number>;
  item_id: number;
  /** review | approved | rejected | cancelled */
  status: string;
  base_version: number;
  base_json: string;
  proposed_json: string;
  note: string;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  secrecy_note: string | null;
  review_comment: string | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
  result_version: number | null;
}

export interface CatalogueItemVersionTable {
  id: Generated<number>;
  item_id: number;
  version: number;
  status: string;
  snapshot_json: string;
  note: string | null;
  created_at: string;
  created_by: number | null;
}

export interface CatalogueAttachmentTable extends StoredFileColumns {
  id: Generated<number>;
  item_id: number;
  kind: string;
  alt_text: string | null;
  created_by: number | null;
}

/**
 * Bigram postings of published items (docs/decisions/004-chinese-search.md). Primary key (gram,
 * in_title, sort_key); on PostgreSQL also INCLUDE (item_id, agency_id) (migration 0011) and an index
 * (gram, sort_key) for either tier (migration 0013).
 */
export interface CatalogueGramTable {
  gram: string;
  in_title: number;
  sort_key: number;
  item_id: number;
  agency_id: number;
}

/** A public question (question) or error report (error_report) about disclosure. */
export interface CatalogueMessageTable {
  id: Generated<number>;
  agency_id: number;
  item_id: number | null;
  kind: string;
  name: string;
  contact: string | null;
  body: string;
  received_on: string;
  due_on: string | null;
  answer: string | null;
  answered_on: string | null;
  answered_by: number | null;
  published: number;
  created_at: string;
}

/** A person's or probe's statement for a manual indicator of the 政务公开体检 (migration 0007). */
export interface AssessmentAttestationTable {
  id: Generated<number>;
  agency_id: number;
  indicator_id: string;
  on_date: string;
  passed: number;
  by_name: string;
  note: string | null;
  created_at: string;
  created_by: number | null;
}

/** The administrator's scoring overrides of one profile (ScoringOverrides as JSON). */
export interface AssessmentOverridesTable {
  profile_id: string;
  overrides_json: string;
  updated_at: string;
  updated_by: number | null;
}

/** One outgoing e-mail (migration 0008), written in the transaction of the change that causes it. */
export interface OutboxTable {
  id: Generated<number>;
  /** applicant | reminder */
  kind: string;
  to_address: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  /** Unique when set: the same message (e.g. `reminder:USER:DATE`) is never queued twice. */
  dedupe_key: string | null;
  application_id: number | null;
  agency_id: number | null;
  user_id: number | null;
  /** pending | sending (claimed by a sender) | sent | failed (gave up) */
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  claimed_at: string | null;
  sent_at: string | null;
  created_at: string;
  /** Files the message carries (migration 0010): JSON `[{fileName, contentType, path, size}]`, or null. */
  attachments_json: string | null;
}

/** A supervisor's "已说明" mark on one finding of an agency's report for a year (migration 0009). */
export interface ReportExplanationTable {
  id: Generated<number>;
  agency_id: number;
  year: number;
  /** Stable finding id (src/reports/rules/findings.ts findingId). */
  finding_id: string;
  note: string;
  created_by: number | null;
  created_at: string;
}

/** A file of a reconsideration or litigation case (migration 0009); bytes under UPLOAD_DIR/litigation. */
export interface LitigationDocumentTable extends StoredFileColumns {
  id: Generated<number>;
  case_id: number;
  agency_id: number;
  /** reviewDecision | judgment | ruling | complaint | defence | other */
  kind: string;
  created_by: number | null;
}

/** An identity document uploaded with the public form (migration 0010); pending while application_id is null. */
export interface ApplicationUploadTable extends StoredFileColumns {
  id: Generated<number>;
  /** Random token of the form that uploaded it. */
  token: string;
  application_id: number | null;
  linked_at: string | null;
  /** SHA-256 of the uploading client's address while pending (migration 0017); null before. */
  client_key: string | null;
}

/** A disclosed document attached to a reply letter (migration 0010); bytes under UPLOAD_DIR/letters. */
export interface ApplicationLetterAttachmentTable extends StoredFileColumns {
  id: Generated<number>;
  letter_id: number;
  created_by: number | null;
}

/**
 * The original of a redacted letter attachment and what was removed (migration 0020); the attachment
 * row points at the redacted file.
 */
export interface LetterAttachmentRedactionTable extends StoredFileColumns {
  id: Generated<number>;
  attachment_id: number;
  boxes_json: string;
  raster_pages_json: string;
  created_by: number | null;
}

/** The original of a redacted catalogue attachment and what was removed (migration 0022). */
export interface CatalogueAttachmentRedactionTable extends StoredFileColumns {
  id: Generated<number>;
  attachment_id: number;
  boxes_json: string;
  raster_pages_json: string;
  page_count: number;
  created_by: number | null;
}

/** A secret the system made for itself (migration 0017), e.g. `session`: the cookie-signing secret. */
export interface AppSecretTable {
  name: string;
  value: string;
  created_at: string;
}

/** Wrong passwords per hashed (login, address) pair within a window (migration 0017). */
export interface LoginThrottleTable {
  key: string;
  login_key: string;
  failures: number;
  window_started_at: string;
  blocked_until: string | null;
}

/**
 * A rate-limit counter shared by the app servers on PostgreSQL (migration 0018): one row per limit and
 * client address; `reset_at` in ms since the epoch ends its window.
 */
export interface RateLimitHitTable {
  key: string;
  hits: number;
  reset_at: number;
}

/** How a sent letter reached the applicant (migration 0014): online | email | post | pickup. */
export interface ApplicationLetterDeliveryTable {
  id: Generated<number>;
  letter_id: number;
  method: string;
  carrier: string | null;
  tracking_number: string | null;
  /** `YYYY-MM-DD`: the day a letter held for pick-up was collected; null while waiting. */
  collected_on: string | null;
  outbox_id: number | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
}

/**
 * A file of a published annual report (migration 0016): the bytes rendered from the published
 * document whose digest is `source_sha256`, one row per report and format.
 */
export interface ReportFileTable {
  id: Generated<number>;
  report_id: number;
  /** html | docx | pdf | xlsx | json */
  format: string;
  source_sha256: string;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  content: Uint8Array;
  created_at: string;
}

/** A survey of published reports started from the back office (migration 0021). */
export interface ReportSurveyTable {
  id: Generated<number>;
  /** The supervisor's agency: who may see the survey (null: an administrator's, seen by administrators). */
  agency_id: number | null;
  title: string;
  year: number | null;
  /** running | done | cancelled */
  status: string;
  total: number;
  created_at: string;
  created_by: number | null;
  /** Last sign of life of the process running it; another process continues a survey gone quiet. */
  heartbeat_at: string | null;
  finished_at: string | null;
}

/** One address (or one Gongkai agency) of a survey (migration 0021). */
export interface ReportSurveyItemTable {
  id: Generated<number>;
  survey_id: number;
  position: number;
  url: string;
  /** queued | running | done */
  status: string;
  listed_name: string | null;
  listed_level: string | null;
  report_url: string | null;
  fetch_error: string | null;
  /** The compact check result (JSON), when fetched. */
  result_json: string | null;
  /** A published report of an agency on Gongkai itself, read without fetching. */
  own_agency_id: number | null;
  own_year: number | null;
  claimed_at: string | null;
  finished_at: string | null;
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
  annual_reports: AnnualReportTable;
  litigation_cases: LitigationCaseTable;
  application_counters: ApplicationCounterTable;
  application_letters: ApplicationLetterTable;
  api_tokens: ApiTokenTable;
  catalogue_topics: CatalogueTopicTable;
  catalogue_settings: CatalogueSettingsTable;
  catalogue_counters: CatalogueCounterTable;
  catalogue_items: CatalogueItemTable;
  catalogue_item_versions: CatalogueItemVersionTable;
  catalogue_revisions: CatalogueRevisionTable;
  catalogue_attachments: CatalogueAttachmentTable;
  catalogue_grams: CatalogueGramTable;
  catalogue_messages: CatalogueMessageTable;
  assessment_attestations: AssessmentAttestationTable;
  assessment_overrides: AssessmentOverridesTable;
  outbox: OutboxTable;
  application_uploads: ApplicationUploadTable;
  application_letter_attachments: ApplicationLetterAttachmentTable;
  application_letter_deliveries: ApplicationLetterDeliveryTable;
  report_explanations: ReportExplanationTable;
  litigation_documents: LitigationDocumentTable;
  app_secrets: AppSecretTable;
  login_throttle: LoginThrottleTable;
  report_files: ReportFileTable;
  report_surveys: ReportSurveyTable;
  report_survey_items: ReportSurveyItemTable;
  rate_limit_hits: RateLimitHitTable;
  letter_attachment_redactions: LetterAttachmentRedactionTable;
  catalogue_attachment_redactions: CatalogueAttachmentRedactionTable;
  jobs: JobTable;
}

/** A run of a worker job (migration 0019, src/worker/): unique per `run_key` (job + day or hour). */
export interface JobTable {
  id: Generated<number>;
  name: string;
  run_key: string;
  payload_json: string | null;
  /** pending | running | done | failed */
  status: string;
  attempts: number;
  max_attempts: number;
  /** When it is due (first run or next retry). */
  run_at: string;
  /** The worker holding it while `running`, until `lease_until` (then another may take it over). */
  locked_by: string | null;
  lease_until: string | null;
  last_error: string | null;
  /** What the last successful run did, one line. */
  result: string | null;
  started_at: string | null;
  finished_at: string | null;
  created_at: string;
}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Either the root handle or a transaction: functions that can run in or out of one. */
export type Executor = Db | Trx;
export type Dialect = 'sqlite' | 'postgres';
