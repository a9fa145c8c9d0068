import {
  InstrumentationBase,
  type InstrumentationModuleDefinition,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { RateLimitedDiag } from '@spawn/tracing-core';
import packageJson from '../package.json' with { type: 'json' };
import { activeSlot, type CommandTracer } from './active-instrumentation.js';
import { patchModuleExports } from './client-class-patch.js';
import { type AwsSdkInstrumentationConfig, type ResolvedConfig, resolveConfig } from './config.js';
import {
  SERVICE_CLIENT_MODULES,
  SMITHY_CLIENT_MODULES,
  SMITHY_CORE_CLIENT_FILES,
  SMITHY_CORE_MODULE,
} from './instrumented-modules.js';

const ANY_VERSION = ['*'];

/** The patch stays when disabled (it only forwards then), so unpatching is a no-op. */
const keep = <T>(moduleExports: T): T => moduleExports;

function patch<T>(moduleExports: T): T {
  patchModuleExports(moduleExports);
  return moduleExports;
}

/**
 * One CLIENT span per AWS SDK v3 command, for every client: `aws.dynamodb.GetItem` with the
 * specification's attributes, retries inside the span, HTTP child spans suppressed, SQS context
 * propagation on, DynamoDB item propagation opt-in. Only the enabled instance traces.
 */
export class AwsSdkInstrumentation extends InstrumentationBase<AwsSdkInstrumentationConfig> {
  /** What the middleware reads on every call; set after `super`, which may already enable us. */
  private commandTracer: CommandTracer | undefined;
  private resolved: ResolvedConfig | undefined;

  constructor(config: AwsSdkInstrumentationConfig = {}) {
    const resolved = resolveConfig(config);
    super(packageJson.name, packageJson.version, config);
    this.resolved = resolved;
    const diagnostics = new RateLimitedDiag(packageJson.name);
    const self = this;
    this.commandTracer = {
      get tracer() {
        return self.tracer;
      },
      get resolved() {
        return self.resolved ?? resolved;
      },
      diagnostics,
    };
    if (this.isEnabled()) activeSlot.current = this.commandTracer;
  }

  override setConfig(config: AwsSdkInstrumentationConfig = {}): void {
    const resolved = resolveConfig(config);
    super.setConfig(config);
    this.resolved = resolved;
  }

  protected init(): InstrumentationModuleDefinition[] {
    return [
      ...SMITHY_CLIENT_MODULES.map(
        (name) => new InstrumentationNodeModuleDefinition(name, ANY_VERSION, patch, keep),
      ),
      new InstrumentationNodeModuleDefinition(
        SMITHY_CORE_MODULE,
        ANY_VERSION,
        undefined,
        undefined,
        SMITHY_CORE_CLIENT_FILES.map(
          (file) =>
            new InstrumentationNodeModuleFile(`${SMITHY_CORE_MODULE}/${file}`, ANY_VERSION, patch, keep),
        ),
      ),
      ...SERVICE_CLIENT_MODULES.map(
        (name) => new InstrumentationNodeModuleDefinition(name, ANY_VERSION, patch, keep),
      ),
    ];
  }

  override enable(): void {
    super.enable();
    if (this.commandTracer !== undefined) activeSlot.current = this.commandTracer;
  }

  override disable(): void {
    super.disable();
    if (this.commandTracer !== undefined && activeSlot.current === this.commandTracer) {
      activeSlot.current = undefined;
      this.commandTracer.diagnostics.flush();
    }
  }
}
