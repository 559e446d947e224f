// Example plugin: orders paid by bank transfer (or any method named) are held back from Specter
// until Magento marks them paid: the order status reaches one of `paidStatuses` (Magento moves an
// order to "processing" when it is invoiced). A held order's job ends without writing anything;
// when the order changes in Magento (paid), Koppla detects it again and this filter lets it pass.
import { z } from 'zod';
import { definePlugin, skip } from '../../src/plugins/index.ts';

export default definePlugin({
  name: 'hold-until-paid',
  description: 'Holds orders of given payment methods until they are paid in Magento',
  settings: z.strictObject({
    paymentMethods: z.array(z.string().min(1)).min(1),
    paidStatuses: z.array(z.string().min(1)).min(1).default(['processing', 'complete']),
  }),
  orders: {
    filter(order, { settings }) {
      if (!settings.paymentMethods.includes(order.paymentMethod)) return;
      if (settings.paidStatuses.includes(order.status)) return;
      return skip(
        `held until paid: payment method ${order.paymentMethod}, status "${order.status}" (sent at ${settings.paidStatuses.join(' or ')})`,
      );
    },
  },
});
