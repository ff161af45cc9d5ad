import { defineMigration, requiredText } from '../schema-helpers.ts';

/**
 * Security (docs/decisions/010-security.md):
 * - `app_secrets`: secrets the system makes for itself when none is configured — the cookie-signing
 *   secret, generated once on first start and shared by every app server on the same database (never a
 *   published default);
 * - `api_tokens.expires_at`: API tokens end (90 days by default), besides being revocable;
 * - `login_throttle`: wrong passwords counted per (login name, client address) pair, so an address that
 *   guesses is slowed down while the account's owner, elsewhere, still signs in; the key is a hash, so the
 *   table holds neither the login name nor the address in clear.
 */
export const m0017Security = defineMigration({
  async up(schema) {
    await schema
      .createTable('app_secrets')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .$call(requiredText('value', 'created_at'))
      .execute();
    await schema
      .createTable('login_throttle')
      .addColumn('key', 'text', (c) => c.primaryKey())
      /** Hash of the login name alone: an administrator's 解锁 clears every address's count for it. */
      .$call(requiredText('login_key'))
      .addColumn('failures', 'integer', (c) => c.notNull())
      .$call(requiredText('window_started_at'))
      .addColumn('blocked_until', 'text')
      .execute();
    await schema.index('login_throttle', 'login_throttle_login', ['login_key']);
    // API tokens expire (issue 12, V3); tokens made before have no end date until revoked.
    await schema.addTextColumn('api_tokens', 'expires_at');
    // Anonymous uploads are counted per client address (a hash) against a daily quota (V4).
    await schema.addTextColumn('application_uploads', 'client_key');
    await schema.index('application_uploads', 'application_uploads_client', ['client_key', 'created_at']);
  },
  async down(schema) {
    await schema.dropIndexes('application_uploads_client');
    await schema.dropColumn('application_uploads', 'client_key');
    await schema.dropColumn('api_tokens', 'expires_at');
    await schema.dropTables('login_throttle', 'app_secrets');
  },
});
