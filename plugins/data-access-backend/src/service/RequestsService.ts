import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type {
  AccessRequest,
  AccessRequestBody,
  AccessRequestStatus,
  DecisionBody,
} from '@internal/plugin-data-access-common';
import { randomUUID } from 'node:crypto';
import type { DataAccessStore } from '../database/DataAccessStore';
import { shortName } from './DataSourceIndex';
import { toExpiry } from './expiry';
import type { GrantsService } from './GrantsService';
import { DataAccessNotifier, sourcePage } from './notifier';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');
const TOPIC = 'data-access-request';

/** Who decides: the signed-in person and in which capacity they may. */
export interface Decider {
  userEntityRef: string;
  /** Owner of the source (or an admin, who may decide as one). */
  canManage: boolean;
  isAdmin: boolean;
}

/**
 * Access requests: a person asks with a reason; the source's owner or an admin
 * approves or refuses; a restricted source needs an admin's approval after (or
 * instead of) the owner's. Both sides are notified.
 */
export class RequestsService {
  constructor(
    private readonly options: {
      store: DataAccessStore;
      grants: GrantsService;
      notifications?: NotificationService;
      /** Who gets the second approval of restricted sources to decide (admins). */
      adminRecipients: string[];
      logger: LoggerService;
    },
  ) {
    this.notifier = new DataAccessNotifier(options);
  }

  private readonly notifier: DataAccessNotifier;

  private notify(
    recipients: string[],
    payload: { title: string; description?: string; link: string },
  ) {
    return this.notifier.notify(recipients, { ...payload, topic: TOPIC });
  }

  async getOrThrow(id: string): Promise<AccessRequest> {
    const request = await this.options.store.getRequest(id);
    if (!request) throw new NotFoundError(`There is no access request ${id}`);
    return request;
  }

  async create(
    requester: { userEntityRef: string; groups: string[] },
    body: AccessRequestBody,
  ): Promise<AccessRequest> {
    const { source } = await this.options.grants.sourceOrThrow(body.source);
    const now = this.options.grants.now();
    const forGroup = body.forGroup ? lower(body.forGroup) : null;
    if (forGroup && !requester.groups.includes(forGroup)) {
      throw new InputError(
        `You are not a member of ${forGroup}: ask for yourself or for one of your groups (${requester.groups.join(', ') || 'you have none'})`,
      );
    }
    const expiresAt = body.expiresAt ? toExpiry(body.expiresAt, now) : null;
    const open = await this.options.store.findOpenRequest(source.ref, requester.userEntityRef);
    if (open) {
      throw new ConflictError(
        `You already asked for access to ${source.name} (request ${open.id}, ${open.status}): wait for its decision or withdraw it`,
      );
    }
    const created = await this.options.store.createRequest({
      id: randomUUID(),
      source: source.ref,
      requester: lower(requester.userEntityRef),
      forGroup,
      access: body.access,
      reason: body.reason.trim(),
      expiresAt,
      status: 'pending',
      createdAt: now.toISOString(),
      decisions: [],
      grantId: null,
    });
    const restricted = source.spec.sensitivity === 'restricted';
    await this.notify([source.owner, ...(restricted ? this.options.adminRecipients : [])], {
      title: `${shortName(created.requester)} asks for ${created.access} access to ${source.name}`,
      description: `${created.reason}${restricted ? ' (restricted: an admin approves after the owner)' : ''}`,
      link: sourcePage(source.ref),
    });
    return created;
  }

  /**
   * Approves or refuses. Pending: the owner or an admin decides; an owner's approval of
   * a restricted source makes it owner-approved, waiting for an admin. Owner-approved:
   * only an admin decides. Approved makes the grant.
   */
  async decide(
    decider: Decider,
    request: AccessRequest,
    body: DecisionBody,
  ): Promise<AccessRequest> {
    const { source } = await this.options.grants.sourceOrThrow(request.source);
    if (!decider.canManage) {
      throw new NotAllowedError(
        `Only the owner of ${source.name} (${source.owner}) or an admin may decide this request`,
      );
    }
    if (request.status === 'owner-approved' && !decider.isAdmin) {
      throw new NotAllowedError(
        `${source.name} is restricted: its owner has approved, and an admin must approve too`,
      );
    }
    if (request.status !== 'pending' && request.status !== 'owner-approved') {
      throw new ConflictError(`This request is ${request.status} already`);
    }
    const now = this.options.grants.now().toISOString();
    const decision = {
      by: lower(decider.userEntityRef),
      at: now,
      decision: body.decision,
      as: decider.isAdmin ? ('admin' as const) : ('owner' as const),
      comment: body.comment?.trim() || null,
    };
    const restricted = source.spec.sensitivity === 'restricted';
    let to: AccessRequestStatus;
    if (body.decision === 'refuse') to = 'refused';
    else if (restricted && !decider.isAdmin) to = 'owner-approved';
    else to = 'approved';

    let grantId: string | undefined;
    if (to === 'approved') {
      const grant = await this.options.grants.grantForRequest(
        decision.by,
        {
          source: source.ref,
          subject: request.forGroup ?? request.requester,
          access: request.access,
          expiresAt: request.expiresAt ?? undefined,
        },
        request.id,
      );
      grantId = grant.id;
    }
    const moved = await this.options.store.transitionRequest(request.id, {
      from: request.status,
      to,
      decision,
      grantId,
      at: now,
    });
    if (!moved) throw new ConflictError('Someone decided this request at the same time: reload it');

    if (to === 'owner-approved') {
      await this.notify(this.options.adminRecipients, {
        title: `${source.name} (restricted): the owner approved ${shortName(request.requester)}'s request, an admin must approve too`,
        description: request.reason,
        link: sourcePage(source.ref),
      });
    } else {
      const what = to === 'approved' ? 'approved' : 'refused';
      await this.notify([request.requester], {
        title: `Your request for ${request.access} access to ${source.name} was ${what}`,
        description: decision.comment ?? undefined,
        link: sourcePage(source.ref),
      });
    }
    return moved;
  }

  async withdraw(userEntityRef: string, request: AccessRequest): Promise<AccessRequest> {
    if (request.requester !== lower(userEntityRef)) {
      throw new NotAllowedError('Only the person who asked may withdraw a request');
    }
    if (request.status !== 'pending' && request.status !== 'owner-approved') {
      throw new ConflictError(`This request is ${request.status} already`);
    }
    const moved = await this.options.store.transitionRequest(request.id, {
      from: request.status,
      to: 'withdrawn',
      at: this.options.grants.now().toISOString(),
    });
    if (!moved) throw new ConflictError('This request was decided in the meantime: reload it');
    return moved;
  }
}
