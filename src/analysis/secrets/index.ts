export { characterClassCount, DEFAULT_ENTROPY_THRESHOLD, looksRandom, MIN_ENTROPY_LENGTH, shannonEntropy } from './entropy';
export type { NameStrength, SecretName } from './names';
export { environmentNameOf, secretNameOf, wordsOf } from './names';
export { isLabelOrEnumWord, isNameLikeValue, isNonSecretShape, isPlaceholder, isPublicKey } from './placeholders';
export { redact } from './redact';
export type { TokenFormat } from './token-formats';
export { findTokenFormat, TOKEN_FORMATS } from './token-formats';
export type { UrlCredential } from './urls';
export { urlPasswordOf } from './urls';
