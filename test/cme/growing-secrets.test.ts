/** lib/cme/secrets.ts growingSecrets: secrets learnt as they come, one masker compiled per change. */
import { describe, expect, it } from 'vitest';
import { growingSecrets } from '../../lib/cme/secrets';
import { apiCall } from './factories';

// Opaque values: a `tf_…` look-alike is masked by its shape alone, learnt or not.
const TICKET = 'kQ8vLr2mXn4pZt6wYb1cHd3f';
const OTHER = 'kW5sJg7eRa9uPo0iMl2nBv4x';

describe('growingSecrets', () => {
  it('masks what it has learnt, and learns a call’s secrets', () => {
    const secrets = growingSecrets();
    expect(secrets.masker().text(`echo ${TICKET}`)).toContain(TICKET);
    secrets.add({ value: TICKET, kind: 'ticket' });
    expect(secrets.masker().text(`echo ${TICKET}`)).not.toContain(TICKET);
    secrets.addCall(apiCall({ auth: OTHER }));
    expect(secrets.masker().text(`echo ${OTHER}`)).not.toContain(OTHER);
  });

  it('compiles the masker again only when a new secret (or a stronger kind) was learnt', () => {
    const secrets = growingSecrets();
    secrets.add({ value: TICKET, kind: 'ticket' });
    const first = secrets.masker();
    secrets.add({ value: TICKET, kind: 'ticket' });
    expect(secrets.masker()).toBe(first);
    secrets.add({ value: TICKET, kind: 'key' });
    const second = secrets.masker();
    expect(second).not.toBe(first);
    expect(second.secrets).toEqual([{ value: TICKET, kind: 'key' }]);
    secrets.add({ value: TICKET, kind: 'ticket' });
    expect(secrets.masker()).toBe(second);
  });
});
