import { describe, expect, it } from 'vitest';
import { LOOPBACK, parseProcNetTcp, procIPv4, procIPv6, TCP_LISTEN } from '#test/listening-sockets';

// The reader of /proc/net/tcp and tcp6 behind the loopback test (local-listeners.test.ts): if it
// misread an address, "every socket is on loopback" would prove nothing.

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 53001 1 000000009adca980 100 0 0 10 0
   1: 00000000:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 53002 1 000000009adca981 100 0 0 10 0
   2: 0100007F:D520 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 53003 1 00000000bb4a4bed 20 4 30 10 -1
   3: 0F02000A:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 53004 1 000000009adca982 100 0 0 10 0
`;

const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:1F45 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 61001 1 0000000000000000 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:20DA 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 61002 1 0000000000000000 100 0 0 10 0
   2: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 61003 1 0000000000000000 100 0 0 10 0
   3: 000080FE00000000FF3E1602FE6A2AFE:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 61004 1 0000000000000000 100 0 0 10 0
   4: 0000000000000000FFFF00000F02000A:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 61005 1 0000000000000000 100 0 0 10 0
`;

describe('/proc/net/tcp', () => {
  it('reads address, port, state and inode of each row, the header skipped', () => {
    expect(parseProcNetTcp(TCP, 4)).toEqual([
      { address: '127.0.0.1', port: 8000, state: TCP_LISTEN, inode: 53001 },
      { address: '0.0.0.0', port: 3000, state: TCP_LISTEN, inode: 53002 },
      { address: '127.0.0.1', port: 54560, state: 0x01, inode: 53003 },
      { address: '10.0.2.15', port: 22, state: TCP_LISTEN, inode: 53004 },
    ]);
  });

  it('reads an IPv4 word in little-endian byte order', () => {
    expect(procIPv4('0100007F')).toBe('127.0.0.1');
    expect(procIPv4('0F02000A')).toBe('10.0.2.15');
    expect(procIPv4('00000000')).toBe('0.0.0.0');
    expect(() => procIPv4('7F000001FF')).toThrow();
  });
});

describe('/proc/net/tcp6', () => {
  it('reads each 32-bit word little-endian and prints the address as RFC 5952 text', () => {
    expect(parseProcNetTcp(TCP6, 6).map((s) => `${s.address} ${s.port} ${s.inode}`)).toEqual([
      '::1 8005 61001',
      '::ffff:127.0.0.1 8410 61002',
      ':: 8080 61003',
      'fe80::216:3eff:fe2a:6afe 80 61004',
      '::ffff:10.0.2.15 443 61005',
    ]);
  });

  it('compresses only the longest run of zero groups', () => {
    // 2001:db8:0:0:1:0:0:1 → 2001:db8::1:0:0:1 (the first of two equal runs)
    expect(procIPv6('B80D0120000000000000010001000000')).toBe('2001:db8::1:0:0:1');
    // 2001:db8:1:0:1:0:0:1 → a single zero group stays written out
    expect(procIPv6('B80D0120000001000000010001000000')).toBe('2001:db8:1:0:1::1');
    expect(() => procIPv6('0100007F')).toThrow();
  });
});

describe('loopback', () => {
  it('is 127.0.0.1, ::1 and ::ffff:127.0.0.1, and nothing else', () => {
    const addresses = [...parseProcNetTcp(TCP, 4), ...parseProcNetTcp(TCP6, 6)].map((s) => s.address);
    expect(addresses.filter((a) => LOOPBACK.has(a))).toEqual([
      '127.0.0.1',
      '127.0.0.1',
      '::1',
      '::ffff:127.0.0.1',
    ]);
    expect(addresses.filter((a) => !LOOPBACK.has(a))).toEqual([
      '0.0.0.0',
      '10.0.2.15',
      '::',
      'fe80::216:3eff:fe2a:6afe',
      '::ffff:10.0.2.15',
    ]);
  });
});
