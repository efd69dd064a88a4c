import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  files: string[];
};

describe('what the package ships', () => {
  it('depends at run time on @typescript-eslint/utils alone, pinned', () => {
    expect(packageJson.dependencies).toEqual({ '@typescript-eslint/utils': expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });

  it('packs dist, docs, README, LICENSE and package.json, and nothing else', () => {
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    const [pack] = JSON.parse(output) as { files: { path: string }[] }[];
    const paths = pack!.files.map((file) => file.path);
    const unexpected = paths.filter(
      (file) => !/^(?:dist|docs)\//.test(file) && !['README.md', 'LICENSE', 'package.json'].includes(file),
    );
    expect(unexpected).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'README.md', 'LICENSE']));
  });
});
