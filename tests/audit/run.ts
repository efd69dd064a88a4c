import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAudit } from '../../src/audit/audit';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE = path.join(ROOT, 'tests/fixtures/audit-project');

/** Runs the command in-process, as `express-security ...args` from the repository root. */
export async function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runAudit(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stderrIsTTY: false,
    cwd: ROOT,
  });
  return { status, stdout, stderr };
}

interface JsonRoute {
  method: string;
  path: string;
  location: string;
  mounted: boolean;
  defenses: Record<string, { name: string; file: string; line: number; weakened?: string[] }[]>;
  notApplicable?: Record<string, string>;
}

/** One route of `--routes --format json` as a line a reader can check: defenses as `name@file:line`, `-` when missing, `n/a` when it does not apply. */
export function routeLine(route: JsonRoute): string {
  const kinds = ['headers', 'authentication', 'authorization', 'validation', 'rateLimit'];
  const defenses = kinds.map((kind) => {
    const entries = route.defenses[kind] ?? [];
    if (entries.length === 0) return `${kind}=${route.notApplicable?.[kind] ? 'n/a' : '-'}`;
    return `${kind}=${entries.map((entry) => `${entry.name}@${entry.file}:${entry.line}${entry.weakened ? ` (weakened: ${entry.weakened.join(', ')})` : ''}`).join(',')}`;
  });
  return `${route.method} ${route.path} ${route.location}${route.mounted ? '' : ' (unmounted)'} | ${defenses.join(' ')}`;
}

/** `express-security audit ...args`, in-process. */
export function audit(...args: string[]): ReturnType<typeof run> {
  return run('audit', ...args);
}

export async function routeLines(dir: string): Promise<string[]> {
  const { status, stdout } = await audit(dir, '--routes', '--format', 'json');
  if (status !== 0) throw new Error(`audit --routes exited with ${status}`);
  return (JSON.parse(stdout) as { routes: JsonRoute[] }).routes.map(routeLine);
}

/** Throwaway projects (file name -> contents) in the temporary folder, and a clean-up for `afterAll`. */
export function temporaryProjects(prefix: string): { project: (files: Record<string, string>) => string; cleanUp: () => void } {
  const made: string[] = [];
  return {
    project(files) {
      const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
      made.push(dir);
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), text);
      }
      return dir;
    },
    cleanUp() {
      for (const dir of made) rmSync(dir, { recursive: true, force: true });
    },
  };
}
