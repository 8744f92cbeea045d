import { createHash } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';

import { selectRows } from '../../src/database/database';
import { DATABASE_KINDS } from '../support/databases';
import { startTestService, TestService } from '../support/service';

let cookies = 0;
// One LinkedIn login connects one account only: each account gets its own cookie.
const account = () => ({
  label: 'Sales',
  liAt: `AQEDAR-secret-cookie-value-${++cookies}-1234567890`,
  timezone: 'Europe/Berlin',
  proxy: 'http://proxyuser:proxypass@proxy.example:8080',
});

describe.each(DATABASE_KINDS)('accounts and tenancy on %s', (kind) => {
  let app: TestService;
  let alice: { id: string; key: string };
  let bob: { id: string; key: string };

  beforeAll(async () => {
    app = await startTestService(kind);
    alice = await app.createUser('alice@example.com');
    bob = await app.createUser('bob@example.com');
  });
  afterAll(() => app.stop());

  const as = (key: string) => `Bearer ${key}`;

  it('refuses every route without a valid key', async () => {
    const missing = await app.http.get('/api/accounts');
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ code: 'unauthorized' });

    const wrong = await app.http.get('/api/accounts').set('authorization', 'Bearer inr_nope');
    expect(wrong.status).toBe(401);
  });

  it('creates an account and never returns or stores its secrets in clear', async () => {
    const created = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .send(account());
    expect(created.status).toBe(201);
    const text = JSON.stringify(created.body);
    expect(text).not.toContain('secret-cookie');
    expect(text).not.toContain('proxypass');
    expect(created.body).toMatchObject({
      label: 'Sales',
      loginMethod: 'cookie',
      timezone: 'Europe/Berlin',
      proxy: { server: 'http://proxy.example:8080', hasCredentials: true },
      status: 'active',
    });

    const rows = await selectRows(
      app.database.connection.db,
      sql`select credentials_encrypted, proxy_encrypted from linkedin_accounts`,
    );
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain('secret-cookie');
    expect(stored).not.toContain('proxypass');
    expect(stored).toMatch(/v1:/);
  });

  it("answers 404 for another user's account on every verb", async () => {
    const created = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .send(account());
    const id = (created.body as { id: string }).id;

    for (const call of [
      app.http.get(`/api/accounts/${id}`),
      app.http.patch(`/api/accounts/${id}`).send({ label: 'mine now' }),
      app.http.delete(`/api/accounts/${id}`),
    ]) {
      const response = await call.set('authorization', as(bob.key));
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'not_found' });
    }
    const bobsList = await app.http.get('/api/accounts').set('authorization', as(bob.key));
    expect(bobsList.body).toMatchObject({ items: [], total: 0 });

    const stillThere = await app.http
      .get(`/api/accounts/${id}`)
      .set('authorization', as(alice.key));
    expect(stillThere.body).toMatchObject({ label: 'Sales' });
  });

  it('lets an admin key act for any user, and nobody else', async () => {
    const created = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .send(account());
    const id = (created.body as { id: string }).id;

    const asAdmin = await app.http
      .get(`/api/accounts/${id}`)
      .set('authorization', as(app.adminKey))
      .set('x-act-as-user', alice.id);
    expect(asAdmin.status).toBe(200);
    // A user id in capitals names the same user.
    const inCapitals = await app.http
      .get('/api/users/me')
      .set('authorization', as(app.adminKey))
      .set('x-act-as-user', alice.id.toUpperCase());
    expect(inCapitals.status).toBe(200);
    expect(inCapitals.body).toMatchObject({ actingFor: alice.id });

    const bobPretending = await app.http
      .get(`/api/accounts/${id}`)
      .set('authorization', as(bob.key))
      .set('x-act-as-user', alice.id);
    expect(bobPretending.status).toBe(403);
  });

  it('names the bad fields of an invalid body', async () => {
    const response = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .send({ label: '', timezone: 'Mars/Olympus', workingHours: { days: [9], start: '25:00' } });
    expect(response.status).toBe(400);
    const body = response.body as { code: string; message: string; details: string[] };
    expect(body.code).toBe('validation_failed');
    expect(body.message).toContain('timezone');
    expect(body.message).toContain('workingHours.start');
    expect(body.message).toContain('label');
  });

  it('takes working hours past midnight, but not an empty window or a repeated day', async () => {
    const overnight = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .send({ ...account(), workingHours: { days: [1, 2, 3], start: '22:00', end: '06:00' } });
    expect(overnight.status).toBe(201);
    expect(overnight.body).toMatchObject({ workingHours: { start: '22:00', end: '06:00' } });

    const empty = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .send({
        ...account(),
        label: '  ',
        workingHours: { days: [1, 1], start: '09:00', end: '09:00' },
      });
    expect(empty.status).toBe(400);
    const message = (empty.body as { message: string }).message;
    expect(message).toContain('workingHours.end must differ from start');
    expect(message).toContain('workingHours.days must not repeat');
    expect(message).toContain('label must not be blank');
  });

  it('refuses an account with both or neither login methods', async () => {
    const neither = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .send({ label: 'x' });
    expect(neither.status).toBe(400);
    const both = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .send({ label: 'x', liAt: account().liAt, email: 'a@b.co', password: 'pw' });
    expect(both.status).toBe(400);
  });

  it('pauses, updates and deletes an account', async () => {
    const created = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .send(account());
    const id = (created.body as { id: string }).id;

    const paused = await app.http
      .patch(`/api/accounts/${id}`)
      .set('authorization', as(alice.key))
      .send({ status: 'paused', email: 'sam@example.com', password: 'hunter2' });
    expect(paused.body).toMatchObject({
      status: 'paused',
      loginMethod: 'password',
      loginEmail: 'sam@example.com',
    });
    expect(JSON.stringify(paused.body)).not.toContain('hunter2');

    const removed = await app.http
      .delete(`/api/accounts/${id}`)
      .set('authorization', as(alice.key));
    expect(removed.status).toBe(204);
    const gone = await app.http.get(`/api/accounts/${id}`).set('authorization', as(alice.key));
    expect(gone.status).toBe(404);
  });

  it('refuses every documented route and the dashboard without a valid key', async () => {
    expect((await app.http.get('/api/docs')).status).toBe(200);
    const document = (await app.http.get('/api/docs/json')).body as {
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: Record<string, { scheme?: string }> };
    };
    expect(document.components.securitySchemes.bearer).toMatchObject({ scheme: 'bearer' });
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method, path })),
    );
    expect(routes.length).toBeGreaterThan(10);

    const someId = '00000000-0000-4000-8000-000000000000';
    for (const { method, path } of routes) {
      if (path === '/health') continue;
      const url = path.replace(/\{[^}]+\}/g, someId);
      for (const authorization of [undefined, 'Bearer inr_not-a-key', `Basic ${alice.key}`]) {
        const call = app.http[method as 'get'](url);
        const response = await (authorization ? call.set('authorization', authorization) : call);
        expect(response.status, `${method} ${path} with ${String(authorization)}`).toBe(401);
        expect(response.body).toMatchObject({ code: 'unauthorized' });
      }
    }

    const board = await app.http.get('/admin/queues');
    expect(board.status).toBe(401);
    const boardAsUser = await app.http.get('/admin/queues').set('authorization', as(alice.key));
    expect(boardAsUser.status).toBe(403);
  });

  it("refuses the local commands' route without the token of the running service", async () => {
    for (const token of [undefined, 'not-the-token', app.adminKey]) {
      const call = app.http.post('/api/local/users').send({ email: 'eve@example.com' });
      const response = await (token ? call.set('x-inreach-local-token', token) : call);
      expect(response.status).toBe(401);
    }
    const users = await app.http.get('/api/users').set('authorization', as(app.adminKey));
    expect(JSON.stringify(users.body)).not.toContain('eve@example.com');
  });

  it('keeps API keys only as hashes', async () => {
    const rows = await selectRows<{ key_hash: string; prefix: string }>(
      app.database.connection.db,
      sql`select key_hash, prefix from api_keys`,
    );
    expect(JSON.stringify(rows)).not.toContain(alice.key);
    const aliceHash = createHash('sha256').update(alice.key).digest('hex');
    expect(rows.map((row) => row.key_hash)).toContain(aliceHash);
  });

  it('stops taking a key once its owner revoked it, and lets nobody else revoke it', async () => {
    const created = await app.http
      .post('/api/keys')
      .set('authorization', as(alice.key))
      .send({ name: 'crm-sync' });
    expect(created.status).toBe(201);
    const { id, apiKey } = created.body as { id: string; apiKey: string };
    expect((await app.http.get('/api/me').set('authorization', as(apiKey))).status).toBe(200);

    const byBob = await app.http.delete(`/api/keys/${id}`).set('authorization', as(bob.key));
    expect(byBob.status).toBe(404);
    const bobsKeys = await app.http.get('/api/keys').set('authorization', as(bob.key));
    expect(JSON.stringify(bobsKeys.body)).not.toContain(id);

    const revoked = await app.http.delete(`/api/keys/${id}`).set('authorization', as(alice.key));
    expect(revoked.status).toBe(204);
    const after = await app.http.get('/api/me').set('authorization', as(apiKey));
    expect(after.status).toBe(401);
  });

  it("refuses to revoke the request's own key while it is the user's last", async () => {
    const dave = await app.createUser('dave@example.com');
    const revoke = (keyId: string, key: string) =>
      app.http.delete(`/api/keys/${keyId}`).set('authorization', as(key));
    const me = async (key: string) =>
      (await app.http.get('/api/me').set('authorization', as(key))).status;
    const [only] = (await app.http.get('/api/keys').set('authorization', as(dave.key))).body as {
      id: string;
    }[];

    const refused = await revoke(only.id, dave.key);

    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'conflict', details: { keyId: only.id } });
    expect((refused.body as { message: string }).message).toContain('Create another key first');
    expect(await me(dave.key)).toBe(200);

    const created = await app.http
      .post('/api/keys')
      .set('authorization', as(dave.key))
      .send({ name: 'spare' });
    const spare = created.body as { id: string; apiKey: string };
    await revoke(only.id, dave.key).expect(204);

    expect(await me(dave.key)).toBe(401);
    expect(await me(spare.apiKey)).toBe(200);
    expect((await revoke(spare.id, spare.apiKey)).status).toBe(409);
  });

  it('lets only one of two keys revoking themselves at once go, so one stays', async () => {
    const erin = await app.createUser('erin@example.com');
    const created = await app.http
      .post('/api/keys')
      .set('authorization', as(erin.key))
      .send({ name: 'second' });
    const second = created.body as { id: string; apiKey: string };
    const keys = (await app.http.get('/api/keys').set('authorization', as(erin.key))).body as {
      id: string;
    }[];
    const first = keys.find((key) => key.id !== second.id)!;

    const answers = await Promise.all([
      app.http.delete(`/api/keys/${first.id}`).set('authorization', as(erin.key)),
      app.http.delete(`/api/keys/${second.id}`).set('authorization', as(second.apiKey)),
    ]);

    expect(answers.map((answer) => answer.status).sort()).toEqual([204, 409]);
    const live = await Promise.all(
      [erin.key, second.apiKey].map((key) => app.http.get('/api/me').set('authorization', as(key))),
    );
    expect(live.filter((answer) => answer.status === 200)).toHaveLength(1);
  });

  it('lets an admin act for itself by default, and for the user named in X-Act-As-User', async () => {
    const mine = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .send({ ...account(), label: 'Alice only' });
    const aliceAccountId = (mine.body as { id: string }).id;

    const adminOwn = await app.http.get('/api/accounts').set('authorization', as(app.adminKey));
    expect(JSON.stringify(adminOwn.body)).not.toContain(aliceAccountId);

    const forAlice = await app.http
      .post('/api/accounts')
      .set('authorization', as(app.adminKey))
      .set('x-act-as-user', alice.id)
      .send({ ...account(), label: 'Made by the admin' });
    expect(forAlice.status).toBe(201);
    const alicesList = await app.http
      .get('/api/accounts?limit=100')
      .set('authorization', as(alice.key));
    const labels = (alicesList.body as { items: { label: string }[] }).items.map(
      (item) => item.label,
    );
    expect(labels).toEqual(expect.arrayContaining(['Alice only', 'Made by the admin']));

    for (const path of ['/api/me', '/api/users/me']) {
      const me = await app.http
        .get(path)
        .set('authorization', as(app.adminKey))
        .set('x-act-as-user', alice.id);
      expect(me.body).toMatchObject({ isAdmin: true, actingFor: alice.id });
    }

    for (const [nobody, status] of [
      ['00000000-0000-4000-8000-000000000000', 404],
      ['not-a-user-id', 400],
    ] as const) {
      const response = await app.http
        .get('/api/accounts')
        .set('authorization', as(app.adminKey))
        .set('x-act-as-user', nobody);
      expect(response.status, nobody).toBe(status);
    }
  });

  it('keeps creating and listing users to admins', async () => {
    const create = await app.http
      .post('/api/users')
      .set('authorization', as(bob.key))
      .send({ email: 'mallory@example.com', admin: true });
    expect(create.status).toBe(403);
    expect((await app.http.get('/api/users').set('authorization', as(bob.key))).status).toBe(403);
  });

  it('answers malformed JSON with 400 and an oversized body with 413, in the error shape', async () => {
    const malformed = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .set('content-type', 'application/json')
      .send('{"label": "Sales",');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'validation_failed' });
    expect((malformed.body as { message: string }).message).toMatch(/not valid JSON/);

    const oversized = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .set('content-type', 'application/json')
      .send(JSON.stringify({ ...account(), label: 'x'.repeat(2 * 1024 * 1024) }));
    expect(oversized.status).toBe(413);
    expect(oversized.body).toMatchObject({ code: 'payload_too_large' });
  });

  it('refuses fields it does not know, naming them', async () => {
    const response = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .send({ ...account(), userId: bob.id });
    expect(response.status).toBe(400);
    expect((response.body as { message: string }).message).toContain('userId');
  });

  it('answers unknown routes with the error shape', async () => {
    const response = await app.http.get('/api/nothing-here').set('authorization', as(alice.key));
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'not_found' });
  });

  it('reports health with database and Redis', async () => {
    const response = await app.http.get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      database: { ok: true },
      redis: { ok: true },
      workers: { ok: true },
    });
  });
});
