import { pageRequest } from './remoteWorkspaces';

type Query = Parameters<typeof pageRequest>[0];

const query = (overrides: Partial<Query>): Query =>
  ({
    page: 0,
    pageSize: 50,
    filters: [],
    search: '',
    orderBy: undefined,
    orderDirection: '',
    totalCount: 0,
    ...overrides,
  } as unknown as Query);

describe('pageRequest', () => {
  it("turns the table's page, sort, column filters and search into the backend's query", () => {
    expect(
      pageRequest(
        query({
          page: 3,
          pageSize: 20,
          orderBy: { field: 'lastActivity' } as Query['orderBy'],
          orderDirection: 'desc',
          filters: [
            { column: { field: 'status' }, operator: '=', value: ['running'] },
            { column: { field: 'owner' }, operator: '=', value: ' ada ' },
            { column: { field: 'name' }, operator: '=', value: '' },
          ] as Query['filters'],
          search: '  cats ',
        }),
      ),
    ).toEqual({
      offset: 60,
      limit: 20,
      sort: 'lastActivity',
      order: 'desc',
      statuses: ['running'],
      contains: { owner: 'ada' },
      search: 'cats',
    });
  });

  it('leaves out what the backend cannot sort by and empty filters', () => {
    expect(
      pageRequest(
        query({
          orderBy: { title: 'Actions' } as Query['orderBy'],
          orderDirection: 'asc',
          filters: [
            { column: { field: 'status' }, operator: '=', value: [] },
          ] as Query['filters'],
        }),
      ),
    ).toEqual({ offset: 0, limit: 50 });
  });
});
