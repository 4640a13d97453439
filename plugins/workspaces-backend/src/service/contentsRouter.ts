import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotFoundError,
  NotImplementedError,
} from '@backstage/errors';
import { entityRefField } from '@internal/backend-route-kit';
import type { Workspace } from '@internal/plugin-workspaces-common';
import type { WorkspaceDriver } from '@internal/plugin-workspaces-node';
import { createRouteKit, parseInput } from '@internal/backend-route-kit';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { StoredWorkspace } from '../database/WorkspacesStore';
import { contentsPathProblem } from './hubContents';
import type { WorkspacesService } from './WorkspacesService';

/** The plugins that may read workspace files: publishing results copies notebooks. */
const CONTENTS_CALLERS = ['results'];

const idParams = z.object({
  id: z.string().uuid('is not a workspace id'),
});

/** Whose workspace the caller expects: another person's is "not found" to them. */
const ownerQuery = z.object({ owner: entityRefField(['user']) }).passthrough();

const fileQuery = z
  .object({
    owner: z.string(),
    path: z
      .string()
      .superRefine((p, ctx) => {
        const problem = contentsPathProblem(p);
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      }),
    maxBytes: z.coerce
      .number()
      .int()
      .min(1, 'maxBytes: 1 to 1 GiB')
      .max(1024 ** 3, 'maxBytes: 1 to 1 GiB'),
  })
  .strict();

const writeQuery = z
  .object({
    owner: z.string(),
    path: z
      .string()
      .regex(/\.ipynb$/i, 'path: a notebook (*.ipynb)')
      .superRefine((p, ctx) => {
        const problem = contentsPathProblem(p);
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      }),
  })
  .strict();

const notebookBody = z
  .object({
    notebook: z
      .object({ cells: z.array(z.unknown()), nbformat: z.number().int() })
      .passthrough(),
  })
  .strict();

/**
 * The largest notebook written into a workspace: above the results plugin's default
 * limit for what a result holds (`results.maxNotebookBytes`, 50 MB), JSON-encoded.
 */
const MAX_WRITE_BODY = '64mb';

/** The workspace as other plugins see it (its recorded provenance included). */
function toApi(workspace: StoredWorkspace): Workspace {
  const { lastSeenRunningAt: _seen, ownerGroups: _groups, ...rest } = workspace;
  return rest;
}

/**
 * Service-to-service routes that read the files of a running workspace (only the
 * results plugin calls them; it checks that the person publishing owns the workspace,
 * which these routes return). Only this plugin holds the hub token, so the files are
 * read here, through the driver.
 *
 *   GET /workspaces/:id/contents?owner=       -> { workspace, items: notebooks }
 *   GET /workspaces/:id/contents/file?owner=&path=&maxBytes=
 *        -> { workspace, file } | 413 { workspace, sizeBytes }
 *   PUT /workspaces/:id/contents/notebook?owner=&path=   { notebook }
 *        -> { workspace, path } (never overwrites: a numbered copy when taken)
 *
 * Mounted before the plugin's main router: its 64 kB JSON limit would refuse a notebook.
 */
export async function createContentsRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  service: WorkspacesService;
  driver: WorkspaceDriver;
}): Promise<express.Router> {
  const { service, driver } = options;
  const kit = createRouteKit(options);

  /** The workspace, which must be running for its files to be read. */
  const runningWorkspace = async (req: express.Request) => {
    await kit.requirePluginCaller(req, CONTENTS_CALLERS);
    const { id } = parseInput(idParams, req.params, 'workspace id');
    const { owner } = parseInput(ownerQuery, req.query, 'query');
    const workspace = await service.getOrThrow(id);
    if (
      workspace.owner.toLocaleLowerCase('en-US') !==
      owner.toLocaleLowerCase('en-US')
    ) {
      // Before the status: whether someone else's workspace runs is not theirs to know.
      throw new NotFoundError(`${owner} has no workspace ${id}`);
    }
    if (workspace.status !== 'running') {
      throw new ConflictError(
        `Workspace '${workspace.name}' is ${workspace.status}: start it first`,
      );
    }
    if (!driver.listNotebooks || !driver.readFile || !driver.writeNotebook) {
      throw new NotImplementedError(
        'This workspaces driver cannot read or write workspace files',
      );
    }
    return {
      workspace,
      listNotebooks: driver.listNotebooks.bind(driver),
      readFile: driver.readFile.bind(driver),
      writeNotebook: driver.writeNotebook.bind(driver),
    };
  };

  const router = Router();

  router.get('/workspaces/:id/contents', async (req, res) => {
    const { workspace, listNotebooks } = await runningWorkspace(req);
    parseInput(ownerQuery.strict(), req.query, 'query');
    const items = await listNotebooks(workspace.hubUser, workspace.name);
    res.json({ workspace: toApi(workspace), items });
  });

  router.get('/workspaces/:id/contents/file', async (req, res) => {
    const { workspace, readFile } = await runningWorkspace(req);
    const query = parseInput(fileQuery, req.query, 'query');
    const file = await readFile(
      workspace.hubUser,
      workspace.name,
      query.path,
      query.maxBytes,
    );
    if ('tooLarge' in file) {
      res.status(413).json({
        error: {
          name: 'PayloadTooLargeError',
          message: `'${query.path}' is ${file.sizeBytes} bytes, over the limit of ${query.maxBytes}`,
        },
        workspace: toApi(workspace),
        sizeBytes: file.sizeBytes,
      });
      return;
    }
    res.json({ workspace: toApi(workspace), file });
  });

  router.put(
    '/workspaces/:id/contents/notebook',
    express.json({ limit: MAX_WRITE_BODY }),
    async (req, res) => {
      const { workspace, writeNotebook } = await runningWorkspace(req);
      const query = parseInput(writeQuery, req.query, 'query');
      const { notebook } = parseInput(notebookBody, req.body, 'notebook');
      const written = await writeNotebook(
        workspace.hubUser,
        workspace.name,
        query.path,
        notebook,
      );
      res.json({ workspace: toApi(workspace), path: written.path });
    },
  );

  return router;
}
