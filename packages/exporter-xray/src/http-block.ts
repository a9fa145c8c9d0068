import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { ATTR_HTTP_STATUS_CODE } from '@spawn/tracing-core';
import { cutString } from './annotations.js';
import type { SegmentHttp } from './segment-document.js';

/** X-Ray's limit on every `http` string. */
export const MAX_HTTP_STRING = 250;

const METHOD = ['http.request.method', 'http.method'];
const URL_FULL = ['url.full', 'http.url'];
const USER_AGENT = ['user_agent.original', 'http.user_agent'];
const CLIENT_IP = ['client.address', 'http.client_ip'];
const STATUS = ['http.response.status_code', ATTR_HTTP_STATUS_CODE];
const CONTENT_LENGTH = ['http.response.body.size', 'http.response_content_length'];
const URL_PARTS = [
  'url.scheme',
  'http.scheme',
  'server.address',
  'http.host',
  'url.path',
  'http.target',
  'url.query',
];

/** Keys read into the `http` block (legacy and stable semantic conventions); not repeated in metadata. */
export const HTTP_BLOCK_KEYS: ReadonlySet<string> = new Set([
  ...METHOD,
  ...URL_FULL,
  ...USER_AGENT,
  ...CLIENT_IP,
  ...STATUS,
  ...CONTENT_LENGTH,
  ...URL_PARTS,
]);

/** The `http` block, or `undefined` when the span has no HTTP attributes. */
export function httpBlock(attributes: Attributes): SegmentHttp | undefined {
  const request: NonNullable<SegmentHttp['request']> = {};
  const method = firstString(attributes, METHOD);
  if (method !== undefined) request.method = cutString(method, MAX_HTTP_STRING);
  const url = requestUrl(attributes);
  if (url !== undefined) request.url = cutString(url, MAX_HTTP_STRING);
  const userAgent = firstString(attributes, USER_AGENT);
  if (userAgent !== undefined) request.user_agent = cutString(userAgent, MAX_HTTP_STRING);
  const clientIp = firstString(attributes, CLIENT_IP);
  if (clientIp !== undefined) request.client_ip = cutString(clientIp, MAX_HTTP_STRING);

  const response: NonNullable<SegmentHttp['response']> = {};
  const status = httpStatusOf(attributes);
  if (status !== undefined) response.status = status;
  for (const key of CONTENT_LENGTH) {
    const length = attributes[key];
    if (typeof length === 'number' && Number.isFinite(length) && length >= 0) {
      response.content_length = length;
      break;
    }
  }

  const http: SegmentHttp = {};
  if (request.method || request.url || request.user_agent || request.client_ip) http.request = request;
  if (response.status !== undefined || response.content_length !== undefined) http.response = response;
  return http.request || http.response ? http : undefined;
}

/** The HTTP response status (stable or legacy key), when it is a valid status number. */
export function httpStatusOf(attributes: Attributes): number | undefined {
  for (const key of STATUS) {
    const value = attributes[key];
    const status = typeof value === 'string' ? Number(value) : value;
    if (typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599)
      return status;
  }
  return undefined;
}

/** The request URL without query string or fragment: they often carry tokens and X-Ray does not index them. */
function requestUrl(attributes: Attributes): string | undefined {
  let url = firstString(attributes, URL_FULL);
  if (url === undefined) {
    const host = firstString(attributes, ['server.address', 'http.host']);
    const path = firstString(attributes, ['url.path', 'http.target']);
    if (host === undefined && path === undefined) return undefined;
    const scheme = firstString(attributes, ['url.scheme', 'http.scheme']) ?? 'http';
    url = host === undefined ? (path as string) : `${scheme}://${host}${path ?? ''}`;
  }
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

function firstString(attributes: Attributes, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value: AttributeValue | undefined = attributes[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}
