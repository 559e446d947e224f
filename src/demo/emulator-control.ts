// Small JSON helpers for the emulators' control surfaces (not Magento's or Specter's API): used by
// the demo to place orders and change stock, and by tests to read end states.
export async function controlCall<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${baseUrl}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${method} ${path} on the emulator answered ${response.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Store view code -> id of an emulated Magento installation, read through its REST API. */
export async function magentoStoreIds(
  baseUrl: string,
  username = 'admin',
  password = 'admin123',
): Promise<Map<string, number>> {
  const token = (await (
    await fetch(`${baseUrl}/rest/V1/integration/admin/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
  ).json()) as string;
  const views = (await (
    await fetch(`${baseUrl}/rest/V1/store/storeViews`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { id: number; code: string }[];
  return new Map(views.map((v) => [v.code, v.id]));
}
