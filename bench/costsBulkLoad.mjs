// The costs benchmark's bulk loader: writes the rows `UsageTables.upsertSessions`
// would, made by the same functions (`sessionRowOf`, `daySliceRowsOf`: day slices
// priced by the store's own `PriceList.slice`) with each engine's fast path, then builds every rollup (day,
// group, month, group pairs) with the store's own `recomputeDirtyDays`, the code the
// metering run uses. Why: through `upsertSessions` (delete-then-insert per 200 rows, a
// rollup rebuild per batch) 5,000,000 sessions load at ~1,500 sessions/s, an hour per
// engine on this machine. The benchmark checks every report against the raw sessions to
// the cent, so rollups built this way are checked like any others.

/**
 * Rows of one batch of generated sessions: the store's own rows (`sessionRowOf`,
 * `daySliceRowsOf` of UsageTables), timestamps as epoch milliseconds.
 */
function rowsOf(batch, prices, { sessionRowOf, daySliceRowsOf }) {
  const sessions = [];
  const groups = [];
  const days = [];
  for (const s of batch) {
    const row = sessionRowOf(s);
    row.started_at = row.started_at.getTime();
    row.ended_at = row.ended_at === null ? null : row.ended_at.getTime();
    sessions.push(row);
    for (const g of new Set(s.groups))
      groups.push({ session_id: s.id, group_ref: g });
    days.push(...daySliceRowsOf(prices, s));
  }
  return { sessions, groups, days };
}

/** SQLite: prepared inserts by column name, one transaction per batch (better-sqlite3). */
async function sqliteWriter(db) {
  const conn = await db.client.acquireConnection();
  const statements = new Map();
  const insert = (table, rows) => {
    if (!rows.length) return;
    if (!statements.has(table)) {
      const columns = Object.keys(rows[0]);
      statements.set(
        table,
        conn.prepare(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns
            .map(c => `@${c}`)
            .join(', ')})`,
        ),
      );
    }
    const statement = statements.get(table);
    for (const r of rows) statement.run(r);
  };
  // knex stores SQLite timestamps as epoch milliseconds: the numbers go in as they are.
  const write = conn.transaction(rows => {
    insert('costs_sessions', rows.sessions);
    insert('costs_session_groups', rows.groups);
    insert('costs_session_days', rows.days);
  });
  return {
    write: async rows => write(rows),
    done: async () => db.client.releaseConnection(conn),
  };
}

/** PostgreSQL column types of the rows above, for unnest(). */
const PG_TYPES = {
  cpu: 'float8',
  memory_gib: 'float8',
  gpu: 'int',
  started_at: 'timestamptz',
  ended_at: 'timestamptz',
  idle_seconds: 'int',
  demo: 'int',
  duration_ms: 'int8',
  amount_micros: 'int8',
};

/** PostgreSQL: one INSERT ... SELECT FROM unnest(arrays) per table and batch. */
function postgresWriter(db) {
  const timestamp = ms => (ms === null ? null : new Date(ms).toISOString());
  const insert = async (table, rows) => {
    if (!rows.length) return;
    const columns = Object.keys(rows[0]);
    const arrays = columns.map(c =>
      rows.map(r => (PG_TYPES[c] === 'timestamptz' ? timestamp(r[c]) : r[c])),
    );
    await db.raw(
      `INSERT INTO ${table} (${columns.join(', ')})
       SELECT * FROM unnest(${columns
         .map(c => `?::${PG_TYPES[c] ?? 'text'}[]`)
         .join(', ')})`,
      arrays,
    );
  };
  return {
    write: async rows => {
      await insert('costs_sessions', rows.sessions);
      await insert('costs_session_groups', rows.groups);
      await insert('costs_session_days', rows.days);
    },
    done: async () => {},
  };
}

/**
 * Writes `batches` of generated sessions in bulk (`rows`: UsageTables' `sessionRowOf`
 * and `daySliceRowsOf`), then builds the rollups through `usage.recomputeDirtyDays()`. `progress(sessionsWritten)` is called after each batch.
 * Returns the seconds each step took.
 */
export async function bulkLoad({
  db,
  engine,
  prices,
  usage,
  rows,
  batches,
  progress,
}) {
  const writer =
    engine === 'sqlite' ? await sqliteWriter(db) : postgresWriter(db);
  const writeStart = performance.now();
  const dirty = new Set();
  let written = 0;
  try {
    for (const batch of batches) {
      const batchRows = rowsOf(batch, prices, rows);
      for (const d of batchRows.days) dirty.add(d.day);
      await writer.write(batchRows);
      written += batch.length;
      progress(written);
    }
  } finally {
    await writer.done();
  }
  const writeSeconds = (performance.now() - writeStart) / 1000;
  if (engine === 'postgres') await db.raw('ANALYZE');
  const rollupStart = performance.now();
  const days = [...dirty].sort();
  for (let i = 0; i < days.length; i += 200) {
    await db('costs_dirty_days')
      .insert(days.slice(i, i + 200).map(day => ({ day })))
      .onConflict('day')
      .ignore();
  }
  const rebuilt = await usage.recomputeDirtyDays();
  if (rebuilt !== days.length)
    throw new Error(`${rebuilt} days rebuilt, ${days.length} marked`);
  return {
    writeSeconds,
    rollupSeconds: (performance.now() - rollupStart) / 1000,
  };
}
