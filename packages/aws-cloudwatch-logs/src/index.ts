export const PACKAGE = 'aws-cloudwatch-logs';
