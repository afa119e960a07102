export interface RequestGuardOptions {
  /** Content types the endpoint takes (compared without parameters such as charset). */
  contentTypes: readonly string[];
  /** Said to a client that sends another type. */
  contentTypeMessage: string;
}

const apiOptions: RequestGuardOptions = {
  contentTypes: ['application/json'],
  contentTypeMessage: 'The API accepts only application/json.',
};

/**
 * CSRF defence for the API: only POST with a content type an HTML form cannot send (by default
 * application/json), and when the browser says where the request comes from (Origin,
 * Sec-Fetch-Site), it must be this site. A form on another site can send neither, so it gets nothing.
 */
export function refuseCrossSiteRequest(
  request: Request,
  options: RequestGuardOptions = apiOptions,
): Response | null {
  if (request.method !== 'POST') return refusal(405, 'The API accepts only POST requests.');
  const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!options.contentTypes.includes(contentType)) return refusal(415, options.contentTypeMessage);
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (origin) {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return refusal(403, 'Cross-site requests are refused.');
    }
    if (originHost !== host) return refusal(403, 'Cross-site requests are refused.');
  }
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    return refusal(403, 'Cross-site requests are refused.');
  }
  return null;
}

export function refusal(status: number, message: string): Response {
  return new Response(JSON.stringify({ error: { message } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
