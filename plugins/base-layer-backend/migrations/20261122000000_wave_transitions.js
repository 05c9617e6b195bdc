// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('wave_transitions', table => {
    table.comment('State transitions of the BASE layer rollout waves');
    table.bigIncrements('id').primary();
    table.integer('wave_id').notNullable().comment('Wave number');
    table
      .string('from_state', 32)
      .nullable()
      .comment('State before the transition; null for the first record');
    table.string('to_state', 32).notNullable().comment('State entered');
    table.text('reason').nullable().comment('Why the wave is in this state');
    table
      .timestamp('at', { useTz: true })
      .notNullable()
      .comment('When the transition was observed');
    table.index(['wave_id', 'id'], 'wave_transitions_wave_id_idx');
    table.index(['at'], 'wave_transitions_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('wave_transitions');
};
