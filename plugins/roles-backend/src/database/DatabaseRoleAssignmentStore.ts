import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type {
  AssignableRole,
  RoleAssignment,
} from '@internal/plugin-roles-common';
import type { RoleAssignmentStore } from './RoleAssignmentStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-roles-backend',
  'migrations',
);

type Row = {
  subject_ref: string;
  role: string;
  source: string;
  created_by?: string | null;
  created_at?: Date | string | number | null;
};

function toAssignment(row: Row): RoleAssignment {
  return {
    subjectRef: row.subject_ref,
    role: row.role as AssignableRole,
    source: row.source as RoleAssignment['source'],
    ...(row.created_by ? { createdBy: row.created_by } : {}),
    ...(row.source === 'admin' && row.created_at
      ? { createdAt: new Date(row.created_at).toISOString() }
      : {}),
  };
}

/** The knex implementation of {@link RoleAssignmentStore}, on SQLite and PostgreSQL. */
export class DatabaseRoleAssignmentStore implements RoleAssignmentStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseRoleAssignmentStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseRoleAssignmentStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async listAssignments(filter?: {
    role?: AssignableRole;
  }): Promise<RoleAssignment[]> {
    const query = this.db<Row>('role_assignments')
      .select('subject_ref', 'role', 'source', 'created_by', 'created_at')
      .orderBy(['role', 'subject_ref']);
    if (filter?.role) query.where('role', filter.role);
    return (await query).map(toAssignment);
  }

  async replaceConfigAssignments(
    assignments: { subjectRef: string; role: AssignableRole }[],
  ): Promise<void> {
    const rows = new Map<string, Row>();
    for (const a of assignments) {
      const subjectRef = a.subjectRef.toLocaleLowerCase('en-US');
      rows.set(`${subjectRef}\u0000${a.role}`, {
        subject_ref: subjectRef,
        role: a.role,
        source: 'config',
      });
    }
    await this.db.transaction(async tx => {
      await tx('role_assignments').where('source', 'config').delete();
      if (rows.size > 0) {
        await tx('role_assignments')
          .insert([...rows.values()])
          .onConflict(['subject_ref', 'role'])
          .ignore();
      }
    });
  }

  async addAssignment(assignment: {
    subjectRef: string;
    role: AssignableRole;
    createdBy: string;
  }): Promise<boolean> {
    const inserted = await this.db('role_assignments')
      .insert({
        subject_ref: assignment.subjectRef.toLocaleLowerCase('en-US'),
        role: assignment.role,
        source: 'admin',
        created_by: assignment.createdBy,
        created_at: new Date(),
      })
      .onConflict(['subject_ref', 'role'])
      .ignore()
      .returning('subject_ref');
    return inserted.length > 0;
  }

  async removeAssignment(assignment: {
    subjectRef: string;
    role: AssignableRole;
  }): Promise<RoleAssignment | 'config' | undefined> {
    const key = {
      subject_ref: assignment.subjectRef.toLocaleLowerCase('en-US'),
      role: assignment.role,
    };
    return this.db.transaction(async tx => {
      const row = await tx<Row>('role_assignments').where(key).first();
      if (!row) return undefined;
      if (row.source === 'config') return 'config';
      await tx('role_assignments').where(key).delete();
      return toAssignment(row);
    });
  }
}
