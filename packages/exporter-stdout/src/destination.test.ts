import { describe, expect, it } from 'vitest';
import { parseDestination } from './destination.js';

describe('parseDestination', () => {
  it('reads every form of the endpoint', () => {
    expect(parseDestination(undefined)).toEqual({ kind: 'stdout' });
    expect(parseDestination('')).toEqual({ kind: 'stdout' });
    expect(parseDestination('stdout')).toEqual({ kind: 'stdout' });
    expect(parseDestination('stderr')).toEqual({ kind: 'stderr' });
    expect(parseDestination('/var/log/spawn/spans.jsonl')).toEqual({
      kind: 'file',
      path: '/var/log/spawn/spans.jsonl',
    });
    expect(parseDestination('file:///var/log/spawn%20x/spans.jsonl')).toEqual({
      kind: 'file',
      path: '/var/log/spawn x/spans.jsonl',
    });
  });

  it('throws naming the key and the value for anything else', () => {
    expect(() => parseDestination('spans.jsonl', 'endpoint')).toThrow(
      'endpoint: expected "stdout", "stderr", "file:///absolute/path" or an absolute path, got "spans.jsonl"',
    );
    expect(() => parseDestination('file://remote-host/x', 'endpoint')).toThrow(
      /^endpoint: "file:\/\/remote-host\/x"/,
    );
    expect(() => parseDestination('http://collector:4318')).toThrow(/^destination: /);
  });
});
