// The connection config: one YAML file (or the same shape through the admin API). Every object is
// strict so a misspelt key is an error naming it, not a silently ignored setting.
import { z } from 'zod';

/** A secret is written inline (demo only), read from an environment variable, or from the store. */
export const secretValue = z.union([
  z.string().min(1),
  z.strictObject({ env: z.string().min(1) }),
  z.strictObject({ secret: z.string().min(1) }),
]);
export type SecretValue = z.infer<typeof secretValue>;

export const flowModes = ['ecom-master', 'erp-master', 'combo'] as const;
export type FlowMode = (typeof flowModes)[number];

const url = z.url({ protocol: /^https?$/ });

const magentoAuth = z.union([
  z.strictObject({ username: z.string().min(1), password: secretValue }),
  z.strictObject({ token: secretValue }),
]);

const magentoInstallation = z.strictObject({
  url,
  auth: magentoAuth,
  /** Seconds before a request is given up (and retried later). */
  timeoutSeconds: z.number().positive().max(600).default(30),
});

const priceListMapping = z.strictObject({
  priceListId: z.string().min(1),
  customerGroupId: z.number().int().min(0),
  /** Magento website the tier prices apply to; 0 = all websites. */
  websiteId: z.number().int().min(0).default(0),
});

const shop = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _ only')
    .max(40),
  magento: magentoInstallation,
  storeCode: z.string().min(1),
  websiteId: z.number().int().min(1),
  /** Specter's web shop number for this shop (multishop); the account's default when absent. */
  webshopId: z.number().int().min(1).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code such as SEK'),
  /** Language code Specter uses for this shop's customers and texts (SE, NO, EN ...). */
  language: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a two-letter code such as SE')
    .default('SE'),
  /**
   * Put before the Magento order number to make Specter's external order number, so two
   * installations that both have order 000000001 never collide.
   */
  orderNumberPrefix: z
    .string()
    .max(10)
    .regex(/^[A-Za-z0-9-]*$/, 'letters, digits and - only')
    .default(''),
  /** Magento order statuses that make an order go to Specter. */
  eligibleStatuses: z.array(z.string().min(1)).min(1).default(['processing']),
  /** Magento payment method code -> Specter payTypeIdentifier. */
  payments: z.record(z.string(), z.string().min(1)).default({}),
  /** Magento shipping method code -> Specter externalDeliveryMethod. */
  shipping: z.record(z.string(), z.string().min(1)).default({}),
  /** Specter stock site orders reserve from; the default site when absent. */
  stockSiteId: z.string().min(1).optional(),
  stock: z
    .strictObject({
      /** Specter stock sites whose available quantities are summed for this shop. */
      warehouses: z.array(z.string().min(1)).min(1).default(['1']),
      /** MSI source written to; absent = legacy stock items. */
      msiSource: z.string().min(1).optional(),
    })
    .prefault({}),
  priceLists: z.array(priceListMapping).default([]),
  /** Specter price list giving this shop's base prices (a shop in another currency); else the article price. */
  basePriceList: z.string().min(1).optional(),
  /** Magento catalogue prices are entered including VAT (usual for Swedish B2C shops). */
  catalogPricesIncludeVat: z.boolean().default(true),
});
export type ShopConfig = z.infer<typeof shop>;

const specter = z.strictObject({
  url,
  sbmId: z.number().int().positive(),
  apiVersion: z.enum(['v1', 'v2']).default('v2'),
  apiUserId: z.number().int().positive().optional(),
  /** v2: ApiUserKey; v1: MD5 Key 1. */
  apiUserKey: secretValue,
  /** v2: IntegrationKey; v1: MD5 Key 2. */
  integrationKey: secretValue,
  encoding: z.enum(['latin1', 'utf8']).default('latin1'),
  timeoutSeconds: z.number().positive().max(600).default(30),
});

const statusAction = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('status'),
    status: z.string().min(1),
    comment: z.string().default(''),
    notify: z.boolean().default(false),
  }),
  z.strictObject({ action: z.literal('ship'), notify: z.boolean().default(true) }),
  z.strictObject({
    action: z.literal('invoice'),
    /** Capture online (Klarna, DIBS/Nets, Svea, Walley): the money is taken now. */
    capture: z.boolean().default(true),
    notify: z.boolean().default(false),
  }),
  z.strictObject({ action: z.literal('cancel'), notify: z.boolean().default(true) }),
]);
export type StatusAction = z.infer<typeof statusAction>;

const orderEventKinds = ['delivered', 'partly-delivered', 'invoiced', 'paid', 'cancelled'] as const;

const streamSwitch = { enabled: z.boolean().optional() };

