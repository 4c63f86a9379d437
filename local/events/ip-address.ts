import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as an integer in its family's address space, so ranges compare numerically. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

export interface IpRange {
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

export function parseIpAddress(text: string): IpAddress | undefined {
  if (isIPv4(text)) return { family: 4, value: ipv4ToBigInt(text) };
  if (isIPv6(text)) return { family: 6, value: ipv6ToBigInt(text) };
  return undefined;
}

/** Parses `address/bits`; the reason is returned as text so the pattern validator can quote it. */
export function parseCidr(text: string): IpRange | string {
  const parts = text.split('/');
  if (parts.length !== 2) return "Malformed CIDR, one '/' required";
  const [addressText = '', bitsText = ''] = parts;
  const address = parseIpAddress(addressText);
  if (address === undefined) return `Invalid IP address: ${addressText}`;
  const width = address.family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(bitsText) || Number(bitsText) > width) return `Invalid CIDR mask: ${bitsText}`;
  const hostBits = BigInt(width - Number(bitsText));
  const hostMask = (1n << hostBits) - 1n;
  const first = address.value & ~hostMask;
  return { family: address.family, first, last: first | hostMask };
}

export function ipInRange(address: IpAddress, range: IpRange): boolean {
  return address.family === range.family && address.value >= range.first && address.value <= range.last;
}

function ipv4ToBigInt(text: string): bigint {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6ToBigInt(text: string): bigint {
  const withoutZone = text.split('%')[0] ?? text;
  const embeddedV4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(withoutZone);
  let body = withoutZone;
  if (embeddedV4?.[1] !== undefined) {
    const v4 = ipv4ToBigInt(embeddedV4[1]);
    body = `${withoutZone.slice(0, embeddedV4.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = body.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}
