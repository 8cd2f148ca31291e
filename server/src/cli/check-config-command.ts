import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { TIERS } from '@consentry/core';
import { formatErrors, parseSiteConfig } from '@consentry/core/schema';
import { type Command, UsageError } from './command.js';
import { elementText } from './element-text.js';

const DEFAULT_SELECTOR = '#consentry-config';

/** The config's text in `file`: the whole file, or in a page the text of the element `selector` matches. */
function configText(file: string, content: string, selector: string): { text: string; where: string } {
  // A JSON config starts with `{`; a page with `<` (a doctype, a comment or a tag), after an optional BOM.
  if (!/^\uFEFF?\s*</.test(content)) return { text: content, where: file };
  const element = elementText(content, selector);
  if (!element) throw new UsageError(`${file}: no element matches "${selector}" (the page's config, see --selector)`);
  return { text: element.text, where: `${file} (${selector}, line ${element.line})` };
}

export const checkConfigCommand: Command = {
  name: 'check-config',
  summary: 'check a site config (a JSON file or an HTML page) with the full schema',
  help: `Usage: consentry check-config <file> [--selector CSS]

Checks a site config with the full schema (zod; the banner's built-in check
gives the same verdicts), and prints every problem, one a line, naming its field:

  config field "services[0].tier": expected "essential" or "audience" or "advertising", got "analytics"

<file> is the config as JSON, or an HTML page (a file starting with "<") that
holds it in the element of --selector, as the script tag's data-config does:

  <script type="application/json" id="consentry-config">{ "site": … }</script>

  --selector CSS  the element holding the config in a page (default
                  ${DEFAULT_SELECTOR}): a simple selector, such as #id, .class,
                  tag, [attr=value], or a compound like script#id

Exit 0 and a summary (site id, services per tier) when the config is valid;
exit 1 and the problems when it is not; exit 2 when the file cannot be read,
no element matches, or the config is not JSON (with the JSON error).`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { selector: { type: 'string', default: DEFAULT_SELECTOR } },
    });
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError('expected one file');
    let content: string;
    try {
      content = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { text, where } = configText(file, content, values.selector);
    let raw: unknown;
    try {
      raw = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new UsageError(`the config in ${where} is not valid JSON: ${(error as Error).message}`);
    }
    const result = parseSiteConfig(raw);
    if (!result.ok) {
      const count = result.errors.length;
      console.log(`FAIL ${where}: ${count} problem${count === 1 ? '' : 's'}`);
      // The browser console's wording (boot.ts), one line each.
      console.log(formatErrors(result.errors.map((e) => ({ ...e, path: `config field "${e.path || '(root)'}"` }))));
      return 1;
    }
    const { site, services } = result.value;
    const tiers = TIERS.map((tier) => `${tier} ${services.filter((s) => s.tier === tier).length}`);
    const plural = services.length === 1 ? '' : 's';
    console.log(`OK ${where}: site "${site}", ${services.length} service${plural} (${tiers.join(', ')})`);
    return 0;
  },
};
