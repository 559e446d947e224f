import { MESSAGES, XML } from '../assumptions.ts';
import { okReply, type Reply } from '../reply.ts';
import { FieldError } from '../validation.ts';
import { type ActionContext, type ActionDef, isReply, resolveWebshop } from './context.ts';

/** [K] the call exists (D1); answer [P] `1;<sbmId>;OK`, XML also lists the webshops. */
function checkAccountSettings(ctx: ActionContext): Reply {
  const { account } = ctx;
  const shops = [...account.webshops.values()];
  return okReply(account.sbmId, MESSAGES.ok, {
    response: (w) => w.leaf('apiVersion', account.credentials.apiVersion),
    payload: (w) => {
      w.start(XML.webshops);
      for (const s of shops) w.start(XML.webshop).attr('webshopId', s.webshopId).attr('name', s.name).end();
      w.end();
    },
  });
}

/** x-emulator: the shop tells Specter its callback URL (T1: given at installation). url '-' clears it. */
function registerCallbackUrl(ctx: ActionContext): Reply {
  const shop = resolveWebshop(ctx);
  if (isReply(shop)) return shop;
  const url = ctx.params.get('url')!;
  if (url !== '-' && !/^https?:\/\/\S+$/.test(url)) throw new FieldError('url', 'must be an http(s) URL');
  ctx.setCallbackUrl(shop, url === '-' ? undefined : url);
  return okReply(shop.webshopId, MESSAGES.ok);
}

export const accountActions: ActionDef[] = [
  { name: 'checkAccountSettings', script: 'getInfo', write: false, handler: checkAccountSettings },
  { name: 'registerCallbackUrl', script: 'putInfo', write: true, handler: registerCallbackUrl },
];
