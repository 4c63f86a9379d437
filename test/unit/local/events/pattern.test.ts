import { describe, expect, it } from 'vitest';
import {
  compileEventPattern,
  INVALID_EVENT_PATTERN,
  matchesEventPattern,
} from '../../../../local/events/pattern.js';
import { isBadgeError } from '../../../../shared/errors.js';

// The sample event of the EventBridge and Event Ruler documentation.
const ec2Event = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: {
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.33',
    'instance-id': 'i-000000aaaaaa00000',
    state: 'running',
  },
};

const withDetail = (detail: Record<string, unknown>) => ({ ...ec2Event, detail });

const cloudWatchEvent = {
  source: 'aws.cloudwatch',
  metricName: 'NetworkIn',
  namespace: 'AWS/EC2',
  metricType: 'MetricType',
  detail: { source: 'custom', 'detail-type': 'CloudWatch Alarm State Change' },
};

const employeesEvent = {
  employees: [
    { firstName: 'John', lastName: 'Doe' },
    { firstName: 'Anna', lastName: 'Smith' },
    { firstName: 'Peter', lastName: 'Jones' },
  ],
};

type Row = readonly [name: string, pattern: unknown, event: unknown, expected: boolean];

const rows: Row[] = [
  // Exact values, AND across fields, OR inside a field's list.
  [
    'docs simple match on detail-type, resources and detail.state',
    {
      'detail-type': ['EC2 Instance State-change Notification'],
      resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
      detail: { state: ['initializing', 'running'] },
    },
    ec2Event,
    true,
  ],
  ['exact string differs', { source: ['aws.s3'] }, ec2Event, false],
  ['list of values is an OR', { source: ['aws.s3', 'aws.ec2'] }, ec2Event, true],
  ['every field must match (AND)', { source: ['aws.ec2'], region: ['eu-west-1'] }, ec2Event, false],
  ['matching is case sensitive', { source: ['AWS.EC2'] }, ec2Event, false],
  ['field names are case sensitive', { Source: ['aws.ec2'] }, ec2Event, false],
  ['missing field never matches an exact value', { detail: { missing: ['x'] } }, ec2Event, false],
  ['number matches the same number', { detail: { 'c-count': [5] } }, ec2Event, true],
  ['number matches however it is written', { detail: { 'x-limit': [3.018e2] } }, ec2Event, true],
  ['number does not match its string form', { detail: { 'c-count': ['5'] } }, ec2Event, false],
  ['string does not match a number', { detail: { code: [5] } }, withDetail({ code: '5' }), false],
  ['boolean true matches true', { detail: { ok: [true] } }, withDetail({ ok: true }), true],
  [
    'boolean true does not match the string "true"',
    { detail: { ok: [true] } },
    withDetail({ ok: 'true' }),
    false,
  ],
  [
    'nested object patterns follow the event structure',
    { detail: { a: { b: ['c'] } } },
    withDetail({ a: { b: 'c' } }),
    true,
  ],
  ['pattern value on an intermediate node does not match', { detail: ['x'] }, ec2Event, false],
  // Null and empty string.
  [
    'docs null matches a null value',
    { detail: { responseElements: [null] } },
    withDetail({ responseElements: null }),
    true,
  ],
  [
    'docs empty string matches an empty string',
    { detail: { eventVersion: [''] } },
    withDetail({ eventVersion: '' }),
    true,
  ],
  [
    'null does not match an empty string',
    { detail: { eventVersion: [null] } },
    withDetail({ eventVersion: '' }),
    false,
  ],
  [
    'empty string does not match null',
    { detail: { eventVersion: [''] } },
    withDetail({ eventVersion: null }),
    false,
  ],
  ['null does not match a missing field', { detail: { responseElements: [null] } }, withDetail({}), false],
  ['null does not match an empty array', { resources: [null] }, { ...ec2Event, resources: [] }, false],
  // Arrays in events.
  [
    'docs array intersection matches',
    {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      ],
    },
    {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    },
    true,
  ],
  ['array without common element does not match', { resources: ['arn:x'] }, ec2Event, false],
  [
    'objects inside arrays match through the parent path',
    { employees: { firstName: ['Anna'] } },
    employeesEvent,
    true,
  ],
  [
    'fields of one object must come from the same array element',
    { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
    employeesEvent,
    false,
  ],
  [
    'fields from the same array element match',
    { employees: { firstName: ['Anna'], lastName: ['Smith'] } },
    employeesEvent,
    true,
  ],
  [
    'nested arrays are crushed into the parent path',
    { employees: { lastName: ['Jones'] } },
    { employees: [[{ lastName: 'Doe' }], [{ lastName: 'Jones' }]] },
    true,
  ],
  // Dots join paths.
  [
    'dotted pattern key matches nested event',
    { detail: { 'state.status': ['running'] } },
    withDetail({ state: { status: 'running' } }),
    true,
  ],
  [
    'dotted event key matches nested pattern',
    { detail: { state: { status: ['running'] } } },
    withDetail({ 'state.status': 'running' }),
    true,
  ],
  [
    'extra nesting below a dotted key does not match',
    { detail: { state: { status: ['running'] } } },
    withDetail({ 'state.status': { status: 'running' } }),
    false,
  ],
  // prefix
  ['docs prefix on time', { time: [{ prefix: '2017-10-02' }] }, ec2Event, true],
  ['prefix that differs', { time: [{ prefix: '2018' }] }, ec2Event, false],
  ['prefix is case sensitive', { source: [{ prefix: 'AWS.' }] }, ec2Event, false],
  ['prefix only applies to strings', { detail: { 'c-count': [{ prefix: '5' }] } }, ec2Event, false],
  [
    'docs prefix equals-ignore-case',
    { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    withDetail({ service: 'eventbridge' }),
    true,
  ],
  [
    'prefix equals-ignore-case that differs',
    { detail: { service: [{ prefix: { 'equals-ignore-case': 'sqs' } }] } },
    withDetail({ service: 'eventbridge' }),
    false,
  ],
  // suffix
  ['docs suffix on source', { source: [{ suffix: 'ec2' }] }, ec2Event, true],
  ['docs suffix on a file name', { FileName: [{ suffix: '.png' }] }, { FileName: 'image.png' }, true],
  ['suffix that differs', { FileName: [{ suffix: '.png' }] }, { FileName: 'image.PNG' }, false],
  [
    'docs suffix equals-ignore-case',
    { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
    withDetail({ FileName: 'IMAGE.PNG' }),
    true,
  ],
  [
    'suffix equals-ignore-case that differs',
    { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
    withDetail({ FileName: 'a.jpg' }),
    false,
  ],
  // equals-ignore-case
  ['docs equals-ignore-case', { source: [{ 'equals-ignore-case': 'AWS.EC2' }] }, ec2Event, true],
  [
    'equals-ignore-case is not a prefix match',
    { source: [{ 'equals-ignore-case': 'AWS' }] },
    ec2Event,
    false,
  ],
  [
    'equals-ignore-case only applies to strings',
    { detail: { 'c-count': [{ 'equals-ignore-case': '5' }] } },
    ec2Event,
    false,
  ],
  // wildcard
  [
    'docs wildcard in the middle',
    { source: [{ wildcard: 'Simple*Service' }] },
    { source: 'SimpleQueueService' },
    true,
  ],
  [
    'wildcard matches an empty run',
    { source: [{ wildcard: 'Simple*Service' }] },
    { source: 'SimpleService' },
    true,
  ],
  [
    'wildcard that differs',
    { source: [{ wildcard: 'Simple*Service' }] },
    { source: 'SimpleQueueServices' },
    false,
  ],
  [
    'wildcard with several stars',
    { EventBusArn: [{ wildcard: 'arn:aws:events:*:*:event-bus/*' }] },
    { EventBusArn: 'arn:aws:events:eu-west-1:000000000000:event-bus/badges' },
    true,
  ],
  ['escaped star matches a literal star', { name: [{ wildcard: 'a\\*b' }] }, { name: 'a*b' }, true],
  ['escaped star is not a wildcard', { name: [{ wildcard: 'a\\*b' }] }, { name: 'axb' }, false],
  [
    'escaped backslash matches a backslash',
    { name: [{ wildcard: 'a\\\\*' }] },
    { name: 'a\\anything' },
    true,
  ],
  [
    'wildcard does not treat regex characters specially',
    { name: [{ wildcard: 'a.c*' }] },
    { name: 'abc' },
    false,
  ],
  ['wildcard is case sensitive', { name: [{ wildcard: 'abc*' }] }, { name: 'ABC' }, false],
  // anything-but
  ['docs anything-but string', { detail: { state: [{ 'anything-but': 'initializing' }] } }, ec2Event, true],
  [
    'anything-but string excludes that value',
    { detail: { state: [{ 'anything-but': 'running' }] } },
    ec2Event,
    false,
  ],
  ['docs anything-but number', { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, ec2Event, true],
  [
    'anything-but number excludes that number',
    { detail: { 'x-limit': [{ 'anything-but': 301.8 }] } },
    ec2Event,
    false,
  ],
  [
    'docs anything-but string list',
    { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    ec2Event,
    true,
  ],
  [
    'anything-but string list excludes members',
    { detail: { state: [{ 'anything-but': ['stopped', 'running'] }] } },
    ec2Event,
    false,
  ],
  [
    'docs anything-but number list',
    { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    ec2Event,
    true,
  ],
  [
    'anything-but number list excludes members',
    { detail: { 'c-count': [{ 'anything-but': [1, 5] }] } },
    ec2Event,
    false,
  ],
  [
    'anything-but string matches a number',
    { detail: { 'c-count': [{ 'anything-but': '5' }] } },
    ec2Event,
    true,
  ],
  [
    'anything-but matches a null value',
    { detail: { state: [{ 'anything-but': 'initializing' }] } },
    withDetail({ state: null }),
    true,
  ],
  [
    'anything-but does not match a missing field',
    { detail: { state: [{ 'anything-but': 'initializing' }] } },
    withDetail({}),
    false,
  ],
  [
    'anything-but matches an array with another element',
    { tags: [{ 'anything-but': 'a' }] },
    { tags: ['a', 'b'] },
    true,
  ],
  [
    'anything-but does not match an array of excluded values only',
    { tags: [{ 'anything-but': 'a' }] },
    { tags: ['a', 'a'] },
    false,
  ],
  [
    'docs anything-but prefix',
    { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    ec2Event,
    true,
  ],
  [
    'anything-but prefix excludes prefixed values',
    { detail: { state: [{ 'anything-but': { prefix: 'run' } }] } },
    ec2Event,
    false,
  ],
  [
    'anything-but prefix list',
    { detail: { state: [{ 'anything-but': { prefix: ['init', 'stop'] } }] } },
    ec2Event,
    true,
  ],
  [
    'anything-but prefix matches a number',
    { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    withDetail({ state: 12 }),
    true,
  ],
  [
    'docs anything-but suffix',
    { FileName: [{ 'anything-but': { suffix: '.png' } }] },
    { FileName: 'a.jpg' },
    true,
  ],
  [
    'anything-but suffix excludes suffixed values',
    { FileName: [{ 'anything-but': { suffix: '.png' } }] },
    { FileName: 'a.png' },
    false,
  ],
  [
    'docs anything-but equals-ignore-case',
    { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
    ec2Event,
    true,
  ],
  [
    'anything-but equals-ignore-case excludes other casings',
    { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'RUNNING' } }] } },
    ec2Event,
    false,
  ],
  [
    'anything-but equals-ignore-case list',
    { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'Running'] } }] } },
    ec2Event,
    false,
  ],
  [
    'docs anything-but wildcard',
    { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    { FilePath: '/usr/share/x' },
    true,
  ],
  [
    'anything-but wildcard excludes matching values',
    { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    { FilePath: '/usr/lib/x' },
    false,
  ],
  [
    'anything-but wildcard list',
    { FilePath: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] },
    { FilePath: '/usr/bin/x' },
    false,
  ],
  [
    'anything-but wildcard matches a number',
    { FilePath: [{ 'anything-but': { wildcard: '*/dir/*' } }] },
    { FilePath: 123 },
    true,
  ],
  // numeric
  [
    'docs numeric range and bounds',
    {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    },
    ec2Event,
    true,
  ],
  ['numeric = that differs', { detail: { 'c-count': [{ numeric: ['=', 4] }] } }, ec2Event, false],
  ['numeric < excludes the bound', { detail: { 'c-count': [{ numeric: ['<', 5] }] } }, ec2Event, false],
  ['numeric <= includes the bound', { detail: { 'c-count': [{ numeric: ['<=', 5] }] } }, ec2Event, true],
  ['numeric > excludes the bound', { detail: { 'c-count': [{ numeric: ['>', 5] }] } }, ec2Event, false],
  ['numeric >= includes the bound', { detail: { 'c-count': [{ numeric: ['>=', 5] }] } }, ec2Event, true],
  [
    'numeric open range excludes its top',
    { detail: { 'c-count': [{ numeric: ['>=', 0, '<', 5] }] } },
    ec2Event,
    false,
  ],
  [
    'numeric works on negative and decimal values',
    { detail: { t: [{ numeric: ['>', -1.5, '<', -0.25] }] } },
    withDetail({ t: -1 }),
    true,
  ],
  [
    'numeric does not match a numeric string',
    { detail: { 'c-count': [{ numeric: ['>', 0] }] } },
    withDetail({ 'c-count': '5' }),
    false,
  ],
  [
    'numeric matches any element of an array',
    { detail: { n: [{ numeric: ['>', 10] }] } },
    withDetail({ n: [1, 20] }),
    true,
  ],
  // cidr
  [
    'docs cidr matches an address in range',
    { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } },
    ec2Event,
    true,
  ],
  [
    'cidr does not match an address out of range',
    { detail: { 'source-ip': [{ cidr: '10.0.1.0/24' }] } },
    ec2Event,
    false,
  ],
  ['cidr /8', { detail: { 'source-ip': [{ cidr: '10.0.0.0/8' }] } }, ec2Event, true],
  ['cidr IPv6', { ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db8:85a3::8a2e:370:7334' }, true],
  ['cidr IPv6 out of range', { ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db9::1' }, false],
  ['cidr does not match a non address', { ip: [{ cidr: '10.0.0.0/8' }] }, { ip: 'ten' }, false],
  ['cidr does not match the other family', { ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '::1' }, false],
  ['exact IPv6 matches another spelling', { ip: ['2001:db8::1'] }, { ip: '2001:0db8:0:0:0:0:0:1' }, true],
  // exists
  ['exists true on a present leaf', { detail: { 'c-count': [{ exists: true }] } }, ec2Event, true],
  [
    'exists true on a null leaf',
    { detail: { state: [{ exists: true }] } },
    withDetail({ state: null }),
    true,
  ],
  ['exists true on a missing field', { detail: { missing: [{ exists: true }] } }, ec2Event, false],
  [
    'exists true on an intermediate node',
    { detail: { nested: [{ exists: true }] } },
    withDetail({ nested: { a: 1 } }),
    false,
  ],
  ['exists true on an empty array', { resources: [{ exists: true }] }, { ...ec2Event, resources: [] }, false],
  [
    'docs exists false on a missing field',
    { detail: { 'c-count': [{ exists: false }] } },
    withDetail({ state: 'running' }),
    true,
  ],
  [
    'docs exists false on an intermediate node',
    { detail: { 'c-count': [{ exists: false }] } },
    withDetail({ 'c-count': { c1: 100 } }),
    true,
  ],
  ['exists false on a present leaf', { detail: { 'c-count': [{ exists: false }] } }, ec2Event, false],
  [
    'exists false or another matcher on an absent field',
    { detail: { homemade: [{ 'anything-but': ['roses'] }, { exists: false }] } },
    withDetail({ purchased: 789 }),
    true,
  ],
  // $or
  [
    'docs $or matches the second alternative',
    {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
    },
    cloudWatchEvent,
    true,
  ],
  [
    '$or with no matching alternative',
    { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/ES'] }] },
    cloudWatchEvent,
    false,
  ],
  [
    '$or still requires the fields outside it',
    { source: ['aws.ec2'], $or: [{ metricName: ['NetworkIn'] }, { namespace: ['AWS/EC2'] }] },
    cloudWatchEvent,
    false,
  ],
  [
    'docs parallel $or at two levels',
    {
      $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
      detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
    },
    cloudWatchEvent,
    true,
  ],
  [
    'docs $or with an AND inside',
    {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization'] },
        { metricType: ['MetricType'], namespace: ['AWS/EC2'] },
        { scope: ['Service'] },
      ],
    },
    cloudWatchEvent,
    true,
  ],
  [
    'docs nested $or and AND',
    {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization'] },
        {
          metricType: ['MetricType'],
          namespace: ['AWS/EC2'],
          $or: [{ metricId: [1234] }, { spaceId: [1000] }],
        },
      ],
    },
    { ...cloudWatchEvent, spaceId: 1000 },
    true,
  ],
  [
    'nested $or without its inner alternative',
    {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization'] },
        {
          metricType: ['MetricType'],
          namespace: ['AWS/EC2'],
          $or: [{ metricId: [1234] }, { spaceId: [1000] }],
        },
      ],
    },
    cloudWatchEvent,
    false,
  ],
  // The documentation's complex example.
  [
    'docs complex example',
    {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
        'source-ip': [{ cidr: '10.0.0.0/8' }],
      },
    },
    ec2Event,
    true,
  ],
  [
    'mixed list: any matcher may match',
    { detail: { state: [{ prefix: 'stop' }, 'running'] } },
    ec2Event,
    true,
  ],
  ['the pattern may be JSON text', '{"source":["aws.ec2"]}', ec2Event, true],
];

describe('EventBridge event patterns', () => {
  it.each(rows)('%s', (_name, pattern, event, expected) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });

  it('compiles a pattern once and matches many events', () => {
    const compiled = compileEventPattern({ source: ['badges.registration'], 'detail-type': ['attended'] });
    const event = (detailType: string) => ({
      source: 'badges.registration',
      'detail-type': detailType,
      detail: {},
    });
    expect([compiled.matches(event('attended')), compiled.matches(event('spoke'))]).toEqual([true, false]);
  });
});

