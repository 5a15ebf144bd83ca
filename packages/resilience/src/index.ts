export const PACKAGE = 'resilience';
