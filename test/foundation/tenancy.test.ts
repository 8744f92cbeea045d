import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';

import { selectRows } from '../../src/database/database';
import { DATABASE_KINDS } from '../support/databases';
import { startTestService, TestService } from '../support/service';

const account = {
  label: 'Sales',
  liAt: 'AQEDAR-secret-cookie-value-1234567890',
  timezone: 'Europe/Berlin',
  proxy: 'http://proxyuser:proxypass@proxy.example:8080',
};

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
      .send(account);
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
      .send(account);
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
    expect(bobsList.body).toEqual([]);

    const stillThere = await app.http
      .get(`/api/accounts/${id}`)
      .set('authorization', as(alice.key));
    expect(stillThere.body).toMatchObject({ label: 'Sales' });
  });

  it('lets an admin key act for any user, and nobody else', async () => {
    const created = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .send(account);
    const id = (created.body as { id: string }).id;

    const asAdmin = await app.http
      .get(`/api/accounts/${id}`)
      .set('authorization', as(app.adminKey))
      .set('x-act-as-user', alice.id);
    expect(asAdmin.status).toBe(200);

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

  it('refuses an account with both or neither login methods', async () => {
    const neither = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .send({ label: 'x' });
    expect(neither.status).toBe(400);
    const both = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .send({ label: 'x', liAt: account.liAt, email: 'a@b.co', password: 'pw' });
    expect(both.status).toBe(400);
  });

  it('pauses, updates and deletes an account', async () => {
    const created = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice.key))
      .send(account);
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
    });
  });
});
