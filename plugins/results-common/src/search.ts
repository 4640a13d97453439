/**
 * Results in Backstage search. The search module's collator reads every result through
 * the results backend's service-only route `GET /search-documents` and indexes them with
 * `authorization.resourceRef` = the result's id, so the search backend asks the results
 * read permission (its IS_VISIBLE rule) per hit: nobody finds a result they may not read.
 */

/** The search document type of results (the `types` filter of a search query). @public */
export const RESULTS_SEARCH_TYPE = 'atrium-result';

/** The most documents one `GET /search-documents` answers. @public */
export const RESULTS_SEARCH_PAGE_MAX = 500;

/**
 * A result as a search document: the latest version's message and markdown as text.
 * Shaped as Backstage's `IndexableDocument` (title, text, location, authorization).
 *
 * @public
 */
export interface ResultSearchDocument {
  title: string;
  text: string;
  /** The result page in the portal (`/results/<id>`). */
  location: string;
  authorization: { resourceRef: string };
  resultId: string;
  authorRef: string;
  projectRef: string | null;
  ownerTeamRef: string | null;
  latestVersion: number;
  updatedAt: string;
}

/**
 * `GET /search-documents?after=<result id>&limit=` (the search plugin only): results in
 * id order after `after`; `nextCursor` is absent on the last page.
 *
 * @public
 */
export interface SearchDocumentsPage {
  items: ResultSearchDocument[];
  nextCursor?: string;
}
