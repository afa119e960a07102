/** An encoded data element as the card will hold it, next to the editor that makes it. */
export function EncodedValue({ tag, name, hex }: { tag: string; name: string; hex: string }) {
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2">
      <div className="text-xs text-slate-500">
        <span className="font-mono">{tag}</span> {name}
      </div>
      <output
        data-testid={`encoded-${tag}`}
        aria-label={`${tag} ${name}`}
        className="block font-mono text-sm break-all text-slate-900"
      >
        {hex}
      </output>
    </div>
  );
}
