import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  createRouteKit,
  entityRefField,
  parseInput,
  textField,
  type Caller,
} from '@internal/backend-route-kit';
import {
  RESULT_VISIBILITIES,
  RESULTS_SEARCH_PAGE_MAX,
  resultsCreatePermission,
  resultsDeletePermission,
  resultsReadPermission,
  resultsUpdatePermission,
  type Result,
} from '@internal/plugin-results-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { ResultsFilter, ResultsStore } from '../database/ResultsStore';
import { listOptions, listQuery } from './listQuery';
import { resultResourceRef } from './permissionRules';
import type { NotebookPublisher } from './Publisher';
import type { ResultReproducer } from './Reproducer';
import type { ResultsService } from './ResultsService';
import { toSearchDocument } from './searchDocuments';
import { NotebookTooLargeError, type WorkspaceFiles } from './workspaceFiles';

const CREATE_REFUSAL = 'You may not publish results: ask an admin for access';
const UPDATE_REFUSAL = 'Only the author of a result may change it';
const DELETE_REFUSAL = 'Only the author of a result (or an admin) may delete it';

const shareRef = entityRefField(['user', 'group']);
const visibility = z.enum(RESULT_VISIBILITIES as [string, ...string[]]);
const sharedWith = z.array(shareRef).max(100, 'sharedWith: at most 100 people and groups');
const uuid = (what: string) => z.string().uuid(`is not a ${what} id`);
const versionNumber = z.coerce.number().int().min(1, 'a version number (1, 2, ...)').max(1_000_000);

const publishBody = z
  .object({
    workspaceId: uuid('workspace'),
    path: z.string().min(1).max(1024).regex(/\.ipynb$/i, 'path: a notebook (*.ipynb)'),
    resultId: uuid('result').optional(),
    title: textField(300).optional(),
    message: textField(2000),
    projectRef: entityRefField(['component']).optional(),
    visibility: visibility.optional(),
    sharedWith: sharedWith.optional(),
  })
  .strict();

const searchDocumentsQuery = z
  .object({
    after: uuid('result').optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1, `1 to ${RESULTS_SEARCH_PAGE_MAX}`)
      .max(RESULTS_SEARCH_PAGE_MAX, `1 to ${RESULTS_SEARCH_PAGE_MAX}`)
      .default(200),
  })
  .strict();

const idParams = z.object({ id: uuid('result') }).passthrough();
const versionParams = z.object({ id: uuid('result'), version: versionNumber });
const diffQuery = z.object({ from: versionNumber, to: versionNumber }).strict();
const visibilityBody = z.object({ visibility, sharedWith: sharedWith.optional() }).strict();
const commentsQuery = z.object({ version: versionNumber.optional() }).strict();
const commentBody = z
  .object({ body: textField(5000).refine(s => s.trim().length > 0, 'body: say something'), cellId: z.string().min(1).max(200).optional() })
  .strict();
const reviewBody = z
  .object({ reviewerRef: entityRefField(['user']), version: versionNumber.optional(), message: textField(2000).optional() })
  .strict();
const reproduceBody = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'name: lower-case letters, digits and dashes, at most 63')
      .optional(),
  })
  .strict();
const copyBody = z.object({ workspaceId: uuid('workspace') }).strict();
const decisionParams = z.object({ id: uuid('result'), reviewId: uuid('review') });
const decisionBody = z
  .object({ decision: z.enum(['approved', 'changes-requested']), note: textField(2000).optional() })
  .strict();

/** What an audit event says about a result. */
const summary = (r: Result) => ({
  id: r.id,
  title: r.title,
  author: r.authorRef,
  project: r.projectRef,
  visibility: r.visibility,
  sharedWith: r.sharedWith,
});

