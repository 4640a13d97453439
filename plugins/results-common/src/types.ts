import type { INotebookContent } from '@jupyterlab/nbformat';

/**
 * A notebook as stored and served: nbformat 4 JSON. The types are JupyterLab's own
 * (`@jupyterlab/nbformat`), so the renderer and the diff read the same shapes that
 * Jupyter writes.
 */
export type Notebook = INotebookContent;

export type {
  ICell,
  ICodeCell,
  IMarkdownCell,
  IRawCell,
  IOutput,
  IMimeBundle,
  INotebookContent,
  MultilineString,
} from '@jupyterlab/nbformat';

/**
 * Who may see a result:
 * - `private`: its author only;
 * - `team`: the owning team of its project (`ownerTeamRef`), plus its author;
 * - `named`: the people and groups listed in `sharedWith`, plus its author;
 * - `everyone`: every signed-in person.
 */
export type ResultVisibility = 'private' | 'team' | 'named' | 'everyone';

export const RESULT_VISIBILITIES: readonly ResultVisibility[] = [
  'private',
  'team',
  'named',
  'everyone',
];

/** The review state a result shows: that of its latest review request. */
export type ReviewState = 'none' | 'requested' | 'approved' | 'changes-requested';

export const REVIEW_STATES: readonly ReviewState[] = [
  'none',
  'requested',
  'approved',
  'changes-requested',
];

/** What the workspace was when a version was published: enough to reproduce it. */
export interface ResultProvenance {
  /** The workspace it was published from (its id in workspaces-backend). */
  workspaceId: string;
  workspaceName: string;
  /** The environment's entity ref and version (`environment:default/pandas@3`), if recorded. */
  environmentRef: string | null;
  environmentVersion: string | null;
  /** The profile slug and the options the workspace was launched with. */
  profile: string | null;
  options: Record<string, unknown>;
  /** The project's code commit the workspace was launched from, if any. */
  codeCommit: string | null;
}

/** A published result: a notebook with its versions. */
export interface Result {
  id: string;
  title: string;
  /** The data-science project's entity ref; null for a personal result. */
  projectRef: string | null;
  /** The project's owning team when it was published (what `team` visibility means). */
  ownerTeamRef: string | null;
  /** The person who first published it (`user:default/ada`); only they change it. */
  authorRef: string;
  visibility: ResultVisibility;
  /** People and groups (`user:...`, `group:...`) a `named` result is shared with. */
  sharedWith: string[];
  /** Path of the notebook inside the git repository it is committed to. */
  notebookPath: string;
  /** The git repository (local-git name) the versions are committed to. */
  repository: string;
  latestVersion: number;
  reviewState: ReviewState;
  createdAt: string;
  updatedAt: string;
}

/** One published version of a result: one git commit. */
export interface ResultVersion {
  resultId: string;
  /** 1, 2, 3, ... per result. */
  version: number;
  message: string;
  authorRef: string;
  createdAt: string;
  /** The commit in the result's repository holding this version's notebook. */
  commit: string;
  /** sha256 of the notebook bytes; the same content again makes no new version. */
  contentHash: string;
  sizeBytes: number;
  cellCount: number;
  /** The notebook's path in the workspace it came from. */
  sourcePath: string;
  provenance: ResultProvenance;
}

/** A comment on one version, optionally on one cell of it. */
export interface ResultComment {
  id: string;
  resultId: string;
  version: number;
  /** nbformat ≥ 4.5 cell id, or `index:<n>` for notebooks without cell ids; null for the whole version. */
  cellId: string | null;
  authorRef: string;
  body: string;
  createdAt: string;
}

export type ReviewDecision = 'approved' | 'changes-requested';

/** A review request on a version; the reviewer decides once. */
export interface ResultReview {
  id: string;
  resultId: string;
  version: number;
  requestedBy: string;
  reviewerRef: string;
  message: string;
  state: Exclude<ReviewState, 'none'>;
  /** The reviewer's note with the decision. */
  note: string | null;
  createdAt: string;
  decidedAt: string | null;
}

/** A notebook found in a running workspace (Jupyter contents API). */
export interface WorkspaceNotebook {
  /** Path relative to the server's root directory (the person's home). */
  path: string;
  name: string;
  lastModified: string | null;
  sizeBytes: number | null;
}
