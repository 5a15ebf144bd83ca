// The example queries of the CloudWatch Logs Insights query syntax documentation (the command
// pages and "Sample queries"), each run over the fixed data set in fixtures/golden-data.ts. The
// expected rows were worked out by hand from that data. Where an example names fields that the
// service discovers from a log format of its own (Lambda's @duration…), the fixture carries them
// as JSON keys without the `@` and the query names them so; such queries say "adapted".
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers.js';
import { goldenEmulator, runQuery } from './golden-helpers.js';

const E1 =
  '{"f1":"NullPointerException at line 4","f2":"a","f3":30,"range":3500,"accountId":123456789012,"statusCode":500,"duration":2500}';
const E2 =
  '{"f1":"Exception","f2":"b","f3":20,"range":4000,"accountId":210987654321,"statusCode":204,"duration":100,"myField":-7.5,"myField2":"y"}';
const E3 =
  '{"f1":"exception in handler","f2":"c","f3":26,"f4":6,"foo-bar":"baz","action":"login","range":1000,"accountId":123456789012,"statusCode":302,"duration":3000}';
const E4 =
  '{"f1":10,"f2":"d","f3":5,"range":3001,"accountId":123456789012,"statusCode":201,"duration":50}';
const E5 = 'Exception: timeout after 30s';
const E6 = 'user=alice, method:GET, latency := 100';
const E7 = 'user=bob, method:POST, latency := 300';
const E8 = 'user=alice, method:GET, latency := 200';

let t: TestEmulator;
beforeAll(async () => {
  t = await goldenEmulator();
});
const rowsOf = async (group: string, query: string) => (await runQuery(t, group, query)).rows;

describe('general sample queries', () => {
  it('the 25 most recent events', async () => {
    const { rows, fieldOrder, statistics } = await runQuery(
      t,
      '/app/api',
      'fields @timestamp, @message | sort @timestamp desc | limit 25',
    );
    expect(rows).toEqual([
      { '@timestamp': '2024-06-01 11:55:00.000', '@message': E8 },
      { '@timestamp': '2024-06-01 11:50:00.000', '@message': E7 },
      { '@timestamp': '2024-06-01 11:45:00.000', '@message': E6 },
      { '@timestamp': '2024-06-01 11:30:00.000', '@message': E5 },
      { '@timestamp': '2024-06-01 11:05:00.000', '@message': E4 },
      { '@timestamp': '2024-06-01 10:20:00.000', '@message': E3 },
      { '@timestamp': '2024-06-01 10:10:00.000', '@message': E2 },
      { '@timestamp': '2024-06-01 10:00:05.000', '@message': E1 },
    ]);
    expect(fieldOrder[0]).toEqual(['@timestamp', '@message']);
    expect(statistics.recordsMatched).toBe(8);
    expect(statistics.recordsScanned).toBe(8);
    const bytes = [E1, E2, E3, E4, E5, E6, E7, E8].reduce((n, m) => n + m.length, 0);
    expect(statistics.bytesScanned).toBe(bytes);
  });

  it('the number of exceptions per hour', async () => {
    expect(
      await rowsOf(
        '/app/api',
        'filter @message like /Exception/ \n| stats count(*) as exceptionCount by bin(1h)\n| sort exceptionCount desc',
      ),
    ).toEqual([
      { 'bin(1h)': '2024-06-01 10:00:00.000', exceptionCount: '2' },
      { 'bin(1h)': '2024-06-01 11:00:00.000', exceptionCount: '1' },
    ]);
  });

  it('events that are not exceptions', async () => {
    expect(
      await rowsOf('/app/api', 'fields @message | filter @message not like /Exception/'),
    ).toEqual([
      { '@message': E8 },
      { '@message': E7 },
      { '@message': E6 },
      { '@message': E4 },
      { '@message': E3 },
    ]);
  });

  it('the most recent event for each server (dedup)', async () => {
    expect(
      await rowsOf(
        '/app/servers',
        'fields @timestamp, server, severity, message \n| sort @timestamp desc \n| dedup server',
      ),
    ).toEqual([
      { '@timestamp': '2024-06-01 10:15:00.000', severity: 'INFO', message: 'no server' },
      {
        '@timestamp': '2024-06-01 10:10:00.000',
        server: 'a',
        severity: 'INFO',
        message: 'recovered',
      },
      { '@timestamp': '2024-06-01 10:05:00.000', server: 'b', severity: 'WARN', message: 'slow' },
    ]);
  });
});

