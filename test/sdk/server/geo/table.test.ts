import { describe, expect, it } from 'vitest';
import { TwofoldError } from '../../../../sdk/protocol/errors';
import { createTableGeo } from '../../../../sdk/server/geo/table';

describe('createTableGeo', () => {
  const geo = createTableGeo({
    '10.0.0.0/8': { country: 'NO', asn: '64512' },
    '10.1.2.3': { country: 'SE', asn: '64513', lat: 59.33, lon: 18.07 },
    '2001:db8::/32': { country: 'DE' },
  });

  it('resolves exact IPs and CIDR ranges, most specific first', () => {
    expect(geo('10.9.9.9')).toEqual({ country: 'NO', asn: '64512' });
    expect(geo('10.1.2.3')).toEqual({ country: 'SE', asn: '64513', lat: 59.33, lon: 18.07 });
    expect(geo('::ffff:10.1.2.3')).toMatchObject({ country: 'SE' });
    expect(geo('2001:db8:1::5')).toEqual({ country: 'DE' });
  });

  it('returns undefined for unknown or malformed IPs', () => {
    expect(geo('192.0.2.1')).toBeUndefined();
    expect(geo('not an ip')).toBeUndefined();
  });

  it('returns copies, so callers cannot change the table', () => {
    const first = geo('10.9.9.9') as { country: string };
    first.country = 'XX';
    expect(geo('10.9.9.9')).toMatchObject({ country: 'NO' });
  });

  it('throws a typed error for a malformed key', () => {
    expect(() => createTableGeo({ '10.0.0.0/40': { country: 'NO' } })).toThrow(TwofoldError);
  });
});
