import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  auditLogReadPermission,
  type AuditLogEntry,
} from '@internal/plugin-audit-common';
import {
  createRouteKit,
  csvRow,
  dateOrInstantField,
  numberField,
  orderedRange,
  parseInput,
  textField,
} from '@internal/backend-route-kit';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { AuditQuery, AuditStore } from '../database/AuditStore';

const queryFields = z
  .object({
    plugin: textField(100).optional(),
    eventId: textField(200).optional(),
    actor: textField(300).optional(),
    status: z.enum(['succeeded', 'failed']).optional(),
    from: dateOrInstantField().optional(),
    to: dateOrInstantField().optional(),
    search: textField(200).optional(),
    limit: numberField({ min: 1, max: 1000, integer: true, coerce: true })
      .optional()
      .default(100),
    offset: numberField({
      min: 0,
      max: 10_000_000,
      integer: true,
      coerce: true,
    })
      .optional()
      .default(0),
  })
  .strict();
const query = orderedRange(queryFields);

const parseQuery = (input: unknown): AuditQuery =>
  parseInput(query, input, 'query');

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
  const { store } = options;
  const kit = createRouteKit(options);
  const router = Router();

  const requireAdmin = (req: express.Request) =>
    kit.requirePermission(
      req,
      auditLogReadPermission,
      'Only admins may read the audit log',
    );

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
