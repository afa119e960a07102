'use client';

import { useEffect, useRef, type ChangeEvent } from 'react';
import { Field, TextInput } from '../../../_components/ui/form-field';
import { formatFileSize, uploadCardholderFile, type UploadedFile } from './upload-file';

export type Upload =
  | { state: 'none' }
  | { state: 'sending'; name: string; fraction: number }
  | { state: 'done'; file: UploadedFile }
  | { state: 'refused'; message: string };

/**
 * One input file of a job (the cardholder file, or an additional input the card template names): the
 * file is streamed to /api/uploads as soon as it is chosen, and its size and SHA-256 are shown.
 */
export function SourceFileField({
  id,
  label,
  hint,
  upload,
  onUpload,
  maxUploadBytes,
  tooLargeMessage,
}: {
  id: string;
  label: string;
  hint: string;
  upload: Upload;
  onUpload: (upload: Upload) => void;
  maxUploadBytes: number;
  tooLargeMessage: string;
}) {
  const sending = useRef<AbortController | null>(null);
  useEffect(() => () => sending.current?.abort(), []);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    sending.current?.abort();
    if (!chosen) return onUpload({ state: 'none' });
    if (chosen.size > maxUploadBytes) return onUpload({ state: 'refused', message: tooLargeMessage });
    const controller = new AbortController();
    sending.current = controller;
    onUpload({ state: 'sending', name: chosen.name, fraction: 0 });
    try {
      const file = await uploadCardholderFile(
        chosen,
        (fraction) => onUpload({ state: 'sending', name: chosen.name, fraction }),
        controller.signal,
      );
      onUpload({ state: 'done', file });
    } catch (error) {
      if (controller.signal.aborted) return;
      onUpload({ state: 'refused', message: (error as Error).message });
    }
  };

  return (
    <div className="space-y-2" data-testid={`source-${id}`}>
      <Field
        label={label}
        htmlFor={id}
        error={upload.state === 'refused' ? upload.message : undefined}
        hint={`${hint}At most ${formatFileSize(maxUploadBytes)}`}
      >
        <TextInput id={id} type="file" accept=".csv,.txt,.dat,text/csv,text/plain" onChange={onFile} />
      </Field>
      <UploadStatus upload={upload} />
    </div>
  );
}

function UploadStatus({ upload }: { upload: Upload }) {
  if (upload.state === 'sending') {
    const percent = Math.floor(upload.fraction * 100);
    return (
      <div className="space-y-1" data-testid="upload-progress">
        <div className="flex justify-between text-xs text-slate-600">
          <span>Uploading {upload.name}…</span>
          <span>{percent}%</span>
        </div>
        <div
          className="h-2 overflow-hidden rounded-full bg-slate-100"
          role="progressbar"
          aria-label="Upload progress"
          aria-valuenow={percent}
          aria-valuemin={0}
          aria-valuemax={100}
        >
          <div className="h-full bg-brand-600 transition-all" style={{ width: `${percent}%` }} />
        </div>
      </div>
    );
  }
  if (upload.state !== 'done') return null;
  return (
    <dl
      className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 rounded-md bg-slate-50 px-3 py-2 text-xs"
      data-testid="uploaded-file"
    >
      <dt className="text-slate-500">Uploaded</dt>
      <dd className="text-slate-800">
        {upload.file.fileName} · {formatFileSize(upload.file.bytes)}
      </dd>
      <dt className="text-slate-500">SHA-256</dt>
      <dd className="font-mono break-all text-slate-800" data-testid="uploaded-sha256">
        {upload.file.sha256}
      </dd>
    </dl>
  );
}
