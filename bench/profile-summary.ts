// Where a process's CPU went, from the V8 CPU profiles `npm run bench -- --profile DIR`
// writes: self time summed by function (name, file and line), the most first, with each
// file's total beside. Prints; asserts nothing.
//   npx tsx bench/profile-summary.ts DIR/CPU.*.cpuprofile [--top 40]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '40' } } });
const top = Number(values.top);

/** A file's path from the project or node_modules on, so lines stay short. */
const shortUrl = (url: string) => url.replace(/^file:\/\//, '').replace(/^.*?\/(node_modules\/|(?:activities|shared|api|web|workflows|worker|server|bench)\/)/, '$1');

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const frameOf = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const f = frameOf.get(id)!;
    const where = shortUrl(f.url) || '(native)';
    const name = `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byFile.set(where, (byFile.get(where) ?? 0) + us);
    total += us;
  });
  const busy = total - (byFunction.get('(idle) (native):0') ?? 0);
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s busy`);
  byFunction.delete('(idle) (native):0');
  const lines = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `  ${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${k}`);
  console.log('by function (self time):');
  console.log(lines(byFunction).join('\n'));
  console.log('by file:');
  console.log(lines(byFile).slice(0, 25).join('\n'));
}
