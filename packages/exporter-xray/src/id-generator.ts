import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import { RandomHexSource } from '@spawn/tracing-core';

/**
 * Trace ids X-Ray accepts as its own: the first 8 hex digits are the current epoch seconds, the
 * other 24 come from a crypto-quality source (AWS asks for secure randomness; the contrib generator
 * uses `Math.random`). Span ids are 16 random hex digits.
 */
export class XRayIdGenerator implements IdGenerator {
  private readonly random = new RandomHexSource();
  private second = -1;
  private epochHex = '';

  constructor(private readonly now: () => number = Date.now) {}

  generateTraceId(): string {
    const second = Math.floor(this.now() / 1000);
    // Formatting the epoch once per second keeps the id a single concatenation.
    if (second !== this.second) {
      this.second = second;
      this.epochHex = second.toString(16).padStart(8, '0');
    }
    return this.epochHex + this.random.hex(12);
  }

  generateSpanId(): string {
    return this.random.hex(8);
  }
}
