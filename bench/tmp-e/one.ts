import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { searchCatalogue as neu } from '../../src/catalogue/search.repository.ts';
import { searchCatalogue as old } from './old.ts';
import type { Database } from '../../src/db/database.ts';
pg.types.setTypeParser(20, (v) => Number(v));
const PG = process.env.PG;
const logged: string[] = [];
const log = (e: any) => { if (e.level === 'query') logged.push(`${e.queryDurationMillis.toFixed(1)} ms | ${e.query.sql} | ${JSON.stringify(e.query.parameters)}`); };
const db = PG
  ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: PG, max: 10, options: '-c jit=off' }) }), log })
  : new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(process.env.SQLITE ?? '/tmp/gk-catalogue-bench-1000000.db') }), log });
const f = process.env.IMPL === 'new' ? neu : old;
const s = { q: process.argv[2]!, agencyIds: null, order: (process.env.ORDER ?? 'relevance') as 'relevance' };
await f(db, s, Number(process.env.PAGE ?? 1), 20);
logged.length = 0;
const t0 = performance.now();
const r = await f(db, s, Number(process.env.PAGE ?? 1), 20);
console.log(`total ${(performance.now() - t0).toFixed(1)} ms`, JSON.stringify(r));
console.log(logged.join('\n'));
await db.destroy();
