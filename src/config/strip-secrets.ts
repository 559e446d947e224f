// The config as it may be stored or shown: secret references ({ env }, { secret }) stay, secrets
// written inline are replaced by a marker. Pure.
import type { ConnectionConfig, SecretValue, ShopConfig } from './schema.ts';

export const INLINE_SECRET_MARKER = '[inline secret hidden]';

function hide(value: SecretValue): SecretValue {
  return typeof value === 'string' ? INLINE_SECRET_MARKER : value;
}

export function shopWithoutSecrets(shop: ShopConfig): ShopConfig {
  const auth = shop.magento.auth;
  return {
    ...shop,
    magento: {
      ...shop.magento,
      auth:
        'token' in auth
          ? { token: hide(auth.token) }
          : { username: auth.username, password: hide(auth.password) },
    },
  };
}

export function connectionWithoutSecrets(connection: ConnectionConfig): ConnectionConfig {
  return {
    ...connection,
    specter: {
      ...connection.specter,
      apiUserKey: hide(connection.specter.apiUserKey),
      integrationKey: hide(connection.specter.integrationKey),
    },
    shops: connection.shops.map(shopWithoutSecrets),
  };
}
