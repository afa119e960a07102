import type { BuiltDgi } from '../../../server/emv/profile/dgis';
import type { PreviewNode } from '../../../server/emv/profile/tree';
import { Badge } from '../ui/badge';

/** A decoded TLV node as the server sends it (profile preview, prepared records). */
export type TlvNodeView = PreviewNode;

/** A DGI as the server sends it; `bytes` only when every value is known. */
export type DgiView = Pick<
  BuiltDgi,
  'dgi' | 'name' | 'encrypted' | 'tree' | 'summary' | 'bytes' | 'complete' | 'problems'
>;

/** A decoded TLV list with the name of every tag. */
export function TlvTree({ nodes }: { nodes: TlvNodeView[] }) {
  return (
    <ul className="space-y-0.5 border-l border-slate-200 pl-3">
      {nodes.map((node, i) => (
        <li key={`${node.tag}-${i}`} className="text-xs" data-testid="tlv-node">
          <span className="font-mono text-slate-500">{node.tag}</span>{' '}
          <span className="font-medium text-slate-800">{node.name}</span>
          {node.children ? null : node.error ? (
            <span className="text-red-700">: {node.error}</span>
          ) : node.placeholder ? (
            <span className="text-slate-500 italic">: {node.placeholder}</span>
          ) : (
            <span>
              : <span className="font-mono break-all text-slate-900">{node.display}</span>
              {node.value && node.display !== node.value ? (
                <span className="ml-1 font-mono break-all text-slate-400">({node.value})</span>
              ) : null}
            </span>
          )}
          {node.children ? <TlvTree nodes={node.children} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** One DGI in send order: its number and name, encrypted flag, content as a TLV tree or a summary. */
export function DgiItem({ dgi }: { dgi: DgiView }) {
  return (
    <li className="rounded-md border border-slate-200 p-3" data-testid="preview-dgi" data-dgi={dgi.dgi}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm font-semibold text-slate-900">DGI {dgi.dgi}</span>
        <span className="text-sm text-slate-700">{dgi.name}</span>
        {dgi.encrypted ? <Badge tone="warning">encrypted</Badge> : null}
        {dgi.complete ? null : <Badge>completed at preparation</Badge>}
      </div>
      {dgi.summary ? <p className="mt-1 text-xs text-slate-600">{dgi.summary}</p> : null}
      {dgi.tree.length ? (
        <div className="mt-2">
          <TlvTree nodes={dgi.tree} />
        </div>
      ) : null}
      {dgi.problems.map((problem) => (
        <p key={problem} className="mt-1 text-xs text-red-700">
          {problem}
        </p>
      ))}
      {dgi.bytes ? (
        <details className="mt-2 text-xs">
          <summary className="cursor-pointer text-slate-500">STORE DATA bytes</summary>
          <code className="mt-1 block font-mono break-all text-slate-600">{dgi.bytes}</code>
        </details>
      ) : null}
    </li>
  );
}
