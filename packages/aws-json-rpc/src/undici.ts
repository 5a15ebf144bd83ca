// The `@integrations/aws-json-rpc/undici` entry: the transport over undici, an optional peer
// dependency, kept out of the main entry so that installing and importing this package needs none.
export type { UndiciTransportOptions } from './undici-transport.js';
export { createUndiciTransport } from './undici-transport.js';
