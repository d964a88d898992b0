// Reads a V8 CPU profile (`node --cpu-prof`) and prints where the time went: self time by package (or project
// folder) and the functions with the most self time. Used once on the throughput run (scripts/bench/throughput.ts)
// to find the hottest path; the finding is written down in the README's Performance section.
// Usage: tsx scripts/bench/profile-top.ts <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package (node_modules/<name>) or project folder a script URL belongs to. */
function ownerOf(url: string): string {
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return 'node internals';
  const inModules = url.split('node_modules/').pop()!;
  if (inModules !== url) {
    const parts = inModules.split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const project = url.replace(/^file:\/\//, '').split('/');
  const at = project.findIndex((p) => ['services', 'shared', 'infra', 'scripts', 'test'].includes(p));
  return at >= 0 ? project.slice(at, at + 2).join('/') : url;
}

export function topOfProfile(profile: Profile, top = 25) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const owner = ownerOf(url);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
    const name = `${functionName || '(anonymous)'} ${owner}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const share = (entries: Map<string, number>) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        percent: Math.round((us / total) * 1000) / 10,
      }));
  return { totalMs: Math.round(total / 1000), byOwner: share(byOwner), byFunction: share(byFunction) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx scripts/bench/profile-top.ts <file.cpuprofile> [top]');
  const result = topOfProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 25));
  console.log(`total sampled: ${result.totalMs} ms\n\nself time by package / folder:`);
  for (const r of result.byOwner) console.log(`${String(r.percent).padStart(6)} %  ${r.ms} ms  ${r.name}`);
  console.log('\nself time by function:');
  for (const r of result.byFunction) console.log(`${String(r.percent).padStart(6)} %  ${r.ms} ms  ${r.name}`);
}
