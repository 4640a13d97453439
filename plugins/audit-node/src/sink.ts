import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { AuditorEvent } from '@backstage/backend-defaults/auditor';

/**
 * Carries audit events from every plugin's auditor to the audit backend plugin, within
 * one backend process (each replica stores its own events in the shared database).
 * Events published before the audit plugin subscribed are buffered (bounded), so
 * nothing done at start-up is lost.
 *
 * @public
 */
export interface AuditEventSink {
  publish(event: AuditorEvent & { at: string }): void;
  subscribe(consumer: (event: AuditorEvent & { at: string }) => void): void;
}

const BUFFER_LIMIT = 10_000;

class InProcessAuditEventSink implements AuditEventSink {
  private consumer?: (event: AuditorEvent & { at: string }) => void;
  private buffer: (AuditorEvent & { at: string })[] = [];

  publish(event: AuditorEvent & { at: string }) {
    if (this.consumer) {
      this.consumer(event);
    } else if (this.buffer.length < BUFFER_LIMIT) {
      this.buffer.push(event);
    }
  }

  subscribe(consumer: (event: AuditorEvent & { at: string }) => void) {
    this.consumer = consumer;
    const pending = this.buffer;
    this.buffer = [];
    pending.forEach(consumer);
  }
}

/** @public */
export const auditEventSinkServiceRef = createServiceRef<AuditEventSink>({
  id: 'atrium.audit.sink',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => new InProcessAuditEventSink(),
    }),
});
