import { nodeCrypto } from '@spawn/tracing-core';

export const DEFAULT_MARKER = '[REDACTED]';

/**
 * What a secret becomes: the fixed marker, or with a hash key `[REDACTED:1a2b3c4d]` (the first eight
 * hex digits of an HMAC-SHA256), so equal secrets can be correlated without being revealed.
 */
export class Marker {
  /** Every replacement starts with this: text that does is never redacted twice. */
  readonly stem: string;

  constructor(
    readonly text: string = DEFAULT_MARKER,
    private readonly hashKey?: string,
  ) {
    this.stem = hashKey !== undefined && text.endsWith(']') ? text.slice(0, -1) : text;
  }

  for(secret: string): string {
    if (this.hashKey === undefined) return this.text;
    // node:crypto loads at the first hashed secret, not at import.
    const digest = nodeCrypto().createHmac('sha256', this.hashKey).update(secret).digest('hex').slice(0, 8);
    return this.text.endsWith(']') ? `${this.stem}:${digest}]` : `${this.text}:${digest}`;
  }

  /** True when `value` is already a replacement. */
  marks(value: string): boolean {
    return value.startsWith(this.stem);
  }
}
