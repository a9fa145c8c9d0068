import { describe, expect, it } from 'vitest';
import { mayBeEnabled } from './config-presence.js';

describe('mayBeEnabled', () => {
  it('is false when the kill switch is on, whatever else says', () => {
    expect(mayBeEnabled({ OTEL_SDK_DISABLED: 'TRUE', SPAWN_TRACING_ENABLED: 'true' })).toBe(false);
  });
  it('follows SPAWN_TRACING_ENABLED when it is set', () => {
    expect(mayBeEnabled({ SPAWN_TRACING_ENABLED: 'true' })).toBe(true);
    expect(mayBeEnabled({ SPAWN_TRACING_ENABLED: ' 1 ' })).toBe(true);
    expect(mayBeEnabled({ SPAWN_TRACING_ENABLED: 'off', SPAWN_CONFIG: '/etc/x.yaml' })).toBe(false);
    // A value the full resolution will reject must reach it, so the error is reported.
    expect(mayBeEnabled({ SPAWN_TRACING_ENABLED: 'maybe' })).toBe(true);
  });
  it('defers to the full resolution when a config file is named', () => {
    expect(mayBeEnabled({ SPAWN_CONFIG: '/dev/null' })).toBe(true);
  });
  it('looks for the default file only when nothing else decides', () => {
    expect(mayBeEnabled({ SPAWN_CONFIG: '  ' }, '/nonexistent/spawn/local.yaml')).toBe(false);
    expect(mayBeEnabled({}, '/dev/null')).toBe(true);
  });
});
