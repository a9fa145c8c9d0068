// Only the service packages are hooked, as if smithy's `Client` had moved somewhere unknown again.
import { hookRouteSuite } from '../test/hook-routes.js';

hookRouteSuite((name) => name.startsWith('@aws-sdk/client-') || name === '@aws-sdk/lib-dynamodb');
