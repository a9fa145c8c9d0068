import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { startImds } from '@spawn/test-support';
import { describe, expect, it } from 'vitest';
import { resolveConfig, resolveConfigSync } from './config.js';
import { ConfigError, isConfigError } from './config-error.js';
import { DEFAULT_BATCH_CONFIG } from './config-types.js';
import { createImdsSession } from './imds.js';

const dir = mkdtempSync(join(tmpdir(), 'spawn-config-'));
let n = 0;
function yamlFile(text: string): string {
  const path = join(dir, `local-${n++}.yaml`);
  writeFileSync(path, text);
  return path;
}

/** Hermetic sources: only what the test names. */
const none = { env: {}, configPath: false as const, imds: false as const };

function thrown(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (isConfigError(err)) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

async function rejected(p: Promise<unknown>): Promise<ConfigError> {
  try {
    await p;
  } catch (err) {
    if (isConfigError(err)) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveConfig defaults', () => {
  it('uses the specification defaults when nothing is set', async () => {
    const config = await resolveConfig(none);
    expect(config).toEqual({
      enabled: false,
      exporter: 'xray',
      samplingRate: 0.1,
      endpoint: '',
      serviceName: 'spored',
      resourceAttributes: {},
      batch: { ...DEFAULT_BATCH_CONFIG },
      samplingRules: [],
      sanitizer: {},
      sources: {
        enabled: 'default',
        exporter: 'default',
        samplingRate: 'default',
        endpoint: 'default',
        serviceName: 'default',
      },
    });
    expect(config.batch).not.toBe(DEFAULT_BATCH_CONFIG);
  });
});

describe('resolveConfig sources', () => {
  it('reads the SPAWN_TRACING_* environment', () => {
    const config = resolveConfigSync({
      ...none,
      env: {
        SPAWN_TRACING_ENABLED: 'YES',
        SPAWN_TRACING_EXPORTER: 'stdout',
        SPAWN_TRACING_SAMPLING_RATE: '1.0',
        SPAWN_TRACING_ENDPOINT: 'stderr',
      },
    });
    expect(config).toMatchObject({ enabled: true, exporter: 'stdout', samplingRate: 1, endpoint: 'stderr' });
    expect(config.sources).toMatchObject({
      enabled: 'env',
      exporter: 'env',
      samplingRate: 'env',
      endpoint: 'env',
    });
  });

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['False', false],
    ['0', false],
    ['NO', false],
  ])('accepts %s as a boolean', (raw, value) => {
    expect(resolveConfigSync({ ...none, env: { SPAWN_TRACING_ENABLED: raw } }).enabled).toBe(value);
  });

  it('reads observability.tracing from the YAML file named by SPAWN_CONFIG', () => {
    const path = yamlFile(`
observability:
  tracing:
    enabled: true
    exporter: otlp
    sampling_rate: 0.25
    endpoint: http://collector:4318/v1/traces
    service_name: worker
    resource_attributes: { team: infra }
    batch: { max_export_batch_size: 50, max_queue_size: 500, max_retries: 5 }
    sampling_rules:
      - name: aws.sqs.*
        attributes: { aws.region: us-east-1 }
        rate: 0.5
        rate_limit: 10
        burst: 20
    sanitizer:
      extra_keys: [session]
      extra_patterns: ['tok_[a-z0-9]+']
      allow_keys: [aws.request_id]
      marker: '***'
      hash_key: k1
      pii: { email: true, credit_card: true }
`);
    const config = resolveConfigSync({ env: { SPAWN_CONFIG: path }, imds: false });
    expect(config).toMatchObject({
      enabled: true,
      exporter: 'otlp',
      samplingRate: 0.25,
      endpoint: 'http://collector:4318/v1/traces',
      serviceName: 'worker',
      resourceAttributes: { team: 'infra' },
      batch: { ...DEFAULT_BATCH_CONFIG, maxExportBatchSize: 50, maxQueueSize: 500, maxRetries: 5 },
      samplingRules: [
        { name: 'aws.sqs.*', attributes: { 'aws.region': 'us-east-1' }, rate: 0.5, rateLimit: 10, burst: 20 },
      ],
      sanitizer: {
        extraKeys: ['session'],
        extraPatterns: ['tok_[a-z0-9]+'],
        allowKeys: ['aws.request_id'],
        marker: '***',
        hashKey: 'k1',
        pii: { email: true, creditCard: true },
      },
    });
    expect(config.sources).toEqual({
      enabled: 'file',
      exporter: 'file',
      samplingRate: 'file',
      endpoint: 'file',
      serviceName: 'file',
    });
  });

  it('parses the spawn file with the YAML parser it is handed, loaded only when a file is read', () => {
    const path = yamlFile('observability:\n  tracing:\n    sampling_rate: 0.5\n');
    const texts: string[] = [];
    const loadYaml = () => ({
      parse: (text: string) => {
        texts.push(text);
        return { observability: { tracing: { sampling_rate: 0.75 } } };
      },
    });
    expect(resolveConfigSync({ env: { SPAWN_CONFIG: path }, imds: false, loadYaml }).samplingRate).toBe(0.75);
    expect(texts).toEqual(['observability:\n  tracing:\n    sampling_rate: 0.5\n']);
    let loaded = false;
    resolveConfigSync({
      ...none,
      loadYaml: () => {
        loaded = true;
        return { parse: () => ({}) };
      },
    });
    expect(loaded).toBe(false);
  });

  it('reads the OTEL_* variables where they mean the same thing', () => {
    const config = resolveConfigSync({
      ...none,
      env: {
        OTEL_SERVICE_NAME: 'api',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,team=a%2Cb%3Dc, owner = ops ',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.05',
        OTEL_BSP_SCHEDULE_DELAY: '1000',
        OTEL_BSP_EXPORT_TIMEOUT: '10000',
        OTEL_BSP_MAX_QUEUE_SIZE: '4096',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '256',
      },
    });
    expect(config).toMatchObject({
      serviceName: 'api',
      samplingRate: 0.05,
      resourceAttributes: { 'deployment.environment': 'prod', team: 'a,b=c', owner: 'ops' },
      batch: {
        scheduledDelayMillis: 1000,
        exportTimeoutMillis: 10000,
        maxQueueSize: 4096,
        maxExportBatchSize: 256,
        maxRetries: 3,
      },
    });
    expect(config.sources).toMatchObject({ serviceName: 'env', samplingRate: 'env' });
  });

  it('prefers SPAWN_TRACING_SAMPLING_RATE over OTEL_TRACES_SAMPLER_ARG, and maps always_on/off', () => {
    const both = { OTEL_TRACES_SAMPLER_ARG: '0.5', SPAWN_TRACING_SAMPLING_RATE: '0.2' };
    expect(resolveConfigSync({ ...none, env: both }).samplingRate).toBe(0.2);
    expect(resolveConfigSync({ ...none, env: { OTEL_TRACES_SAMPLER: 'always_on' } }).samplingRate).toBe(1);
    expect(
      resolveConfigSync({ ...none, env: { OTEL_TRACES_SAMPLER: 'parentbased_always_off' } }).samplingRate,
    ).toBe(0);
    // Another sampler's argument is not a rate.
    const jaeger = { OTEL_TRACES_SAMPLER: 'jaeger_remote', OTEL_TRACES_SAMPLER_ARG: 'endpoint=http://x' };
    expect(resolveConfigSync({ ...none, env: jaeger }).samplingRate).toBe(0.1);
  });

  it('takes service.name from OTEL_RESOURCE_ATTRIBUTES when OTEL_SERVICE_NAME is unset', () => {
    expect(
      resolveConfigSync({ ...none, env: { OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs' } })
        .serviceName,
    ).toBe('from-attrs');
  });

  it('treats OTEL_SDK_DISABLED=true as a kill switch over every source, code included', () => {
    const config = resolveConfigSync({
      ...none,
      enabled: true,
      env: { OTEL_SDK_DISABLED: 'true', SPAWN_TRACING_ENABLED: 'true' },
    });
    expect(config.enabled).toBe(false);
    expect(config.sources.enabled).toBe('env');
    expect(resolveConfigSync({ ...none, enabled: true, env: { OTEL_SDK_DISABLED: 'false' } }).enabled).toBe(
      true,
    );
  });

  it('does not ask IMDS for tags when OTEL_SDK_DISABLED=true', async () => {
    const imds = await startImds({
      instanceMetadataTags: true,
      tags: { 'spawn:tracing-exporter': 'stdout' },
    });
    try {
      const config = await resolveConfig({
        env: { OTEL_SDK_DISABLED: 'true' },
        configPath: false,
        imds: createImdsSession({ endpoint: imds.endpoint, timeoutMs: 2000 }),
      });
      expect(config.enabled).toBe(false);
      expect(imds.requests).toHaveLength(0);
    } finally {
      await imds.close();
    }
  });

  it('warns about unknown keys under observability.tracing but keeps going', () => {
    const warnings: string[] = [];
    diag.setLogger(
      { error: () => {}, warn: (m) => warnings.push(m), info: () => {}, debug: () => {}, verbose: () => {} },
      { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
    );
    try {
      const path = yamlFile('observability:\n  tracing:\n    enabled: true\n    sampling-rate: 0.5\n');
      expect(resolveConfigSync({ ...none, configPath: path }).enabled).toBe(true);
      expect(warnings).toEqual([
        `@spawn/tracing-core: ignoring unknown key observability.tracing.sampling-rate in ${path}`,
      ]);
    } finally {
      diag.disable();
    }
  });

  it('ignores blank variables', () => {
    const config = resolveConfigSync({
      ...none,
      env: { SPAWN_TRACING_ENABLED: '', SPAWN_TRACING_SAMPLING_RATE: '  ' },
    });
    expect(config.sources).toMatchObject({ enabled: 'default', samplingRate: 'default' });
  });
});

describe('resolveConfig precedence: code > env > file > tags > defaults', () => {
  const file = () =>
    yamlFile(`
observability:
  tracing: { enabled: true, exporter: stdout, sampling_rate: 0.3, endpoint: from-file,
             sanitizer: { marker: '[X]', extra_keys: [a] }, batch: { max_queue_size: 100, max_export_batch_size: 10 } }
`);

  it('lets each source override the ones below it, field by field', async () => {
    const imds = await startImds({
      instanceMetadataTags: true,
      tags: {
        'spawn:tracing-enabled': 'true',
        'spawn:tracing-exporter': 'otlp',
        'spawn:tracing-sampling': '0.9',
        'spawn:tracing-endpoint': 'from-tags',
      },
    });
    try {
      const config = await resolveConfig({
        samplingRate: 0.7,
        sanitizer: { extraKeys: ['b'] },
        batch: { maxExportBatchSize: 20 },
        env: { SPAWN_TRACING_EXPORTER: 'none', SPAWN_TRACING_ENABLED: 'false' },
        configPath: file(),
        imds: createImdsSession({ endpoint: imds.endpoint, timeoutMs: 2000 }),
      });
      expect(config).toMatchObject({
        samplingRate: 0.7,
        exporter: 'none',
        enabled: false,
        endpoint: 'from-file',
      });
      expect(config.sources).toEqual({
        samplingRate: 'code',
        exporter: 'env',
        enabled: 'env',
        endpoint: 'file',
        serviceName: 'default',
      });
      expect(config.sanitizer).toEqual({ marker: '[X]', extraKeys: ['b'] });
      expect(config.batch).toMatchObject({ maxQueueSize: 100, maxExportBatchSize: 20 });
      // Every tag-settable value was set above the tags, so IMDS was never asked.
      expect(imds.requests).toHaveLength(0);
    } finally {
      await imds.close();
    }
  });

  it('peels back one source at a time for the same key', async () => {
    const imds = await startImds({
      instanceMetadataTags: true,
      tags: { 'spawn:tracing-sampling': '0.9', 'spawn:tracing-exporter': 'otlp' },
    });
    const path = yamlFile(
      'observability:\n  tracing: { sampling_rate: 0.3, exporter: stdout, batch: { max_queue_size: 300 } }\n',
    );
    const env = {
      SPAWN_TRACING_SAMPLING_RATE: '0.5',
      SPAWN_TRACING_EXPORTER: 'none',
      OTEL_BSP_MAX_QUEUE_SIZE: '500',
    };
    const code = { samplingRate: 0.7, exporter: 'xray' as const, batch: { maxQueueSize: 700 } };
    const sources = (options: object) =>
      resolveConfig({ imds: createImdsSession({ endpoint: imds.endpoint, timeoutMs: 2000 }), ...options });
    const pick = (c: Awaited<ReturnType<typeof resolveConfig>>) => [
      c.samplingRate,
      c.exporter,
      c.batch.maxQueueSize,
      c.sources.samplingRate,
    ];
    try {
      expect(pick(await sources({ ...code, env, configPath: path }))).toEqual([0.7, 'xray', 700, 'code']);
      expect(pick(await sources({ env, configPath: path }))).toEqual([0.5, 'none', 500, 'env']);
      expect(pick(await sources({ env: {}, configPath: path }))).toEqual([0.3, 'stdout', 300, 'file']);
      expect(pick(await sources({ env: {}, configPath: false }))).toEqual([0.9, 'otlp', 2048, 'tags']);
      expect(pick(await sources({ env: {}, configPath: false, readTags: false }))).toEqual([
        0.1,
        'xray',
        2048,
        'default',
      ]);
    } finally {
      await imds.close();
    }
  });

  it('uses tags only for values nothing else set', async () => {
    const imds = await startImds({
      instanceMetadataTags: true,
      tags: {
        'spawn:tracing-enabled': 'yes',
        'spawn:tracing-sampling': '0.9',
        'spawn:tracing-endpoint': 'from-tags',
      },
    });
    try {
      const config = await resolveConfig({
        env: { SPAWN_TRACING_SAMPLING_RATE: '0.4' },
        configPath: false,
        imds: createImdsSession({ endpoint: imds.endpoint, timeoutMs: 2000 }),
      });
      expect(config).toMatchObject({
        enabled: true,
        samplingRate: 0.4,
        endpoint: 'from-tags',
        exporter: 'xray',
      });
      expect(config.sources).toMatchObject({
        enabled: 'tags',
        samplingRate: 'env',
        endpoint: 'tags',
        exporter: 'default',
      });
      // The sampling tag was not wanted (env set the rate), so it was not fetched.
      expect(imds.requests.map((r) => r.path)).not.toContain(
        '/latest/meta-data/tags/instance/spawn:tracing-sampling',
      );
    } finally {
      await imds.close();
    }
  });

  it('resolveConfigSync skips tags', () => {
    expect(resolveConfigSync({ ...none, configPath: file() }).sources.enabled).toBe('file');
  });
});

describe('resolveConfig errors', () => {
  it('names source, key and value of a bad env rate', () => {
    const err = thrown(() => resolveConfigSync({ ...none, env: { SPAWN_TRACING_SAMPLING_RATE: '1.5' } }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(
      'Invalid tracing configuration: SPAWN_TRACING_SAMPLING_RATE (env) = "1.5": must be a number between 0 and 1',
    );
    expect({ source: err.source, key: err.key, value: err.value }).toEqual({
      source: 'env',
      key: 'SPAWN_TRACING_SAMPLING_RATE',
      value: '1.5',
    });
  });

  it.each([
    [{ SPAWN_TRACING_SAMPLING_RATE: 'abc' }, 'SPAWN_TRACING_SAMPLING_RATE', 'abc'],
    [{ SPAWN_TRACING_SAMPLING_RATE: '-0.1' }, 'SPAWN_TRACING_SAMPLING_RATE', '-0.1'],
    [{ SPAWN_TRACING_EXPORTER: 'jaeger' }, 'SPAWN_TRACING_EXPORTER', 'jaeger'],
    [{ SPAWN_TRACING_ENABLED: 'maybe' }, 'SPAWN_TRACING_ENABLED', 'maybe'],
    [{ OTEL_BSP_MAX_QUEUE_SIZE: '-1' }, 'OTEL_BSP_MAX_QUEUE_SIZE', '-1'],
    [{ OTEL_BSP_MAX_QUEUE_SIZE: '10.5' }, 'OTEL_BSP_MAX_QUEUE_SIZE', '10.5'],
    [{ OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '0' }, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', '0'],
    [{ OTEL_BSP_SCHEDULE_DELAY: 'soon' }, 'OTEL_BSP_SCHEDULE_DELAY', 'soon'],
    [{ OTEL_TRACES_SAMPLER_ARG: '2' }, 'OTEL_TRACES_SAMPLER_ARG', '2'],
    [{ OTEL_SDK_DISABLED: 'perhaps' }, 'OTEL_SDK_DISABLED', 'perhaps'],
    [{ OTEL_RESOURCE_ATTRIBUTES: 'a=b=c' }, 'OTEL_RESOURCE_ATTRIBUTES', 'a=b=c'],
    [{ OTEL_RESOURCE_ATTRIBUTES: 'a=%E0%A4%A' }, 'OTEL_RESOURCE_ATTRIBUTES', 'a=%E0%A4%A'],
  ])('rejects env %o', (env, key, value) => {
    const err = thrown(() => resolveConfigSync({ ...none, env }));
    expect(err.source).toBe('env');
    expect(err.key).toBe(key);
    expect(err.value).toBe(value);
    expect(err.message).toContain(`${key} (env) = ${JSON.stringify(value)}`);
  });

  it('leaves option keys it does not know to the caller (wider option objects pass through)', () => {
    const options = { ...none, exporter: 'stdout' as const, spanExporter: {}, registerGlobals: false };
    expect(resolveConfigSync(options).exporter).toBe('stdout');
  });

  it('names the batch size when it exceeds the queue', () => {
    const err = thrown(() =>
      resolveConfigSync({
        ...none,
        env: { OTEL_BSP_MAX_QUEUE_SIZE: '10', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '11' },
      }),
    );
    expect([err.source, err.key, err.value]).toEqual(['env', 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 11]);
  });

  it.each([
    [{ samplingRate: 1.5 }, 'samplingRate', 1.5],
    [{ samplingRate: '0.5' }, 'samplingRate', '0.5'],
    [{ exporter: 'zipkin' }, 'exporter', 'zipkin'],
    [{ batch: { maxQueueSize: -5 } }, 'batch.maxQueueSize', -5],
    [{ batch: { maxQueue: 5 } }, 'batch.maxQueue', 5],
    [{ samplingRules: [{ name: 'x' }] }, 'samplingRules[0]', { name: 'x' }],
    [{ samplingRules: [{ rate: 0.5, rateLimit: -1 }] }, 'samplingRules[0].rateLimit', -1],
    [{ sanitizer: { extraPatterns: ['ok', '(unclosed'] } }, 'sanitizer.extraPatterns[1]', '(unclosed'],
    [{ sanitizer: { pii: { email: 'sometimes' } } }, 'sanitizer.pii.email', 'sometimes'],
    [{ serviceName: '' }, 'serviceName', ''],
  ])('rejects code option %o', (options, key, value) => {
    const err = thrown(() => resolveConfigSync({ ...none, ...(options as object) }));
    expect([err.source, err.key, err.value]).toEqual(['code', key, value]);
  });

  it.each([
    ['observability:\n  tracing:\n    sampling_rate: 1.5\n', 'observability.tracing.sampling_rate', 1.5],
    ['observability:\n  tracing:\n    sampling_rate: abc\n', 'observability.tracing.sampling_rate', 'abc'],
    ['observability:\n  tracing:\n    exporter: datadog\n', 'observability.tracing.exporter', 'datadog'],
    [
      'observability:\n  tracing:\n    batch: { max_queue_size: -1 }\n',
      'observability.tracing.batch.max_queue_size',
      -1,
    ],
    ['observability:\n  tracing: [1, 2]\n', 'observability.tracing', [1, 2]],
    [
      "observability:\n  tracing:\n    sanitizer: { extra_patterns: ['[a-'] }\n",
      'observability.tracing.sanitizer.extra_patterns[0]',
      '[a-',
    ],
    [
      'observability:\n  tracing:\n    sampling_rules: [{ name: x, rate: 0.1, ratelimit: 5 }]\n',
      'observability.tracing.sampling_rules[0].ratelimit',
      5,
    ],
  ])('rejects file %j', (text, key, value) => {
    const path = yamlFile(text);
    const err = thrown(() => resolveConfigSync({ ...none, configPath: path }));
    expect([err.source, err.key, err.value, err.path]).toEqual(['file', key, value, path]);
    expect(err.message).toContain(`${key} (file ${path}) = ${JSON.stringify(value)}`);
  });

  it('names the pattern that does not compile', () => {
    const path = yamlFile("observability:\n  tracing:\n    sanitizer: { extra_patterns: ['(unclosed'] }\n");
    expect(() => resolveConfigSync({ ...none, configPath: path })).toThrow(
      /extra_patterns\[0\] .* = "\(unclosed": is not a valid regular expression/,
    );
  });

  it('rejects unreadable YAML, naming the file', () => {
    const path = yamlFile('observability:\n  tracing:\n    enabled: [true\n');
    const err = thrown(() => resolveConfigSync({ ...none, configPath: path }));
    expect(err.source).toBe('file');
    expect(err.message).toMatch(
      new RegExp(`^Invalid tracing configuration: .* \\(file ${path}\\): is not valid YAML`),
    );
  });

  it('rejects a file that cannot be read', () => {
    const err = thrown(() => resolveConfigSync({ ...none, configPath: dir }));
    expect(err.message).toContain('cannot be read (EISDIR)');
  });

  it('rejects a missing file named by SPAWN_CONFIG or configPath, but not a missing default', () => {
    const missing = join(dir, 'nope.yaml');
    const fromEnv = thrown(() => resolveConfigSync({ imds: false, env: { SPAWN_CONFIG: missing } }));
    expect([fromEnv.source, fromEnv.key, fromEnv.value]).toEqual(['env', 'SPAWN_CONFIG', missing]);
    expect(fromEnv.message).toContain('file not found');
    const fromCode = thrown(() => resolveConfigSync({ imds: false, env: {}, configPath: missing }));
    expect([fromCode.source, fromCode.key]).toEqual(['code', 'configPath']);
  });

  it('rejects a bad tag value with source tags', async () => {
    const imds = await startImds({ instanceMetadataTags: true, tags: { 'spawn:tracing-sampling': 'lots' } });
    try {
      const err = await rejected(
        resolveConfig({ ...none, imds: createImdsSession({ endpoint: imds.endpoint, timeoutMs: 2000 }) }),
      );
      expect(err.message).toBe(
        'Invalid tracing configuration: spawn:tracing-sampling (tags) = "lots": must be a number between 0 and 1',
      );
    } finally {
      await imds.close();
    }
  });
});
