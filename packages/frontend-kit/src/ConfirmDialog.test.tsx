import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useRef, useState } from 'react';
import { ConfirmDialog } from './ConfirmDialog';
import { DownloadButton } from './DownloadButton';

describe('ConfirmDialog', () => {
  it('runs the action only on confirmation, then closes', async () => {
    const onConfirm = jest.fn(async () => {});
    const onClose = jest.fn();
    render(
      <ConfirmDialog
        open
        title="Remove the budget of team-vision?"
        text="No more alerts go out for it."
        confirmLabel="Remove"
        onConfirm={onConfirm}
        onClose={onClose}
      />,
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Remove the budget of team-vision?',
    });
    expect(dialog).toHaveTextContent('No more alerts go out for it.');
    expect(onConfirm).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('stays open with the reason when the action fails', async () => {
    const onClose = jest.fn();
    render(
      <ConfirmDialog
        open
        title="Delete workspace eda?"
        text="It is removed from the hub."
        confirmLabel="Delete"
        onConfirm={async () => {
          throw new Error('The hub did not answer');
        }}
        onClose={onClose}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(
      await screen.findByText('The hub did not answer'),
    ).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Delete' })).toBeEnabled();
  });

  it('moves focus where asked after a confirm, and back to the opener after a cancel', async () => {
    // A list whose row (and its delete button) goes away when deleted.
    function Harness() {
      const heading = useRef<HTMLHeadingElement>(null);
      const [rows, setRows] = useState(['eda']);
      const [open, setOpen] = useState(false);
      return (
        <>
          <h2 ref={heading}>Workspaces</h2>
          {rows.map(row => (
            <button key={row} onClick={() => setOpen(true)}>
              Delete {row}
            </button>
          ))}
          <ConfirmDialog
            open={open}
            title="Delete workspace eda?"
            text="It is removed from the hub."
            confirmLabel="Delete"
            onConfirm={() => setRows([])}
            onClose={() => setOpen(false)}
            focusAfterConfirm={() => heading.current}
          />
        </>
      );
    }
    render(<Harness />);
    const opener = screen.getByRole('button', { name: 'Delete eda' });
    opener.focus();
    fireEvent.click(opener);
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(opener).toHaveFocus();

    fireEvent.click(opener);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() =>
      expect(screen.getByRole('heading', { name: 'Workspaces' })).toHaveFocus(),
    );
  });
});

describe('DownloadButton', () => {
  it('saves the fetched file under its name, and reports a failure', async () => {
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:file');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const clicked: string[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        clicked.push(this.download);
      });
    try {
      const blob = new Blob(['a,b\n'], { type: 'text/csv' });
      const fetchFile = jest
        .fn()
        .mockResolvedValueOnce({ blob, fileName: 'report.csv' })
        .mockRejectedValueOnce(new Error('offline'));
      const onError = jest.fn();
      render(
        <DownloadButton
          label="Export CSV"
          fetchFile={fetchFile}
          onError={onError}
        />,
      );
      fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
      await waitFor(() => expect(clicked).toEqual(['report.csv']));
      expect(createObjectURL).toHaveBeenCalledWith(blob);

      fireEvent.click(
        await screen.findByRole('button', { name: 'Export CSV' }),
      );
      await waitFor(() =>
        expect(onError).toHaveBeenLastCalledWith(new Error('offline')),
      );
      expect(clicked).toHaveLength(1);
    } finally {
      click.mockRestore();
    }
  });
});
