import type { ResultSearchDocument } from '@internal/plugin-results-common';
import type { SearchableResult } from '../database/ResultsStore';

/** What search indexes of one result's notebook: enough to find it, not the whole notebook. */
const MAX_TEXT_CHARS = 10_000;

// Publish commit messages end with an `Atrium-Result: <id>` trailer: not words anyone searches.
const TRAILER = /^[A-Za-z-]+: \S+$/;

/**
 * A result as search finds it: its title, the latest version's message and the markdown
 * of its notebook (headings and prose say what a notebook is about; code and outputs
 * would drown them), located at its page and authorized per result.
 */
export function toSearchDocument(searchable: SearchableResult): ResultSearchDocument {
  const { result, latestMessage, latestSummary } = searchable;
  const message = latestMessage
    .split('\n')
    .filter(line => !TRAILER.test(line.trim()))
    .join('\n')
    .trim();
  const markdown = latestSummary.cells
    .filter(cell => cell.cellType === 'markdown')
    .map(cell => cell.source.trim())
    .filter(Boolean);
  return {
    title: result.title,
    text: [message, ...markdown].join('\n\n').slice(0, MAX_TEXT_CHARS),
    location: `/results/${result.id}`,
    authorization: { resourceRef: result.id },
    resultId: result.id,
    authorRef: result.authorRef,
    projectRef: result.projectRef,
    ownerTeamRef: result.ownerTeamRef,
    latestVersion: result.latestVersion,
    updatedAt: result.updatedAt,
  };
}
