import { describe, expect, it } from 'vitest';
import { DEFAULT_INDEXED_ATTRIBUTES, parseDaemonAddress, resolveOptions } from './exporter-options.js';

describe('resolveOptions', () => {
  it('defaults to the API, the spawn identity and aws.operation as annotations, telemetry and epoch check off', () => {
    const resolved = resolveOptions({}, {});
    expect(resolved.destination).toEqual({ kind: 'api' });
    expect([...resolved.indexed]).toEqual([...DEFAULT_INDEXED_ATTRIBUTES]);
    expect(resolved.indexed.has('aws.operation')).toBe(true);
    expect(resolved).toMatchObject({ indexAll: false, telemetry: false, checkTraceIdEpoch: false });
  });

  it('reads endpoint as an API URL or udp://host:port, and AWS_XRAY_DAEMON_ADDRESS when no endpoint is set', () => {
    expect(resolveOptions({ endpoint: 'http://127.0.0.1:4000' }, {}).destination).toEqual({
      kind: 'api',
      endpoint: 'http://127.0.0.1:4000',
    });
    expect(resolveOptions({ endpoint: 'udp://127.0.0.1:2000' }, {}).destination).toEqual({
      kind: 'udp',
      host: '127.0.0.1',
      port: 2000,
    });
    expect(resolveOptions({ endpoint: 'udp://[::1]:2000' }, {}).destination).toEqual({
      kind: 'udp',
      host: '::1',
      port: 2000,
    });
    expect(resolveOptions({}, { AWS_XRAY_DAEMON_ADDRESS: 'xray.local:2001' }).destination).toEqual({
      kind: 'udp',
      host: 'xray.local',
      port: 2001,
    });
    expect(
      resolveOptions({ endpoint: '' }, { AWS_XRAY_DAEMON_ADDRESS: 'tcp:10.0.0.1:2000 udp:10.0.0.2:2002' })
        .destination,
    ).toEqual({
      kind: 'udp',
      host: '10.0.0.2',
      port: 2002,
    });
    expect(
      resolveOptions(
        { endpoint: 'https://xray.us-east-1.amazonaws.com' },
        { AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000' },
      ).destination.kind,
    ).toBe('api');
  });

  it.each([
    [{ endpoint: 'ftp://x' }, /endpoint="ftp:\/\/x"/],
    [{ endpoint: 'not a url' }, /endpoint="not a url"/],
    [{ endpoint: 'udp://host' }, /endpoint="udp:\/\/host"/],
    [{ region: 'mars' }, /region="mars"/],
    [{ indexedAttributes: 'spawn.instance_id' }, /indexedAttributes="spawn.instance_id"/],
    [{ telemetry: 'yes' }, /telemetry="yes"/],
    [{ maxConcurrentCalls: 0 }, /maxConcurrentCalls=0/],
    [{ serviceName: ' ' }, /serviceName=" "/],
  ])('throws at construction naming the key and value for %j', (options, message) => {
    expect(() => resolveOptions(options as never, {})).toThrow(message);
  });

  it('names AWS_XRAY_DAEMON_ADDRESS when it is malformed', () => {
    expect(() => parseDaemonAddress('nonsense')).toThrow(/AWS_XRAY_DAEMON_ADDRESS="nonsense"/);
    expect(() => resolveOptions({}, { AWS_XRAY_DAEMON_ADDRESS: 'host:99999' })).toThrow(
      /AWS_XRAY_DAEMON_ADDRESS="host:99999"/,
    );
  });
});
