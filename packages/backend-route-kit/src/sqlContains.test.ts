import { containsPattern, sqlContains } from './sqlContains';

describe('sqlContains', () => {
  it('lowers the text and takes LIKE wildcards and the escape literally', () => {
    expect(containsPattern('Ab')).toBe('%ab%');
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
    expect(sqlContains('title', 'X_1')).toEqual([
      `lower(??) like ? escape '\\'`,
      ['title', '%x\\_1%'],
    ]);
  });
});
