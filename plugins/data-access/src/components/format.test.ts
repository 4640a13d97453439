import { grantText, lastDay } from './format';
import { grant } from '../__testUtils__/fixtures';

describe('lastDay', () => {
  it('shows an expiry given as a day (stored as the next midnight UTC) as that day', () => {
    expect(lastDay('2030-07-01T00:00:00.000Z')).toBe('2030-06-30');
    expect(lastDay('2027-01-01T00:00:00Z')).toBe('2026-12-31');
  });

  it('shows any other instant as its own day, and nothing for none', () => {
    expect(lastDay('2030-07-01T12:30:00.000Z')).toBe('2030-07-01');
    expect(lastDay(null)).toBe('');
  });
});

describe('grantText', () => {
  it('says the access and its last day', () => {
    expect(grantText(grant({ access: 'read', expiresAt: '2030-07-01T00:00:00Z' }))).toBe(
      'Read through 2030-06-30',
    );
    expect(grantText(grant({ access: 'read-write' }))).toBe('Read-write');
  });
});
