import { ListScanner } from './listScanner';

/** The items and the rest a scanner finds in `text`, fed in chunks of `size`. */
function scan(text: string, size: number) {
  const items: unknown[] = [];
  const scanner = new ListScanner(json => items.push(JSON.parse(json)));
  for (let i = 0; i < text.length; i += size) {
    scanner.write(text.slice(i, i + size));
  }
  return { items, rest: scanner.end() };
}

describe('ListScanner', () => {
  // Strings with quotes, escapes, braces and brackets, a key named items inside an item,
  // and metadata after the items as well as before.
  const list = {
    kind: 'PodList',
    apiVersion: 'v1',
    metadata: { resourceVersion: '42', continue: 'eyJ9In0=' },
    items: [
      {
        metadata: { name: 'a' },
        note: 'say "hi" \\ {not an object} [nor an array]',
      },
      {
        metadata: { name: 'b', items: ['x', { y: ']' }] },
        emoji: 'é ✓ \u2028',
      },
      { metadata: { name: 'c' }, empty: {}, list: [], escaped: '\\"' },
    ],
    after: { items: 'not the list' },
  };
  const text = JSON.stringify(list, null, 1);

  it('hands over each item and keeps the rest, however the text is cut', () => {
    for (const size of [1, 2, 3, 7, 64, text.length]) {
      const { items, rest } = scan(text, size);
      expect(items).toEqual(list.items);
      expect(rest).toEqual({ ...list, items: [] });
    }
  });

  it('reads an empty list and one without items', () => {
    expect(scan('{"kind":"PodList","metadata":{},"items":[]}', 5)).toEqual({
      items: [],
      rest: { kind: 'PodList', metadata: {}, items: [] },
    });
    expect(scan('{"kind":"PodList","items":null}', 3).items).toEqual([]);
  });

  it('says when the text ends before the JSON does', () => {
    const scanner = new ListScanner(() => {});
    scanner.write('{"items":[{"a":"b"}');
    expect(() => scanner.end()).toThrow(/ended before/);
  });
});
