// A process that logs 50,000 events through the buffered logger, says "ready", and waits:
// its SIGTERM shutdown hook must deliver all of them before it exits.
import { createCloudWatchLogsClient, LogLevel } from '@integrations/aws-cloudwatch-logs';

const client = createCloudWatchLogsClient({
  region: process.env.AWS_REGION,
  endpoint: process.env.ENDPOINT,
  credentials: {
    getCredentials: async () => ({
      accessKeyId: process.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
    }),
  },
  // Long enough that only the hook, not the interval, can deliver the tail.
  buffer: { flushIntervalMs: 600_000 },
});
client.installShutdownHooks({ timeoutMs: 20_000 });
const log = client.logger({
  logGroup: '/sigterm',
  logStream: 'child',
  service: 'child',
  level: LogLevel.Info,
});
for (let i = 0; i < 50_000; i += 1) log.info('event', { i });
process.stdout.write('ready\n');
setInterval(() => {}, 1_000);
