/**
 * The parts of a container image reference.
 * @public
 */
export interface ImageReference {
  /** Registry and path without tag or digest, e.g. `docker.io/daprio/daprd`. */
  repository: string;
  /** Last path segment, e.g. `daprd`. */
  name: string;
  tag?: string;
  digest?: string;
}

/**
 * Splits an image reference (`registry:5000/org/name:tag@sha256:...`) into its parts. A colon
 * is a tag separator only after the last slash, so registry ports are not taken for tags.
 * @public
 */
export function parseImageReference(image: string): ImageReference {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const name = rest.slice(rest.lastIndexOf('/') + 1);
  const ref: ImageReference = { repository: rest, name };
  if (tag) ref.tag = tag;
  if (digest) ref.digest = digest;
  return ref;
}

/**
 * The daprd version an image runs, from its tag: `daprio/daprd:1.16.0` gives `1.16.0`,
 * `daprd:1.16.0-mariner` gives `1.16.0` (variant suffixes name the base image, not the
 * version), and a leading `v` is dropped. Undefined when the tag is missing or not a version
 * (`latest`, `edge`), since such tags say nothing reliable.
 * @public
 */
export function daprdVersionFromImage(
  image: string | undefined,
): string | undefined {
  if (!image) return undefined;
  const { tag } = parseImageReference(image);
  if (!tag) return undefined;
  const match = /^v?(\d+\.\d+\.\d+(?:-rc\.\d+)?)(?:-[a-z0-9.-]+)?$/i.exec(tag);
  return match ? match[1] : undefined;
}