describe('fields, filter, sort and limit', () => {
  it('filter on one condition', async () => {
    expect(
      await rowsOf(
        '/app/api',
        'fields @timestamp, @message\n| filter (range>3000)\n| sort @timestamp desc\n| limit 20',
      ),
    ).toEqual([
      { '@timestamp': '2024-06-01 11:05:00.000', '@message': E4 },
      { '@timestamp': '2024-06-01 10:10:00.000', '@message': E2 },
      { '@timestamp': '2024-06-01 10:00:05.000', '@message': E1 },
    ]);
  });

  it('filter on more than one condition', async () => {
    expect(
      await rowsOf(
        '/app/api',
        'fields @timestamp, @message\n| filter (range>3000 and accountId=123456789012)\n| sort @timestamp desc\n| limit 20',
      ),
    ).toEqual([
      { '@timestamp': '2024-06-01 11:05:00.000', '@message': E4 },
      { '@timestamp': '2024-06-01 10:00:05.000', '@message': E1 },
    ]);
  });

  it('fields with a duration filter', async () => {
    expect(await rowsOf('/app/api', 'fields f1, f2, f3 | filter (duration>2000)')).toEqual([
      { f1: 'exception in handler', f2: 'c', f3: '26' },
      { f1: 'NullPointerException at line 4', f2: 'a', f3: '30' },
    ]);
  });

  it('fields with an or filter', async () => {
    expect(await rowsOf('/app/api', 'fields f1, f2 | filter (f1=10 or f3>25)')).toEqual([
      { f1: '10', f2: 'd' },
      { f1: 'exception in handler', f2: 'c' },
      { f1: 'NullPointerException at line 4', f2: 'a' },
    ]);
  });

  it('a status code matched by a regular expression', async () => {
    expect(await rowsOf('/app/api', 'fields f1 | filter statusCode like /2\\d\\d/')).toEqual([
      { f1: '10' },
      { f1: 'Exception' },
    ]);
  });

  it('sort descending by a field, absent values last', async () => {
    expect(await rowsOf('/app/api', 'fields f1, f2, f3 | sort f1 desc')).toEqual([
      { f1: 'exception in handler', f2: 'c', f3: '26' },
      { f1: 'NullPointerException at line 4', f2: 'a', f3: '30' },
      { f1: 'Exception', f2: 'b', f3: '20' },
      { f1: '10', f2: 'd', f3: '5' },
      {},
      {},
      {},
      {},
    ]);
  });

  it('a backtick-quoted field name and a function of an expression', async () => {
    const rows = await rowsOf('/app/api', 'fields `foo-bar`, action, abs(f3-f4)');
    expect(rows).toHaveLength(8);
    expect(rows.filter((r) => Object.keys(r).length > 0)).toEqual([
      { 'foo-bar': 'baz', action: 'login', 'abs(f3-f4)': '20' },
    ]);
  });

  it('an alias for a function result', async () => {
    const rows = await rowsOf('/app/api', 'fields abs(myField) as AbsoluteValuemyField, myField2');
    expect(rows.filter((r) => Object.keys(r).length > 0)).toEqual([
      { AbsoluteValuemyField: '7.5', myField2: 'y' },
    ]);
  });
});

describe('like and =~', () => {
  const f1 = (rows: Array<Record<string, string>>) => rows.map((r) => r.f1);
  it.each([
    [
      'fields f1, f2, f3 | filter f1 like /Exception/',
      ['Exception', 'NullPointerException at line 4'],
    ],
    [
      'fields f1, f2, f3 | filter f1 =~ /Exception/',
      ['Exception', 'NullPointerException at line 4'],
    ],
    [
      'fields f1, f2, f3 | filter f1 like "Exception"',
      ['Exception', 'NullPointerException at line 4'],
    ],
    [
      'fields f1, f2, f3 | filter f1 like /(?i)Exception/ ',
      ['exception in handler', 'Exception', 'NullPointerException at line 4'],
    ],
    ['fields f1, f2, f3 | filter f1 =~ /^(?i)Exception$/', ['Exception']],
  ])('%s', async (query, expected) => {
    expect(f1(await rowsOf('/app/api', query))).toEqual(expected);
  });
});

