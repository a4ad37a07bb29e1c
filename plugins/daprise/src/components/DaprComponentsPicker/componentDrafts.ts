// The component picker's model: what the user edits (every field of a component type, blank
// ones included) and what the form holds (only what daprise:service:render takes).
import {
  allMetadataFields,
  componentType,
  componentTypeVersions,
  DaprComponentDraft,
  DaprComponentMetadataDraft,
  isSensitiveName,
  sensitiveMetadataNames,
} from '@daprise/plugin-daprise-common';

/** One metadata field being edited. */
export interface FieldEdit {
  name: string;
  required: boolean;
  /** Held in a Kubernetes Secret: edited as a secret name and key, never as a value. */
  sensitive: boolean;
  /** Where the field comes from: the type itself, its authentication profile, or the user. */
  source: 'type' | 'profile' | 'added';
  value: string;
  secretName: string;
  secretKey: string;
}

/** One component being edited. */
export interface ComponentEdit {
  name: string;
  type: string;
  version: string;
  /** The index of the chosen authentication profile, or -1 for none. */
  profile: number;
  fields: FieldEdit[];
}

/** Whether a metadata name of a type and version holds a secret (as the render action judges it). */
export function isSensitiveField(
  type: string,
  version: string,
  name: string,
): boolean {
  return (
    sensitiveMetadataNames(type, version)?.has(name) === true ||
    isSensitiveName(name)
  );
}

function blankField(
  name: string,
  required: boolean,
  source: FieldEdit['source'],
  type: string,
  version: string,
): FieldEdit {
  return {
    name,
    required,
    sensitive: isSensitiveField(type, version, name),
    source,
    value: '',
    secretName: '',
    secretKey: '',
  };
}

/** The fields a type shows: its required ones, then those of the chosen profile. */
function fieldsFor(
  type: string,
  version: string,
  profile: number,
  previous: readonly FieldEdit[],
): FieldEdit[] {
  const info = componentType(type, version);
  if (!info) return previous.filter(f => f.source === 'added');
  const fields: FieldEdit[] = info.metadata
    .filter(f => f.required)
    .map(f => blankField(f.name, true, 'type', type, version));
  for (const f of info.authenticationProfiles?.[profile]?.metadata ?? [])
    if (!fields.some(x => x.name === f.name))
      fields.push(
        blankField(f.name, f.required === true, 'profile', type, version),
      );
  for (const f of previous)
    if (f.source === 'added' && !fields.some(x => x.name === f.name))
      fields.push({ ...f, sensitive: isSensitiveField(type, version, f.name) });
  // What the user typed stays with a field of the same name.
  return fields.map(f => {
    const before = previous.find(p => p.name === f.name);
    return before
      ? {
          ...f,
          value: f.sensitive ? '' : before.value,
          secretName: before.secretName,
          secretKey: before.secretKey,
        }
      : f;
  });
}

/** A component of `type` at its first version, with its first authentication profile. */
export function withType(edit: ComponentEdit, type: string): ComponentEdit {
  const versions = componentTypeVersions(type);
  const version = versions.includes(edit.version)
    ? edit.version
    : versions[0] ?? 'v1';
  const profile = componentType(type, version)?.authenticationProfiles?.length
    ? 0
    : -1;
  return {
    ...edit,
    type,
    version,
    profile,
    fields: fieldsFor(type, version, profile, edit.fields),
  };
}

export function withVersion(
  edit: ComponentEdit,
  version: string,
): ComponentEdit {
  const profiles = componentType(edit.type, version)?.authenticationProfiles;
  const profile =
    profiles && edit.profile < profiles.length ? edit.profile : -1;
  return {
    ...edit,
    version,
    profile,
    fields: fieldsFor(edit.type, version, profile, edit.fields),
  };
}

export function withProfile(
  edit: ComponentEdit,
  profile: number,
): ComponentEdit {
  return {
    ...edit,
    profile,
    fields: fieldsFor(edit.type, edit.version, profile, edit.fields),
  };
}