type InvalidRow = readonly [name: string, pattern: unknown, reason: string];

const invalidRows: InvalidRow[] = [
  ['malformed JSON text', '{"source": ', 'JSON'],
  ['a pattern that is not an object', '["aws.ec2"]', 'Filter is not an object'],
  ['an empty pattern', {}, 'Empty objects are not allowed'],
  ['an empty nested object', { detail: {} }, 'Empty objects are not allowed'],
  ['a scalar instead of a list', { int: 42 }, '"int" must be an object or an array'],
  ['a string instead of a list', { string: 'my-value' }, '"string" must be an object or an array'],
  ['an empty list', { resources: [] }, 'Empty arrays are not allowed'],
  ['a nested list', { resources: [['a']] }, 'Match value must be String, number, true, false, or null'],
  ['an unknown operator', { a: [{ regex: 'x' }] }, 'Unrecognized match type regex'],
  ['operators are case sensitive', { a: [{ EXISTS: true }] }, 'Unrecognized match type EXISTS'],
  [
    'two operators in one object',
    { a: [{ prefix: 'a', suffix: 'b' }] },
    'Only one key allowed in match expression',
  ],
  ['an empty operator object', { a: [{}] }, 'Match expression name not found'],
  ['prefix with a number', { a: [{ prefix: 1 }] }, 'prefix match pattern must be a string'],
  ['prefix with an unsupported option', { a: [{ prefix: { wildcard: 'x' } }] }, 'Unsupported prefix pattern'],
  ['suffix with a list', { a: [{ suffix: ['x'] }] }, 'suffix match pattern must be a string'],
  [
    'equals-ignore-case with a list',
    { a: [{ 'equals-ignore-case': ['x'] }] },
    'equals-ignore-case match pattern must be a string',
  ],
  [
    'equals-ignore-case with an object',
    { a: [{ 'equals-ignore-case': { prefix: 'x' } }] },
    'equals-ignore-case match pattern must be a string',
  ],
  [
    'wildcard with consecutive stars',
    { a: [{ wildcard: 'arn:**:bus/*' }] },
    'Consecutive wildcard characters at pos 5',
  ],
  ['wildcard with an unknown escape', { a: [{ wildcard: 'a\\b' }] }, 'Invalid escape character at pos 1'],
  ['wildcard with a trailing backslash', { a: [{ wildcard: 'a\\' }] }, 'Invalid escape character at pos 1'],
  ['numeric not a list', { a: [{ numeric: 5 }] }, 'Value of numeric must be an array.'],
  [
    'numeric with an unknown operator',
    { a: [{ numeric: ['!=', 5] }] },
    'Unrecognized numeric range operator: !=',
  ],
  ['numeric with a string value', { a: [{ numeric: ['>', '5'] }] }, 'Value of > must be numeric'],
  ['numeric range missing its top', { a: [{ numeric: ['>', 0, '<'] }] }, 'Value of < must be numeric'],
  [
    'numeric range with two lower bounds',
    { a: [{ numeric: ['>', 0, '>', 0] }] },
    'Bad numeric range operator: >',
  ],
  ['numeric range upside down', { a: [{ numeric: ['>', 10, '<', 5] }] }, 'Bottom must be less than top'],
  [
    'numeric = with extra terms',
    { a: [{ numeric: ['=', 1, '<', 5] }] },
    'Too many elements in numeric expression',
  ],
  ['numeric out of range', { a: [{ numeric: ['>', 6e9] }] }, 'out of range'],
  ['anything-but with null', { a: [{ 'anything-but': null }] }, 'start|null|boolean is not supported'],
  [
    'anything-but with a boolean list',
    { a: [{ 'anything-but': [true] }] },
    'start|null|boolean is not supported',
  ],
  ['anything-but with a mixed list', { a: [{ 'anything-but': ['a', 1] }] }, 'mixed type is not supported'],
  ['anything-but with an empty list', { a: [{ 'anything-but': [] }] }, 'mixed type is not supported'],
  [
    'anything-but with an unsupported operator',
    { a: [{ 'anything-but': { numeric: ['>', 1] } }] },
    'Unsupported anything-but pattern: numeric',
  ],
  [
    'anything-but prefix empty',
    { a: [{ 'anything-but': { prefix: '' } }] },
    'Null prefix/suffix not allowed',
  ],
  [
    'anything-but suffix with a number',
    { a: [{ 'anything-but': { suffix: 1 } }] },
    'prefix/suffix match pattern must be a string',
  ],
  [
    'anything-but equals-ignore-case with a number',
    { a: [{ 'anything-but': { 'equals-ignore-case': 123 } }] },
    'Inside anything-but/equals-ignore-case list',
  ],
  [
    'anything-but wildcard with consecutive stars',
    { a: [{ 'anything-but': { wildcard: ['a**b'] } }] },
    'Consecutive wildcard characters',
  ],
  ['exists with a string', { a: [{ exists: 'yes' }] }, 'exists match pattern must be either true or false.'],
  ['cidr without a mask', { a: [{ cidr: '10.0.0.1' }] }, "Malformed CIDR, one '/' required"],
  ['cidr with a bad address', { a: [{ cidr: '10.0.0.256/8' }] }, 'Invalid IP address'],
  ['cidr with a bad mask', { a: [{ cidr: '10.0.0.0/33' }] }, 'Invalid CIDR mask'],
  ['cidr with a number', { a: [{ cidr: 10 }] }, 'cidr match pattern must be a string'],
  ['$or not a list', { $or: { source: ['a'] } }, 'It must be an Array followed with $or.'],
  [
    '$or with one alternative',
    { $or: [{ source: ['a'] }] },
    'There must have at least 2 Objects in $or relationship.',
  ],
  [
    '$or with a scalar alternative',
    { $or: ['a', 'b'] },
    'Only JSON object is allowed in array of $or relationship.',
  ],
  [
    '$or using an operator name as a field',
    { $or: [{ numeric: [1] }, { prefix: ['a'] }] },
    'numeric is Ruler reserved fieldName',
  ],
];

describe('EventBridge event pattern validation', () => {
  it.each(invalidRows)('rejects %s', (_name, pattern, reason) => {
    let caught: unknown;
    try {
      compileEventPattern(pattern);
    } catch (error) {
      caught = error;
    }
    expect(isBadgeError(caught) && caught.code).toBe(INVALID_EVENT_PATTERN);
    expect((caught as Error).message).toContain('Event pattern is not valid. Reason: ');
    expect((caught as Error).message).toContain(reason);
  });
});
