import Button from '@material-ui/core/Button';
import { Progress, WarningPanel } from '@backstage/core-components';
import { errorMessage } from './errorMessage';
import type { ReactNode } from 'react';

/** The part of react-use's `useAsyncRetry` state that AsyncContent reads. */
export interface AsyncState<T> {
  value?: T;
  error?: Error;
  retry: () => void;
}

/**
 * A piece of a page that loads on its own (a home widget, a card): a spinner while
 * loading, then its content, or what went wrong with a Retry button. `failureTitle`
 * names what could not be loaded and may say what to do next.
 */
export function AsyncContent<T>(props: {
  state: AsyncState<T>;
  /** E.g. "Could not load your projects from the catalog". */
  failureTitle: (error: Error) => string;
  /** A further hint under the title, e.g. where to look when retrying does not help. */
  failureHint?: string;
  children: (value: T) => ReactNode;
}) {
  const { state, failureTitle, failureHint, children } = props;
  if (state.error) {
    return (
      // Expanded: the Retry button and the hint must be seen without a click.
      <WarningPanel
        defaultExpanded
        severity="error"
        title={failureTitle(state.error)}
        message={failureHint}
      >
        <Button size="small" variant="outlined" onClick={state.retry}>
          Retry
        </Button>
      </WarningPanel>
    );
  }
  if (state.value === undefined) return <Progress />;
  return <>{children(state.value)}</>;
}

/** `Could not load <what>: <the backend's reason>`. */
export function couldNotLoad(what: string): (error: Error) => string {
  return error => `Could not load ${what}: ${errorMessage(error)}`;
}