export function withAddedField(
  edit: ComponentEdit,
  name: string,
): ComponentEdit {
  if (edit.fields.some(f => f.name === name)) return edit;
  return {
    ...edit,
    fields: [
      ...edit.fields,
      blankField(name, false, 'added', edit.type, edit.version),
    ],
  };
}

/** The known fields of the component's type not shown yet, for "add a field". */
export function addableFields(edit: ComponentEdit): string[] {
  const info = componentType(edit.type, edit.version);
  if (!info) return [];
  const names = [...new Set(allMetadataFields(info).map(f => f.name))];
  return names.filter(n => !edit.fields.some(f => f.name === n)).sort();
}

/** What the form holds: blank optional fields left out, sensitive ones as `secretKeyRef`. */
export function draftOf(edit: ComponentEdit): DaprComponentDraft {
  const metadata: DaprComponentMetadataDraft[] = [];
  for (const f of edit.fields) {
    if (f.sensitive) {
      if (f.required || f.secretName || f.secretKey)
        metadata.push({
          name: f.name,
          secretKeyRef: { name: f.secretName, key: f.secretKey },
        });
    } else if (f.required || f.value !== '') {
      metadata.push({ name: f.name, value: f.value });
    }
  }
  return {
    name: edit.name,
    type: edit.type,
    version: edit.version,
    metadata,
  };
}

/** The editor's state for a component the form already holds (after going back a step). */
export function editOf(draft: Partial<DaprComponentDraft>): ComponentEdit {
  const type = draft.type ?? '';
  const version = draft.version ?? componentTypeVersions(type)[0] ?? 'v1';
  const info = componentType(type, version);
  const held = draft.metadata ?? [];
  // The profile whose fields the held entries use, else the first.
  const profiles = info?.authenticationProfiles ?? [];
  const used = profiles.findIndex(p =>
    p.metadata.some(f => held.some(h => h.name === f.name)),
  );
  let profile = used;
  if (profile < 0 && profiles.length > 0) profile = 0;
  const added = held.map(h =>
    blankField(h.name, false, 'added', type, version),
  );
  const fields = info ? fieldsFor(type, version, profile, added) : added;
  return {
    name: draft.name ?? '',
    type,
    version,
    profile,
    fields: fields.map(f => {
      const h = held.find(x => x.name === f.name);
      if (!h) return f;
      return 'secretKeyRef' in h
        ? {
            ...f,
            secretName: h.secretKeyRef.name,
            secretKey: h.secretKeyRef.key,
          }
        : { ...f, value: f.sensitive ? '' : h.value };
    }),
  };
}

/** What keeps the form from going on, one message per problem. */
export function draftProblems(
  drafts: readonly Partial<DaprComponentDraft>[],
): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  drafts.forEach((draft, index) => {
    const which = draft.name
      ? `Component ${draft.name}`
      : `Component ${index + 1}`;
    if (!draft.name) problems.push(`${which} needs a name.`);
    else if (names.has(draft.name)) problems.push(`${which} is defined twice.`);
    if (draft.name) names.add(draft.name);
    if (!draft.type) {
      problems.push(`${which} needs a type.`);
      return;
    }
    for (const item of draft.metadata ?? []) {
      if ('secretKeyRef' in item) {
        if (!item.secretKeyRef.name || !item.secretKeyRef.key)
          problems.push(
            `${which}: ${item.name} needs the name and the key of the Secret that holds it.`,
          );
      } else if (
        isSensitiveField(draft.type, draft.version ?? 'v1', item.name)
      ) {
        problems.push(
          `${which}: ${item.name} is a secret: reference a Kubernetes Secret instead of a value.`,
        );
      } else if (item.value === '') {
        problems.push(`${which}: ${item.name} is required.`);
      }
    }
  });
  return problems;
}
