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
  /** Adds an admin-made assignment; false when that subject already holds the role. */
  addAssignment(assignment: {
    subjectRef: string;
    role: AssignableRole;
    createdBy: string;
  }): Promise<boolean>;
  /**
   * Removes an admin-made assignment. Returns the removed one, `config` when it is seeded
   * from config (and so cannot be removed here), or undefined when there is none.
   */
  removeAssignment(assignment: {
    subjectRef: string;
    role: AssignableRole;
  }): Promise<RoleAssignment | 'config' | undefined>;
}