describe('stats', () => {
  it('an average with an alias, sorted by it', async () => {
    expect(await rowsOf('/app/api', 'stats avg(f1) as myAvgF1 | sort myAvgF1 desc')).toEqual([
      { myAvgF1: '10' },
    ]);
  });

  it('an average by a field, events without the field forming their own group', async () => {
    expect(await rowsOf('/app/api', 'stats avg (f1) by f2')).toEqual([
      {},
      { f2: 'd', 'avg(f1)': '10' },
      { f2: 'c' },
      { f2: 'b' },
      { f2: 'a' },
    ]);
  });

  it('overprovisioned Lambda memory (adapted: fields without @)', async () => {
    expect(
      await rowsOf(
        '/aws/lambda/fn',
        `filter type = "REPORT"
| stats max(memorySize / 1024 / 1024) as provisonedMemoryMB,
    min(maxMemoryUsed / 1024 / 1024) as smallestMemoryRequestMB,
    avg(maxMemoryUsed / 1024 / 1024) as avgMemoryUsedMB,
    max(maxMemoryUsed / 1024 / 1024) as maxMemoryUsedMB,
    provisonedMemoryMB - maxMemoryUsedMB as overProvisionedMB`,
      ),
    ).toEqual([
      {
        provisonedMemoryMB: '128',
        smallestMemoryRequestMB: '70',
        avgMemoryUsedMB: '80',
        maxMemoryUsedMB: '90',
        overProvisionedMB: '38',
      },
    ]);
  });

  it('a Lambda latency report per 5 minutes (adapted: duration without @)', async () => {
    const { rows, fieldOrder } = await runQuery(
      t,
      '/aws/lambda/fn',
      'filter type = "REPORT" |\nstats avg(duration), max(duration), min(duration) by bin(5m)',
    );
    expect(rows).toEqual([
      {
        'bin(5m)': '2024-06-01 10:05:00.000',
        'avg(duration)': '200',
        'max(duration)': '200',
        'min(duration)': '200',
      },
      {
        'bin(5m)': '2024-06-01 10:00:00.000',
        'avg(duration)': '76.25',
        'max(duration)': '102.5',
        'min(duration)': '50',
      },
    ]);
    expect(fieldOrder[0]).toEqual(['bin(5m)', 'avg(duration)', 'max(duration)', 'min(duration)']);
  });
});

describe('VPC flow log queries (adapted: the flow fields as JSON)', () => {
  it('the top 15 packet transfers across hosts', async () => {
    expect(
      await rowsOf(
        '/vpc/json',
        'stats sum(packets) as packetsTransferred by srcAddr, dstAddr\n| sort packetsTransferred  desc\n| limit 15',
      ),
    ).toEqual([
      { srcAddr: '10.0.0.1', dstAddr: '10.0.0.2', packetsTransferred: '15' },
      { srcAddr: '10.0.0.3', dstAddr: '10.0.0.2', packetsTransferred: '9' },
      { srcAddr: '10.0.0.1', dstAddr: '10.0.0.4', packetsTransferred: '1' },
    ]);
  });

  it('the addresses using UDP', async () => {
    expect(await rowsOf('/vpc/json', 'filter protocol=17 | stats count(*) by srcAddr')).toEqual([
      { srcAddr: '10.0.0.3', 'count(*)': '2' },
      { srcAddr: '10.0.0.1', 'count(*)': '1' },
    ]);
  });

  it('the hours where flow records were skipped', async () => {
    expect(
      await rowsOf(
        '/vpc/json',
        'filter logStatus="SKIPDATA"\n| stats count(*) by bin(1h) as t\n| sort t',
      ),
    ).toEqual([
      { t: '2024-06-01 10:00:00.000', 'count(*)': '1' },
      { t: '2024-06-01 11:00:00.000', 'count(*)': '1' },
      { t: '2024-06-01 12:00:00.000', 'count(*)': '1' },
    ]);
  });

  it('the network interface of each flow record (parse with a named group)', async () => {
    expect(
      await rowsOf(
        '/vpc/flow',
        'parse @message /(?<NetworkInterface>eni-.*?) / | display NetworkInterface, @message',
      ),
    ).toEqual([
      { '@message': '2 123456789010 - - - - - - - - 1431280876 1431280934 - NODATA' },
      {
        NetworkInterface: 'eni-aaaa1111',
        '@message':
          '2 123456789010 eni-aaaa1111 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK',
      },
      {
        NetworkInterface: 'eni-1235b8ca123456789',
        '@message':
          '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
      },
    ]);
  });
});

describe('Route 53 queries (adapted: the resolver fields as JSON)', () => {
  it('records per hour by query type', async () => {
    const { rows, fieldOrder } = await runQuery(
      t,
      '/route53',
      'stats count(*) by queryType, bin(1h)',
    );
    expect(rows).toEqual([
      { queryType: 'MX', 'bin(1h)': '2024-06-01 11:00:00.000', 'count(*)': '1' },
      { queryType: 'A', 'bin(1h)': '2024-06-01 11:00:00.000', 'count(*)': '1' },
      { queryType: 'A', 'bin(1h)': '2024-06-01 10:00:00.000', 'count(*)': '2' },
      { queryType: 'AAAA', 'bin(1h)': '2024-06-01 10:00:00.000', 'count(*)': '1' },
    ]);
    expect(fieldOrder[0]).toEqual(['queryType', 'bin(1h)', 'count(*)']);
  });

  it('the 10 resolvers with the most requests', async () => {
    expect(
      await rowsOf(
        '/route53',
        'stats count(*) as numRequests by resolverIp\n| sort numRequests desc\n| limit 10',
      ),
    ).toEqual([
      { resolverIp: '192.0.2.10', numRequests: '3' },
      { resolverIp: '192.0.2.30', numRequests: '1' },
      { resolverIp: '192.0.2.20', numRequests: '1' },
    ]);
  });

  it('failed requests by domain', async () => {
    expect(
      await rowsOf('/route53', 'filter responseCode="SERVFAIL" | stats count(*) by queryName'),
    ).toEqual([
      { queryName: 'mail.example.com', 'count(*)': '1' },
      { queryName: 'api.example.com', 'count(*)': '2' },
    ]);
  });
});

