/**
 * The package must load in a browser: no compiled module of @stratum/models imports a Node built-in
 * statically (node-fs.ts reaches `node:fs/promises` through a dynamic import only).
 */
import {expect} from 'chai';
import {readFile, readdir} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {join} from 'node:path';

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, {withFileTypes: true})) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (e.name.endsWith('.js') && !e.name.includes('.test.')) out.push(p);
  }
  return out;
}

describe('saving: browser safety', () => {
  it('no non-test module of @stratum/models imports node:* (or fs, path, …) statically', async () => {
    const dist = fileURLToPath(new URL('..', import.meta.url));
    const files = await sources(dist);
    expect(files.some((f) => f.endsWith('node-fs.js'))).to.equal(true);
    const builtins = /^\s*(?:import|export)\b[^;]*?\bfrom\s*['"](node:[^'"]+|fs|fs\/promises|path|os|child_process|http|https|url)['"]/m;
    const offenders: string[] = [];
    for (const f of files) {
      const m = builtins.exec(await readFile(f, 'utf8'));
      if (m !== null) offenders.push(`${f.slice(dist.length)} imports ${m[1]}`);
    }
    expect(offenders).to.deep.equal([]);
  });
});
