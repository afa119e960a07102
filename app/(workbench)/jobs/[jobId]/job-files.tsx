import { Card, CardHeader } from '../../../_components/ui/card';
import { Table, Td, Th } from '../../../_components/ui/table';
import { formatFileSize } from '../new/upload-file';
import { ReopenFileButton } from './reopen-file-button';

const what: Record<string, string> = {
  cps: 'CPS personalization file (binary)',
  jsonl: 'The same content as JSON Lines',
  manifest: 'Manifest: counts, SHA-256 of each file, MAC under the job’s key',
};

export interface JobOutputFile {
  kind: string;
  fileName: string;
  bytes: number;
  sha256: string;
  taken: { at: Date; by: string } | null;
}

/**
 * The bureau files written when preparation ended; the bureau operator downloads them once released.
 * Shows who downloaded each file first; for a one-time job an officer may re-open a taken file.
 */
export function JobFiles({
  jobId,
  files,
  oneTimeDownload,
  canReopen,
  onReopened,
}: {
  jobId: string;
  files: JobOutputFile[];
  oneTimeDownload: boolean;
  canReopen: boolean;
  onReopened: () => void;
}) {
  return (
    <Card>
      <CardHeader
        title="Files for the bureau"
        description={`Written once when preparation ended, encrypted at rest; the MAC key travels under the transport KEK. ${
          oneTimeDownload
            ? 'One-time download: each file can be downloaded once.'
            : 'The bureau may download each file more than once.'
        }`}
      />
      <Table data-testid="output-files">
        <thead>
          <tr>
            <Th>File</Th>
            <Th>Content</Th>
            <Th>Size</Th>
            <Th>SHA-256</Th>
            <Th>Downloaded</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {files.map((file) => (
            <tr key={file.kind}>
              <Td className="font-mono text-xs">{file.fileName}</Td>
              <Td>{what[file.kind] ?? file.kind}</Td>
              <Td>{formatFileSize(file.bytes)}</Td>
              <Td className="font-mono text-xs break-all">{file.sha256}</Td>
              <Td className="text-xs" data-testid={`taken-${file.kind}`}>
                {file.taken ? (
                  <div className="space-y-1">
                    <div>
                      by {file.taken.by} on {file.taken.at.toLocaleString()}
                    </div>
                    {oneTimeDownload && canReopen ? (
                      <ReopenFileButton
                        jobId={jobId}
                        kind={file.kind as 'cps' | 'jsonl' | 'manifest'}
                        fileName={file.fileName}
                        onReopened={onReopened}
                      />
                    ) : null}
                  </div>
                ) : (
                  <span className="text-slate-400">not yet</span>
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
