// Which metadata of a Component holds a secret, by what components-contrib says of its type and
// version (the bundle in componentTypes/), and by name where the bundle says nothing.
import { allMetadataFields, componentType } from '../componentTypes';
import { isSensitiveName } from './names';

interface TypeSecrets {
  /** Names the bundle marks `sensitive` (lower case: Dapr reads metadata names so). */
  sensitive: ReadonlySet<string>;
  /**
   * Names whose value cannot be a secret by what the bundle says of them: a `bool`,
   * `number`, `duration` or `bytesize`, or one of a list of allowed values.
   */
  notSecret: ReadonlySet<string>;
}

const byTypeVersion = new Map<string, TypeSecrets | null>();

function typeSecrets(type: string, version: string): TypeSecrets | undefined {
  const key = `${type}@${version}`;
  let known = byTypeVersion.get(key);
  if (known === undefined) {
    const info = componentType(type, version);
    known = info
      ? {
          sensitive: new Set(
            allMetadataFields(info)
              .filter(f => f.sensitive)
              .map(f => f.name.toLowerCase()),
          ),
          notSecret: new Set(
            allMetadataFields(info)
              .filter(
                f =>
                  !f.sensitive &&
                  (f.type !== undefined || (f.allowedValues?.length ?? 0) > 0),
              )
              .map(f => f.name.toLowerCase()),
          ),
        }
      : null;
    byTypeVersion.set(key, known);
  }
  return known ?? undefined;
}

/**
 * Whether a Component's metadata item holds a secret, for a component of `type` at `version`
 * (`spec.type`, `spec.version`):
 * - a name the components-contrib bundle marks `sensitive` for that type and version is,
 *   whatever it is called (`host` of `bindings.rabbitmq`, an AMQP URL with its password;
 *   `url` of `pubsub.mqtt3`);
 * - a name the bundle types as `bool`, `number`, `duration` or `bytesize`, or gives a list of
 *   allowed values, is not (`multipleKeyValuesPerSecret`, `authStyle`);
 * - any other name is decided by `isSensitiveName`. components-contrib v1.18.0 leaves
 *   `sensitive` off about 30 names (76 fields) that hold secrets (`password` of
 *   `bindings.postgres`, `connectionString` of `state.mysql`, `vaultToken` of
 *   `secretstores.hashicorp.vault`, `jwt` of `pubsub.jetstream`...), so a field the bundle
 *   knows but does not mark is still read by its name: trusting the bundle there would show
 *   those secrets.
 * The value itself is checked separately (see `valueLooksSensitive`), whatever this says.
 * @public
 */
export function isSensitiveComponentMetadata(
  type: string,
  version: string,
  name: string,
): boolean {
  const secrets = typeSecrets(type, version);
  if (secrets) {
    const lower = name.trim().toLowerCase();
    if (secrets.sensitive.has(lower)) return true;
    if (secrets.notSecret.has(lower)) return false;
  }
  return isSensitiveName(name);
}
