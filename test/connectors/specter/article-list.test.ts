import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSpecterEmulator } from '../../../emulators/specter/index.ts';
import { SpecterClient } from '../../../src/connectors/specter/index.ts';

// The x-emulator register read is a guess on both sides; this checks the two guesses agree.
describe('getArticleList against the Specter emulator', () => {
  let emulator: Awaited<ReturnType<typeof startSpecterEmulator>>;
  beforeAll(async () => {
    emulator = await startSpecterEmulator({
      seed: 3,
      sizes: { simpleArticles: 7, configurables: 1, variantsPerConfigurable: 2 },
    });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('pages through the whole register and reports its size', async () => {
    const client = new SpecterClient({
      baseUrl: emulator.url,
      sbmId: 1001,
      apiVersion: 'v2',
      apiUserId: 7,
      innerKey: 'demo-api-user-key',
      outerKey: 'demo-integration-key',
    });
    const first = await client.getArticleList(1, 4);
    expect(first.items).toHaveLength(4);
    // 7 simple + 1 main + 2 variants + the shipping article FRAKT
    expect(first.totalCount).toBe(11);
    const seen = new Set(first.items.map((a) => a.articleNo));
    for (let page = 2; page <= 3; page++)
      for (const a of (await client.getArticleList(page, 4)).items) seen.add(a.articleNo);
    expect(seen.size).toBe(11);
  });
});
