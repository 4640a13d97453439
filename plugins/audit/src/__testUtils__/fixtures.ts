import { ResponseError } from '@backstage/errors';
import type { AuditLogEntry } from '@internal/plugin-audit-common';
import type { AuditApi } from '../api';

export function entry(overrides: Partial<AuditLogEntry> = {}): AuditLogEntry {
  return {
    id: 'e-1',
    at: '2026-11-29T10:15:00.000Z',
    plugin: 'roles',
    eventId: 'role-assignment-add',
    severityLevel: 'medium',
    status: 'succeeded',
    actor: 'user:default/margaret',
    ip: '10.0.0.7',
    userAgent: 'Mozilla/5.0',
    method: 'POST',
    url: '/api/roles/assignments',
    meta: {
      subjectRef: 'user:default/grace',
      role: 'devops',
      before: null,
      after: { subjectRef: 'user:default/grace', role: 'devops' },
    },
    ...overrides,
  };
}

/** An AuditApi whose every method is a jest mock, with the given behaviour. */
export function mockAuditApi(
  impl: Partial<AuditApi> = {},
): jest.Mocked<AuditApi> {
  return {
    listEvents: jest.fn(async () => ({ items: [], total: 0 })),
    exportCsv: jest.fn(async () => new Blob(['at\n'], { type: 'text/csv' })),
    ...impl,
  } as jest.Mocked<AuditApi>;
}

/** The ResponseError the client throws for a Backstage error body. */
export function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'InputError', message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}
