import type { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import {
  RESULTS_SEARCH_PAGE_MAX,
  RESULTS_SEARCH_TYPE,
  resultsReadPermission,
  type ResultSearchDocument,
} from '@internal/plugin-results-common';
import type { ResultsApi } from '@internal/plugin-results-node';
import { Readable } from 'node:stream';

/**
 * Every result as a search document, read from the results backend page by page. The
 * documents carry `authorization.resourceRef` (the result id) and the factory names the
 * results read permission, so the search backend asks that permission, with its
 * visibility rule, for each hit: a private or team result is found only by those who
 * may read it.
 *
 * @public
 */
export class ResultsCollatorFactory implements DocumentCollatorFactory {
  readonly type = RESULTS_SEARCH_TYPE;
  readonly visibilityPermission = resultsReadPermission;
  private readonly results: ResultsApi;

  constructor(options: { results: ResultsApi }) {
    this.results = options.results;
  }

  async getCollator(): Promise<Readable> {
    return Readable.from(this.execute());
  }

  private async *execute(): AsyncGenerator<ResultSearchDocument> {
    let after: string | undefined;
    do {
      const page = await this.results.listSearchDocuments({
        after,
        limit: RESULTS_SEARCH_PAGE_MAX,
      });
      yield* page.items;
      after = page.nextCursor;
    } while (after);
  }
}
