// Checks of single input values for the scaffolder's validation. Each returns an `Issue` (the
// broken rule, a message and a fix) or undefined, so the schema can attach it to its field.
import { makeValidator, parseEntityRef } from '@backstage/catalog-model';
import {
  dnsLabelIssue,
  parseImageReference,
  reservedNameIssue,
} from '@daprise/plugin-daprise-common';

// The name rules the form checks too (as the user types) live in the common package.
export { dnsLabelIssue, reservedNameIssue };

const DNS_1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Gateway API's hostname pattern: RFC 1123 names, optionally with a `*.` wildcard prefix. */
const GATEWAY_HOSTNAME =
  /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Characters Gateway API allows in Exact/PathPrefix path values. */
const GATEWAY_PATH_CHARS =
  /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;
/** A daprd version: MAJOR.MINOR.PATCH with an optional pre-release (no `v`). */
export const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
/** A key of a Kubernetes Secret. */
export const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
/** Docker reference grammar: optional registry host[:port], then lower-case path components. */
const IMAGE_REPOSITORY =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** A broken rule: its id, what is wrong, and how to fix it. */
export type Issue = { rule: string; message: string; fix: string };

export function dnsSubdomainIssue(
  what: string,
  value: string,
): Issue | undefined {
  if (value.length > 253) {
    return {
      rule: 'max-length',
      message: `${what} is longer than 253 characters`,
      fix: 'Shorten it to 253 characters or fewer.',
    };
  }
  if (!DNS_1123_SUBDOMAIN.test(value)) {
    return {
      rule: 'dns-1123-subdomain',
      message: `${what} "${value}" is not a valid Kubernetes object name`,
      fix: 'Use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit.',
    };
  }
  return undefined;
}

const validator = makeValidator();

export function entityRefIssue(
  what: string,
  value: string,
  defaultKind: string,
  allowedKinds: string[],
): Issue | undefined {
  try {
    const ref = parseEntityRef(value, {
      defaultKind,
      defaultNamespace: 'default',
    });
    if (!allowedKinds.includes(ref.kind.toLocaleLowerCase('en-US'))) {
      return {
        rule: 'entity-kind',
        message: `${what} must be a ${allowedKinds.join(' or ')}, not a ${
          ref.kind
        }`,
        fix: `Use a reference like "${allowedKinds[0]}:default/team-a" or just "team-a".`,
      };
    }
    if (
      !validator.isValidEntityName(ref.name) ||
      !validator.isValidNamespace(ref.namespace)
    ) {
      throw new Error('invalid name');
    }
    return undefined;
  } catch {
    return {
      rule: 'entity-ref',
      message: `${what} "${value}" is not a valid catalog entity reference`,
      fix: `Use "${defaultKind}:namespace/name" or just "name" (letters, digits, "-", "_", ".").`,
    };
  }
}

export function hostnameIssue(value: string): Issue | undefined {
  if (value.length > 253)
    return {
      rule: 'max-length',
      message: `Hostname "${value}" is longer than 253 characters`,
      fix: 'Use a shorter host name.',
    };
  if (/^\d+(\.\d+){3}$/.test(value)) {
    return {
      rule: 'hostname-not-ip',
      message: `Hostname "${value}" is an IP address`,
      fix: 'Gateway API routes match host names, not IP addresses: use a DNS name.',
    };
  }
  if (
    !GATEWAY_HOSTNAME.test(value) ||
    value.split('.').some(label => label.length > 63)
  ) {
    return {
      rule: 'rfc-1123-hostname',
      message: `Hostname "${value}" is not a valid RFC 1123 host name`,
      fix: 'Use lower-case DNS labels separated by dots (e.g. "orders.example.com"), optionally starting with "*." for a wildcard.',
    };
  }
  return undefined;
}

export function pathPrefixIssue(value: string): Issue | undefined {
  const fix =
    'Use an absolute path such as "/orders": it starts with "/", has no "..", "//", spaces or trailing "/".';
  if (!value.startsWith('/'))
    return {
      rule: 'path-absolute',
      message: `Path prefix "${value}" does not start with "/"`,
      fix,
    };
  if (/\s/.test(value))
    return {
      rule: 'path-no-whitespace',
      message: 'Path prefix contains whitespace',
      fix,
    };
  if (value.split('/').some(segment => segment === '..' || segment === '.')) {
    return {
      rule: 'path-no-dot-segments',
      message: `Path prefix "${value}" contains "." or ".." segments`,
      fix,
    };
  }
  if (value.includes('..'))
    return {
      rule: 'path-no-dot-segments',
      message: `Path prefix "${value}" contains ".."`,
      fix,
    };
  if (value.includes('//'))
    return {
      rule: 'path-no-empty-segments',
      message: `Path prefix "${value}" contains "//"`,
      fix,
    };
  if (value.length > 1 && value.endsWith('/'))
    return {
      rule: 'path-no-trailing-slash',
      message: `Path prefix "${value}" ends with "/"`,
      fix: `Use "${value.replace(/\/+$/, '')}".`,
    };
  if (value.length > 1024)
    return {
      rule: 'max-length',
      message: 'Path prefix is longer than 1024 characters',
      fix: 'Use a shorter path.',
    };
  if (!GATEWAY_PATH_CHARS.test(value) || /%2f/i.test(value)) {
    return {
      rule: 'path-characters',
      message: `Path prefix "${value}" contains characters Gateway API does not allow`,
      fix: 'Use letters, digits and "-._~!$&\'()*+,;=:@" (percent-encode anything else, but not "/").',
    };
  }
  return undefined;
}

export function imageIssue(value: string): Issue | undefined {
  if (value.trim() === '')
    return {
      rule: 'required',
      message: 'Image is empty',
      fix: 'Give the container image, e.g. "ghcr.io/acme/orders:1.4.2".',
    };
  if (/\s/.test(value))
    return {
      rule: 'image-no-whitespace',
      message: 'Image contains whitespace',
      fix: 'Remove the spaces from the image reference.',
    };
  const { repository, tag, digest } = parseImageReference(value);
  if (
    !IMAGE_REPOSITORY.test(repository) ||
    (digest !== undefined && !/^[a-z0-9]+:[a-zA-Z0-9=_-]+$/.test(digest))
  ) {
    return {
      rule: 'image-reference',
      message: `Image "${value}" is not a valid image reference`,
      fix: 'Use a lower-case repository, e.g. "ghcr.io/acme/orders:1.4.2".',
    };
  }
  if (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) {
    return {
      rule: 'image-reference',
      message: `Image tag "${tag}" is not valid`,
      fix: 'Tags use letters, digits, "_", "." and "-" (at most 128).',
    };
  }
  return undefined;
}
