import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  auditLogReadPermission,
  type AuditLogEntry,
} from '@internal/plugin-audit-common';
import express from 'express';
import Router from 'express-promise-router';
import { csvRow, parseInput } from '@internal/backend-route-kit';
import { z } from 'zod';
import type { AuditStore } from '../database/AuditStore';

const isoDate = z
  .string()
  .refine(
    v => !Number.isNaN(Date.parse(v)),
    'must be a date such as 2026-11-01 or 2026-11-01T10:00:00Z',
  );

const query = z
  .object({
    plugin: z.string().max(100).optional(),
    eventId: z.string().max(200).optional(),
    actor: z.string().max(300).optional(),
    status: z.enum(['succeeded', 'failed']).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    search: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

const parseQuery = (input: unknown) => parseInput(query, input, 'query');

const CSV_COLUMNS: (keyof AuditLogEntry)[] = [
  'at',
  'plugin',
  'eventId',
  'status',
  'severityLevel',
  'actor',
  'ip',
  'method',
  'url',
  'error',
  'meta',
];

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: AuditStore;
}): Promise<express.Router> {
  const { httpAuth, permissions, store } = options;
  const router = Router();

  const requireAdmin = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: auditLogReadPermission }],
      {
        credentials,
      },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Only admins may read the audit log');
    }
  };

  router.get('/events', async (req, res) => {
    await requireAdmin(req);
    res.json(await store.query(parseQuery(req.query)));
  });

  router.get('/events.csv', async (req, res) => {
    await requireAdmin(req);
    const q = parseQuery({ limit: '1000', ...req.query });
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader(
      'content-disposition',
      'attachment; filename="atrium-audit-log.csv"',
    );
    res.write(csvRow(CSV_COLUMNS));
    // Pages of 1,000 until the filter is exhausted: exports the whole matching log.
    for (let offset = q.offset; ; offset += 1000) {
      const { items } = await store.query({ ...q, limit: 1000, offset });
      // What callers sent (URLs, errors, details): csvRow neutralises formulas.
      for (const item of items)
        res.write(csvRow(CSV_COLUMNS.map(c => item[c])));
      if (items.length < 1000) break;
    }
    res.end();
  });

  return router;
}
