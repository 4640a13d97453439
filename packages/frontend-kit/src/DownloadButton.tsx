import { useState } from 'react';
import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import { downloadBlob } from './downloadBlob';

/**
 * A button that fetches a file (with fetchApi's credentials, which a plain link lacks)
 * and saves it, disabled while it runs. A failure goes to `onError` (and `undefined`
 * when a new try starts), for the page to show where it shows its errors.
 */
export function DownloadButton(props: {
  label: string;
  fetchFile: () => Promise<{ blob: Blob; fileName: string }>;
  onError: (error: Error | undefined) => void;
}) {
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    setBusy(true);
    props.onError(undefined);
    try {
      const { blob, fileName } = await props.fetchFile();
      downloadBlob(blob, fileName);
    } catch (e) {
      props.onError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      variant="outlined"
      color="primary"
      startIcon={<GetAppIcon />}
      disabled={busy}
      onClick={onClick}
    >
      {busy ? 'Exporting…' : props.label}
    </Button>
  );
}
