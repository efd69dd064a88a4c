/** Test files by their own name (`*.test.js`, `*.spec.ts`) or a `__tests__/` folder, never by a `test/` folder. */
const TEST_FILE = /\.(?:test|spec)\.[cm]?[jt]sx?$|(?:^|[\\/])__tests__[\\/]/;

/** Test code by its folder (`test/`, `tests/`, `spec/`, fixtures and mocks) or a `-test.js` / `_spec.ts` name. */
const TEST_SOURCE = /(?:^|[\\/])(?:tests?|specs?|__mocks__|fixtures?|e2e)[\\/]|[-_.](?:test|spec)\.[cm]?[jt]sx?$/;

/** The file asked about last, and the answer: several rules ask it of the file they all lint. */
let lastFilename: string | null = null;
let lastIsTest = false;

/** Whether a file is a test: apps built there serve supertest, never clients. */
export function isTestFile(filename: string): boolean {
  if (filename !== lastFilename) {
    lastIsTest = TEST_FILE.test(filename);
    lastFilename = filename;
  }
  return lastIsTest;
}

/**
 * Whether a file holds test code, including its folders: what it writes (passwords, keys) is
 * fixture data. The folders are read from the path below the project (`relativePath`), so that a
 * project checked out under a `test/` folder is not all tests.
 */
export function isTestSource(filename: string, relativePath: string): boolean {
  return isTestFile(filename) || TEST_SOURCE.test(relativePath);
}
