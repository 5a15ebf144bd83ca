/**
 * Every example of the CloudWatch Logs filter pattern documentation ("Filter pattern syntax for
 * metric filters, subscription filters, filter log events, and Live Tail", its regex, unstructured,
 * JSON and space-delimited sections, and the metric filter examples), as a test case.
 */
import { describe, expect, it } from 'vitest';
import { compileFilterPattern, FilterPatternError } from '../src/filter-pattern/index.js';

/** Which of `events` the pattern matches, as indexes. */
const matching = (pattern: string, events: readonly string[]) => {
  const compiled = compileFilterPattern(pattern);
  return events.flatMap((e, i) => (compiled.matches(e) ? [i] : []));
};

const refused = (pattern: string) => {
  try {
    compileFilterPattern(pattern);
  } catch (error) {
    expect(error).toBeInstanceOf(FilterPatternError);
    return (error as FilterPatternError).message;
  }
  throw new Error(`expected ${JSON.stringify(pattern)} to be refused`);
};

describe('matching terms in unstructured log events', () => {
  const http = [
    '[ERROR 400] BAD REQUEST',
    '[ERROR 401] UNAUTHORIZED REQUEST',
    '[ERROR 419] MISSING ARGUMENTS',
    '[ERROR 420] INVALID ARGUMENTS',
  ];

  it('an empty pattern ("") matches every event', () => {
    expect(matching('', [...http, '', 'anything at all'])).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('" " matches everything', () => {
    expect(matching('" "', [...http, 'ARGUMENTS IS THE ONLY KEYWORD IN LOG', '', ' '])).toEqual([
      0, 1, 2, 3, 4, 5, 6,
    ]);
  });

  it('a single term: ERROR', () => {
    expect(matching('ERROR', http)).toEqual([0, 1, 2, 3]);
    expect(
      matching('ERROR', ['[ERROR] A fatal exception has occurred', 'Exiting with ERRORCODE: -1']),
    ).toEqual([0, 1]);
  });

  it('terms are case-sensitive and match inside words', () => {
    const events = [
      'ERRORNEOUS PROGRAM',
      'error=cannot process ticket',
      'rpc error',
      'Error: entity not found!',
      'NotFoundError',
      'ErRoR',
    ];
    expect(matching('ERROR', events)).toEqual([0]);
  });

  it('multiple terms must all appear: ERROR ARGUMENTS', () => {
    expect(matching('ERROR ARGUMENTS', http)).toEqual([2, 3]);
    expect(
      matching('ERROR Exception', [
        '[ERROR] Caught IllegalArgumentException',
        '[ERROR] Unhandled Exception',
        'Exception',
      ]),
    ).toEqual([0, 1]);
    expect(
      matching('Failed to process the request', [
        '[WARN] Failed to process the request',
        '[ERROR] Unable to continue: Failed to process the request',
        '[WARN] Failed to process',
      ]),
    ).toEqual([0, 1]);
  });

  it('?term is OR: ?ERROR ?ARGUMENTS', () => {
    expect(
      matching('?ERROR ?ARGUMENTS', [...http, 'ARGUMENTS IS THE ONLY KEYWORD IN LOG', 'false']),
    ).toEqual([0, 1, 2, 3, 4]);
    expect(matching('?BAD ?INVALID', http)).toEqual([0, 3]);
  });

  it('?"quoted phrase" ?term', () => {
    const events = [
      'map clean up',
      'xyz',
      'xyz will do clean up',
      'abc xy yz xz',
      'map is cleaned up',
      '[ERROR 419] MISSING ARGUMENTS',
    ];
    expect(matching('?"clean up" ?xyz', events)).toEqual([0, 1, 2]);
  });

  it('exact phrases in double quotes: "INTERNAL SERVER ERROR"', () => {
    expect(
      matching('"INTERNAL SERVER ERROR"', [
        '[ERROR 500] INTERNAL SERVER ERROR',
        '[ERROR 500] INTERNAL SERVER',
        'SERVER ERROR INTERNAL',
      ]),
    ).toEqual([0]);
  });

  it('quoted terms may hold special characters: "ERROR][grpc"', () => {
    expect(
      matching('"ERROR][grpc"', ['2025-03-28 [ERROR][grpc] failed', '[ERROR] [grpc]']),
    ).toEqual([0]);
  });

  it('include and exclude terms: ERROR -ARGUMENTS', () => {
    expect(matching('ERROR -ARGUMENTS', http)).toEqual([0, 1]);
  });

  it('"ERROR" - "Exiting" excludes the event that has Exiting', () => {
    expect(
      matching('"ERROR" - "Exiting"', [
        '[ERROR] A fatal exception has occurred',
        'Exiting with ERRORCODE: -1',
      ]),
    ).toEqual([0]);
  });

  it('OR pattern matching over three events', () => {
    const events = ['ERROR WARN message', 'ERROR message', 'WARN message'];
    expect(matching('ERROR', events)).toEqual([0, 1]);
    expect(matching('?ERROR ?WARN', events)).toEqual([0, 1, 2]);
    expect(matching('ERROR WARN', events)).toEqual([0]);
    expect(matching('ERROR -WARN', events)).toEqual([1]);
  });
});

describe('regular expressions (%regex%)', () => {
  it('%AUTHORIZED% matches both AUTHORIZED and UNAUTHORIZED', () => {
    expect(
      matching('%AUTHORIZED%', [
        '[ERROR 401] UNAUTHORIZED REQUEST',
        '[SUCCESS 200] AUTHORIZED REQUEST',
        'authorized',
      ]),
    ).toEqual([0, 1]);
  });

  it('matches IP addresses with %\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%', () => {
    expect(
      matching('%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%', [
        'from 10.0.12.255 port 22',
        'from host-a',
        '1.2.3',
      ]),
    ).toEqual([0]);
  });

  it('%[Ee]rror|[Ff]ail% catches Error/error and Fail/fail', () => {
    expect(
      matching('%[Ee]rror|[Ff]ail%', ['Error x', 'an error', 'Failed', 'will fail', 'ERROR', 'ok']),
    ).toEqual([0, 1, 2, 3]);
  });

  it('the documented operators', () => {
    expect(matching('%^[hc]at%', ['hat trick', 'cat', 'that'])).toEqual([0, 1]);
    expect(matching('%[hc]at$%', ['a hat', 'the cat', 'hats'])).toEqual([0, 1]);
    expect(matching('%colou?r%', ['color', 'colour', 'colouur'])).toEqual([0, 1]);
    expect(matching('%[abc]%', ['a', 'b', 'c', 'd'])).toEqual([0, 1, 2]);
    expect(matching('%^a{3,5}$%', ['aa', 'aaa', 'aaaa', 'aaaaa', 'aaaaaa'])).toEqual([1, 2, 3]);
    expect(matching('%gray|grey%', ['gray', 'grey', 'griy'])).toEqual([0, 1]);
    expect(matching('%10\\.10\\.0\\.1%', ['10.10.0.1', '10a10b0c1'])).toEqual([0]);
    expect(matching('%^ab*c$%', ['ac', 'abc', 'abbbc', 'adc'])).toEqual([0, 1, 2]);
    expect(matching('%^ab+c$%', ['ac', 'abc', 'abbc', 'abbbc'])).toEqual([1, 2, 3]);
    expect(matching('%^.at$%', ['cat', 'bat', 'at'])).toEqual([0, 1]);
    expect(matching('%\\d%', ['9', 'a'])).toEqual([0]);
    expect(matching('%^\\D$%', ['9', 'a'])).toEqual([1]);
    expect(matching('%a\\sb%', ['a b', 'ab'])).toEqual([0]);
    expect(matching('%^\\S+$%', ['a b', 'ab'])).toEqual([1]);
    expect(matching('%^\\w+$%', ['a_1', 'a-1'])).toEqual([0]);
    expect(matching('%\\W%', ['a_1', 'a-1'])).toEqual([1]);
    expect(matching('%\\x5A%', ['Z', 'z'])).toEqual([0]);
  });

  it('refuses characters outside the documented subset: %something!%', () => {
    expect(refused('%something!%')).toMatch(/'!' is not supported/);
  });

  it('refuses parentheses: subpatterns are not supported', () => {
    expect(refused('%(ab)+%')).toMatch(/parentheses are not supported/);
  });

  it('refuses multi-byte characters', () => {
    expect(refused('%café%')).toMatch(/'é' is not supported/);
  });

  it('allows at most two regular expressions in a JSON or space-delimited pattern', () => {
    expect(compileFilterPattern('{ $.a = %x% || $.b = %y% }').matches('{"b":"y"}')).toBe(true);
    expect(refused('{ $.a = %x% || $.b = %y% || $.c = %z% }')).toMatch(
      /at most 2 regular expressions/,
    );
  });
});

describe('matching terms in JSON log events', () => {
  const event = JSON.stringify({
    eventType: 'UpdateTrail',
    sourceIPAddress: '111.111.111.111',
    arrayKey: ['value', 'another value'],
    objectList: [
      { name: 'a', id: 1 },
      { name: 'b', id: 2 },
    ],
    SomeObject: null,
    ThisFlag: true,
  });

  it.each([
    '{ $.eventType = "UpdateTrail" }',
    '{ $.sourceIPAddress != 123.123.* }',
    '{ $.arrayKey[0] = "value" }',
    '{ $.objectList[1].id = 2 }',
    '{ $.SomeObject IS NULL }',
    '{ $.SomeOtherObject NOT EXISTS }',
    '{ $.ThisFlag IS TRUE }',
  ])('%s matches the example event', (pattern) => {
    expect(compileFilterPattern(pattern).matches(event)).toBe(true);
  });

  it.each([
    '{ $.eventType = "CreateTrail" }',
    '{ $.sourceIPAddress != 111.111.* }',
    '{ $.arrayKey[0] = "another value" }',
    '{ $.objectList[1].id = 1 }',
    '{ $.eventType IS NULL }',
    '{ $.SomeObject NOT EXISTS }',
    '{ $.ThisFlag IS FALSE }',
    '{ $.objectList.id = 2 }',
    '{ $.eventType[0] = "UpdateTrail" }',
  ])('%s does not match the example event', (pattern) => {
    expect(compileFilterPattern(pattern).matches(event)).toBe(false);
  });

  it('* wildcards: *Event, Event*, and Ev*ent only matches itself', () => {
    const events = [
      '{"e":"PutEvent"}',
      '{"e":"GetEvent"}',
      '{"e":"EventId"}',
      '{"e":"EventName"}',
      '{"e":"Ev*ent"}',
      '{"e":"Evxent"}',
    ];
    expect(matching('{ $.e = *Event }', events)).toEqual([0, 1]);
    expect(matching('{ $.e = Event* }', events)).toEqual([2, 3]);
    expect(matching('{ $.e = "Ev*ent" }', events)).toEqual([4]);
  });

  it('OR in JSON filters: {$.foo = bar || $.foo = baz }', () => {
    const events = ['{"foo": "bar"}', '{"foo": "baz"}'];
    expect(matching('{$.foo = bar}', events)).toEqual([0]);
    expect(matching('{$.foo = baz }', events)).toEqual([1]);
    expect(matching('{$.foo = bar || $.foo = baz }', events)).toEqual([0, 1]);
  });

  describe('compound conditions: () before && before ||', () => {
    const compound = JSON.stringify({
      user: { id: 1, email: 'John.Stiles@example.com' },
      users: [
        { id: 2, email: 'John.Doe@example.com' },
        { id: 3, email: 'Jane.Doe@example.com' },
      ],
      actions: ['GET', 'PUT', 'DELETE'],
      coordinates: [
        [0, 1, 2],
        [4, 5, 6],
        [7, 8, 9],
      ],
    });
    it.each([
      ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', true],
      ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', false],
      [
        '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }',
        true,
      ],
      [
        '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }',
        false,
      ],
      ['{ $.coordinates[2][0] = 7 && $.users[1].id >= 3 }', true],
    ])('%s → %s', (pattern, expected) => {
      expect(compileFilterPattern(pattern).matches(compound)).toBe(expected);
    });
  });

  it('a selector on an array or object matches neither = nor !=', () => {
    const users = '{ "users": [1, 2, 3] }';
    expect(compileFilterPattern('{$.users = 1}').matches(users)).toBe(false);
    expect(compileFilterPattern('{$.users != 1}').matches(users)).toBe(false);
  });

  describe('numeric comparisons', () => {
    it.each([
      ['{ $.latency >= 500 }', '{"latency": 500}', '{"latency": 499.9}'],
      ['{ $.numbers[0] < 10e3 }', '{"numbers": [9999]}', '{"numbers": [10000]}'],
      ['{ $.numbers[0] < 10e-3 }', '{"numbers": [0.009]}', '{"numbers": [0.01]}'],
      [
        '{ $.processes[4].averageRuntime <= 55.5 }',
        '{"processes": [{},{},{},{},{"averageRuntime": 55.5}]}',
        '{"processes": [{},{},{},{},{"averageRuntime": 55.6}]}',
      ],
      ['{ $.errorCode = 400 }', '{"errorCode": 400}', '{"errorCode": 404}'],
      ['{ $.errorCode != 500 }', '{"errorCode": 400}', '{"errorCode": 500}'],
      ['{ $.latency > +1000 }', '{"latency": 1001}', '{"latency": 1000}'],
    ])('%s', (pattern, yes, no) => {
      const compiled = compileFilterPattern(pattern);
      expect(compiled.matches(yes)).toBe(true);
      expect(compiled.matches(no)).toBe(false);
    });
  });

  it('CloudTrail alarm examples: console sign-in without MFA, unauthorized API calls', () => {
    const mfa = '{ ($.eventName = ConsoleLogin) && ($.additionalEventData.MFAUsed != "Yes") }';
    expect(
      matching(mfa, [
        '{"eventName":"ConsoleLogin","additionalEventData":{"MFAUsed":"No"}}',
        '{"eventName":"ConsoleLogin","additionalEventData":{"MFAUsed":"Yes"}}',
        '{"eventName":"GetObject","additionalEventData":{"MFAUsed":"No"}}',
      ]),
    ).toEqual([0]);
    const unauthorized =
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }';
    expect(
      matching(unauthorized, [
        '{"errorCode":"Client.UnauthorizedOperation"}',
        '{"errorCode":"AccessDeniedException"}',
        '{"errorCode":"ThrottlingException"}',
        '{"eventName":"x"}',
      ]),
    ).toEqual([0, 1]);
  });

  it('what the AWS CDK FilterPattern builders generate', () => {
    const pattern = '{ ($.component = "HttpServer") && (($.error IS TRUE) || ($.latency > 1000)) }';
    expect(
      matching(pattern, [
        '{"component":"HttpServer","error":true,"latency":5}',
        '{"component":"HttpServer","error":false,"latency":1500}',
        '{"component":"HttpServer","error":false,"latency":5}',
        '{"component":"Db","error":true}',
      ]),
    ).toEqual([0, 1]);
    expect(matching('{ $.flag EXISTS }', ['{"flag":null}', '{"other":1}'])).toEqual([0]);
  });
});

describe('matching terms in space-delimited log events', () => {
  const apache = [
    '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
    '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
    '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 200 4355',
    '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534',
    '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 403 534',
  ];

  it.each([
    ['[ip, user, username, timestamp, request, status_code, bytes]', [0, 1, 2, 3, 4]],
    ['[..., status_code, bytes]', [0, 1, 2, 3, 4]],
    ['[ip, user, ..., status_code, bytes]', [0, 1, 2, 3, 4]],
    ['[ip, user, ...]', [0, 1, 2, 3, 4]],
    ['[ip, user, username, timestamp, request, status_code, bytes > 1000]', [0, 1, 2, 3]],
    ['[ip, user, username, timestamp, request, status_code = 200, bytes]', [0, 2]],
    ['[ip, user, username, timestamp, request, status_code = 4*, bytes]', [3, 4]],
    ['[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]', [3, 4]],
    [
      '[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]',
      [3],
    ],
    [
      '[ip, user, username, timestamp, request, status_code = 403 || status_code = 404, bytes]',
      [3, 4],
    ],
    ['[..., request=*.html*, status_code=4*,]', [3, 4]],
    [
      '[ip, user, username, timestamp, request =%.*\\.html%, status_code = %4[0-9]{2}%, bytes]',
      [3, 4],
    ],
    ['[ip, user, username, timestamp, request, status_code, bytes, extra]', []],
    ['[ip, user, username, timestamp, request, status_code]', []],
  ] as const)('%s', (pattern, expected) => {
    expect(matching(pattern, apache)).toEqual(expected);
  });

  it('a condition on another field inside one field is refused (status_code = 4* && bytes > 1000)', () => {
    expect(
      refused('[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]'),
    ).toMatch(/its condition tests 'bytes'/);
  });

  it('OR in space-delimited filters: w1 is the first word', () => {
    const events = ['ERROR WARN message', 'ERROR message', 'WARN message'];
    expect(matching('[w1=ERROR, w2]', events)).toEqual([1]);
    expect(matching('[w1=ERROR || w1=WARN, w2]', events)).toEqual([1, 2]);
    // The guide says this matches "ERROR WARN message", but that event has three words for a
    // two-field pattern and its first word is ERROR: by the guide's own rules nothing matches.
    expect(matching('[w1!=ERROR&&w1!=WARN, w2]', events)).toEqual([]);
    expect(matching('[w1!=ERROR&&w1!=WARN, w2]', ['INFO message'])).toEqual([0]);
  });

  it('the CDK SpaceDelimitedTextPattern example', () => {
    expect(
      matching('[time, component=HttpServer, ..., result_code!=200, latency]', [
        '12:00 HttpServer GET /a 500 12',
        '12:00 HttpServer GET /a 200 12',
        '12:00 Database 500 12',
      ]),
    ).toEqual([0]);
  });

  it('extracts the documented fields from [..., request=*.html*, status_code=4*,]', () => {
    const compiled = compileFilterPattern('[..., request=*.html*, status_code=4*,]');
    const e = apache[3]!;
    expect(compiled.extract(e, '$status_code')?.value).toBe(404);
    expect(compiled.extract(e, '$7')?.value).toBe(1534);
    expect(
      compiled.extract(e, '1', { request: '$request', when: '$4', who: '$3', rfc: '$2', ip: '$1' })
        ?.dimensions,
    ).toEqual({
      request: 'GET /index.html HTTP/1.0',
      when: '10/Oct/2000:13:25:15 -0700',
      who: 'frank',
      rfc: '-',
      ip: '127.0.0.1',
    });
  });
});

describe('metric filter examples', () => {
  it('{ $.latency = * } with metric value $.latency publishes 50', () => {
    const compiled = compileFilterPattern('{ $.latency = * }');
    expect(compiled.extract('{\n"latency": 50,\n"requestType": "GET"\n}', '$.latency')).toEqual({
      value: 50,
      dimensions: {},
    });
    expect(compiled.extract('{"requestType": "GET"}', '$.latency')).toBeUndefined();
  });

  it('bytes transferred: [ip, id, user, timestamp, request, status_code, size] with $size (or $7)', () => {
    const compiled = compileFilterPattern('[ip, id, user, timestamp, request, status_code, size]');
    const lines = [
      '127.0.0.1 - - [24/Sep/2013:11:49:52 -0700] "GET /index.html HTTP/1.1" 404 287',
      '127.0.0.1 - - [24/Sep/2013:11:49:52 -0700] "GET /index.html HTTP/1.1" 404 287',
      '127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /~test/ HTTP/1.1" 200 3',
      '127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /favicon.ico HTTP/1.1" 404 308',
      '127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /favicon.ico HTTP/1.1" 404 308',
      '127.0.0.1 - - [24/Sep/2013:11:51:34 -0700] "GET /~test/index.html HTTP/1.1" 200 3',
    ];
    expect(lines.map((l) => compiled.extract(l, '$size')?.value)).toEqual([
      287, 287, 3, 308, 308, 3,
    ]);
    expect(lines.map((l) => compiled.extract(l, '$7')?.value)).toEqual([287, 287, 3, 308, 308, 3]);
  });

  it('counting 404s: [ip, id, user, timestamp, request, status_code=404, size] with metric value 1', () => {
    const compiled = compileFilterPattern(
      '[ip, id, user, timestamp, request, status_code=404, size]',
    );
    const notFound =
      '127.0.0.1 - bob [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 404 2326';
    const ok =
      '127.0.0.1 - bob [10/Oct/2000:13:55:36 -0700] "GET /apache_pb2.gif HTTP/1.0" 200 2326';
    expect(compiled.extract(notFound, '1')).toEqual({ value: 1, dimensions: {} });
    expect(compiled.extract(ok, '1')).toBeUndefined();
    const console = compileFilterPattern(
      '[IP, UserInfo, User, Timestamp, RequestInfo, StatusCode=404, Bytes]',
    );
    expect(
      console.matches(
        '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 404 2326',
      ),
    ).toBe(true);
  });
});

describe('bad patterns are refused with the reason', () => {
  it("If a filter pattern starts with '{' it must end with '}'", () => {
    expect(refused('{$.kubernetes.namespace_name="abc"')).toBe(
      "If a filter pattern starts with '{' it must end with '}'",
    );
  });

  it('an empty quoted term: Invalid character(s) in term \'""\'', () => {
    expect(refused('""')).toMatch(/^Invalid filter pattern: Invalid character\(s\) in term '""'/);
  });

  it('terms with characters other than letters, digits and _ must be quoted', () => {
    expect(refused('email@domain.com')).toMatch(
      /^Invalid filter pattern: Invalid character\(s\) in term 'email@domain.com'/,
    );
    expect(compileFilterPattern('"email@domain.com"').matches('sent to email@domain.com')).toBe(
      true,
    );
  });
});
