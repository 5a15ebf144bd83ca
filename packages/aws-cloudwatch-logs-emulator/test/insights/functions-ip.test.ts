import { BlockList } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call } from './functions-helpers.js';

describe('IP address functions', () => {
  it('validates v4 and v6 addresses', () => {
    expect(call('isValidIp', '192.0.2.1')).toBe(true);
    expect(call('isValidIp', '2001:db8::1')).toBe(true);
    expect(call('isValidIp', '256.0.0.1')).toBe(false);
    expect(call('isValidIpV4', '192.0.2.1')).toBe(true);
    expect(call('isValidIpV4', '2001:db8::1')).toBe(false);
    expect(call('isValidIpV6', '2001:db8::1')).toBe(true);
    expect(call('isValidIpV6', '::ffff:192.0.2.1')).toBe(true);
    expect(call('isValidIpV6', '192.0.2.1')).toBe(false);
    for (const odd of [undefined, '', 'localhost', 3232235777, true, ' 192.0.2.1']) {
      expect(call('isValidIp', odd)).toBe(false);
    }
  });

  it('tests subnet membership with CIDR blocks of both families', () => {
    expect(call('isIpInSubnet', '192.0.2.77', '192.0.2.0/24')).toBe(true);
    expect(call('isIpInSubnet', '192.0.3.1', '192.0.2.0/24')).toBe(false);
    expect(call('isIpInSubnet', '2001:db8:1::5', '2001:db8::/32')).toBe(true);
    expect(call('isIpInSubnet', '2001:db9::5', '2001:db8::/32')).toBe(false);
    expect(call('isIpv4InSubnet', '192.0.2.77', '192.0.2.0/24')).toBe(true);
    expect(call('isIpv4InSubnet', '2001:db8::5', '2001:db8::/32')).toBe(false);
    expect(call('isIpv6InSubnet', '2001:db8::5', '2001:db8::/32')).toBe(true);
    expect(call('isIpv6InSubnet', '192.0.2.77', '192.0.2.0/24')).toBe(false);
    expect(call('isIpInSubnet', '10.1.2.3', '0.0.0.0/0')).toBe(true);
    expect(call('isIpInSubnet', '10.1.2.3', '10.1.2.3/32')).toBe(true);
  });

  it('is false, never throwing, for absent fields, mixed families and malformed blocks', () => {
    expect(call('isIpInSubnet', undefined, '192.0.2.0/24')).toBe(false);
    expect(call('isIpInSubnet', '192.0.2.1', undefined)).toBe(false);
    expect(call('isIpInSubnet', '192.0.2.1', '2001:db8::/32')).toBe(false);
    expect(call('isIpInSubnet', '2001:db8::1', '192.0.2.0/24')).toBe(false);
    for (const bad of ['192.0.2.0', '192.0.2.0/33', '192.0.2.0/', '/24', 'x/24', '192.0.2.0/2a']) {
      expect(call('isIpInSubnet', '192.0.2.1', bad)).toBe(false);
    }
    expect(call('isIpv6InSubnet', '2001:db8::1', '2001:db8::/129')).toBe(false);
  });

  it('agrees with a BlockList built from the same IPv4 block', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
    fc.assert(
      fc.property(ipv4, ipv4, fc.integer({ min: 0, max: 32 }), (ip, net, prefix) => {
        const list = new BlockList();
        list.addSubnet(net, prefix, 'ipv4');
        expect(call('isIpInSubnet', ip, `${net}/${prefix}`)).toBe(list.check(ip, 'ipv4'));
        expect(call('isIpv4InSubnet', ip, `${net}/${prefix}`)).toBe(list.check(ip, 'ipv4'));
      }),
    );
  });

  it('agrees with prefix comparison for IPv6 blocks', () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    const groups = fc.array(group, { minLength: 8, maxLength: 8 });
    const toText = (g: number[]) => g.map((x) => x.toString(16)).join(':');
    const toBits = (g: number[]) => g.map((x) => x.toString(2).padStart(16, '0')).join('');
    fc.assert(
      fc.property(groups, groups, fc.integer({ min: 0, max: 128 }), (ip, net, prefix) => {
        const expected = toBits(ip).slice(0, prefix) === toBits(net).slice(0, prefix);
        expect(call('isIpv6InSubnet', toText(ip), `${toText(net)}/${prefix}`)).toBe(expected);
        expect(call('isIpInSubnet', toText(ip), `${toText(net)}/${prefix}`)).toBe(expected);
      }),
    );
  });

  it('classifies private, reserved and public addresses', () => {
    expect(call('ipv4ToNumber', '192.0.2.1')).toBe(3221225985);
    expect(call('ipv4ToNumber', '255.255.255.255')).toBe(4294967295);
    expect(call('ipv4ToNumber', '2001:db8::1')).toBeUndefined();
    expect(call('isPrivateIP', '10.1.2.3')).toBe(true);
    expect(call('isPrivateIP', '172.31.255.255')).toBe(true);
    expect(call('isPrivateIP', '172.32.0.1')).toBe(false);
    expect(call('isPrivateIP', '192.168.1.1')).toBe(true);
    expect(call('isPrivateIP', '8.8.8.8')).toBe(false);
    expect(call('isReservedIP', '127.0.0.1')).toBe(true);
    expect(call('isReservedIP', '::1')).toBe(true);
    expect(call('isReservedIP', '8.8.8.8')).toBe(false);
    expect(call('isPublicIP', '8.8.8.8')).toBe(true);
    expect(call('isPublicIP', '2606:4700:4700::1111')).toBe(true);
    expect(call('isPublicIP', '10.0.0.1')).toBe(false);
    expect(call('isPublicIP', 'nope')).toBe(false);
  });
});
