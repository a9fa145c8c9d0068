// Only the smithy `Client` homes are hooked: any client, listed or not, is traced through the shared base.
import { hookRouteSuite } from '../test/hook-routes.js';

hookRouteSuite((name) => name.startsWith('@smithy/') || name === '@aws-sdk/smithy-client');
