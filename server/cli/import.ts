import { parseArgs } from 'node:util';
import en from '../../client/i18n/locales/en';
import vi from '../../client/i18n/locales/vi';
import { fillTemplate } from '@shared/problems';
import { ApiError } from '@shared/call';
import { failureText } from '../../client/i18n/problems';
import { runImport } from './import-run';

const USAGE = 'usage: npm run import -- <file.csv> --url <server> --token <token> [--lang vi|en]';
const LOCALES = { vi, en };

/** The output's language: `--lang`, else the environment's (LANG=vi_VN.UTF-8 gives Vietnamese), else English. */
function languageOf(flag: string | undefined): keyof typeof LOCALES | null {
  if (flag !== undefined) return flag === 'vi' || flag === 'en' ? flag : null;
  const env = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  return env.toLowerCase().startsWith('vi') ? 'vi' : 'en';
}

/** `npm run import`: see runImport; exits 0 when all is stored, 1 otherwise. */
async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { url: { type: 'string' }, token: { type: 'string' }, lang: { type: 'string' } } });
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  const token = values.token ?? process.env.IOC_TOKEN;
  const lang = languageOf(values.lang);
  if (positionals.length !== 1 || !values.url || !token || !lang) {
    console.error(USAGE);
    return 1;
  }
  const t = LOCALES[lang].messages;
  try {
    return await runImport({ file: positionals[0]!, url: values.url, token, t, lang, out: (line) => console.log(line) });
  } catch (err) {
    const reason = err instanceof ApiError ? failureText(t, err) : err instanceof Error ? err.message : String(err);
    console.error(fillTemplate(t.imp_failed, { reason }));
    return 1;
  }
}

process.exitCode = await main();
