// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('application_transitions', table => {
    table.comment(
      'Sync, health and deletion changes of the BASE layer Argo CD Applications',
    );
    table.bigIncrements('id').primary();
    table.string('source', 255).notNullable().comment('Source read from');
    table
      .string('namespace', 255)
      .notNullable()
      .comment('Application namespace');
    table.string('name', 255).notNullable().comment('Application name');
    table
      .string('entity_ref', 512)
      .nullable()
      .comment('Catalog entity the application belongs to, when one matched');
    table.integer('wave_id').nullable().comment('Wave of the application');
    table.string('from_sync', 32).nullable().comment('Sync status before');
    table.string('from_health', 32).nullable().comment('Health before');
    table.string('to_sync', 32).notNullable().comment('Sync status entered');
    table.string('to_health', 32).notNullable().comment('Health entered');
    table
      .string('requested_action', 32)
      .nullable()
      .comment(
        'sync or refresh the portal was asked for; null for an observed change',
      );
    table
      .string('requested_by', 512)
      .nullable()
      .comment('Entity ref of the user who asked the portal for it');
    table
      .boolean('requested_force')
      .nullable()
      .comment('Whether the sync was forced past the wave gate');
    table
      .timestamp('at', { useTz: true })
      .notNullable()
      .comment('When the change was observed');
    table.index(['entity_ref', 'id'], 'application_transitions_entity_idx');
    table.index(['at'], 'application_transitions_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('application_transitions');
};
