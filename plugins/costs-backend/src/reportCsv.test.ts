import type { Entity } from '@backstage/catalog-model';
import { storeTestDatabases } from '@internal/test-utils';
import request from 'supertest';
import {
  RANGE,
  sessionOf,
  startCostsTestBackend,
  TEST_NOW_MS,
  TEST_SESSIONS,
} from './__testUtils__/costsTestBackend';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

/** CSV text as rows of cells, as a spreadsheet reads it (quotes removed). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else {
      cell += c;
    }
  }
  return rows;
}

describe.each(databases.eachSupportedId())(
  'costs CSV export on %s',
  databaseId => {
    it('exports a report as CSV', async () => {
      const { server, as } = await startCostsTestBackend(databases, {
        databaseId,
      });
      const res = await request(server)
        .get(`/api/costs/report.csv?groupBy=project&${RANGE}`)
        .set('authorization', as('margaret'));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      const lines = res.text.trim().split('\n');
      expect(lines[0]).toBe('date,key,label,amount,hours,currency');
      const firstDay = new Date(TEST_NOW_MS - 26 * 3_600_000)
        .toISOString()
        .slice(0, 10);
      // Cost across midnight splits over two days: check the totals per key instead.
      const byKey = new Map<string, number>();
      for (const line of lines.slice(1)) {
        const [date, key, , amount, hours, currency] = line.split(',');
        expect(date >= firstDay).toBe(true);
        expect(currency).toBe('USD');
        expect(Number(hours)).toBeGreaterThan(0);
        byKey.set(key, (byKey.get(key) ?? 0) + Number(amount));
      }
      expect([...byKey.keys()].sort()).toEqual([
        '',
        'component:default/cats-vs-dogs',
        'component:default/genome-assembly',
      ]);
      expect(byKey.get('component:default/cats-vs-dogs')).toBeCloseTo(0.204, 6);
    });

    it('neutralises catalog titles a spreadsheet would run as formulas', async () => {
      // Titles come from whoever edits catalog-info.yaml or the directory.
      const formulaGroup: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: {
          name: 'team-formula',
          namespace: 'default',
          title: '=HYPERLINK("http://x","y")',
        },
        spec: { type: 'team', children: [] },
      };
      const formulaProject: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'formula-project',
          namespace: 'default',
          title: "@SUM(1+1)*cmd|' /C calc'!A0",
        },
        spec: {
          type: 'data-science-project',
          lifecycle: 'experimental',
          owner: 'team-formula',
        },
      };
      const { server, as } = await startCostsTestBackend(databases, {
        databaseId,
        entities: [formulaGroup, formulaProject],
        sessions: [
          ...TEST_SESSIONS,
          sessionOf('f1', 'alan', ['group:default/team-formula'], {
            project: 'component:default/formula-project',
          }),
        ],
      });
      const csv = async (groupBy: string) => {
        const res = await request(server)
          .get(`/api/costs/report.csv?groupBy=${groupBy}&${RANGE}`)
          .set('authorization', as('margaret'));
        expect(res.status).toBe(200);
        return res.text;
      };

      const byGroup = await csv('group');
      // The cell is text starting with a quote mark, quoted as a whole.
      expect(byGroup).toContain(
        `group:default/team-formula,"'=HYPERLINK(""http://x"",""y"")",`,
      );
      const byProject = await csv('project');
      expect(byProject).toContain(
        `component:default/formula-project,"'@SUM(1+1)*cmd|' /C calc'!A0",`,
      );
      // As a spreadsheet reads them: the labels are text, no cell starts like a
      // formula, and amounts and hours stay plain numbers.
      for (const text of [byGroup, byProject]) {
        const [header, ...rows] = parseCsv(text);
        expect(header).toEqual([
          'date',
          'key',
          'label',
          'amount',
          'hours',
          'currency',
        ]);
        expect(rows.length).toBeGreaterThan(2);
        for (const row of rows) {
          expect(row).toHaveLength(6);
          for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
          expect(row[3]).toMatch(/^\d+(\.\d+)?$/);
          expect(row[4]).toMatch(/^\d+(\.\d+)?$/);
        }
      }
      expect(parseCsv(byGroup).map(row => row[2])).toContain(
        `'=HYPERLINK("http://x","y")`,
      );
    });
  },
);
