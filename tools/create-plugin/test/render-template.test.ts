import t from 'tap';
import { outputPath, renderTemplate } from '../src/render-template.js';

t.test('placeholders are filled, and one without a value is a template bug named with its file', async (t) => {
  t.equal(renderTemplate('export class __PASCAL__Client {} // __CONST___API_KEY', { PASCAL: 'AcmeCrm', CONST: 'ACME_CRM' }, 'x.ts'),
    'export class AcmeCrmClient {} // ACME_CRM_API_KEY');
  t.throws(() => renderTemplate('__NAME__ __TYPO__', { NAME: 'acme' }, 'source/src/x.ts'), { message: 'template source/src/x.ts uses __TYPO__, which has no value' });
});

t.test('files stored under other names in templates/ land under their real ones', async (t) => {
  t.equal(outputPath('_package.json', {}), 'package.json');
  t.equal(outputPath('_taprc', {}), '.taprc');
  t.equal(outputPath('_gitignore', {}), '.gitignore');
  t.equal(outputPath('src/__NAME__-source.ts', { NAME: 'acme' }), 'src/acme-source.ts');
  t.equal(outputPath('src/_helpers.ts', {}), 'src/_helpers.ts', 'other names are kept');
});
