import { existsSync, readFileSync } from 'node:fs';
import { localCredentials } from './dynamodb.js';

/**
 * The environment for a traced child process in tests: only PATH from ours, local AWS credentials,
 * no spawn config file, no IMDS wait, no SDK Node-version warning on stderr; tracing to `output` (JSON
 * lines, every span) when given. `extra` wins.
 */
export function childEnv(extra: Record<string, string> = {}, output?: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    SPAWN_CONFIG: '/dev/null',
    SPAWN_IMDS_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...(output
      ? {
          SPAWN_TRACING_ENABLED: 'true',
          SPAWN_TRACING_EXPORTER: 'stdout',
          SPAWN_TRACING_SAMPLING_RATE: '1',
          SPAWN_TRACING_ENDPOINT: output,
        }
      : {}),
    ...extra,
  };
}

/** The span lines a stdout exporter wrote to `path` (none when the file does not exist). */
export function readJsonLines<T = Record<string, unknown>>(path: string): T[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
}
