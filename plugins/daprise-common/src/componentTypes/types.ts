/**
 * One metadata field of a Dapr component type, as its `metadata.yaml` in
 * `github.com/dapr/components-contrib` describes it (descriptions and doc links left out).
 * @public
 */
export interface ComponentMetadataField {
  name: string;
  /** Absent means `string`, as in components-contrib's schema. */
  type?: 'number' | 'bool' | 'duration' | 'bytesize';
  required?: true;
  /** Holds a secret: set it from a secret store (`secretKeyRef`), never as a value. */
  sensitive?: true;
  /** Kept for old configurations; not to be used in new ones. */
  deprecated?: true;
  default?: string;
  example?: string;
  /** The value must be one of these. */
  allowedValues?: string[];
  /** Only for a binding used as input (or output). */
  binding?: { input?: true; output?: true };
}

/**
 * A way to authenticate a component, with the fields it adds. Its `required` fields are
 * required only when that profile is the one used.
 * @public
 */
export interface ComponentAuthenticationProfile {
  title: string;
  metadata: ComponentMetadataField[];
}

/**
 * A component type and version: what `spec.type` and `spec.version` of a Dapr Component
 * name, with the metadata it takes.
 * @public
 */
export interface DaprComponentType {
  /** `spec.type`, e.g. `state.redis`, `middleware.http.bearer`. */
  type: string;
  /** `spec.version`, e.g. `v1`. */
  version: string;
  status: 'stable' | 'beta' | 'alpha' | 'development-only';
  title: string;
  /** The component's reference page in the Dapr docs. */
  docsUrl?: string;
  capabilities?: string[];
  /** Bindings only: whether it can be an input or output binding, and its operations. */
  binding?: { input?: true; output?: true; operations: string[] };
  metadata: ComponentMetadataField[];
  authenticationProfiles?: ComponentAuthenticationProfile[];
  /**
   * Authentication profiles shared by many components (`aws`, `azuread`, `gcp`), with the
   * fields this component adds to each of them. The shared profiles' own fields are defined
   * in components-contrib's `.build-tools` module, which the Go module zip does not contain,
   * so they are not listed here.
   */
  builtinAuthenticationProfiles?: Array<{
    name: string;
    metadata?: ComponentMetadataField[];
  }>;
}

/**
 * Every component type of one components-contrib release, with where it came from.
 * @public
 */
export interface ComponentTypesBundle {
  source: { module: string; version: string; sum: string };
  types: DaprComponentType[];
}
