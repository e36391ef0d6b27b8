// Runs one npm peer over a text file and prints how many warnings it raised.
// Usage: node driver.mjs write-good|retext-intensify FILE
// Copied next to the peers' node_modules by run.sh so that imports resolve there.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [, , tool, path] = process.argv;
const text = readFileSync(path, 'utf8');
let count;
if (tool === 'write-good') {
  const writeGood = createRequire(import.meta.url)('write-good');
  count = writeGood(text).length;
} else if (tool === 'retext-intensify') {
  const { retext } = await import('retext');
  const { default: intensify } = await import('retext-intensify');
  const file = await retext().use(intensify).process(text);
  count = file.messages.length;
} else {
  console.error(`unknown tool ${tool}`);
  process.exit(2);
}
console.log(`${tool}: ${count} warnings`);
