import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm run bench -- <name>` runs bench/<name>.bench.ts. Each benchmark prints human-readable lines,
// then one JSON object on its last line with its figures and the machine it ran on.
const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''));
const [name, ...args] = process.argv.slice(2);

if (!name || !available.includes(name)) {
  process.stderr.write(
    `usage: npm run bench -- <name> [args]\navailable: ${available.join(', ') || '(none yet)'}\n`,
  );
  process.exit(name ? 2 : 0);
}

const module = await import(join(here, `${name}.bench.ts`));
await module.main(args);
