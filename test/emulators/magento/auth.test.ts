import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestMagento } from './helpers.ts';

describe('magento emulator: authentication', () => {
  let m: TestMagento;
  beforeAll(async () => {
    m = await TestMagento.start({ adminUser: 'kalle', adminPassword: 'hemligt1' });
  });
  afterAll(() => m.close());

  it('issues an admin token as a JSON string for the right credentials', async () => {
    expect(typeof m.token).toBe('string');
    expect(m.token.length).toBeGreaterThan(10);
    const res = await m.get('/V1/store/storeViews');
    expect(res.status).toBe(200);
  });

  it('answers 401 with Magento sign-in message for wrong credentials', async () => {
    const res = await m.call(
      'POST',
      '/V1/integration/admin/token',
      { username: 'kalle', password: 'fel' },
      { auth: false },
    );
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      message:
        'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.',
    });
  });

  it('refuses calls without or with an unknown bearer token', async () => {
    const missing = await m.get('/V1/products', { auth: false });
    expect(missing.status).toBe(401);
    expect(missing.body.message).toBe("The consumer isn't authorized to access %resources.");
    expect(missing.body.parameters.resources).toBe('Magento_Catalog::products');
    const bad = await m.get('/V1/orders', { token: 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.body.parameters.resources).toBe('Magento_Sales::actions_view');
  });

  it('accepts integration tokens created through the control surface', async () => {
    const { body } = await m.control('POST', '/integration-tokens');
    const res = await m.get('/V1/store/websites', { token: body.token });
    expect(res.status).toBe(200);
  });

  it('answers unknown routes with Magento 404 text', async () => {
    const res = await fetch(`${m.emulator.url}/rest/V1/nothing-here`, {
      headers: { authorization: `Bearer ${m.token}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Request does not match any route.' });
  });
});
