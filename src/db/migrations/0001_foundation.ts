import { defineMigration, optionalText, requiredText, stamps } from '../schema-helpers.ts';

export const m0001Foundation = defineMigration({
  async up(schema) {
    await schema
      .tableWithId('agencies')
      .addColumn('parent_id', 'integer', (c) => c.references('agencies.id'))
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('depth', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .$call(optionalText('short_name'))
      .$call(requiredText('level', 'kind'))
      .addColumn('credit_code', 'text', (c) => c.unique())
      .$call(
        optionalText(
          'org_code',
          'office_name',
          'office_address',
          'office_hours',
          'office_phone',
          'office_fax',
          'office_email',
          'office_postcode',
          'website',
        ),
      )
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .$call(stamps('created_at', 'updated_at'))
      .execute();
    await schema.index('agencies', 'agencies_path', ['path']);
    await schema.index('agencies', 'agencies_parent', ['parent_id']);

    await schema
      .tableWithId('reading_places')
      .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('cascade'))
      .$call(requiredText('name', 'address'))
      .$call(optionalText('hours'))
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .$call(stamps('created_at'))
      .execute();
    await schema.index('reading_places', 'reading_places_agency', ['agency_id']);

    await schema
      .tableWithId('users')
      .addColumn('login', 'text', (c) => c.notNull().unique())
      .$call(requiredText('display_name', 'role'))
      .addColumn('agency_id', 'integer', (c) => c.references('agencies.id'))
      .$call(requiredText('password_hash'))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .$call(optionalText('locked_until', 'last_login_at', 'password_changed_at'))
      .$call(stamps('created_at', 'updated_at'))
      .execute();
    await schema.index('users', 'users_agency', ['agency_id']);

    await schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .$call(requiredText('created_at', 'expires_at', 'last_seen_at'))
      .$call(optionalText('ip', 'user_agent'))
      .execute();
    await schema.index('sessions', 'sessions_user', ['user_id']);
    await schema.index('sessions', 'sessions_expires', ['expires_at']);

    await schema
      .tableWithId('audit_log')
      .$call(requiredText('at'))
      .addColumn('user_id', 'integer')
      .$call(optionalText('user_login'))
      .addColumn('agency_id', 'integer')
      .$call(requiredText('action', 'entity_type'))
      .$call(optionalText('entity_id'))
      .$call(requiredText('summary'))
      .$call(optionalText('before_json', 'after_json', 'ip'))
      .execute();
    await schema.index('audit_log', 'audit_log_at', ['at']);
    await schema.index('audit_log', 'audit_log_agency', ['agency_id', 'at']);
    await schema.index('audit_log', 'audit_log_user', ['user_id', 'at']);
    await schema.index('audit_log', 'audit_log_entity', ['entity_type', 'entity_id']);
    await schema.appendOnly('audit_log');
  },
  async down(schema) {
    await schema.dropTables('audit_log', 'sessions', 'users', 'reading_places', 'agencies');
  },
});
