export const PACKAGE = 'aws-credentials';
