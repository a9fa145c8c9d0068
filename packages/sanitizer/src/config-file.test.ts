import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfigSync } from '@spawn/tracing-core';
import { describe, expect, it } from 'vitest';
import { Sanitizer } from './sanitizer.js';

describe('configuration from the spawn config file', () => {
  it('takes observability.tracing.sanitizer as @spawn/tracing resolves it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanitizer-config-'));
    try {
      const file = join(dir, 'local.yaml');
      writeFileSync(
        file,
        [
          'observability:',
          '  tracing:',
          '    sanitizer:',
          '      extra_keys: [pin]',
          "      extra_patterns: ['spawn_[a-z0-9]{12}']",
          '      allow_keys: [debug.auth]',
          "      marker: '<hidden>'",
          '      pii:',
          '        email: true',
          '',
        ].join('\n'),
      );
      const config = resolveConfigSync({ env: {}, configPath: file });
      const s = new Sanitizer(config.sanitizer);
      expect(
        s.attributes({
          'card.pin': '1234',
          'debug.auth': 'kept',
          note: 'mail ops@spawn.dev about spawn_abcdef123456',
        }),
      ).toEqual({ 'card.pin': '<hidden>', 'debug.auth': 'kept', note: 'mail <hidden> about <hidden>' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
