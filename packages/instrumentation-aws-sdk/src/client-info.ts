import { awsSpanName } from '@spawn/tracing-core';

/** What one command is called on its span: `GetItem`, `aws.dynamodb.GetItem`. */
export interface CommandNames {
  readonly operation: string;
  readonly spanName: string;
}

/** What is known about one client, worked out once. */
export interface ClientInfo {
  /** Lower-case service for span names: `dynamodb`. */
  readonly service: string;
  /** The SDK's service id: `DynamoDB`. */
  readonly serviceId: string;
  region: string | undefined;
  /** By the SDK's command name (`GetItemCommand`), as the middleware's handler context gives it. */
  readonly byName: Map<string, CommandNames>;
  /** By command class, for `send`, which sees the command object. */
  readonly byClass: WeakMap<object, CommandNames>;
}

type Bag = Record<string, unknown>;

/**
 * Keyed by the client's config: a document client shares its inner client's config (and stack), so both
 * resolve the region once.
 */
const infos = new WeakMap<object, ClientInfo>();

export function clientInfoOf(client: object): ClientInfo {
  const raw = (client as Bag)['config'];
  const key = typeof raw === 'object' && raw !== null ? raw : client;
  let info = infos.get(key);
  if (info === undefined) {
    info = clientInfo(key === client ? {} : (key as Bag), client.constructor?.name);
    infos.set(key, info);
  }
  return info;
}

function clientInfo(config: Bag, className: string | undefined): ClientInfo {
  const serviceId = serviceIdOf(config['serviceId'], className);
  const info: ClientInfo = {
    service: serviceId.replace(/[\s.]/g, '').toLowerCase(),
    serviceId,
    region: undefined,
    byName: new Map(),
    byClass: new WeakMap(),
  };
  const region = config['region'];
  if (typeof region === 'string') info.region = region;
  else if (typeof region === 'function') {
    // The SDK's own provider, memoized; a missing region fails the call itself, not us.
    try {
      Promise.resolve((region as () => unknown)()).then(
        (value) => {
          if (typeof value === 'string' && value.length > 0) info.region = value;
        },
        () => undefined,
      );
    } catch {
      // a synchronous throw means no region yet; the span simply goes without one
    }
  }
  return info;
}

/** `DynamoDB` from the config; else the class name without `Client` (`EC2Client` → `EC2`). */
function serviceIdOf(serviceId: unknown, className: string | undefined): string {
  if (typeof serviceId === 'string' && /[^\s.]/.test(serviceId)) return serviceId;
  const name = className?.replace(/(Document)?Client$/, '') ?? '';
  return name.length > 0 ? name : 'unknown';
}

/** Names from the SDK's command name, as the middleware's handler context carries it (`GetItemCommand`). */
export function namesByCommandName(info: ClientInfo, commandName: unknown): CommandNames {
  const key = typeof commandName === 'string' && commandName.length > 0 ? commandName : 'UnknownCommand';
  let names = info.byName.get(key);
  if (names === undefined) {
    names = makeNames(info, key.endsWith('Command') && key.length > 7 ? key.slice(0, -7) : key);
    info.byName.set(key, names);
  }
  return names;
}

/**
 * Names from the command object `send` is given. A document client's command (`GetCommand`) wraps the
 * service command it sends (`clientCommand`, a `GetItemCommand`), so both name the span `GetItem`. The
 * operation schema's name comes first (it survives minified class names); the class name otherwise.
 */
export function namesOfCommand(info: ClientInfo, command: object): CommandNames {
  const inner = (command as Bag)['clientCommand'];
  const target = typeof inner === 'object' && inner !== null ? inner : command;
  const type = target.constructor;
  if (typeof type !== 'function') return namesByCommandName(info, undefined);
  let names = info.byClass.get(type);
  if (names === undefined) {
    const schema = (target as Bag)['schema'];
    // An operation schema is `[9, namespace, name, traits, input, output]`.
    const fromSchema = Array.isArray(schema) && schema[0] === 9 ? schema[2] : undefined;
    names =
      typeof fromSchema === 'string' && fromSchema.length > 0
        ? makeNames(info, fromSchema)
        : namesByCommandName(info, type.name);
    info.byClass.set(type, names);
  }
  return names;
}

function makeNames(info: ClientInfo, operation: string): CommandNames {
  return { operation, spanName: awsSpanName(info.service, operation) };
}
