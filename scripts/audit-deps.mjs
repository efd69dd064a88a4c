// `npm run audit:deps`: `npm audit --omit=dev` on what the package installs for its users.
// Exit 1 when the registry reports any advisory for a runtime dependency, 0 when it reports none.
// A registry that does not answer audit requests (an offline mirror, a proxy that allows only
// GET) is no pass: the script says so on stderr and exits 2, or 0 with `--allow-unavailable` (as
// CI runs it), so the log always says whether a check was made.
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { auditVerdict } from './audit-verdict.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
/** npm's JSON report, or what it printed instead when it printed no JSON. */
function parsedReport() {
  try {
    return JSON.parse(result.stdout);
  } catch {
    return { message: result.stderr.trim() || `npm exited with ${result.status}` };
  }
}
const report = parsedReport();

const verdict = auditVerdict(report);
if (verdict.kind === 'clean') {
  console.log(`npm audit --omit=dev: no advisories for ${verdict.packages ?? 'the'} runtime packages.`);
  process.exit(0);
}
if (verdict.kind === 'advisories') {
  console.error(`npm audit --omit=dev: ${verdict.total} advisories:`);
  for (const { name, severity, range } of verdict.advisories) console.error(`  ${name} (${severity}): ${range}`);
  process.exit(1);
}
console.error(`npm audit --omit=dev could not run: ${verdict.reason}`);
console.error('The registry this machine uses does not answer audit requests; no advisory check was made.');
process.exit(process.argv.includes('--allow-unavailable') ? 0 : 2);
