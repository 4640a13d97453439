const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Reads a Kubernetes list response (`{"kind":…,"metadata":{…},"items":[…]}`) as it
 * arrives and hands over each item's JSON text as soon as the item is complete, so a
 * page of 5,000 real pods (30-60 MB of JSON) is never held whole, neither as one string
 * nor as 5,000 parsed objects: each item is parsed and projected on its own, and only
 * the projection outlives it. Everything outside `items` (kind, metadata with
 * `continue` and `resourceVersion`) is kept and parsed by {@link ListScanner.end}.
 *
 * It only tracks where strings, objects and arrays begin and end; the JSON itself is
 * checked by JSON.parse, of each item and of the rest.
 */
export class ListScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Inside the top-level `items` array. */
  private inItems = false;
  /** The text of the last string at the top level (the key before a value). */
  private lastKey = '';
  private keyParts: string[] | undefined;
  /** Pieces of the item being read, when it spans chunks. */
  private itemParts: string[] = [];
  /** Everything outside `items`. */
  private readonly rest: string[] = [];

  constructor(private readonly onItem: (json: string) => void) {}

  write(chunk: string): void {
    // Where the current piece of item (or of the rest) starts in this chunk.
    let itemStart = this.inItems && this.depth >= 3 ? 0 : -1;
    let restStart = this.inItems ? -1 : 0;
    let keyStart = this.keyParts ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.keyParts) {
            this.keyParts.push(chunk.slice(keyStart, i));
            this.lastKey = this.keyParts.join('');
            this.keyParts = undefined;
            keyStart = -1;
          }
        }
        continue;
      }
      if (c === QUOTE) {
        this.inString = true;
        if (this.depth === 1) {
          this.keyParts = [];
          keyStart = i + 1;
        }
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.depth++;
        if (
          this.depth === 2 &&
          c === OPEN_BRACKET &&
          this.lastKey === 'items'
        ) {
          // The rest keeps an empty array in its place.
          this.rest.push(chunk.slice(restStart, i + 1));
          restStart = -1;
          this.inItems = true;
        } else if (this.inItems && this.depth === 3) {
          itemStart = i;
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.depth--;
        if (this.inItems && this.depth === 2 && itemStart >= 0) {
          this.itemParts.push(chunk.slice(itemStart, i + 1));
          const json = this.itemParts.join('');
          this.itemParts = [];
          itemStart = -1;
          this.onItem(json);
        } else if (this.inItems && this.depth === 1) {
          this.inItems = false;
          restStart = i;
        }
      }
    }
    if (itemStart >= 0) this.itemParts.push(chunk.slice(itemStart));
    if (restStart >= 0) this.rest.push(chunk.slice(restStart));
    if (keyStart >= 0) this.keyParts?.push(chunk.slice(keyStart));
  }

  /** The list without its items (kind, metadata); throws when it is not JSON. */
  end<T>(): T {
    if (this.depth !== 0 || this.inString) {
      throw new SyntaxError('the list ended before its JSON did');
    }
    return JSON.parse(this.rest.join('')) as T;
  }
}
