import { orderLabel, pageQuery, remoteResults } from './remoteResults';
import { result } from '../__testUtils__/fixtures';

type Query = Parameters<typeof pageQuery>[0];

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

describe('pageQuery', () => {
  it("turns the table's page, sort, column filters and search into GET /results's query", () => {
    expect(
      pageQuery(
        query({
          page: 2,
          pageSize: 20,
          orderBy: { field: 'authorRef' } as Query['orderBy'],
          orderDirection: 'asc',
          filters: [
            { column: { field: 'title' }, operator: '=', value: ' 50% ' },
            { column: { field: 'projectRef' }, operator: '=', value: 'cats' },
            { column: { field: 'authorRef' }, operator: '=', value: 'x'.repeat(150) },
            { column: { field: 'visibility' }, operator: '=', value: ['team', 'named'] },
            { column: { field: 'reviewState' }, operator: '=', value: ['requested'] },
          ] as Query['filters'],
          search: '  pets ',
        }),
      ),
    ).toEqual({
      offset: 40,
      limit: 20,
      sort: 'author',
      order: 'asc',
      titleContains: '50%',
      projectContains: 'cats',
      authorContains: 'x'.repeat(100),
      visibility: ['team', 'named'],
      reviewState: ['requested'],
      q: 'pets',
    });
    expect(
      pageQuery(query({ orderBy: { field: 'updatedAt' } as Query['orderBy'], orderDirection: 'desc' })),
    ).toEqual({ offset: 0, limit: 50, sort: 'updatedAt', order: 'desc' });
  });

  it('leaves out unsortable columns, empty filters and values the backend does not know', () => {
    expect(
      pageQuery(
        query({
          orderBy: { title: 'Actions' } as Query['orderBy'],
          orderDirection: 'asc',
          filters: [
            { column: { field: 'visibility' }, operator: '=', value: [] },
            { column: { field: 'reviewState' }, operator: '=', value: ['done'] },
            { column: { field: 'title' }, operator: '=', value: '   ' },
          ] as Query['filters'],
        }),
      ),
    ).toEqual({ offset: 0, limit: 50 });
  });
});

describe('orderLabel', () => {
  it('says the order in words', () => {
    expect(orderLabel()).toBe('newest first');
    expect(orderLabel('updatedAt', 'asc')).toBe('oldest first');
    expect(orderLabel('title', 'asc')).toBe('by title, A to Z');
    expect(orderLabel('reviewState', 'desc')).toBe('by review, Z to A');
    expect(orderLabel('latestVersion', 'desc')).toBe('by versions, most first');
  });
});

describe('remoteResults', () => {
  it('asks within the base query and answers copies of the rows with the total', async () => {
    const row = result({ id: 'r1' });
    const listResults = jest.fn(async () => ({ items: [row], totalCount: 7 }));
    const onPage = jest.fn();
    const data = remoteResults(listResults, { team: 'group:default/a' }, onPage);
    const answer = await data(query({ page: 1, pageSize: 5 }));
    expect(listResults).toHaveBeenCalledWith({ team: 'group:default/a', offset: 5, limit: 5 });
    expect(answer).toEqual({ data: [row], page: 1, totalCount: 7 });
    expect(answer.data[0]).not.toBe(row);
    expect(onPage).toHaveBeenCalledWith({ team: 'group:default/a', offset: 5, limit: 5 }, 7);
  });
});
