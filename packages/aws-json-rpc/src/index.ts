export const PACKAGE = 'aws-json-rpc';
