import { ConfigError, defineSink, type SinkConnection } from '@datong/sdk';
import { FormLayout } from './form-layout.js';
import type { JiandaoyunConfig } from './generated/config.js';
import { JiandaoyunApi } from './jiandaoyun-api.js';
import { OBJECTS, sinkSettings, type ObjectName } from './sink-settings.js';
import { FormSink } from './sinks/form-sink.js';

/**
 * The Jiandaoyun (简道云) sink: customers and orders written to two forms, looked up by datong's
 * key (a text widget) and created or updated, orders linked to their customer.
 *
 * @example
 *   sinks: { jdy: { plugin: '@datong/plugin-jiandaoyun', config: { apiKey: { env: JIANDAOYUN_API_KEY },
 *     forms: { customers: { appId: '...', entryId: '...' }, orders: { appId: '...', entryId: '...' } } } } }
 */
export const jiandaoyunSink = defineSink<JiandaoyunConfig>({
  async open(config, ctx) {
    const settings = sinkSettings(config);
    const api = new JiandaoyunApi(settings, ctx);
    const connection: SinkConnection = {
      /** Proves the key with one cheap call: the widget list of the first configured form. */
      async check() {
        const form = settings.forms.customers ?? settings.forms.orders!;
        await api.widgets(form);
      },
      async object(spec) {
        const name = spec.name as ObjectName;
        if (!OBJECTS.includes(name)) throw new ConfigError([{ pointer: '/forms', message: `jiandaoyun has no object "${spec.name}": it writes ${OBJECTS.join(', ')}` }]);
        const form = settings.forms[name];
        if (!form) throw new ConfigError([{ pointer: `/forms/${name}`, message: `object ${name} needs forms.${name}: { appId, entryId } of the form to write` }]);
        const layout = await FormLayout.open(api, name, form, ctx.logger);
        if (name === 'customers') return new FormSink(spec, api, layout, settings, ctx.state, ctx.logger);
        if (!settings.forms.customers) {
          throw new ConfigError([{ pointer: '/forms/customers', message: 'orders are linked to their customers: forms.customers is needed to find them' }]);
        }
        const customers = await FormLayout.open(api, 'customers', settings.forms.customers, ctx.logger);
        const customerKeyField = form.customerKeyField ?? 'customer_key';
        return new FormSink(spec, api, layout, settings, ctx.state, ctx.logger, { customers, customerKeyField });
      },
    };
    return connection;
  },
});