describe('CloudTrail queries (adapted: the trail as JSON)', () => {
  it('entries for each service, event type and Region', async () => {
    expect(
      await rowsOf('/cloudtrail', 'stats count(*) by eventSource, eventName, awsRegion'),
    ).toEqual([
      {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'UpdateTrail',
        awsRegion: 'us-east-1',
        'count(*)': '3',
      },
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateUser',
        awsRegion: 'us-east-1',
        'count(*)': '1',
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'StopInstances',
        awsRegion: 'us-east-2',
        'count(*)': '1',
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'StopInstances',
        awsRegion: 'us-west-1',
        'count(*)': '1',
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'StartInstances',
        awsRegion: 'us-east-2',
        'count(*)': '1',
      },
    ]);
  });

  it('EC2 hosts started or stopped in a Region', async () => {
    expect(
      await rowsOf(
        '/cloudtrail',
        'filter (eventName="StartInstances" or eventName="StopInstances") and region="us-east-2"',
      ),
    ).toEqual([
      {
        '@timestamp': '2024-06-01 10:20:00.000',
        '@message':
          '{"eventSource":"ec2.amazonaws.com","eventName":"StopInstances","awsRegion":"us-east-2","region":"us-east-2"}',
      },
      {
        '@timestamp': '2024-06-01 10:00:00.000',
        '@message':
          '{"eventSource":"ec2.amazonaws.com","eventName":"StartInstances","awsRegion":"us-east-2","region":"us-east-2"}',
      },
    ]);
  });

  it('newly created IAM users, with nested fields', async () => {
    expect(
      await rowsOf(
        '/cloudtrail',
        'filter eventName="CreateUser"\n| fields awsRegion, requestParameters.userName, responseElements.user.arn',
      ),
    ).toEqual([
      {
        awsRegion: 'us-east-1',
        'requestParameters.userName': 'alice',
        'responseElements.user.arn': 'arn:aws:iam::123456789012:user/alice',
      },
    ]);
  });

  it('exceptions while calling UpdateTrail', async () => {
    expect(
      await rowsOf(
        '/cloudtrail',
        'filter eventName="UpdateTrail" and ispresent(errorCode)\n| stats count(*) by errorCode, errorMessage',
      ),
    ).toEqual([
      { errorCode: 'TrailNotFoundException', errorMessage: 'Unknown trail', 'count(*)': '2' },
    ]);
  });
});

describe('parse and display', () => {
  it('a glob extracting fields, averaged by two of them', async () => {
    expect(
      await rowsOf(
        '/app/api',
        'parse @message "user=*, method:*, latency := *" as @user,\n @method, @latency | stats avg(@latency) by @method,\n @user',
      ),
    ).toEqual([
      { '@method': 'GET', '@user': 'alice', 'avg(@latency)': '150' },
      { '@method': 'POST', '@user': 'bob', 'avg(@latency)': '300' },
      {},
    ]);
  });

  it('a glob, a filter on an extracted field and display', async () => {
    expect(
      await rowsOf(
        '/app/plain',
        'fields @message\n| parse @message "[*] *" as loggingType, loggingMessage\n| filter loggingType = "ERROR"\n| display loggingMessage',
      ),
    ).toEqual([{ loggingMessage: 'retry failed' }, { loggingMessage: 'database unreachable' }]);
  });

  it('extracted fields join the default columns', async () => {
    const { rows, fieldOrder } = await runQuery(
      t,
      '/app/plain',
      'parse @message "[*] *" as loggingType, loggingMessage | limit 1',
    );
    expect(rows).toEqual([
      {
        '@timestamp': '2024-06-01 10:02:00.000',
        '@message': '2024-06-01 [ERROR] retry failed',
        loggingType: 'ERROR',
        loggingMessage: 'retry failed',
      },
    ]);
    expect(fieldOrder[0]).toEqual(['@timestamp', '@message', 'loggingType', 'loggingMessage']);
  });
});
