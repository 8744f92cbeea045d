import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { launchChromium, pageWithSession } from '../support/browser';

describe('simulator sessions and login', () => {
  let simulator: SimulatorHandle;
  let browser: Browser;
  let accountCount = 0;

  beforeAll(async () => {
    [simulator, browser] = await Promise.all([startSimulator(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await simulator?.close();
  });

  async function newAccount(layout: 'classic' | 'new') {
    accountCount++;
    const liAt = `AQEDAsessiontest${accountCount}xxxxxxxxxxxxxxxxxxxxxxxx`;
    const created = await simulator.client.createAccount({
      email: `session${accountCount}@example.test`,
      password: `secret-${accountCount}`,
      slug: `session-tester-${accountCount}`,
      firstName: 'Session',
      lastName: `Tester${accountCount}`,
      layout,
      liAt,
    });
    return {
      ...created,
      liAt,
      email: `session${accountCount}@example.test`,
      password: `secret-${accountCount}`,
    };
  }

  it('logs in with the password form and lands on the feed with li_at and a quoted JSESSIONID', async () => {
    const context = await browser.newContext({ baseURL: simulator.baseUrl });
    const page = await context.newPage();
    await page.goto('/login');
    await page.locator('input#username[name=session_key]').fill(DEMO.account.email);
    await page.locator('input#password[name=session_password]').fill(DEMO.account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/feed/');

    const cookies = await context.cookies();
    const jsession = cookies.find((cookie) => cookie.name === 'JSESSIONID');
    expect(cookies.find((cookie) => cookie.name === 'li_at')?.value).toMatch(/^AQEDA/);
    expect(jsession?.value).toMatch(/^"ajax:\d{19}"$/);
    expect(await page.locator('a[href^="/feed"]').count()).toBeGreaterThan(0);
    expect(await page.locator('a[href^="/mynetwork"]').count()).toBeGreaterThan(0);
    const logins = await simulator.client.logins(DEMO.account.id);
    expect(logins.at(-1)).toMatchObject({ method: 'password', outcome: 'success' });
    await context.close();
  });

  it('shows an error and stays on the form after a wrong password', async () => {
    const page = await browser.newPage({ baseURL: simulator.baseUrl });
    await page.goto('/uas/login');
    await page.locator('#username').fill(DEMO.account.email);
    await page.locator('#password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('#error-for-password').textContent()).resolves.toContain(
      'Wrong email or password',
    );
    expect(new URL(page.url()).pathname).toBe('/checkpoint/lg/login-submit');
    await page.context().close();
  });

  it('accepts a given li_at cookie in both layouts and marks the new layout nav', async () => {
    const account = await newAccount('new');
    const page = await pageWithSession(browser, simulator.baseUrl, account.liAt);
    await page.goto('/feed/');
    expect(new URL(page.url()).pathname).toBe('/feed/');
    await expect(page.locator('[data-testid="primary-nav"]').count()).resolves.toBe(1);
    await expect(page.locator('[data-sdui-screen]').count()).resolves.toBe(1);

    await simulator.client.setLayout(account.id, 'classic');
    await page.reload();
    await expect(page.locator('[data-testid="primary-nav"]').count()).resolves.toBe(0);
    await expect(page.locator('nav.global-nav__nav a[href^="/mynetwork"]').count()).resolves.toBe(
      1,
    );
    await page.context().close();
  });

  it('sends a dead session to the login page or the authwall while its cookie stays', async () => {
    const account = await newAccount('classic');
    const page = await pageWithSession(browser, simulator.baseUrl, account.liAt);
    await page.goto('/feed/');
    expect(new URL(page.url()).pathname).toBe('/feed/');

    await simulator.client.killSessions(account.id);
    await page.goto('/feed/');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.goto(`/in/${DEMO.prefixSlugs[0]}/`);
    const authwall = new URL(page.url());
    expect(authwall.pathname).toBe('/authwall');
    expect(authwall.searchParams.get('sessionRedirect')).toContain('/in/john-smith/');
    const cookies = await page.context().cookies();
    expect(cookies.find((cookie) => cookie.name === 'li_at')?.value).toBe(account.liAt);
    await page.context().close();
  });

  it('asks for an email PIN at login until the right code is entered', async () => {
    const account = await newAccount('classic');
    const { pin } = await simulator.client.triggerCheckpoint(account.id, 'email_pin', '123456');
    const page = await browser.newPage({ baseURL: simulator.baseUrl });
    await page.goto('/login');
    await page.locator('#username').fill(account.email);
    await page.locator('#password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(new URL(page.url()).pathname).toMatch(/^\/checkpoint\/challenge\//);

    await page.locator('input#input__email_verification_pin').fill('000000');
    await page.locator('button#email-pin-submit-button').click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('isn’t valid');
    await page.locator('input#input__email_verification_pin').fill(pin);
    await page.locator('button#email-pin-submit-button').click();
    await page.waitForURL('**/feed/');
    await page.context().close();
  });

  it('gates a live session behind a CAPTCHA until the admin API resolves it', async () => {
    const account = await newAccount('new');
    await simulator.client.triggerCheckpoint(account.id, 'captcha');
    const page = await pageWithSession(browser, simulator.baseUrl, account.liAt);
    await page.goto('/feed/');
    expect(new URL(page.url()).pathname).toMatch(/^\/checkpoint\//);
    await expect(page.locator('iframe#captcha-internal').count()).resolves.toBe(1);
    await expect(page.getByText("Let's do a quick security check").count()).resolves.toBe(1);

    await simulator.client.resolveCheckpoint(account.id);
    await page.waitForURL('**/feed/');
    await page.context().close();
  });

  it('waits for app approval at login and then lands on the feed', async () => {
    const account = await newAccount('classic');
    await simulator.client.triggerCheckpoint(account.id, 'app');
    const page = await browser.newPage({ baseURL: simulator.baseUrl });
    await page.goto('/login');
    await page.locator('#username').fill(account.email);
    await page.locator('#password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Check your LinkedIn app').waitFor();
    await expect(page.locator('input#input__phone_verification_pin').count()).resolves.toBe(1);

    await simulator.client.resolveCheckpoint(account.id);
    await page.waitForURL('**/feed/');
    const logins = await simulator.client.logins(account.id);
    expect(logins.map((login) => login.outcome)).toEqual(['checkpoint', 'success']);
    await page.context().close();
  });

  it('shows the restriction page to a restricted account', async () => {
    const account = await newAccount('classic');
    await simulator.client.setRestricted(account.id, true);
    const page = await pageWithSession(browser, simulator.baseUrl, account.liAt);
    await page.goto('/mynetwork/');
    await expect(page.locator('body').textContent()).resolves.toContain(
      'Your account has been temporarily restricted',
    );
    await page.context().close();
  });

  it('serves configured latency, error pages and the 404 page', async () => {
    await simulator.client.setFaults({ errors: [{ pathPrefix: '/feed', status: 500, count: 1 }] });
    const failing = await fetch(`${simulator.baseUrl}/feed/`, { redirect: 'manual' });
    expect(failing.status).toBe(500);
    const after = await fetch(`${simulator.baseUrl}/feed/`, { redirect: 'manual' });
    expect(after.status).toBe(302);
    await simulator.client.setFaults({});

    await simulator.client.setFaults({ latencyMs: 250 });
    const started = Date.now();
    await fetch(`${simulator.baseUrl}/login`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    await simulator.client.setFaults({});

    const missing = await fetch(`${simulator.baseUrl}/404/`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Page not found');
  });

  it('keeps the own-profile link out of the nav until the Me menu opens, in both layouts', async () => {
    const account = await newAccount('classic');
    const page = await pageWithSession(browser, simulator.baseUrl, account.liAt);
    const ownLink = `a[href="/in/session-tester-${accountCount}/"]`;

    await page.goto('/mynetwork/');
    const nav = page.locator('#global-nav');
    await expect(nav.locator(ownLink).count()).resolves.toBe(0);
    const me = nav.locator('button.global-nav__primary-link-me-menu-trigger');
    await me.click();
    await expect(me.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(
      nav.locator('.global-nav__me-content').getByRole('link', { name: 'View Profile' }).count(),
    ).resolves.toBe(1);
    await nav.locator(`.global-nav__me-content ${ownLink}`).first().click();
    await page.waitForURL(`**/in/session-tester-${accountCount}/`);
    await expect(
      page.locator('section[data-member-id]').getByRole('link', { name: 'Edit profile' }).count(),
    ).resolves.toBe(1);

    await simulator.client.setLayout(account.id, 'new');
    await page.goto('/mynetwork/');
    const primary = page.locator('[data-testid="primary-nav"]');
    await expect(primary.locator(ownLink).count()).resolves.toBe(0);
    await primary.getByRole('button', { name: 'Me' }).click();
    await primary.locator(`[role=menu] ${ownLink}`).first().waitFor();
    await page.context().close();
  });

  it('tells who is logged in through /voyager/api/me with the csrf token, and in classic page data', async () => {
    const account = await newAccount('classic');
    const page = await pageWithSession(browser, simulator.baseUrl, account.liAt);
    await page.goto('/feed/');

    const answer = await page.evaluate(async () => {
      const token = /JSESSIONID="?([^";]+)/.exec(document.cookie)?.[1] ?? '';
      const withToken = await fetch('/voyager/api/me', { headers: { 'csrf-token': token } });
      const without = await fetch('/voyager/api/me');
      return {
        status: withToken.status,
        body: (await withToken.json()) as unknown,
        refused: without.status,
      };
    });
    expect(answer.status).toBe(200);
    expect(answer.refused).toBe(403);
    expect(answer.body).toMatchObject({
      included: [{ publicIdentifier: `session-tester-${accountCount}`, firstName: 'Session' }],
    });

    const embedded = await page
      .locator('code[id^="bpr-guid-"]')
      .evaluateAll((blocks) => blocks.map((block) => block.textContent ?? ''));
    expect(embedded.some((block) => block.includes('"/voyager/api/me"'))).toBe(true);
    expect(embedded.some((block) => block.includes(`"publicIdentifier":"session-tester-`))).toBe(
      true,
    );
    await page.context().close();
  });

  it('ends the session on sign out, so the same li_at then lands on the login page', async () => {
    const account = await newAccount('classic');
    const page = await pageWithSession(browser, simulator.baseUrl, account.liAt);
    await page.goto('/feed/');
    await page.locator('button.global-nav__primary-link-me-menu-trigger').click();
    await page.getByRole('link', { name: 'Sign Out' }).click();
    await page.waitForURL('**/login');

    await page
      .context()
      .addCookies([{ name: 'li_at', value: account.liAt, url: simulator.baseUrl, httpOnly: true }]);
    await page.goto('/feed/');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.context().close();
  });

  it('answers malformed URLs and bodies with a 400 page or JSON error, never a stack trace', async () => {
    const cookie = `li_at=${DEMO.account.liAt}`;
    const badSlug = await fetch(`${simulator.baseUrl}/in/%E0%A4%A/`, { headers: { cookie } });
    expect(badSlug.status).toBe(400);
    const page = await badSlug.text();
    expect(page).toContain('Something went wrong');
    expect(page).not.toContain('URIError');

    const feed = await fetch(`${simulator.baseUrl}/feed/`, { headers: { cookie } });
    const jsessionId = /JSESSIONID=("ajax:\d{19}")/.exec(feed.headers.get('set-cookie') ?? '')?.[1];
    const badBody = await fetch(`${simulator.baseUrl}/voyager/api/growth/normInvitations`, {
      method: 'POST',
      headers: {
        cookie: `${cookie}; JSESSIONID=${jsessionId ?? ''}`,
        'csrf-token': (jsessionId ?? '').replace(/"/g, ''),
        'content-type': 'application/json',
      },
      body: '{not json',
    });
    expect(badBody.status).toBe(400);
    await expect(badBody.json()).resolves.toEqual({ error: 'bad_request' });
  });
});
