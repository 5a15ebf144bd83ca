export type { HttpRequest, HttpResponse, HttpTransport, SendOptions } from './http-transport.js';
export const PACKAGE = 'aws-json-rpc';
