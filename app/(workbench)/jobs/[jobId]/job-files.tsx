import { Card, CardHeader } from '../../../_components/ui/card';
import { Table, Td, Th } from '../../../_components/ui/table';
import { formatFileSize } from '../new/upload-file';

const what: Record<string, string> = {
  cps: 'CPS personalization file (binary)',
  jsonl: 'The same content as JSON Lines',
  manifest: 'Manifest: counts, SHA-256 of each file, MAC under the job’s key',
};

/** The bureau files written when preparation ended; the bureau operator downloads them once released. */
export function JobFiles({
  files,
}: {
  files: { kind: string; fileName: string; bytes: number; sha256: string }[];
}) {
  return (
    <Card>
      <CardHeader
        title="Files for the bureau"
        description="Written once when preparation ended, encrypted at rest; the MAC key travels under the transport KEK."
      />
      <Table data-testid="output-files">
        <thead>
          <tr>
            <Th>File</Th>
            <Th>Content</Th>
            <Th>Size</Th>
            <Th>SHA-256</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {files.map((file) => (
            <tr key={file.kind}>
              <Td className="font-mono text-xs">{file.fileName}</Td>
              <Td>{what[file.kind] ?? file.kind}</Td>
              <Td>{formatFileSize(file.bytes)}</Td>
              <Td className="font-mono text-xs break-all">{file.sha256}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
