/** What /api/uploads answers for a received file. */
export interface UploadedFile {
  uploadId: string;
  fileName: string;
  bytes: number;
  sha256: string;
}

/**
 * Streams a file to /api/uploads as the request body. XMLHttpRequest rather than fetch: only it
 * reports upload progress in every browser. Rejects with the server's message when it refuses.
 */
export function uploadCardholderFile(
  file: File,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    xhr.responseType = 'json';
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = xhr.response as (UploadedFile & { error?: { message?: string } }) | null;
      if (xhr.status === 200 && body?.uploadId) return resolve(body);
      reject(new Error(body?.error?.message ?? `The upload failed (HTTP ${xhr.status}). Try again.`));
    };
    xhr.onerror = () =>
      reject(new Error('The upload was interrupted: check the connection and choose the file again.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
