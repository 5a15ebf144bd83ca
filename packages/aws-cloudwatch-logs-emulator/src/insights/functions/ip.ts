import { BlockList, isIP } from 'node:net';
import type { ScalarFunction, Value } from '../value.js';
import { define } from './coerce.js';

type Family = 4 | 6;

function familyOf(value: Value): Family | undefined {
  if (typeof value !== 'string') return undefined;
  const f = isIP(value);
  return f === 4 || f === 6 ? f : undefined;
}

function blockType(family: Family): 'ipv4' | 'ipv6' {
  return family === 4 ? 'ipv4' : 'ipv6';
}

interface Subnet {
  family: Family;
  list: BlockList;
}

const subnetCache = new Map<string, Subnet | null>();
const SUBNET_CACHE_LIMIT = 256;

/**
 * A CIDR block such as `192.0.2.0/24` or `2001:db8::/32`, cached because a query tests every
 * record against the same literal. Host bits set in the address are ignored, as a mask would.
 */
export function parseSubnet(cidr: string): Subnet | undefined {
  let subnet = subnetCache.get(cidr);
  if (subnet === undefined) {
    subnet = null;
    const slash = cidr.lastIndexOf('/');
    const address = cidr.slice(0, slash).trim();
    const prefixText = cidr.slice(slash + 1).trim();
    const family = slash > 0 ? familyOf(address) : undefined;
    if (family !== undefined && /^\d{1,3}$/.test(prefixText)) {
      const prefix = Number(prefixText);
      if (prefix <= (family === 4 ? 32 : 128)) {
        const list = new BlockList();
        list.addSubnet(address, prefix, blockType(family));
        subnet = { family, list };
      }
    }
    if (subnetCache.size >= SUBNET_CACHE_LIMIT) subnetCache.clear();
    subnetCache.set(cidr, subnet);
  }
  return subnet ?? undefined;
}

/** Whether `ip` is a valid address of the subnet's family inside the subnet; never throws. */
function inSubnet(ip: Value, cidr: Value, only: Family | undefined): boolean {
  const family = familyOf(ip);
  if (family === undefined || typeof cidr !== 'string') return false;
  if (only !== undefined && family !== only) return false;
  const subnet = parseSubnet(cidr);
  if (subnet === undefined || subnet.family !== family) return false;
  return subnet.list.check(ip as string, blockType(family));
}

/**
 * One list per family: a BlockList matches IPv4 addresses against IPv4-mapped IPv6 rules, so a
 * mixed list would count every IPv4 address as inside `::ffff:0:0/96`.
 */
interface RangeLists {
  4: BlockList;
  6: BlockList;
}

function rangeLists(v4: readonly string[], v6: readonly string[]): RangeLists {
  const lists: RangeLists = { 4: new BlockList(), 6: new BlockList() };
  for (const cidr of v4) {
    const [net, prefix] = cidr.split('/');
    lists[4].addSubnet(net!, Number(prefix), 'ipv4');
  }
  for (const cidr of v6) {
    const [net, prefix] = cidr.split('/');
    lists[6].addSubnet(net!, Number(prefix), 'ipv6');
  }
  return lists;
}

/** RFC 1918 private IPv4 ranges, and the IPv6 unique-local range (RFC 4193) that plays their part. */
const PRIVATE = rangeLists(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], ['fc00::/7']);

/** The IANA special-purpose registries' ranges that are not globally routable. */
const RESERVED = rangeLists(
  [
    '0.0.0.0/8',
    '10.0.0.0/8',
    '100.64.0.0/10',
    '127.0.0.0/8',
    '169.254.0.0/16',
    '172.16.0.0/12',
    '192.0.0.0/24',
    '192.0.2.0/24',
    '192.88.99.0/24',
    '192.168.0.0/16',
    '198.18.0.0/15',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '224.0.0.0/4',
    '240.0.0.0/4',
  ],
  [
    '::/128',
    '::1/128',
    '::ffff:0:0/96',
    '64:ff9b::/96',
    '64:ff9b:1::/48',
    '100::/64',
    '2001::/23',
    '2001:db8::/32',
    '2002::/16',
    'fc00::/7',
    'fe80::/10',
    'ff00::/8',
  ],
);

function inList(lists: RangeLists, ip: Value): boolean {
  const family = familyOf(ip);
  return family !== undefined && lists[family].check(ip as string, blockType(family));
}

export const IP_FUNCTIONS: readonly ScalarFunction[] = [
  define('isValidIp', 1, 1, 'boolean', (args) => familyOf(args[0]) !== undefined),
  define('isValidIpV4', 1, 1, 'boolean', (args) => familyOf(args[0]) === 4),
  define('isValidIpV6', 1, 1, 'boolean', (args) => familyOf(args[0]) === 6),
  define('isIpInSubnet', 2, 2, 'boolean', (args) => inSubnet(args[0], args[1], undefined)),
  define('isIpv4InSubnet', 2, 2, 'boolean', (args) => inSubnet(args[0], args[1], 4)),
  define('isIpv6InSubnet', 2, 2, 'boolean', (args) => inSubnet(args[0], args[1], 6)),
  define('ipv4ToNumber', 1, 1, 'number', (args) => {
    const ip = args[0];
    if (familyOf(ip) !== 4) return undefined;
    let n = 0;
    for (const octet of (ip as string).split('.')) n = n * 256 + Number(octet);
    return n;
  }),
  define('isPrivateIP', 1, 1, 'boolean', (args) => inList(PRIVATE, args[0])),
  define('isReservedIP', 1, 1, 'boolean', (args) => inList(RESERVED, args[0])),
  define(
    'isPublicIP',
    1,
    1,
    'boolean',
    (args) => familyOf(args[0]) !== undefined && !inList(RESERVED, args[0]),
  ),
];
