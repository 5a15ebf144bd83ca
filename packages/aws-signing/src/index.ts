export const PACKAGE = 'aws-signing';
