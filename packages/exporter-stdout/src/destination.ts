import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the exporter writes: a standard stream, or a file it appends to. */
export type Destination = { kind: 'stdout' } | { kind: 'stderr' } | { kind: 'file'; path: string };

/**
 * Reads a destination in the forms the configuration's `endpoint` takes: `stdout` (also empty),
 * `stderr`, `file:///abs/path` or an absolute path. Anything else throws, naming `key` and the value.
 */
export function parseDestination(value: string | undefined, key = 'destination'): Destination {
  const text = (value ?? '').trim();
  if (text === '' || text === 'stdout' || text === '-') return { kind: 'stdout' };
  if (text === 'stderr') return { kind: 'stderr' };
  if (text.startsWith('file:')) {
    let path: string;
    try {
      path = fileURLToPath(text);
    } catch (error) {
      throw new Error(
        `${key}: ${JSON.stringify(value)} is not a usable file URL (${(error as Error).message})`,
      );
    }
    return { kind: 'file', path };
  }
  if (isAbsolute(text)) return { kind: 'file', path: text };
  throw new Error(
    `${key}: expected "stdout", "stderr", "file:///absolute/path" or an absolute path, got ${JSON.stringify(value)}`,
  );
}

/** The destination as a user would write it, for messages. */
export function describeDestination(destination: Destination): string {
  return destination.kind === 'file' ? destination.path : destination.kind;
}
