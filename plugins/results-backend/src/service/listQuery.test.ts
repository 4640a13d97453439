import { parseInput } from '@internal/backend-route-kit';
import { listOptions, listQuery } from './listQuery';

const parse = (query: Record<string, string>) => listOptions(parseInput(listQuery, query, 'query'));

describe('GET /results query', () => {
  it('defaults to the newest first and reads lists and texts', () => {
    expect(parse({})).toEqual({ limit: 50, offset: 0, sort: 'updatedAt', order: 'desc', search: undefined });
    expect(
      parse({ sort: 'author', order: 'asc', q: 'cats', visibility: 'team, named', reviewState: 'none', projectContains: '50%' }),
    ).toMatchObject({ sort: 'author', order: 'asc', search: 'cats', visibility: ['team', 'named'], reviewState: ['none'], projectContains: '50%' });
    expect(parse({ q: '' }).search).toBeUndefined();
  });

  it('names what a bad value should be', () => {
    expect(() => parse({ sort: 'size', order: 'up' })).toThrow(
      'Invalid query: sort: one of title, updatedAt, latestVersion, visibility, reviewState, author, project; order: asc or desc',
    );
    expect(() => parse({ reviewState: 'done,approved,x' })).toThrow(
      'Invalid query: reviewState: done, x is not one of none, requested, approved, changes-requested',
    );
    expect(() => parse({ authorContains: 'a'.repeat(101) })).toThrow('authorContains: must be at most 100 characters');
    expect(() => parse({ owner: 'me' })).toThrow("Unrecognized key(s) in object: 'owner'");
  });
});
