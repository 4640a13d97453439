import { useId, useRef, useState, type ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { errorMessage } from './errorMessage';

/**
 * Asks before removing something. While `onConfirm` runs the button is disabled; if
 * it fails, the dialog stays open with the reason; when it succeeds, it closes.
 *
 * After a successful confirm the button that opened the dialog is often gone (the
 * deleted row's), and focus would fall to the page body: `focusAfterConfirm` names
 * where it goes instead (WCAG 2.4.3). Cancelling returns focus to that button as usual.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  text: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  onClose: () => void;
  focusAfterConfirm?: () => HTMLElement | null | undefined;
}) {
  const titleId = useId();
  const confirmed = useRef(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const close = () => {
    setError(undefined);
    props.onClose();
  };
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm();
      confirmed.current = true;
      close();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={props.open}
      onClose={close}
      aria-labelledby={titleId}
      TransitionProps={{
        onEnter: () => {
          confirmed.current = false;
        },
        // After the close transition, so this wins over the dialog's own restore.
        onExited: () => {
          if (!confirmed.current) return;
          const target = props.focusAfterConfirm?.();
          if (!target) return;
          if (!target.hasAttribute('tabindex')) {
            target.setAttribute('tabindex', '-1');
          }
          target.focus();
        },
      }}
    >
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent>
        {error && <Alert severity="error">{error}</Alert>}
        <DialogContentText>{props.text}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>Cancel</Button>
        <Button
          color="secondary"
          variant="contained"
          disabled={busy}
          onClick={confirm}
        >
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