export async function createRouter(options: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  logger: LoggerService;
  store: ResultsStore;
  service: ResultsService;
  publisher: NotebookPublisher;
  files: WorkspaceFiles;
  reproducer: ResultReproducer;
}): Promise<express.Router> {
  const { store, service, publisher, files, permissions } = options;
  const kit = createRouteKit(options);
  const toFilter = createConditionTransformer(
    options.permissionsRegistry.getPermissionRuleset(resultResourceRef),
  );

  /** Any signed-in person: what they may do with a result is its resource permission. */
  const signedIn = (req: express.Request): Promise<Caller> =>
    kit.caller(req, resultsCreatePermission, CREATE_REFUSAL);

  /**
   * The result of `:id` if the caller may read it. One they may not read is "not
   * found", as one that does not exist: ids reveal nothing.
   */
  const readableBy = async (credentials: Caller['credentials'], id: string) => {
    const result = await store.getResult(id);
    if (!result || !(await kit.isAllowed(credentials, { permission: resultsReadPermission, resourceRef: id }))) {
      throw new NotFoundError(`There is no result ${id} you may see: it may have been deleted or not shared with you`);
    }
    return result;
  };
  const readable = async (req: express.Request) => {
    const credentials = await kit.userCredentials(req);
    const { id } = parseInput(idParams, req.params, 'result id');
    const result = await readableBy(credentials, id);
    const info = await options.userInfo.getUserInfo(credentials);
    return { result, who: { credentials, userEntityRef: info.userEntityRef } };
  };

  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  router.get('/workspaces/:workspaceId/notebooks', async (req, res) => {
    const who = await signedIn(req);
    const { workspaceId } = parseInput(z.object({ workspaceId: uuid('workspace') }), req.params, 'workspace id');
    const listed = await files.listNotebooks(workspaceId, who.userEntityRef);
    if (listed.workspace.owner.toLocaleLowerCase('en-US') !== who.userEntityRef.toLocaleLowerCase('en-US')) {
      throw new NotFoundError(`You have no workspace ${workspaceId}`);
    }
    res.json({ items: listed.items });
  });

  router.post('/results/publish', async (req, res) => {
    const who = await signedIn(req);
    const body = parseInput(publishBody, req.body, 'publish request');
    let existing: Result | undefined;
    if (body.resultId) {
      existing = await readableBy(who.credentials, body.resultId);
      await kit.requirePermission(who.credentials, { permission: resultsUpdatePermission, resourceRef: existing.id }, UPDATE_REFUSAL);
    }
    try {
      const published = await kit.audited(
        req,
        { eventId: 'result-publish', meta: { workspaceId: body.workspaceId, path: body.path, resultId: body.resultId ?? null } },
        () => publisher.publish(who, body as Parameters<NotebookPublisher['publish']>[1], existing),
        out => ({ result: summary(out.result), version: out.version.version, commit: out.version.commit, created: out.created }),
      );
      res.status(published.created ? 201 : 200).json(published);
    } catch (error) {
      if (error instanceof NotebookTooLargeError) {
        res.status(413).json({ error: { name: error.name, message: error.message } });
        return;
      }
      throw error;
    }
  });

  router.get('/results', async (req, res) => {
    const credentials = await kit.userCredentials(req);
    const query = parseInput(listQuery, req.query, 'query');
    const [decision] = await permissions.authorizeConditional([{ permission: resultsReadPermission }], { credentials });
    if (decision.result === AuthorizeResult.DENY) {
      res.json({ items: [], totalCount: 0 });
      return;
    }
    const filter: ResultsFilter | undefined =
      decision.result === AuthorizeResult.CONDITIONAL ? toFilter(decision.conditions) : undefined;
    res.json(await store.listResults({ ...listOptions(query), filter }));
  });

  // The search collator reads every result; the search backend filters hits by the
  // read permission of each (the documents' authorization.resourceRef).
  router.get('/search-documents', async (req, res) => {
    await kit.requirePluginCaller(req, ['search']);
    const { after, limit } = parseInput(searchDocumentsQuery, req.query, 'query');
    const page = await store.listSearchable({ after, limit });
    res.json({
      items: page.map(toSearchDocument),
      nextCursor: page.length === limit ? page[page.length - 1].result.id : undefined,
    });
  });

  router.get('/results/:id', async (req, res) => {
    res.json((await readable(req)).result);
  });

  router.delete('/results/:id', async (req, res) => {
    const { result, who } = await readable(req);
    await kit.requirePermission(who.credentials, { permission: resultsDeletePermission, resourceRef: result.id }, DELETE_REFUSAL);
    await kit.audited(req, { eventId: 'result-delete', meta: { result: summary(result) } }, () => store.deleteResult(result.id));
    res.status(204).end();
  });

  router.get('/results/:id/versions', async (req, res) => {
    const { result } = await readable(req);
    res.json({ items: await store.listVersions(result.id) });
  });

  router.get('/results/:id/versions/:version/notebook', async (req, res) => {
    const { result } = await readable(req);
    const { version } = parseInput(versionParams, req.params, 'version');
    const bytes = await service.notebook(result, version);
    // As committed: the bytes are the notebook, no parse and re-serialise of 50 MB.
    res.type('application/json').send(bytes);
  });

  router.get('/results/:id/diff', async (req, res) => {
    const { result } = await readable(req);
    const { from, to } = parseInput(diffQuery, req.query, 'query');
    res.json(await service.diff(result, from, to));
  });

  router.put('/results/:id/visibility', async (req, res) => {
    const { result, who } = await readable(req);
    await kit.requirePermission(who.credentials, { permission: resultsUpdatePermission, resourceRef: result.id }, UPDATE_REFUSAL);
    const body = parseInput(visibilityBody, req.body, 'visibility');
    const narrower =
      body.visibility === 'private' ||
      (result.visibility === 'everyone' && body.visibility !== 'everyone') ||
      result.sharedWith.some(r => !(body.sharedWith ?? []).map(s => s.toLocaleLowerCase('en-US')).includes(r));
    const updated = await kit.audited(
      req,
      { eventId: narrower ? 'result-unshare' : 'result-share', meta: { before: summary(result) } },
      () => service.setVisibility(who, result, body.visibility as Result['visibility'], body.sharedWith ?? []),
      after => ({ after: summary(after) }),
    );
    res.json(updated);
  });

  router.get('/results/:id/comments', async (req, res) => {
    const { result } = await readable(req);
    const { version } = parseInput(commentsQuery, req.query, 'query');
    res.json({ items: await store.listComments(result.id, version) });
  });

  router.post('/results/:id/versions/:version/comments', async (req, res) => {
    const { result, who } = await readable(req);
    const { version } = parseInput(versionParams, req.params, 'version');
    const body = parseInput(commentBody, req.body, 'comment');
    res.status(201).json(await service.addComment(who, result, version, body.body, body.cellId));
  });

  router.get('/results/:id/reviews', async (req, res) => {
    const { result } = await readable(req);
    res.json({ items: await store.listReviews(result.id) });
  });

  router.post('/results/:id/reviews', async (req, res) => {
    const { result, who } = await readable(req);
    await kit.requirePermission(who.credentials, { permission: resultsUpdatePermission, resourceRef: result.id }, UPDATE_REFUSAL);
    const body = parseInput(reviewBody, req.body, 'review request');
    const review = await kit.audited(
      req,
      { eventId: 'result-review-request', meta: { result: summary(result), reviewer: body.reviewerRef } },
      () => service.requestReview(who, result, body.reviewerRef, body.version, body.message ?? ''),
      r => ({ reviewId: r.id, version: r.version }),
    );
    res.status(201).json(review);
  });

  router.post('/results/:id/reviews/:reviewId/decision', async (req, res) => {
    const { result, who } = await readable(req);
    const { reviewId } = parseInput(decisionParams, req.params, 'review id');
    const body = parseInput(decisionBody, req.body, 'decision');
    const review = await kit.audited(
      req,
      { eventId: 'result-review', meta: { result: summary(result), reviewId, decision: body.decision } },
      () => service.decideReview(who, result, reviewId, body.decision, body.note),
    );
    res.json(review);
  });

  // A new workspace of the caller with the version's recorded profile, options,
  // environment and code commit: anyone who may read the result may rerun it, as
  // themselves (their quotas and project access apply in the workspaces backend).
  router.post('/results/:id/versions/:version/reproduce', async (req, res) => {
    const { result, who } = await readable(req);
    const { version } = parseInput(versionParams, req.params, 'version');
    const body = parseInput(reproduceBody, req.body ?? {}, 'reproduction');
    const launched = await kit.audited(
      req,
      { eventId: 'result-reproduce', meta: { result: summary(result), version } },
      () => options.reproducer.reproduce(who, result, version, body.name),
      out => ({ workspaceId: out.workspaceId, workspaceName: out.workspaceName }),
    );
    res.status(201).json(launched);
  });

  router.post('/results/:id/versions/:version/copy-to-workspace', async (req, res) => {
    const { result, who } = await readable(req);
    const { version } = parseInput(versionParams, req.params, 'version');
    const { workspaceId } = parseInput(copyBody, req.body ?? {}, 'copy request');
    const copied = await kit.audited(
      req,
      { eventId: 'result-copy-to-workspace', meta: { result: summary(result), version, workspaceId } },
      () => options.reproducer.copyNotebook(who, result, version, workspaceId),
      out => ({ path: out.path }),
    );
    res.json(copied);
  });

  return router;
}
