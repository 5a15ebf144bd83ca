// The circuit breaker the factory builds from `circuitBreaker`: only the service or the network
// failing opens it; answers that refuse a request prove the service healthy.
import { fromStatic } from '@integrations/aws-credentials';
import { describe, expect, it } from 'vitest';
import {
  createCloudWatchLogsClient,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
  ServiceUnavailableError,
} from '../src/index.js';
import { errorResponse, fakeTransport, json } from './helpers/fake-transport.js';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

function setup() {
  const transport = fakeTransport();
  const client = createCloudWatchLogsClient({
    region: 'eu-west-1',
    endpoint: 'https://logs.example.test',
    credentials: fromStatic({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
    transport,
    clock: { now: () => NOW },
    retry: false,
    circuitBreaker: { failureThreshold: 2, coolDownMs: 60_000 },
  });
  return { transport, client };
}

describe('circuit breaker', () => {
  it('is not opened by refusals: already exists, not found', async () => {
    const { transport, client } = setup();
    transport.reply(
      'CreateLogStream',
      errorResponse(
        400,
        'ResourceAlreadyExistsException',
        'The specified log stream already exists',
      ),
      errorResponse(
        400,
        'ResourceAlreadyExistsException',
        'The specified log stream already exists',
      ),
      errorResponse(
        400,
        'ResourceAlreadyExistsException',
        'The specified log stream already exists',
      ),
    );
    transport.reply(
      'DeleteLogGroup',
      errorResponse(400, 'ResourceNotFoundException', 'The specified log group does not exist.'),
      errorResponse(400, 'ResourceNotFoundException', 'The specified log group does not exist.'),
    );
    transport.reply('DescribeLogGroups', json(200, { logGroups: [] }));
    for (let i = 0; i < 3; i += 1) {
      await expect(client.streams.create('g', 's')).rejects.toBeInstanceOf(
        ResourceAlreadyExistsError,
      );
    }
    for (let i = 0; i < 2; i += 1) {
      await expect(client.groups.delete('g')).rejects.toBeInstanceOf(ResourceNotFoundError);
    }
    await expect(client.groups.describe()).resolves.toEqual({ logGroups: [] });
    expect(transport.sent).toHaveLength(6);
  });

  it('is opened by service failures', async () => {
    const { transport, client } = setup();
    transport.reply(
      'DescribeLogGroups',
      errorResponse(503, 'ServiceUnavailableException', 'busy'),
      errorResponse(500, 'InternalFailure', 'oops'),
    );
    await expect(client.groups.describe()).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(client.groups.describe()).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(client.groups.describe()).rejects.toMatchObject({ code: 'CircuitOpen' });
    expect(transport.sent).toHaveLength(2);
  });
});
