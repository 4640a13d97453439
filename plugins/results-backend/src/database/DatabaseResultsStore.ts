import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type {
  Result,
  ResultComment,
  ResultReview,
  ResultVersion,
  ResultVisibility,
  ReviewDecision,
} from '@internal/plugin-results-common';
import type { Knex } from 'knex';
import type {
  ListResultsOptions,
  NewResult,
  ResultsStore,
  SearchableResult,
  StoredVersion,
} from './ResultsStore';
import { pageResults } from './resultsPage';
import {
  lower,
  toReview,
  toVersion,
  versionRow,
  type ResultRow,
  type ReviewRow,
  type VersionRow,
} from './rows';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-results-backend',
  'migrations',
);

/** The results store on knex: SQLite (the default) and PostgreSQL alike. */
export class DatabaseResultsStore implements ResultsStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseResultsStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseResultsStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /** Results with their grants, in the order of `rows`. */
  private async withGrants(rows: ResultRow[]): Promise<Result[]> {
    const grants = new Map<string, string[]>();
    const named = rows.filter(r => r.visibility === 'named').map(r => r.id);
    // Chunked: SQLite allows 999 bound parameters.
    for (let i = 0; i < named.length; i += 500) {
      const chunk = await this.db('result_grants')
        .whereIn('result_id', named.slice(i, i + 500))
        .orderBy('subject_ref');
      for (const g of chunk) {
        grants.set(g.result_id, [...(grants.get(g.result_id) ?? []), g.subject_ref]);
      }
    }
    return rows.map(r => ({
      id: r.id,
      title: r.title,
      projectRef: r.project_ref,
      ownerTeamRef: r.owner_team_ref,
      authorRef: r.author_ref,
      visibility: r.visibility,
      sharedWith: grants.get(r.id) ?? [],
      notebookPath: r.notebook_path,
      repository: r.repository,
      latestVersion: Number(r.latest_version),
      reviewState: r.review_state,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  async createResult(result: NewResult, version: StoredVersion): Promise<Result> {
    await this.db.transaction(async tx => {
      await tx('results').insert({
        id: result.id,
        title: result.title,
        project_ref: result.projectRef && lower(result.projectRef),
        owner_team_ref: result.ownerTeamRef && lower(result.ownerTeamRef),
        author_ref: lower(result.authorRef),
        visibility: result.visibility,
        notebook_path: result.notebookPath,
        repository: result.repository,
        latest_version: version.version,
        review_state: 'none',
        created_at: result.createdAt,
        updated_at: result.createdAt,
      });
      await this.writeGrants(tx, result.id, result.visibility, result.sharedWith);
      await tx('result_versions').insert(versionRow(version));
    });
    return (await this.getResult(result.id))!;
  }

  private async writeGrants(
    tx: Knex,
    id: string,
    visibility: ResultVisibility,
    sharedWith: string[],
  ) {
    await tx('result_grants').where({ result_id: id }).delete();
    const refs = visibility === 'named' ? [...new Set(sharedWith.map(lower))] : [];
    if (refs.length > 0) {
      await tx('result_grants').insert(
        refs.map(subject_ref => ({ result_id: id, subject_ref })),
      );
    }
  }

  async addVersion(version: StoredVersion): Promise<Result | undefined> {
    const added = await this.db.transaction(async tx => {
      // Claims the number: only one publish moves latest_version from n-1 to n.
      const claimed = await tx('results')
        .where({ id: version.resultId, latest_version: version.version - 1 })
        .update({ latest_version: version.version, updated_at: version.createdAt });
      if (claimed !== 1) return false;
      await tx('result_versions').insert(versionRow(version));
      return true;
    });
    return added ? this.getResult(version.resultId) : undefined;
  }

  async getResult(id: string): Promise<Result | undefined> {
    const rows = await this.db<ResultRow>('results').where({ id });
    return (await this.withGrants(rows))[0];
  }

  async getResults(ids: string[]): Promise<Array<Result | undefined>> {
    const found = new Map<string, Result>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db<ResultRow>('results').whereIn('id', ids.slice(i, i + 500));
      for (const r of await this.withGrants(rows)) found.set(r.id, r);
    }
    return ids.map(id => found.get(id));
  }

  async listResults(
    options: ListResultsOptions,
  ): Promise<{ items: Result[]; totalCount: number }> {
    const { rows, total } = await pageResults(this.db, options);
    return { items: await this.withGrants(rows), totalCount: total };
  }

  async listSearchable(options: { after?: string; limit: number }): Promise<SearchableResult[]> {
    // One query per page: each result with its latest version's message and summary.
    const query = this.db<ResultRow & { message: string; summary: string }>('results as r')
      .join('result_versions as v', join =>
        join.on('v.result_id', 'r.id').andOn('v.version', 'r.latest_version'),
      )
      .select('r.*', 'v.message', 'v.summary')
      .orderBy('r.id', 'asc')
      .limit(options.limit);
    if (options.after) query.where('r.id', '>', options.after);
    const rows = await query;
    const results = await this.withGrants(rows);
    return results.map((result, i) => ({
      result,
      latestMessage: rows[i].message,
      latestSummary: JSON.parse(rows[i].summary),
    }));
  }

  async deleteResult(id: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      // Children first: SQLite enforces the foreign keys' cascade only when enabled.
      for (const table of ['result_reviews', 'result_comments', 'result_versions', 'result_grants']) {
        await tx(table).where({ result_id: id }).delete();
      }
      return (await tx('results').where({ id }).delete()) > 0;
    });
  }

  async listVersions(resultId: string): Promise<ResultVersion[]> {
    const rows = await this.db<VersionRow>('result_versions')
      .where({ result_id: resultId })
      .select(
        'result_id', 'version', 'message', 'author_ref', 'created_at', 'commit',
        'content_hash', 'size_bytes', 'cell_count', 'source_path', 'provenance',
      )
      .orderBy('version', 'desc');
    return rows.map(toVersion);
  }

  async getVersion(resultId: string, version: number): Promise<StoredVersion | undefined> {
    const row = await this.db<VersionRow>('result_versions')
      .where({ result_id: resultId, version })
      .first();
    return row ? { ...toVersion(row), summary: JSON.parse(row.summary!) } : undefined;
  }

  async setVisibility(
    id: string,
    visibility: ResultVisibility,
    sharedWith: string[],
    updatedAt: string,
  ): Promise<Result | undefined> {
    const changed = await this.db.transaction(async tx => {
      const n = await tx('results')
        .where({ id })
        .update({ visibility, updated_at: updatedAt });
      if (n === 0) return false;
      await this.writeGrants(tx, id, visibility, sharedWith);
      return true;
    });
    return changed ? this.getResult(id) : undefined;
  }

  async addComment(c: ResultComment): Promise<void> {
    await this.db('result_comments').insert({
      id: c.id,
      result_id: c.resultId,
      version: c.version,
      cell_id: c.cellId,
      author_ref: lower(c.authorRef),
      body: c.body,
      created_at: c.createdAt,
    });
  }

  async listComments(resultId: string, version?: number): Promise<ResultComment[]> {
    const query = this.db('result_comments').where({ result_id: resultId });
    if (version !== undefined) query.where({ version });
    const rows = await query.orderBy([
      { column: 'created_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(r => ({
      id: r.id,
      resultId: r.result_id,
      version: Number(r.version),
      cellId: r.cell_id,
      authorRef: r.author_ref,
      body: r.body,
      createdAt: r.created_at,
    }));
  }

  /** The result shows the state of its latest review. */
  private async refreshReviewState(tx: Knex, resultId: string) {
    const latest = await tx<ReviewRow>('result_reviews')
      .where({ result_id: resultId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    await tx('results')
      .where({ id: resultId })
      .update({ review_state: latest?.state ?? 'none' });
  }

  async addReview(r: ResultReview): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('result_reviews').insert({
        id: r.id,
        result_id: r.resultId,
        version: r.version,
        requested_by: lower(r.requestedBy),
        reviewer_ref: lower(r.reviewerRef),
        message: r.message,
        state: r.state,
        note: r.note,
        created_at: r.createdAt,
        decided_at: r.decidedAt,
      });
      await this.refreshReviewState(tx, r.resultId);
    });
  }

  async getReview(resultId: string, id: string): Promise<ResultReview | undefined> {
    const row = await this.db<ReviewRow>('result_reviews')
      .where({ result_id: resultId, id })
      .first();
    return row ? toReview(row) : undefined;
  }

  async decideReview(
    resultId: string,
    id: string,
    decision: ReviewDecision,
    note: string | null,
    decidedAt: string,
  ): Promise<ResultReview | undefined> {
    const decided = await this.db.transaction(async tx => {
      const n = await tx('result_reviews')
        .where({ result_id: resultId, id, state: 'requested' })
        .update({ state: decision, note, decided_at: decidedAt });
      if (n !== 1) return false;
      await this.refreshReviewState(tx, resultId);
      return true;
    });
    return decided ? this.getReview(resultId, id) : undefined;
  }

  async listReviews(resultId: string): Promise<ResultReview[]> {
    const rows = await this.db<ReviewRow>('result_reviews')
      .where({ result_id: resultId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(toReview);
  }
}
