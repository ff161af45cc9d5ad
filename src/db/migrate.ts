import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';
import type { Database, Dialect } from './database.ts';
import { m0001Foundation } from './migrations/0001_foundation.ts';
import { m0002Calendar } from './migrations/0002_calendar.ts';
import { m0003Applications } from './migrations/0003_applications.ts';
import { m0004Reports } from './migrations/0004_reports.ts';
import { m0005ApplicationsMore } from './migrations/0005_applications_more.ts';
import { m0006Catalogue } from './migrations/0006_catalogue.ts';
import { m0007Assessment } from './migrations/0007_assessment.ts';
import { m0008Mail } from './migrations/0008_mail.ts';
import { m0009ReportExplanations } from './migrations/0009_report_explanations.ts';
import { m0010ApplicationDocuments } from './migrations/0010_application_documents.ts';
import { m0011CatalogueRevisions } from './migrations/0011_catalogue_revisions.ts';
import { m0012LetterSeal } from './migrations/0012_letter_seal.ts';
import { m0013SearchPostgres } from './migrations/0013_search_postgres.ts';
import { m0014LetterDelivery } from './migrations/0014_letter_delivery.ts';
import { m0015LetterReview } from './migrations/0015_letter_review.ts';
import { m0016ReportFiles } from './migrations/0016_report_files.ts';
import { m0017Security } from './migrations/0017_security.ts';
import { m0018Multiserver } from './migrations/0018_multiserver.ts';
import { m0019WorkerAuditChain } from './migrations/0019_worker_audit_chain.ts';
import { m0020Redactions } from './migrations/0020_redactions.ts';
import { m0021ReportSurveys } from './migrations/0021_report_surveys.ts';
import { m0022CatalogueRedactions } from './migrations/0022_catalogue_redactions.ts';

/**
 * Every migration, in order. The same list runs on SQLite and PostgreSQL; each is built for the
 * dialect, for what must be spelled per dialect. Names are never changed once released.
 */
const MIGRATIONS: Record<string, (dialect: Dialect) => Migration> = {
  '0001_foundation': m0001Foundation,
  '0002_calendar': m0002Calendar,
  '0003_applications': m0003Applications,
  '0004_reports': m0004Reports,
  '0005_applications_more': m0005ApplicationsMore,
  '0006_catalogue': m0006Catalogue,
  '0007_assessment': m0007Assessment,
  '0008_mail': m0008Mail,
  '0009_report_explanations': m0009ReportExplanations,
  '0010_application_documents': m0010ApplicationDocuments,
  '0011_catalogue_revisions': m0011CatalogueRevisions,
  '0012_letter_seal': m0012LetterSeal,
  '0013_search_postgres': m0013SearchPostgres,
  '0014_letter_delivery': m0014LetterDelivery,
  '0015_letter_review': m0015LetterReview,
  '0016_report_files': m0016ReportFiles,
  '0017_security': m0017Security,
  '0018_multiserver': m0018Multiserver,
  '0019_worker_audit_chain': m0019WorkerAuditChain,
  '0020_redactions': m0020Redactions,
  '0021_report_surveys': m0021ReportSurveys,
  '0022_catalogue_redactions': m0022CatalogueRedactions,
};

function allMigrations(dialect: Dialect): Record<string, Migration> {
  return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, make]) => [name, make(dialect)]));
}

export class MigrationError extends Error {}

export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect): Promise<string[]> {
  const result: MigrationResultSet = await migrator(db, dialect).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const detail = result.error instanceof Error ? result.error.message : String(result.error);
    throw new MigrationError(`数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}：${detail}`);
  }
  // Tables made by later migrations notify the other app servers of their writes too (migration 0018).
  if (dialect === 'postgres') await sql`select gongkai_attach_write_triggers()`.execute(db);
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

function migrator(db: Kysely<Database>, dialect: Dialect): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => allMigrations(dialect) },
    migrationTableName: 'gongkai_migrations',
    migrationLockTableName: 'gongkai_migrations_lock',
  });
}

/** The migrations the database has not run yet, without running them (for `gongkai doctor`). */
export async function pendingMigrations(db: Kysely<Database>, dialect: Dialect): Promise<string[]> {
  return (await migrator(db, dialect).getMigrations())
    .filter((m) => m.executedAt === undefined)
    .map((m) => m.name);
}

/** The migrations' own tables (the migrator's record and lock), which hold no application data. */
export const MIGRATION_TABLES: readonly string[] = ['gongkai_migrations', 'gongkai_migrations_lock'];

/** The names of every migration this code knows, in order. */
export function migrationNames(): readonly string[] {
  return Object.keys(MIGRATIONS);
}

/** The migrations already applied to the database, in order (none for a database never migrated). */
export async function appliedMigrations(db: Kysely<Database>, dialect: Dialect): Promise<string[]> {
  const all = await migrator(db, dialect).getMigrations();
  return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
}

/**
 * Migrates up to and including `name`, never down: a database already past it is left as it is.
 * Throws MigrationError as migrateToLatest does.
 */
export async function migrateUpTo(db: Kysely<Database>, dialect: Dialect, name: string): Promise<void> {
  const applied = await appliedMigrations(db, dialect);
  const last = applied.at(-1);
  if (last !== undefined && last >= name) return;
  const result = await migrator(db, dialect).migrateTo(name);
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const detail = result.error instanceof Error ? result.error.message : String(result.error);
    throw new MigrationError(`数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}：${detail}`);
  }
}
