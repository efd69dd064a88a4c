import packageJson from '../package.json';

/** The flat-config namespace users write before each rule id. */
export const NAMESPACE = 'express-security';
export const PLUGIN_NAME: string = packageJson.name;
export const PLUGIN_VERSION: string = packageJson.version;
export const REPOSITORY_URL = 'https://github.com/express-security/eslint-plugin-express-security';
