import { ResponseError } from '@backstage/errors';
import { errorMessage } from '@internal/frontend-kit';

/**
 * What to do about a failed publish, by the backend's status (see the API contract):
 * the backend's message says what is wrong, this says what the person can do.
 */
const HINTS: Record<number, string> = {
  400: 'Open the notebook in Jupyter, save it again (File > Save) and publish once more.',
  403: 'You can only publish from your own workspaces, and new versions only of your own results.',
  404: 'The notebook is no longer in the workspace: refresh the list and pick it again.',
  409: 'Start the workspace (Workspaces page), wait until it is running, then publish.',
  413: 'Clear large outputs in Jupyter (Edit > Clear All Outputs, or drop big images) and publish again.',
};

export function publishFailure(error: unknown): {
  message: string;
  hint?: string;
} {
  const status = ResponseError.is(error) ? error.statusCode : undefined;
  return {
    message: errorMessage(error),
    hint: status
      ? HINTS[status] ??
        (status >= 500
          ? 'Try again in a minute; if it keeps failing, tell the platform team.'
          : undefined)
      : undefined,
  };
}
