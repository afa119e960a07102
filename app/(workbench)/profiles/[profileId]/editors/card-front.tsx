/**
 * The front of a made-up card (ID-1, ISO/IEC 7810: 85.60 × 53.98 mm) with the chip and the embossed or
 * lasered lines where ISO/IEC 7811 puts them: the PAN line in the middle, the other lines below it.
 */
export function CardFront({ lines, label }: { lines: Array<{ name: string; text: string }>; label: string }) {
  const [first, ...rest] = lines;
  return (
    <svg
      viewBox="0 0 856 540"
      role="img"
      aria-label={label}
      data-testid="card-front"
      className="w-full max-w-md rounded-2xl shadow"
    >
      <defs>
        <linearGradient id="card-face" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#1e3a8a" />
          <stop offset="1" stopColor="#0f766e" />
        </linearGradient>
      </defs>
      <rect width="856" height="540" rx="32" fill="url(#card-face)" />
      <rect x="90" y="170" width="110" height="84" rx="12" fill="#fbbf24" stroke="#92400e" strokeWidth="2" />
      <path
        d="M90 212 H200 M145 170 V254 M118 170 V196 M172 170 V196 M118 228 V254 M172 228 V254"
        stroke="#92400e"
        strokeWidth="2"
      />
      <text x="790" y="80" textAnchor="end" fill="#e2e8f0" fontSize="30" fontFamily="sans-serif">
        made-up card
      </text>
      {first ? (
        <text x="90" y="340" fill="#f8fafc" fontSize="46" fontFamily="monospace" letterSpacing="2">
          {first.text}
        </text>
      ) : null}
      {rest.map((line, i) => (
        <text
          key={`${line.name}-${i}`}
          x="90"
          y={405 + i * 48}
          fill="#f8fafc"
          fontSize="32"
          fontFamily="monospace"
        >
          {line.text}
        </text>
      ))}
    </svg>
  );
}