const streams = z
  .strictObject({
    orders: z
      .strictObject({
        ...streamSwitch,
        /** Send to Specter as an order, or straight as an invoice. */
        as: z.enum(['order', 'invoice']).default('order'),
        pricesIncludeVat: z.boolean().default(true),
        customerMatch: z
          .enum(['email', 'orgNo', 'email-then-orgNo', 'always-new'])
          .default('email-then-orgNo'),
        updateCustomer: z.boolean().default(false),
        shippingArticleNo: z.string().min(1).default('FRAKT'),
        discountArticleNo: z.string().min(1).optional(),
        pollSeconds: z.number().positive().default(10),
        /** Orders updated before this time (ISO 8601) are left alone; default: every eligible order. */
        since: z.iso.datetime({ offset: true }).optional(),
        /** Re-read this far back on every poll so an order saved late is not missed. */
        overlapSeconds: z.number().min(0).default(120),
      })
      .prefault({}),
    orderStatus: z
      .strictObject({
        ...streamSwitch,
        events: z.partialRecord(z.enum(orderEventKinds), z.array(statusAction)).default({
          delivered: [
            { action: 'ship', notify: true },
            { action: 'invoice', capture: true, notify: false },
          ],
          'partly-delivered': [{ action: 'ship', notify: true }],
          cancelled: [{ action: 'cancel', notify: true }],
        }),
      })
      .prefault({}),
    articles: z
      .strictObject({
        ...streamSwitch,
        /** Specter variant type (as in "Färg=Blå") -> Magento attribute code. */
        variantAttributes: z.record(z.string(), z.string().min(1)).default({
          Färg: 'color',
          Storlek: 'size',
          Color: 'color',
          Size: 'size',
        }),
        /** Magento -> Specter: poll interval for changed products. */
        pollSeconds: z.number().positive().default(60),
      })
      .prefault({}),
    prices: z.strictObject({ ...streamSwitch }).default({}),
    priceLists: z
      .strictObject({
        ...streamSwitch,
        mode: z.enum(['tier-prices', 'customer-group-prices']).default('tier-prices'),
      })
      .prefault({}),
    stock: z
      .strictObject({
        ...streamSwitch,
        /** Publish available minus orders Magento took that Specter has not booked yet. */
        subtractPendingOrders: z.boolean().default(true),
        pollSeconds: z.number().positive().default(30),
      })
      .prefault({}),
  })
  .prefault({});

const plugin = z.strictObject({
  /** A file path (relative to the config file) or a package name. */
  use: z.string().min(1),
  settings: z.record(z.string(), z.unknown()).default({}),
});

export const connectionSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _ only')
      .max(60),
    name: z.string().min(1).optional(),
    flowMode: z.enum(flowModes),
    specter,
    shops: z.array(shop).min(1),
    streams,
    limits: z
      .strictObject({
        /** Jobs of this connection running at once, across every worker. */
        concurrency: z.number().int().min(1).max(64).default(4),
        /** Requests per second to each remote, per worker process. */
        requestsPerSecond: z.number().positive().optional(),
      })
      .prefault({}),
    plugins: z.array(plugin).default([]),
    /**
     * The address Specter reaches this Koppla at (e.g. https://koppla.example.se). When set, the
     * callback URL is registered with Specter and changes arrive within seconds instead of a poll.
     */
    callbackBaseUrl: url.optional(),
  })
  .superRefine((connection, ctx) => {
    const seen = new Map<string, number>();
    connection.shops.forEach((s, index) => {
      const previous = seen.get(s.id);
      if (previous !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['shops', index, 'id'],
          message: `duplicate shop id (also shops[${previous}])`,
        });
      }
      seen.set(s.id, index);
    });
  });

const retentionDays = (days: number) => z.number().int().min(1).max(3650).default(days);

/** How long the store keeps what only matters for a while (src/engine/retention.ts). */
const retention = z
  .strictObject({
    /** Jobs that finished successfully, and their attempts. */
    finishedJobsDays: retentionDays(14),
    /** Timeline events: how far back a record's journey can be followed. */
    eventsDays: retentionDays(90),
    /** Dead letters someone replayed or discarded. Open ones are kept until resolved. */
    resolvedDeadLettersDays: retentionDays(90),
  })
  .prefault({});

export const configFileSchema = z
  .strictObject({
    connections: z.array(connectionSchema).min(1),
    retention,
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.connections.forEach((c, index) => {
      if (seen.has(c.id))
        ctx.addIssue({
          code: 'custom',
          path: ['connections', index, 'id'],
          message: 'duplicate connection id',
        });
      seen.add(c.id);
    });
  });

export type ConnectionConfig = z.infer<typeof connectionSchema>;
export type ConfigFile = z.infer<typeof configFileSchema>;
export type StreamsConfig = ConnectionConfig['streams'];
