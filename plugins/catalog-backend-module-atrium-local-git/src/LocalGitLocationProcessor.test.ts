import type {
  CatalogProcessorParser,
  CatalogProcessorResult,
} from '@backstage/plugin-catalog-node';
import { LocalGitRepositories } from '@internal/local-git';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalGitLocationProcessor } from './LocalGitLocationProcessor';

describe('LocalGitLocationProcessor', () => {
  let root: string;
  let repositories: LocalGitRepositories;
  let processor: LocalGitLocationProcessor;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-local-git-'));
    repositories = new LocalGitRepositories(root);
    processor = new LocalGitLocationProcessor(repositories);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** What the processor hands the catalog's parser, and what it emits. */
  async function read(target: string, optional = false, type = 'atrium-git') {
    const parsed: string[] = [];
    const emitted: CatalogProcessorResult[] = [];
    const parser: CatalogProcessorParser = async function* parse({ data }) {
      parsed.push(data.toString('utf8'));
    };
    const handled = await processor.readLocation(
      { type, target },
      optional,
      result => emitted.push(result),
      parser,
    );
    return { handled, parsed, emitted };
  }

  it('reads catalog-info.yaml at the tip of main of a repository under the root', async () => {
    const repo = repositories.repository('team-vision', 'cats-vs-dogs');
    await repositories.create({
      repo,
      files: [
        {
          path: 'catalog-info.yaml',
          content: Buffer.from('kind: Component\n'),
        },
      ],
      author: { name: 'Ada', email: 'ada@example.org' },
      message: 'Create cats-vs-dogs',
    });
    expect(await read(repo.remoteUrl)).toEqual({
      handled: true,
      parsed: ['kind: Component\n'],
      emitted: [],
    });
  });

  it('leaves other location types to other processors', async () => {
    expect(
      (await read('https://example.org/x.yaml', false, 'url')).handled,
    ).toBe(false);
  });

  it('says a missing repository is not found, unless the location is optional', async () => {
    const missing = repositories.repository(
      'team-vision',
      'nothing-here',
    ).remoteUrl;
    const { handled, emitted } = await read(missing);
    expect(handled).toBe(true);
    expect(emitted).toEqual([
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({ name: 'NotFoundError' }),
      }),
    ]);
    expect((await read(missing, true)).emitted).toEqual([]);
  });

  it('reads nothing outside the root', async () => {
    const outside = pathToFileURL(path.join(os.tmpdir(), 'elsewhere.git')).href;
    const { handled, parsed, emitted } = await read(outside);
    expect(handled).toBe(true);
    expect(parsed).toEqual([]);
    expect(emitted).toEqual([
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({
          message: expect.stringContaining(
            'is not a repository of this portal',
          ),
        }),
      }),
    ]);
  });
});
