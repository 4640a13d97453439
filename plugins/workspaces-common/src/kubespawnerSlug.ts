/*
 * The slug KubeSpawner gives a profile that has none, so that the `user_options` Atrium
 * sends (`{"profile": <slug>}`) name the profile the hub's KubeSpawner knows.
 *
 * KubeSpawner 7.1.0 (jupyterhub/kubespawner 4161d544, kubespawner/spawner.py,
 * `_get_initialized_profile_list`):
 *
 *     if 'slug' not in profile:
 *         profile['slug'] = slugify(profile['display_name'])
 *
 * with `from slugify import slugify` (python-slugify, default arguments). This mirrors
 * python-slugify 8.0.4's `slugify` (un33k/python-slugify 7b6d5d96, slugify/slugify.py;
 * 9.0.0 keeps the same steps as its default 'legacy' algorithm) step by step. Its one step
 * that needs a large table, transliterating non-ASCII text (text-unidecode by default,
 * Unidecode when installed), is mirrored for the characters in kubespawnerSlugTables.ts;
 * a display name with any other non-ASCII character is refused with a request for an
 * explicit slug rather than given a slug the hub may not know.
 *
 * The tables were generated with Python 3.11 from `html.entities.name2codepoint`,
 * text-unidecode 1.3 and Unidecode 1.3.6, keeping the characters on which both give the
 * same slug; kubespawnerSlug.test.ts holds slugs computed by python-slugify itself.
 */
import { HTML4_ENTITIES, TRANSLITERATION_ROWS } from './kubespawnerSlugTables';

const entityCodePoints = new Map<string, number>();
{
  const pairs = HTML4_ENTITIES.split(' ');
  for (let i = 0; i < pairs.length; i += 2) {
    entityCodePoints.set(pairs[i], Number(pairs[i + 1]));
  }
}

const transliterations = new Map<number, string>();
for (const [first, row] of Object.entries(TRANSLITERATION_ROWS)) {
  row.split('|').forEach((value, offset) => {
    if (value !== '~') transliterations.set(Number(first) + offset, value);
  });
}

/**
 * Characters outside the Basic Multilingual Plane are dropped by text-unidecode (its table
 * stops there) and by Unidecode, except these, which Unidecode spells out (negative
 * circled and squared letters, dingbat ornaments).
 */
const ASTRAL_SPELLED_BY_UNIDECODE: Array<[number, number]> = [
  [0x1f150, 0x1f169],
  [0x1f170, 0x1f189],
  [0x1f191, 0x1f1ad],
  [0x1f670, 0x1f67b],
];

/** `unidecode.unidecode(text)` for text already in NFKD. */
function transliterate(text: string, displayName: string): string {
  let out = '';
  const unknown = new Set<string>();
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) {
      out += char;
    } else if (code > 0xffff) {
      if (ASTRAL_SPELLED_BY_UNIDECODE.some(([a, b]) => code >= a && code <= b))
        unknown.add(char);
    } else {
      const value = transliterations.get(code);
      if (value === undefined) unknown.add(char);
      else out += value;
    }
  }
  if (unknown.size > 0) {
    throw new Error(
      `cannot derive the slug KubeSpawner gives '${displayName}' (it spells ${[
        ...unknown,
      ].join(
        ' ',
      )} in a way Atrium does not know): add 'slug' with the profile's slug on the hub`,
    );
  }
  return out;
}

/**
 * Python's all-or-nothing numeric reference substitution: `chr()` of a code point past
 * U+10FFFF raises, and python-slugify then keeps the text as it was.
 */
function replaceNumericReferences(
  text: string,
  pattern: RegExp,
  radix: number,
): string {
  const codes = [...text.matchAll(pattern)].map(m => parseInt(m[1], radix));
  if (codes.some(code => code > 0x10ffff)) return text;
  return text.replace(pattern, (_, digits: string) =>
    String.fromCodePoint(parseInt(digits, radix)),
  );
}

/**
 * `slugify(display_name)` as KubeSpawner calls it: "A100 GPU Instance 1x" →
 * "a100-gpu-instance-1x". Throws for a display name it cannot mirror (see above).
 * @public
 */
export function kubespawnerSlug(displayName: string): string {
  // replace quotes with dashes - pre-process
  let text = displayName.replace(/'+/g, '-');
  text = transliterate(text.normalize('NFKD'), displayName);
  // character entity, decimal and hexadecimal references, in python-slugify's order
  text = text.replace(/&([A-Za-z0-9]+);/g, (reference, name: string) => {
    const code = entityCodePoints.get(name);
    return code === undefined ? reference : String.fromCodePoint(code);
  });
  text = replaceNumericReferences(text, /&#([0-9]+);/g, 10);
  text = replaceNumericReferences(text, /&#x([0-9a-fA-F]+);/g, 16);
  text = text.normalize('NFKD').toLowerCase();
  // remove generated quotes -- post-process
  text = text.replace(/'+/g, '');
  // cleanup numbers ("1,000" → "1000")
  text = text.replace(/(?<=\p{Nd}),(?=\p{Nd})/gu, '');
  text = text.replace(/[^-a-zA-Z0-9]+/g, '-');
  return text.replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
}
