// What Daprise masks: names that say their value is a secret (masking/names.ts) and values that
// carry a credential whatever their name (masking/values.ts).
export { isSensitiveName, nameWords } from './masking/names';
export { isSensitiveComponentMetadata } from './masking/componentMetadata';
export {
  SECRET_MASK,
  findCredential,
  maskCredentials,
  stripUrlCredentials,
  valueLooksSensitive,
} from './masking/values';

/**
 * Renders a literal metadata value (which the CRD allows to be any JSON) as a string.
 * @public
 */
export function literalToString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
