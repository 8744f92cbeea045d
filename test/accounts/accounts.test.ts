import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';

import { selectRows } from '../../src/database/database';
import { WorkerService } from '../../src/queues/worker.service';
import { DATABASE_KINDS } from '../support/databases';
import { startTestService, TestService } from '../support/service';

const SEARCH = 'https://www.linkedin.com/search/results/people/?keywords=sales';
// 210 characters of text: more than a free account's 200, within a premium account's 300.
const LONG_NOTE = `Hi {{firstName}}, ${'x'.repeat(210)}`;

interface Body {
  code?: string;
  message: string;
  details?: Record<string, unknown>;
}

describe.each(DATABASE_KINDS)('accounts on %s', (kind) => {
  let app: TestService;
  let alice: { id: string; key: string };
  let bob: { id: string; key: string };
  let cookies = 0;

  const as = (user: { key: string }) => `Bearer ${user.key}`;
  const freshCookie = () => `AQEDAR-accounts-test-${++cookies}-1234567890`;

  beforeAll(async () => {
    app = await startTestService(kind);
    alice = await app.createUser('alice@example.com');
    bob = await app.createUser('bob@example.com');
  });
  afterAll(() => app?.stop());

  function post(user: { key: string }, body: Record<string, unknown>) {
    return app.http.post('/api/accounts').set('authorization', as(user)).send(body);
  }

  function patch(user: { key: string }, id: string, body: unknown) {
    return app.http
      .patch(`/api/accounts/${id}`)
      .set('authorization', as(user))
      .send(body as object);
  }

  async function createAccount(body: Record<string, unknown> = {}, user = alice) {
    const response = await post(user, { label: 'Sales', liAt: freshCookie(), ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return (response.body as { id: string }).id;
  }

  async function createCampaign(accountId: string, body: Record<string, unknown> = {}) {
    const response = await app.http
      .post('/api/campaigns')
      .set('authorization', as(alice))
      .send({ name: 'Growth', accountId, source: { type: 'search', url: SEARCH }, ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return (response.body as { id: string }).id;
  }

  describe('one LinkedIn login, one account', () => {
    it("refuses the same li_at twice, naming the user's own account", async () => {
      const liAt = freshCookie();
      const first = await createAccount({ liAt, isPremium: true });

      const again = await post(alice, { label: 'dup', liAt, isPremium: true });

      expect(again.status).toBe(409);
      expect((again.body as Body).message).toContain(`already connected as account ${first}`);
      expect((again.body as Body).details).toMatchObject({ field: 'liAt', accountId: first });
      const list = await app.http.get('/api/accounts?limit=100').set('authorization', as(alice));
      const listed = (list.body as { items: { id: string }[] }).items;
      expect(listed.filter((row) => row.id === first)).toHaveLength(1);
    });

    it("refuses another user's li_at without naming their account", async () => {
      const liAt = freshCookie();
      const alices = await createAccount({ liAt });

      const bobs = await post(bob, { label: 'mine', liAt });

      expect(bobs.status).toBe(409);
      expect(JSON.stringify(bobs.body)).not.toContain(alices);
      expect((bobs.body as Body).message).toContain('another Inreach user');
    });

    it('refuses a login e-mail connected already, in any spelling, naming email', async () => {
      const first = await createAccount({
        liAt: undefined,
        email: 'sam@example.com',
        password: 'pw-1',
      });

      const again = await post(bob, { label: 'x', email: 'SAM@example.com', password: 'pw-2' });
      const own = await post(alice, { label: 'x', email: 'sam@example.com', password: 'pw-3' });
      const patched = await patch(alice, await createAccount(), {
        email: 'Sam@Example.com',
        password: 'pw-4',
      });

      expect(again.status).toBe(409);
      expect((again.body as Body).details).toEqual({ field: 'email' });
      expect(own.status).toBe(409);
      expect((own.body as Body).details).toEqual({ field: 'email', accountId: first });
      expect(patched.status).toBe(409);
      expect((patched.body as Body).details).toEqual({ field: 'email', accountId: first });
    });

    it("refuses a PATCH to another account's login", async () => {
      const liAt = freshCookie();
      const first = await createAccount({ liAt });
      const second = await createAccount();

      const taken = await patch(alice, second, { liAt });
      const own = await patch(alice, first, { liAt });

      expect(taken.status).toBe(409);
      expect((taken.body as Body).message).toContain(first);
      expect(own.status).toBe(200);
    });

    it('stores a keyed fingerprint of the login, never the cookie', async () => {
      const liAt = freshCookie();
      const id = await createAccount({ liAt });

      const [row] = await selectRows<Record<string, unknown>>(
        app.database.connection.db,
        sql`select * from linkedin_accounts where id = ${id}`,
      );

      expect(row.login_fingerprint).toEqual(expect.any(String));
      expect(JSON.stringify(row)).not.toContain(liAt);
      expect(JSON.stringify(row)).not.toContain(liAt.slice(6, 30));
    });
  });

  describe('the li_at value', () => {
    it.each([
      ['a line feed', 'AQEDAR-cookie\nvalue-123'],
      ['a carriage return', 'AQEDAR-cookie\rvalue-123'],
      ['a NUL', 'AQEDAR-cookie\u0000value-123'],
      ['a semicolon', 'AQEDAR-cookie;value-123'],
      ['a space', 'AQEDAR-cookie value-123'],
      ['a non-ASCII letter', 'AQEDAR-cookie-välue-123'],
      ['a surrounding line break', 'AQEDAR-cookie-value-123\n'],
      ['the cookie name before it', 'li_at=AQEDAR-cookie-value-123'],
    ])('is refused with %s, naming liAt', async (_what, liAt) => {
      const created = await post(alice, { label: 'Sales', liAt });
      expect(created.status).toBe(400);
      expect((created.body as Body).message).toContain('liAt');

      const id = await createAccount();
      const patched = await patch(alice, id, { liAt });
      expect(patched.status).toBe(400);
      expect((patched.body as Body).message).toContain('liAt');
    });

    it('takes the characters real cookies have', async () => {
      await createAccount({ liAt: `AQEDAR_${freshCookie()}-Ab9+/=%~!*` });
    });
  });

  describe('the shape of the body', () => {
    const workingHours = { days: [1], start: '09:00', end: '18:00' };

    it.each([
      ['an empty array', []],
      ['an array of working hours', [workingHours]],
      ['a string', '09:00-18:00'],
    ])('refuses workingHours as %s on POST and PATCH', async (_what, value) => {
      const id = await createAccount();

      const created = await post(alice, {
        label: 'Sales',
        liAt: freshCookie(),
        workingHours: value,
      });
      const patched = await patch(alice, id, { workingHours: value });

      for (const response of [created, patched]) {
        expect(response.status).toBe(400);
        expect((response.body as Body).message).toMatch(/^workingHours must be an object/);
      }
      const account = await app.http.get(`/api/accounts/${id}`).set('authorization', as(alice));
      expect(account.body).toMatchObject({ workingHours: { start: '09:00', end: '18:00' } });
    });

    it.each(['constructor', '__proto__', 'toString'])(
      'refuses a field named %s like any unknown field',
      async (field) => {
        const id = await createAccount();
        const body = `{"label": "Sales", "liAt": "${freshCookie()}", "${field}": {}}`;

        const created = await app.http
          .post('/api/accounts')
          .set('authorization', as(alice))
          .set('content-type', 'application/json')
          .send(body);
        const patched = await app.http
          .patch(`/api/accounts/${id}`)
          .set('authorization', as(alice))
          .set('content-type', 'application/json')
          .send(`{"${field}": {"label": "x"}}`);
        const nested = await patch(alice, id, JSON.parse(`{"workingHours": {"${field}": 1}}`));

        for (const response of [created, patched]) {
          expect(response.status).toBe(400);
          expect(response.body).toMatchObject({
            code: 'validation_failed',
            message: `${field}: property ${field} should not exist`,
          });
        }
        expect(nested.status).toBe(400);
        expect((nested.body as Body).message).toContain(`workingHours.${field}`);
      },
    );

    it('stores a time zone by its canonical IANA name', async () => {
      const id = await createAccount({ timezone: 'europe/berlin' });
      const created = await app.http.get(`/api/accounts/${id}`).set('authorization', as(alice));

      const patched = await patch(alice, id, { timezone: 'utc' });
      const linked = await patch(alice, id, { timezone: 'US/Pacific' });

      expect(created.body).toMatchObject({ timezone: 'Europe/Berlin' });
      expect(patched.body).toMatchObject({ timezone: 'UTC' });
      expect(linked.body).toMatchObject({ timezone: 'America/Los_Angeles' });
    });

    it('refuses a socks5 proxy with a username or password, which Chromium cannot use', async () => {
      const id = await createAccount();

      for (const proxy of ['socks5://u:p@proxy.example:1080', 'socks5://u@proxy.example:1080']) {
        const created = await post(alice, { label: 'Sales', liAt: freshCookie(), proxy });
        const patched = await patch(alice, id, { proxy });

        for (const response of [created, patched]) {
          expect(response.status, proxy).toBe(400);
          const message = (response.body as Body).message;
          expect(message).toMatch(/^proxy: Chromium cannot log in to a SOCKS5 proxy/);
        }
      }
      const plain = await patch(alice, id, { proxy: 'socks5://proxy.example:1080' });
      expect(plain.status).toBe(200);
      expect(plain.body).toMatchObject({
        proxy: { server: 'socks5://proxy.example:1080', hasCredentials: false },
      });
    });
  });

  describe('the list', () => {
    it('serves accounts a page at a time, newest first', async () => {
      const carol = await app.createUser('carol@example.com');
      const ids: string[] = [];
      for (const label of ['first', 'second', 'third']) {
        ids.push(await createAccount({ label }, carol));
      }
      const list = (query: string) =>
        app.http.get(`/api/accounts${query}`).set('authorization', as(carol));

      const whole = await list('');
      const first = await list('?page=1&limit=2');
      const second = await list('?page=2&limit=2');

      expect(whole.body).toMatchObject({ page: 1, limit: 20, total: 3 });
      expect(first.body).toMatchObject({ page: 1, limit: 2, total: 3 });
      const idsOf = (body: unknown) => (body as { items: { id: string }[] }).items.map((a) => a.id);
      expect(idsOf(first.body)).toEqual([ids[2], ids[1]]);
      expect(idsOf(second.body)).toEqual([ids[0]]);
    });

    it.each([
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?limit=1e3', 'limit'],
      ['?page=abc', 'page'],
      ['?page=0', 'page'],
      ['?page=1000001', 'page'],
    ])('refuses %s, naming the parameter', async (query, field) => {
      const response = await app.http.get(`/api/accounts${query}`).set('authorization', as(alice));

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'validation_failed' });
      expect((response.body as Body).message).toMatch(new RegExp(`^${field} `));
    });
  });

  describe('null in a PATCH', () => {
    it.each([
      'label',
      'timezone',
      'workingHours',
      'liAt',
      'isPremium',
      'email',
      'password',
      'status',
    ])('is refused for %s, naming it', async (field) => {
      const id = await createAccount();

      const response = await patch(alice, id, { [field]: null });

      expect(response.status).toBe(400);
      const message = (response.body as Body).message;
      expect(message.startsWith(field), message).toBe(true);
      expect(message).toContain('cannot be null');
    });

    it('removes the proxy', async () => {
      const id = await createAccount({ proxy: 'http://user:pass@proxy.example:8080' });

      const response = await patch(alice, id, { proxy: null });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ proxy: null });
    });
  });

  describe('turning premium off', () => {
    it('is refused while a campaign has a note that never fits a free account', async () => {
      const id = await createAccount({ isPremium: true });
      const tooLong = await createCampaign(id, {
        name: 'Long notes',
        noteTemplate: LONG_NOTE,
        status: 'active',
      });
      const paused = await createCampaign(id, {
        name: 'Paused long notes',
        noteTemplate: LONG_NOTE,
        status: 'active',
      });
      await app.http
        .patch(`/api/campaigns/${paused}`)
        .set('authorization', as(alice))
        .send({ status: 'paused' });
      const fits = await createCampaign(id, { name: 'Short', noteTemplate: 'Hi {{firstName}}' });

      const response = await patch(alice, id, { isPremium: false });

      expect(response.status).toBe(422);
      const body = response.body as Body;
      expect(body.message).toContain('isPremium');
      expect(body.message).toContain(tooLong);
      expect(body.message).toContain(paused);
      expect(body.message).not.toContain(fits);
      const account = await app.http.get(`/api/accounts/${id}`).set('authorization', as(alice));
      expect(account.body).toMatchObject({ isPremium: true });
    });

    it('is allowed when every note fits, or its campaign is archived', async () => {
      const id = await createAccount({ isPremium: true });
      await createCampaign(id, { noteTemplate: 'Hi {{firstName}}', status: 'active' });
      const archived = await createCampaign(id, { noteTemplate: LONG_NOTE });
      await app.http
        .patch(`/api/campaigns/${archived}`)
        .set('authorization', as(alice))
        .send({ status: 'archived' });

      const response = await patch(alice, id, { isPremium: false });

      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ isPremium: false });
    });
  });

  describe('deleting an account', () => {
    it('is refused while a run of one of its campaigns is queued', async () => {
      const workers = app.service.app.get(WorkerService);
      await workers.pause('follow-requests');
      try {
        const id = await createAccount();
        const campaignId = await createCampaign(id, { status: 'active' });
        const run = await app.http
          .post('/api/jobs/follow-request')
          .set('authorization', as(alice))
          .send({ campaignId, importLimit: 5 });
        expect(run.status, JSON.stringify(run.body)).toBe(201);

        const response = await app.http
          .delete(`/api/accounts/${id}`)
          .set('authorization', as(alice));

        expect(response.status).toBe(409);
        expect((response.body as Body).message).toContain((run.body as { id: string }).id);
        const still = await app.http.get(`/api/accounts/${id}`).set('authorization', as(alice));
        expect(still.status).toBe(200);
      } finally {
        await workers.resume('follow-requests');
      }
    });

    it('hides it, wipes its secrets, archives its campaigns and keeps its activities', async () => {
      const liAt = freshCookie();
      const id = await createAccount({ liAt, proxy: 'http://user:pass@proxy.example:8080' });
      const campaignId = await createCampaign(id, { status: 'active' });
      const db = app.database.connection.db;
      const [lead] = await selectRows<{ id: string }>(
        db,
        sql`insert into leads (user_id, profile_key, profile_url)
            values (${alice.id}, 'deleted-account-lead', 'https://www.linkedin.com/in/x/')
            returning id`,
      );
      await db.execute(
        sql`insert into activities (user_id, account_id, lead_id, campaign_id, action, status)
            values (${alice.id}, ${id}, ${lead.id}, ${campaignId}, 'invitation', 'succeeded')`,
      );

      const removed = await app.http.delete(`/api/accounts/${id}`).set('authorization', as(alice));

      expect(removed.status).toBe(204);
      const get = (path: string) => app.http.get(path).set('authorization', as(alice));
      expect((await get(`/api/accounts/${id}`)).status).toBe(404);
      expect((await get(`/api/accounts/${id}/usage`)).status).toBe(404);
      expect(await patch(alice, id, { status: 'active' })).toMatchObject({ status: 404 });
      const list = (await get('/api/accounts?limit=100')).body as { items: { id: string }[] };
      expect(list.items.map((row) => row.id)).not.toContain(id);
      expect((await get(`/api/campaigns/${campaignId}`)).body).toMatchObject({
        status: 'archived',
      });
      const [row] = await selectRows<Record<string, unknown>>(
        db,
        sql`select * from linkedin_accounts where id = ${id}`,
      );
      expect(row).toMatchObject({
        credentials_encrypted: null,
        proxy_encrypted: null,
        session_state_encrypted: null,
        login_fingerprint: null,
      });
      const kept = await selectRows(db, sql`select id from activities where account_id = ${id}`);
      expect(kept).toHaveLength(1);

      // The login is free again: the member may connect anew.
      await createAccount({ liAt });
    });
  });
});
