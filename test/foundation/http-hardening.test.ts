import { randomUUID } from 'node:crypto';

import { io, Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { WorkerService } from '../../src/queues/worker.service';
import { DATABASE_KINDS } from '../support/databases';
import { startTestService, TestService } from '../support/service';

const SEARCH = 'https://www.linkedin.com/search/results/people/?keywords=growth';
const LI_AT = 'AQEDAR-test-cookie-value-1234567890';

type User = { id: string; key: string };
type ErrorBody = { code: string; message: string; details?: unknown };

describe.each(DATABASE_KINDS)('the HTTP layer on %s', (kind) => {
  let app: TestService;
  let alice: User;
  let accountId: string;
  let campaignId: string;
  const sockets: Socket[] = [];

  const as = (user: { key: string }) => `Bearer ${user.key}`;
  const admin = () => ({ key: app.adminKey });

  beforeAll(async () => {
    app = await startTestService(kind);
    // Queued runs stay waiting: no browser in these tests.
    await app.service.app.get(WorkerService).pause('follow-requests');
    alice = await app.createUser('alice@example.com');
    const account = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice))
      .send({ label: 'Sales', liAt: LI_AT });
    accountId = (account.body as { id: string }).id;
    campaignId = await createCampaign(alice);
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await app.stop();
  });

  async function createCampaign(user: User, status?: string): Promise<string> {
    const response = await app.http
      .post('/api/campaigns')
      .set('authorization', as(user))
      .send({ name: 'Growth', accountId, source: { type: 'search', url: SEARCH }, status });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return (response.body as { id: string }).id;
  }

  function setStatus(id: string, status: string) {
    return app.http
      .patch(`/api/campaigns/${id}`)
      .set('authorization', as(alice))
      .send({ status })
      .expect(200);
  }

  it('answers a NUL character in a body, query or path with 400 naming where it is', async () => {
    const cases: [Promise<{ status: number; body: unknown }>, string][] = [
      [
        app.http
          .post('/api/accounts')
          .set('authorization', as(alice))
          .send({ label: 'Sa\u0000les', liAt: LI_AT }),
        'label must not contain a NUL character',
      ],
      [
        app.http
          .post('/api/campaigns')
          .set('authorization', as(alice))
          .send({ name: 'Growth', accountId, source: { type: 'search', url: `${SEARCH}\u0000` } }),
        'source.url must not contain a NUL character',
      ],
      [
        app.http
          .patch(`/api/campaigns/${campaignId}`)
          .set('authorization', as(alice))
          .send({ noteTemplate: 'Hi\u0000' }),
        'noteTemplate must not contain a NUL character',
      ],
      [
        app.http.post('/api/keys').set('authorization', as(alice)).send({ name: 'crm\u0000' }),
        'name must not contain a NUL character',
      ],
      [
        app.http.get('/api/jobs/%00').set('authorization', as(alice)),
        'id must not contain a NUL character',
      ],
      [
        app.http.get('/api/activities?action=%00').set('authorization', as(alice)),
        'action must not contain a NUL character',
      ],
    ];

    for (const [call, message] of cases) {
      const response = await call;
      expect([response.status, (response.body as ErrorBody).message]).toEqual([400, message]);
    }
  });

  it('answers a page or limit that is not a plain whole number in range with 400 naming it', async () => {
    const lists = [
      '/api/jobs/completed',
      '/api/activities',
      '/api/pending-jobs',
      `/api/campaigns/${campaignId}/leads`,
    ];
    const cases: [string, string][] = [
      ['page=99999999999999999999', 'page must not be greater than 1000000'],
      ['page=1000001', 'page must not be greater than 1000000'],
      ['page=1e3', 'page must be an integer'],
      ['page=0x10', 'page must be an integer'],
      ['page=1&page=2', 'page must be an integer'],
      ['page=0', 'page must not be less than 1'],
      ['limit=abc', 'limit must be an integer'],
    ];

    for (const path of lists) {
      for (const [query, message] of cases) {
        const response = await app.http.get(`${path}?${query}`).set('authorization', as(alice));
        expect([path, query, response.status, (response.body as ErrorBody).message]).toEqual([
          path,
          query,
          400,
          message,
        ]);
      }
      const last = await app.http.get(`${path}?page=1000000`).set('authorization', as(alice));
      expect(last.status, path).toBe(200);
    }
  });

  it('answers a body nested too deep with 400 before validation', async () => {
    const depth = 5000;
    const body = `{"name":"x","source":${'['.repeat(depth)}${']'.repeat(depth)}}`;

    const response = await app.http
      .post('/api/campaigns')
      .set('authorization', as(alice))
      .set('content-type', 'application/json')
      .send(body);

    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).message).toContain('the body nests too deep');
  });

  it('answers 415 to a JSON route called with another content type, and changes nothing', async () => {
    const renamed = await app.http
      .patch(`/api/campaigns/${campaignId}`)
      .set('authorization', as(alice))
      .set('content-type', 'text/plain')
      .send('{"name":"Renamed"}');
    const xml = await app.http
      .post('/api/accounts')
      .set('authorization', as(alice))
      .set('content-type', 'application/xml')
      .send('<account><label>x</label></account>');
    const form = await app.http
      .post('/api/keys')
      .set('authorization', as(alice))
      .type('form')
      .send({ name: 'crm' });
    const campaign = await app.http
      .get(`/api/campaigns/${campaignId}`)
      .set('authorization', as(alice));

    for (const response of [renamed, xml, form]) {
      expect(response.status).toBe(415);
      expect(response.body).toMatchObject({ code: 'unsupported_media_type' });
      expect((response.body as ErrorBody).message).toContain('application/json');
    }
    expect(campaign.body).toMatchObject({ name: 'Growth' });
    const json = await app.http
      .post('/api/keys')
      .set('authorization', as(alice))
      .set('content-type', 'application/json; charset=utf-8')
      .send('{"name":"crm"}');
    expect(json.status).toBe(201);
  });

  it('answers a bad X-Act-As-User with 400, an unknown user with 404', async () => {
    const call = (actAs: string) =>
      app.http.get('/api/accounts').set('authorization', as(admin())).set('x-act-as-user', actAs);

    const malformed = await call('nope');
    const unknown = await call(randomUUID());

    expect(malformed.status).toBe(400);
    expect((malformed.body as ErrorBody).message).toBe('X-Act-As-User must be a user id (UUID)');
    expect(unknown.status).toBe(404);
  });

  it('refuses a run whose userId differs from the user of X-Act-As-User', async () => {
    const bob = await app.createUser();
    const active = await createCampaign(alice, 'active');

    const response = await app.http
      .post('/api/jobs/follow-request')
      .set('authorization', as(admin()))
      .set('x-act-as-user', alice.id)
      .send({ campaignId: active, importLimit: 5, userId: bob.id });

    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).message).toBe(
      `userId ${bob.id} differs from X-Act-As-User ${alice.id}; send one of them`,
    );
    await setStatus(active, 'paused');
  });

  it('queues a run for an active campaign only, answering 409 naming any other status', async () => {
    const draft = await createCampaign(alice);
    const paused = await createCampaign(alice, 'active');
    await setStatus(paused, 'paused');
    const completed = await createCampaign(alice, 'active');
    await setStatus(completed, 'completed');
    const archived = await createCampaign(alice);
    await setStatus(archived, 'archived');
    const active = await createCampaign(alice, 'active');
    const run = (id: string) =>
      app.http
        .post('/api/jobs/follow-request')
        .set('authorization', as(alice))
        .send({ campaignId: id, importLimit: 5 });

    for (const [id, status] of [
      [draft, 'draft'],
      [paused, 'paused'],
      [completed, 'completed'],
      [archived, 'archived'],
    ]) {
      const response = await run(id);
      expect(response.status, status).toBe(409);
      expect(response.body).toMatchObject({
        code: 'conflict',
        message: `Campaign ${id} is ${status}; set it active first`,
        details: { campaignId: id, status },
      });
    }
    expect((await run(active)).status).toBe(201);
    await setStatus(active, 'paused');
  });

  it("shows a user the workers' states and their own jobs, but no hosts, pids or counts", async () => {
    const own = await app.http.get('/api/jobs/stats/workers').set('authorization', as(alice));
    const all = await app.http.get('/api/jobs/stats/workers').set('authorization', as(admin()));

    const ownProcess = (own.body as { processes: Record<string, unknown>[] }).processes[0];
    expect(Object.keys(ownProcess).sort()).toEqual(['mode', 'processId', 'seenAt', 'workers']);
    const ownWorkers = ownProcess.workers as Record<string, unknown>[];
    expect(ownWorkers.length).toBeGreaterThan(0);
    for (const worker of ownWorkers) {
      expect(Object.keys(worker).sort()).toEqual(['concurrency', 'queue', 'running', 'state']);
    }
    const allProcess = (all.body as { processes: Record<string, unknown>[] }).processes[0];
    expect(allProcess).toMatchObject({ pid: expect.any(Number) as number });
    expect((allProcess.workers as Record<string, unknown>[])[0]).toHaveProperty('completed');
  });

  it('sends no X-Powered-By header', async () => {
    for (const response of [
      await app.http.get('/health'),
      await app.http.get('/api/accounts').set('authorization', as(alice)),
      await app.http.get('/api/accounts'),
    ]) {
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });

  describe('the WebSocket feed', () => {
    function connect(auth: Record<string, string>): Promise<Socket> {
      const socket = io(app.service.url!, { auth, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      return new Promise((resolve, reject) => {
        socket.once('ready', () => resolve(socket));
        socket.once('error', (error: ErrorBody) => reject(new Error(error.message)));
        socket.once('connect_error', reject);
      });
    }

    it("refuses an admin's actAs that is not an existing user's id, naming why", async () => {
      await expect(connect({ token: app.adminKey, actAs: 'nope' })).rejects.toThrow(
        'X-Act-As-User must be a user id (UUID)',
      );
      const unknown = randomUUID();
      await expect(connect({ token: app.adminKey, actAs: unknown })).rejects.toThrow(
        `User ${unknown} was not found`,
      );
      await expect(connect({ token: alice.key, actAs: alice.id })).resolves.toBeDefined();
      const asAlice = await connect({ token: app.adminKey, actAs: alice.id });
      expect(asAlice.connected).toBe(true);
    });

    it('disconnects a client within seconds of its key being revoked', async () => {
      const created = await app.http
        .post('/api/keys')
        .set('authorization', as(alice))
        .send({ name: 'feed' });
      const { id, apiKey } = created.body as { id: string; apiKey: string };
      const socket = await connect({ token: apiKey });
      const kept = await connect({ token: alice.key });
      const told = new Promise<ErrorBody>((resolve) => socket.once('error', resolve));
      const gone = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));

      const revokedAt = Date.now();
      await app.http.delete(`/api/keys/${id}`).set('authorization', as(alice)).expect(204);

      expect(await told).toMatchObject({
        code: 'unauthorized',
        message: 'The API key was revoked.',
      });
      await gone;
      expect(Date.now() - revokedAt).toBeLessThan(3_000);
      expect(kept.connected).toBe(true);
    });
  });
});
