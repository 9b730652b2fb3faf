import t from 'tap';
import { CreatePluginError } from '../src/create-plugin-error.js';
import { pluginName } from '../src/plugin-name.js';

t.test('a short name gives the package, the type names and the environment variable', async (t) => {
  t.same(pluginName('acme-crm'), {
    short: 'acme-crm',
    packageName: '@datong/plugin-acme-crm',
    title: 'Acme Crm',
    pascal: 'AcmeCrm',
    camel: 'acmeCrm',
    constant: 'ACME_CRM',
  });
  t.equal(pluginName('shop-1688').pascal, 'Shop1688', 'digits stay in the type names');
  t.equal(pluginName('youzan', '有赞 Youzan').title, '有赞 Youzan', 'a title is taken as given');
});

t.test('a scoped package name is kept, and its short name drops the plugin prefix', async (t) => {
  t.same(pluginName('@acme/datong-plugin-crm').packageName, '@acme/datong-plugin-crm');
  t.equal(pluginName('@acme/datong-plugin-crm').short, 'crm');
  t.equal(pluginName('@acme/plugin-erp').short, 'erp');
  t.equal(pluginName('@acme/sync').short, 'sync');
});

t.test('a name that cannot be used is refused with what to type instead', async (t) => {
  const refused = (name: string, message: RegExp, title?: string) =>
    t.throws(() => pluginName(name, title), Object.assign(new CreatePluginError(''), { message }), `refuses ${JSON.stringify(name)}`);
  refused('', /needs a name/);
  refused('Acme_CRM', /cannot be a plugin name.*Did you mean "acme-crm"\?/);
  refused('AcmeShop', /Did you mean "acme-shop"\?/);
  refused('acme--crm', /single hyphens/);
  refused('1688', /starting with a letter/);
  refused('acme-', /cannot be a plugin name/);
  refused('plugin-acme', /give the short name \("acme"\).*@datong\/plugin-acme/);
  refused('datong-plugin-acme', /give the short name \("acme"\)/);
  refused('@Acme/Crm', /not a valid scoped package name/);
  refused('@acme/', /not a valid scoped package name/);
  refused('@acme/datong-plugin-my.crm', /cannot be a plugin name/);
  refused('a'.repeat(41), /too long/);
  refused('acme', /--title/, 'Acme "CRM"');
  refused('acme', /--title/, 'x */ y');
});
