import type { XRayClientConfig } from '@aws-sdk/client-xray';
import { ATTR_AWS_OPERATION, SPAWN_IDENTITY_KEYS } from '@spawn/tracing-core';
import type { SegmentEncoderOptions } from './segment-encoder.js';

export interface XRayExporterOptions extends Omit<SegmentEncoderOptions, 'maxDocumentBytes'> {
  /** AWS region of the X-Ray API; default: the standard AWS chain (`AWS_REGION`, profile, IMDS). */
  region?: string;
  /**
   * Where documents go: an `http(s)://` URL overrides the X-Ray API endpoint; `udp://host:port` sends
   * to an X-Ray daemon or CloudWatch agent. Default: `AWS_XRAY_DAEMON_ADDRESS` if set (UDP), else the API.
   */
  endpoint?: string;
  /** Report segments sent, rejected and failed with `PutTelemetryRecords` once a minute (API only). Default off. */
  telemetry?: boolean;
  /** More `XRayClient` settings (credentials, retries, request handler). */
  clientConfig?: XRayClientConfig;
  /** Calls in flight at once per export. Default 4. */
  maxConcurrentCalls?: number;
}

export type Destination = { kind: 'api'; endpoint?: string } | { kind: 'udp'; host: string; port: number };

export interface ResolvedEncoderOptions {
  indexed: ReadonlySet<string>;
  indexAll: boolean;
  checkTraceIdEpoch: boolean;
  serviceName?: string;
}

export interface ResolvedOptions extends ResolvedEncoderOptions {
  destination: Destination;
  region?: string;
  telemetry: boolean;
  clientConfig: XRayClientConfig;
  maxConcurrentCalls: number;
}

export const DEFAULT_INDEXED_ATTRIBUTES: readonly string[] = [...SPAWN_IDENTITY_KEYS, ATTR_AWS_OPERATION];
const REGION = /^[a-z]{2}(-[a-z0-9]+)+-\d+$/;

/** Validates the translation options; a bad value throws an error naming the key and the value. */
export function resolveEncoderOptions(options: SegmentEncoderOptions): ResolvedEncoderOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`X-Ray exporter options must be an object, got ${String(options)}`);
  }
  const { indexedAttributes, serviceName, maxDocumentBytes } = options;
  if (
    indexedAttributes !== undefined &&
    (!Array.isArray(indexedAttributes) || !indexedAttributes.every((k) => typeof k === 'string' && k !== ''))
  ) {
    bad('indexedAttributes', indexedAttributes, 'an array of attribute keys');
  }
  for (const key of ['indexAllAttributes', 'checkTraceIdEpoch'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') bad(key, options[key], 'a boolean');
  }
  if (serviceName !== undefined && (typeof serviceName !== 'string' || serviceName.trim() === '')) {
    bad('serviceName', serviceName, 'a non-empty string');
  }
  if (
    maxDocumentBytes !== undefined &&
    !(Number.isInteger(maxDocumentBytes) && maxDocumentBytes >= 1_024 && maxDocumentBytes <= 65_536)
  ) {
    bad('maxDocumentBytes', maxDocumentBytes, 'an integer in 1024-65536');
  }
  return {
    indexed: new Set(indexedAttributes ?? DEFAULT_INDEXED_ATTRIBUTES),
    indexAll: options.indexAllAttributes ?? false,
    checkTraceIdEpoch: options.checkTraceIdEpoch ?? false,
    ...(serviceName === undefined ? {} : { serviceName }),
  };
}

/** Validates exporter options; a bad value throws an error naming the key and the value. */
export function resolveOptions(
  options: XRayExporterOptions,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedOptions {
  const encoder = resolveEncoderOptions(options);
  const { region, endpoint } = options;
  if (region !== undefined && (typeof region !== 'string' || !REGION.test(region))) {
    bad('region', region, 'an AWS region such as "us-east-1"');
  }
  if (options.telemetry !== undefined && typeof options.telemetry !== 'boolean')
    bad('telemetry', options.telemetry, 'a boolean');
  const concurrency = options.maxConcurrentCalls ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    bad('maxConcurrentCalls', concurrency, 'a positive integer');

  let destination: Destination;
  if (endpoint !== undefined && endpoint !== '') destination = parseEndpoint('endpoint', endpoint);
  else if (env.AWS_XRAY_DAEMON_ADDRESS) destination = parseDaemonAddress(env.AWS_XRAY_DAEMON_ADDRESS);
  else destination = { kind: 'api' };

  return {
    ...encoder,
    destination,
    ...(region === undefined ? {} : { region }),
    telemetry: options.telemetry ?? false,
    clientConfig: options.clientConfig ?? {},
    maxConcurrentCalls: concurrency,
  };
}

/** `https://…` (API endpoint override) or `udp://host:port` (daemon). */
export function parseEndpoint(key: string, value: unknown): Destination {
  if (typeof value !== 'string') return bad(key, value, 'an http(s):// URL or udp://host:port');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return bad(key, value, 'an http(s):// URL or udp://host:port');
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return { kind: 'api', endpoint: value };
  if (url.protocol === 'udp:') return udp(key, value, url.hostname, url.port);
  return bad(key, value, 'an http(s):// URL or udp://host:port');
}

/** `AWS_XRAY_DAEMON_ADDRESS`: `host:port`, or `tcp:host:port udp:host:port` (the UDP part is used). */
export function parseDaemonAddress(value: string): Destination {
  const key = 'AWS_XRAY_DAEMON_ADDRESS';
  const parts = value.trim().split(/\s+/);
  const part = parts.length === 1 ? parts[0] : parts.find((p) => p.startsWith('udp:'))?.slice(4);
  const match = part === undefined ? null : /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(part);
  if (!match) return bad(key, value, '"host:port" or "tcp:host:port udp:host:port"');
  return udp(key, value, match[1] as string, match[2] as string);
}

function udp(key: string, value: string, rawHost: string, rawPort: string): Destination {
  const port = Number(rawPort);
  const host = rawHost.replace(/^\[|\]$/g, '');
  if (host === '' || !Number.isInteger(port) || port < 1 || port > 65_535)
    return bad(key, value, 'udp://host:port with a port in 1-65535');
  return { kind: 'udp', host, port };
}

function bad(key: string, value: unknown, expected: string): never {
  throw new TypeError(
    `X-Ray exporter option ${key}=${JSON.stringify(value) ?? String(value)} is invalid: expected ${expected}`,
  );
}
