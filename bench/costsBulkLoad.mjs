// The costs benchmark's bulk loader: writes the same rows `UsageTables.upsertSessions`
// would (sessions, their groups, their day slices priced by the store's own
// `PriceList.slice`) with each engine's fast path, then builds every rollup (day,
// group, month, group pairs) with the store's own `recomputeDirtyDays`, the code the
// metering run uses. Why: through `upsertSessions` (delete-then-insert per 200 rows, a
// rollup rebuild per batch) 5,000,000 sessions load at ~1,500 sessions/s, an hour per
// engine on this machine. The benchmark checks every report against the raw sessions to
// the cent, so rollups built this way are checked like any others.

/** Rows of one batch of generated sessions, as the store writes them. */
function rowsOf(batch, prices) {
  const sessions = [];
  const groups = [];
  const days = [];
  for (const s of batch) {
    const startMs = Date.parse(s.startedAt);
    const endMs = s.endedAt ? Date.parse(s.endedAt) : null;
    sessions.push([
      s.id,
      s.workspaceId,
      s.workspaceName ?? null,
      s.owner,
      JSON.stringify(s.groups),
      s.project ?? null,
      s.profile,
      s.cpu,
      s.memoryGiB,
      s.gpu,
      s.gpuType ?? null,
      startMs,
      endMs,
      s.endReason ?? null,
      s.idleSeconds ?? null,
      s.demo ? 1 : 0,
    ]);
    for (const g of new Set(s.groups)) groups.push([s.id, g]);
    if (endMs !== null) {
      for (const slice of prices.slice({ ...s, startMs, endMs }))
        days.push([s.id, slice.day, slice.durationMs, slice.amountMicros]);
    }
  }
  return { sessions, groups, days };
}

const SESSION_COLUMNS = [
  'id',
  'workspace_id',
  'workspace_name',
  'owner',
  'groups',
  'project',
  'profile',
  'cpu',
  'memory_gib',
  'gpu',
  'gpu_type',
  'started_at',
  'ended_at',
  'end_reason',
  'idle_seconds',
  'demo',
];

/** SQLite: prepared single-row inserts in one transaction per batch (better-sqlite3). */
async function sqliteWriter(db) {
  const conn = await db.client.acquireConnection();
  const insert = (table, columns) =>
    conn.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns
        .map(() => '?')
        .join(', ')})`,
    );
  const sessions = insert('costs_sessions', SESSION_COLUMNS);
  const groups = insert('costs_session_groups', ['session_id', 'group_ref']);
  const days = insert('costs_session_days', [
    'session_id',
    'day',
    'duration_ms',
    'amount_micros',
  ]);
  // knex stores SQLite timestamps as epoch milliseconds: the numbers go in as they are.
  const write = conn.transaction(rows => {
    for (const r of rows.sessions) sessions.run(r);
    for (const r of rows.groups) groups.run(r);
    for (const r of rows.days) days.run(r);
  });
  return {
    write: async rows => write(rows),
    done: async () => db.client.releaseConnection(conn),
  };
}

/** PostgreSQL: one INSERT ... SELECT FROM unnest(arrays) per table and batch. */
function postgresWriter(db) {
  const columnsOf = rows => rows[0].map((_, i) => rows.map(r => r[i]));
  const insert = async (table, columns, types, rows) => {
    if (!rows.length) return;
    const arrays = columnsOf(rows);
    await db.raw(
      `INSERT INTO ${table} (${columns.join(', ')})
       SELECT * FROM unnest(${types.map(t => `?::${t}[]`).join(', ')})`,
      arrays,
    );
  };
  const timestamp = ms => (ms === null ? null : new Date(ms).toISOString());
  return {
    write: async rows => {
      await insert(
        'costs_sessions',
        SESSION_COLUMNS,
        [
          'text',
          'text',
          'text',
          'text',
          'text',
          'text',
          'text',
          'float8',
          'float8',
          'int',
          'text',
          'timestamptz',
          'timestamptz',
          'text',
          'int',
          'int',
        ],
        rows.sessions.map(r => [
          ...r.slice(0, 11),
          timestamp(r[11]),
          timestamp(r[12]),
          ...r.slice(13),
        ]),
      );
      await insert(
        'costs_session_groups',
        ['session_id', 'group_ref'],
        ['text', 'text'],
        rows.groups,
      );
      await insert(
        'costs_session_days',
        ['session_id', 'day', 'duration_ms', 'amount_micros'],
        ['text', 'text', 'int8', 'int8'],
        rows.days,
      );
    },
    done: async () => {},
  };
}

/**
 * Writes `batches` of generated sessions in bulk, then builds the rollups through
 * `usage.recomputeDirtyDays()`. `progress(sessionsWritten)` is called after each batch.
 * Returns the seconds each step took.
 */
export async function bulkLoad({
  db,
  engine,
  prices,
  usage,
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
      const rows = rowsOf(batch, prices);
      for (const d of rows.days) dirty.add(d[1]);
      await writer.write(rows);
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
