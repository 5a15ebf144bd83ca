// A process that logs 50,000 events through the buffered logger, says "ready", and waits:
// its SIGTERM shutdown hook must deliver all of them before it exits.
import { createCloudWatchLogsClientFromEnv, LogLevel } from '@integrations/aws-cloudwatch-logs';

// Region, endpoint and credentials come from the environment, as in a deployed service.
const client = createCloudWatchLogsClientFromEnv({
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
