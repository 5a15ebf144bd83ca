export const PACKAGE = 'observability';
