/**
 * Saves a blob under a file name through a temporary link, as a download link would.
 * For files fetched with fetchApi (which carried the credentials a plain link lacks).
 */
export function downloadBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  try {
    anchor.click();
  } finally {
    anchor.remove();
    // After the click has started the download.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
