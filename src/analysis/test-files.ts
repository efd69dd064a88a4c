/** Test files by their own name (`*.test.js`, `*.spec.ts`) or a `__tests__/` folder, never by a `test/` folder. */
const TEST_FILE = /\.(?:test|spec)\.[cm]?[jt]sx?$|(?:^|[\\/])__tests__[\\/]/;

/** Whether a file is a test: apps built there serve supertest, never clients. */
export function isTestFile(filename: string): boolean {
  return TEST_FILE.test(filename);
}
