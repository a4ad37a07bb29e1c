import bundleData from './bundle.json';
import type {
  ComponentMetadataField,
  DaprComponentType,
  ComponentTypesBundle,
} from './types';

export type {
  ComponentAuthenticationProfile,
  ComponentMetadataField,
  DaprComponentType,
  ComponentTypesBundle,
} from './types';

// Generated from components-contrib's metadata.yaml files by
// packages/devtools/src/componentsBundle.ts (`yarn components-bundle`); never edited by hand.
const bundle = bundleData as ComponentTypesBundle;

/**
 * The components-contrib release the component types come from.
 * @public
 */
export const COMPONENT_TYPES_SOURCE: Readonly<ComponentTypesBundle['source']> =
  bundle.source;

const byKey = new Map<string, DaprComponentType>(
  bundle.types.map(info => [`${info.type}@${info.version}`, info]),
);

/**
 * Every component type and version Dapr's components-contrib describes, sorted by type,
 * then version.
 * @public
 */
export function componentTypes(): readonly DaprComponentType[] {
  return bundle.types;
}

/**
 * A component type at a version (`spec.type`, `spec.version`), or undefined when
 * components-contrib does not describe it.
 * @public
 */
export function componentType(
  type: string,
  version: string,
): DaprComponentType | undefined {
  return byKey.get(`${type}@${version}`);
}

/**
 * The versions of a component type, oldest first (empty when the type is unknown).
 * @public
 */
export function componentTypeVersions(type: string): string[] {
  return bundle.types.filter(t => t.type === type).map(t => t.version);
}

/**
 * One entry of a component type picker: the type, and a label that tells apart types of
 * the same title (`Redis (state)`, `Redis (pubsub)`) and says when a type is not stable.
 * @public
 */
export interface ComponentTypeChoice {
  type: string;
  label: string;
}

/**
 * Every component type once (labelled by its newest version), in the bundle's order; of
 * the given types instead, for the script that writes the bundle.
 * @public
 */
export function componentTypeChoices(
  types: readonly DaprComponentType[] = bundle.types,
): ComponentTypeChoice[] {
  const newest = new Map<string, DaprComponentType>();
  for (const info of types) newest.set(info.type, info);
  return [...newest.values()].map(info => {
    const category = info.type.split('.')[0];
    const status = info.status === 'stable' ? '' : `, ${info.status}`;
    return { type: info.type, label: `${info.title} (${category}${status})` };
  });
}

/**
 * Every component version components-contrib uses, e.g. `v1`, `v2` (of the given types
 * instead, for the script that writes the bundle).
 * @public
 */
export function componentVersionChoices(
  types: readonly DaprComponentType[] = bundle.types,
): string[] {
  return [...new Set(types.map(info => info.version))].sort();
}

/**
 * Every metadata field a component type takes: its own, then each authentication
 * profile's, then what it adds to the built-in profiles. A name listed in several places
 * appears once per place.
 * @public
 */
export function allMetadataFields(
  info: DaprComponentType,
): ComponentMetadataField[] {
  return [
    ...info.metadata,
    ...(info.authenticationProfiles ?? []).flatMap(p => p.metadata),
    ...(info.builtinAuthenticationProfiles ?? []).flatMap(
      p => p.metadata ?? [],
    ),
  ];
}

/**
 * The names of a component type's metadata fields that hold secrets, in any of its
 * authentication profiles; undefined when the type or version is unknown.
 * @public
 */
export function sensitiveMetadataNames(
  type: string,
  version: string,
): ReadonlySet<string> | undefined {
  return namesWhere(type, version, f => f.sensitive === true);
}

/**
 * The names of the metadata fields a component of this type must set whatever
 * authentication profile it uses; undefined when the type or version is unknown.
 * @public
 */
export function requiredMetadataNames(
  type: string,
  version: string,
): ReadonlySet<string> | undefined {
  const info = componentType(type, version);
  if (!info) return undefined;
  return new Set(info.metadata.filter(f => f.required).map(f => f.name));
}

/**
 * The names of a component type's deprecated metadata fields; undefined when the type or
 * version is unknown.
 * @public
 */
export function deprecatedMetadataNames(
  type: string,
  version: string,
): ReadonlySet<string> | undefined {
  return namesWhere(type, version, f => f.deprecated === true);
}

/**
 * Every metadata name a component type knows, in any of its authentication profiles;
 * undefined when the type or version is unknown. The fields of the built-in profiles
 * (`aws`, `azuread`, `gcp`) are not in the bundle (see
 * {@link DaprComponentType.builtinAuthenticationProfiles}), so a name outside this set on
 * a type with built-in profiles may still be one of theirs.
 * @public
 */
export function knownMetadataNames(
  type: string,
  version: string,
): ReadonlySet<string> | undefined {
  return namesWhere(type, version, () => true);
}

function namesWhere(
  type: string,
  version: string,
  test: (field: ComponentMetadataField) => boolean,
): ReadonlySet<string> | undefined {
  const info = componentType(type, version);
  if (!info) return undefined;
  return new Set(
    allMetadataFields(info)
      .filter(test)
      .map(f => f.name),
  );
}
