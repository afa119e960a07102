import { describe, expect, it } from 'vitest';
import { refuseCrossSiteRequest } from './request-guard';

function request(method: string, headers: Record<string, string>): Request {
  return new Request('http://localhost:3000/api/trpc/jobs.submit', {
    method,
    headers: { host: 'localhost:3000', ...headers },
    body: method === 'POST' ? '{}' : undefined,
  });
}

async function refusal(
  req: Request,
  options?: Parameters<typeof refuseCrossSiteRequest>[1],
): Promise<[number, unknown, string | null]> {
  const response = refuseCrossSiteRequest(req, options);
  if (!response) throw new Error('the request was let through');
  return [response.status, await response.json(), response.headers.get('content-type')];
}

const json = { 'content-type': 'application/json' };
const crossSite = { error: { message: 'Cross-site requests are refused.' } };

describe('refuseCrossSiteRequest', () => {
  it('lets a same-origin JSON POST from the browser through (positive control)', () => {
    expect(
      refuseCrossSiteRequest(
        request('POST', { ...json, origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }),
      ),
    ).toBeNull();
  });

  it('lets through a JSON POST that names no origin (a script, not a browser form)', () => {
    expect(
      refuseCrossSiteRequest(request('POST', { 'content-type': 'application/json; charset=utf-8' })),
    ).toBeNull();
    expect(
      refuseCrossSiteRequest(
        request('POST', { 'content-type': 'Application/JSON', 'sec-fetch-site': 'none' }),
      ),
    ).toBeNull();
  });

  it('compares the origin with the forwarded host behind a proxy', () => {
    const proxied = {
      ...json,
      host: '127.0.0.1:3000',
      'x-forwarded-host': 'dataprep.example',
      origin: 'https://dataprep.example',
    };
    expect(refuseCrossSiteRequest(request('POST', proxied))).toBeNull();
  });

  it.each([['GET'], ['PUT'], ['DELETE']])('refuses %s with 405', async (method) => {
    expect(await refusal(request(method, json))).toEqual([
      405,
      { error: { message: 'The API accepts only POST requests.' } },
      'application/json',
    ]);
  });

  it.each([['text/plain'], ['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=x']])(
    'refuses content type %s with 415',
    async (contentType) => {
      expect(await refusal(request('POST', { 'content-type': contentType }))).toEqual([
        415,
        { error: { message: 'The API accepts only application/json.' } },
        'application/json',
      ]);
    },
  );

  it('refuses a POST without a content type with 415', async () => {
    const bare = new Request('http://localhost:3000/api', { method: 'POST' });
    expect((await refusal(bare))[0]).toBe(415);
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['another port', 'http://localhost:3001'],
    ['an opaque origin', 'null'],
  ])('refuses an Origin from %s with 403', async (_name, origin) => {
    expect(await refusal(request('POST', { ...json, origin }))).toEqual([403, crossSite, 'application/json']);
  });

  it('refuses an Origin when the request names no host', async () => {
    const req = new Request('http://localhost:3000/api', {
      method: 'POST',
      headers: { ...json, origin: 'http://localhost:3000' },
    });
    req.headers.delete('host');
    expect(await refusal(req)).toEqual([403, crossSite, 'application/json']);
  });

  it.each([['cross-site'], ['same-site']])('refuses Sec-Fetch-Site %s with 403', async (site) => {
    expect(await refusal(request('POST', { ...json, 'sec-fetch-site': site }))).toEqual([
      403,
      crossSite,
      'application/json',
    ]);
  });

  it('refuses a cross-site fetch even when the Origin matches', async () => {
    const req = request('POST', { ...json, origin: 'http://localhost:3000', 'sec-fetch-site': 'cross-site' });
    expect((await refusal(req))[0]).toBe(403);
  });
});

describe('refuseCrossSiteRequest for a file upload', () => {
  const upload = {
    contentTypes: ['text/csv', 'application/octet-stream'],
    contentTypeMessage: 'Uploads accept only text/csv or application/octet-stream.',
  };

  it('lets a same-origin CSV or octet-stream POST through (positive control)', () => {
    for (const type of ['text/csv', 'text/csv; charset=utf-8', 'application/octet-stream']) {
      const req = request('POST', { 'content-type': type, origin: 'http://localhost:3000' });
      expect(refuseCrossSiteRequest(req, upload)).toBeNull();
    }
  });

  it('refuses the types a form can send, JSON, and another origin', async () => {
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/json']) {
      expect(await refusal(request('POST', { 'content-type': type }), upload)).toEqual([
        415,
        { error: { message: 'Uploads accept only text/csv or application/octet-stream.' } },
        'application/json',
      ]);
    }
    const crossOrigin = request('POST', { 'content-type': 'text/csv', origin: 'https://evil.example' });
    expect(await refusal(crossOrigin, upload)).toEqual([403, crossSite, 'application/json']);
  });
});
