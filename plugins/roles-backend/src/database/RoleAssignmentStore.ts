import type {
  AssignableRole,
  RoleAssignment,
} from '@internal/plugin-roles-common';

/** Where role assignments are kept. */
export interface RoleAssignmentStore {
  listAssignments(filter?: {
    role?: AssignableRole;
  }): Promise<RoleAssignment[]>;
  /** Replaces every assignment that came from config with these, in one transaction. */
  replaceConfigAssignments(
    assignments: { subjectRef: string; role: AssignableRole }[],
  ): Promise<void>;
}
