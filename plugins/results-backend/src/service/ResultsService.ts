import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  diffNotebooks,
  type NotebookDiff,
  type Result,
  type ResultComment,
  type ResultReview,
  type ResultVisibility,
  type ReviewDecision,
} from '@internal/plugin-results-common';
import { randomUUID } from 'node:crypto';
import type { ResultsStore } from '../database/ResultsStore';
import { resultMatches } from '../database/resultsFilter';
import type { NotebookPublisher } from './Publisher';
import type { ResultsGit } from './resultsGit';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** Who acts: the signed-in person. */
export interface Actor {
  userEntityRef: string;
  credentials: BackstageCredentials;
}

/**
 * Reading, diffing, sharing, commenting and reviewing results. Permission checks are
 * the router's (one per route); what is left here is who the review belongs to and
 * whom to notify.
 */
export class ResultsService {
  constructor(
    private readonly options: {
      store: ResultsStore;
      git: ResultsGit;
      publisher: NotebookPublisher;
      catalog: CatalogService;
      auth: AuthService;
      notifications?: NotificationService;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  private now() {
    return (this.options.now ?? (() => new Date()))().toISOString();
  }

  async getOrThrow(id: string): Promise<Result> {
    const result = await this.options.store.getResult(id);
    if (!result) throw new NotFoundError(`There is no result ${id}: it may have been deleted`);
    return result;
  }

  async versionOrThrow(result: Result, version: number) {
    const found = await this.options.store.getVersion(result.id, version);
    if (!found) {
      throw new NotFoundError(
        `'${result.title}' has no version ${version} (latest is ${result.latestVersion})`,
      );
    }
    return found;
  }

  /** The notebook of a version, from its git commit. */
  async notebook(result: Result, version: number): Promise<Buffer> {
    const v = await this.versionOrThrow(result, version);
    return this.options.git.readFile(
      this.options.publisher.repoOf(result),
      v.commit,
      result.notebookPath,
    );
  }

  /** Cell-by-cell diff from the stored summaries: neither notebook is parsed. */
  async diff(result: Result, from: number, to: number): Promise<NotebookDiff> {
    const [a, b] = await Promise.all([
      this.versionOrThrow(result, from),
      this.versionOrThrow(result, to),
    ]);
    return diffNotebooks(a.summary, b.summary);
  }

  /** Changes visibility; people and groups newly shared with are notified. */
  async setVisibility(
    actor: Actor,
    result: Result,
    visibility: ResultVisibility,
    sharedWith: string[],
  ): Promise<Result> {
    if (visibility === 'team' && !result.ownerTeamRef) {
      throw new InputError(
        `'${result.title}' belongs to no project, so it has no team to share with: share it with named people or groups`,
      );
    }
    if (visibility === 'named' && sharedWith.length === 0) {
      throw new InputError('sharedWith: name at least one person or group for `named` visibility');
    }
    const updated = await this.options.store.setVisibility(
      result.id,
      visibility,
      visibility === 'named' ? sharedWith : [],
      this.now(),
    );
    if (!updated) throw new NotFoundError(`There is no result ${result.id}`);
    const before = new Set(
      result.visibility === 'named' ? result.sharedWith : [],
    );
    let newly: string[] = [];
    if (visibility === 'named') {
      newly = updated.sharedWith.filter(
        r => !before.has(r) && r !== lower(actor.userEntityRef),
      );
    } else if (visibility === 'team' && result.visibility !== 'team' && updated.ownerTeamRef) {
      newly = [updated.ownerTeamRef];
    }
    await this.notify(newly, {
      title: `${nameOf(actor.userEntityRef)} shared the result '${result.title}' with you`,
      description: `Version ${result.latestVersion}${result.projectRef ? ` of ${result.projectRef}` : ''}`,
      link: `/results/${result.id}`,
      topic: 'results-shared',
    });
    return updated;
  }

  async addComment(
    actor: Actor,
    result: Result,
    version: number,
    body: string,
    cellId?: string,
  ): Promise<ResultComment> {
    await this.versionOrThrow(result, version);
    const comment: ResultComment = {
      id: randomUUID(),
      resultId: result.id,
      version,
      cellId: cellId ?? null,
      authorRef: lower(actor.userEntityRef),
      body,
      createdAt: this.now(),
    };
    await this.options.store.addComment(comment);
    if (lower(actor.userEntityRef) !== lower(result.authorRef)) {
      await this.notify([result.authorRef], {
        title: `${nameOf(actor.userEntityRef)} commented on '${result.title}' v${version}`,
        description: body.slice(0, 200),
        link: `/results/${result.id}?version=${version}${cellId ? `#cell-${cellId}` : ''}`,
        topic: 'results-comment',
      });
    }
    return comment;
  }

  async requestReview(
    actor: Actor,
    result: Result,
    reviewerRef: string,
    version: number | undefined,
    message: string,
  ): Promise<ResultReview> {
    const v = version ?? result.latestVersion;
    await this.versionOrThrow(result, v);
    const reviewer = lower(reviewerRef);
    if (reviewer === lower(actor.userEntityRef)) {
      throw new InputError('reviewerRef: ask someone else than yourself to review');
    }
    // The reviewer must be able to read it, or the request is one they cannot answer.
    const claims = await this.claimsOf(reviewer);
    if (!resultMatches(result, { kind: 'visible', claims })) {
      throw new InputError(
        `${reviewerRef} cannot see '${result.title}' (${result.visibility}): share it with them first`,
      );
    }
    const review: ResultReview = {
      id: randomUUID(),
      resultId: result.id,
      version: v,
      requestedBy: lower(actor.userEntityRef),
      reviewerRef: reviewer,
      message,
      state: 'requested',
      note: null,
      createdAt: this.now(),
      decidedAt: null,
    };
    await this.options.store.addReview(review);
    await this.notify([reviewer], {
      title: `${nameOf(actor.userEntityRef)} asks you to review '${result.title}' v${v}`,
      description: message.slice(0, 200) || undefined,
      link: `/results/${result.id}?version=${v}`,
      topic: 'results-review',
    });
    return review;
  }

  async decideReview(
    actor: Actor,
    result: Result,
    reviewId: string,
    decision: ReviewDecision,
    note?: string,
  ): Promise<ResultReview> {
    const review = await this.options.store.getReview(result.id, reviewId);
    if (!review) throw new NotFoundError(`'${result.title}' has no review ${reviewId}`);
    if (review.reviewerRef !== lower(actor.userEntityRef)) {
      throw new NotAllowedError(`Only ${review.reviewerRef}, the reviewer asked, may decide this review`);
    }
    const decided = await this.options.store.decideReview(
      result.id,
      reviewId,
      decision,
      note ?? null,
      this.now(),
    );
    if (!decided) throw new ConflictError(`This review was already decided (${review.state})`);
    await this.notify([review.requestedBy], {
      title: `${nameOf(actor.userEntityRef)} ${decision === 'approved' ? 'approved' : 'requested changes to'} '${result.title}' v${review.version}`,
      description: note?.slice(0, 200) || undefined,
      link: `/results/${result.id}?version=${review.version}`,
      topic: 'results-review',
    });
    return decided;
  }

  /** A user's ref and the groups the catalog says they are a member of. */
  private async claimsOf(userRef: string): Promise<string[]> {
    let ref;
    try {
      ref = parseEntityRef(userRef);
    } catch {
      throw new InputError(`reviewerRef: '${userRef}' is not an entity ref (user:default/name)`);
    }
    if (ref.kind.toLocaleLowerCase('en-US') !== 'user') {
      throw new InputError('reviewerRef: a person (user:...), not a group');
    }
    const entity = await this.options.catalog
      .getEntityByRef(ref, {
        credentials: await this.options.auth.getOwnServiceCredentials(),
      })
      .catch(() => undefined);
    if (!entity) throw new InputError(`reviewerRef: there is no ${userRef} in the catalog`);
    const groups = (entity.relations ?? [])
      .filter(r => r.type === 'memberOf')
      .map(r => lower(r.targetRef));
    return [lower(stringifyEntityRef(entity)), ...groups];
  }

  private async notify(
    recipients: string[],
    payload: { title: string; description?: string; link: string; topic: string },
  ) {
    const { notifications, logger } = this.options;
    if (!notifications || recipients.length === 0) return;
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: { ...payload, severity: 'normal' },
      });
    } catch (error) {
      // A notification lost is not worth failing the share, comment or review for.
      logger.warn(`Could not notify ${recipients.join(', ')}: ${error}`);
    }
  }
}

function nameOf(ref: string) {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}
