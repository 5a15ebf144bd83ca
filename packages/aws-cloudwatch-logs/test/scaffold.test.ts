import { expect, it } from 'vitest';
import { PACKAGE } from '../src/index.js';

it('loads', () => {
  expect(PACKAGE).toBe('aws-cloudwatch-logs');
});
