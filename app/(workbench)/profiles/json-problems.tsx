/** Problems of a JSON text at their JSON path, as the server reported them. */
export function JsonProblems({
  title,
  problems,
}: {
  title: string;
  problems: Array<{ path: string; message: string }>;
}) {
  if (problems.length === 0) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <p className="font-medium">{title}</p>
      <ul className="mt-2 space-y-1" data-testid="json-problems">
        {problems.map((problem, i) => (
          <li key={`${problem.path}-${i}`}>
            <code className="rounded bg-white/70 px-1 font-mono text-xs">{problem.path}</code>{' '}
            {problem.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
