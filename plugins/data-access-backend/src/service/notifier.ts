import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** A data source's catalog page, where its Access tab has its grants and requests. */
export function sourcePage(sourceRef: string): string {
  const { namespace, name } = parseEntityRef(sourceRef);
  return `/catalog/${namespace}/resource/${name}`;
}

/**
 * Sends a data-access notification to people and groups. A notification lost is not
 * worth failing the request, the decision or the launch it tells about: logged only.
 */
export class DataAccessNotifier {
  constructor(
    private readonly options: {
      notifications?: NotificationService;
      logger: LoggerService;
    },
  ) {}

  async notify(
    recipients: string[],
    payload: { title: string; description?: string; link: string; topic: string },
  ): Promise<void> {
    const { notifications, logger } = this.options;
    const unique = [...new Set(recipients.map(lower))];
    if (!notifications || unique.length === 0) return;
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: unique },
        payload: { ...payload, severity: 'normal' },
      });
    } catch (error) {
      logger.warn(`Could not notify ${unique.join(', ')}: ${error}`);
    }
  }
}
