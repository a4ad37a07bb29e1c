import type { SlimRouteFilter, SlimRouteRule } from '../types';

/**
 * How a route tells a daprd which app to invoke.
 * @public
 */
export interface InvokeTarget {
  appId: string;
  /** Absent when the target names no namespace (daprd then uses its own). */
  namespace?: string;
  by: 'url-rewrite' | 'path' | 'header';
  /** The rewritten path, matched path or header value. */
  value: string;
}

/**
 * The Dapr service invocation path prefix.
 * @public
 */
export const DAPR_INVOKE_PREFIX = '/v1.0/invoke/';

/**
 * The header daprd uses to pick the app to invoke when the path is not a Dapr API path, and the
 * gRPC metadata key its gRPC proxy reads on port 50001 ("Invoke services using gRPC", Dapr 1.18
 * docs: the caller sets `dapr-app-id` to the target app-id, optionally `<app-id>.<namespace>`).
 * A GRPCRoute to `<gateway-app-id>-dapr:50001` that sets it with a `RequestHeaderModifier`
 * (Gateway API v1 `GRPCRouteFilter`) invokes the app it names through the gateway's Dapr Shared.
 * @public
 */
export const DAPR_APP_ID_HEADER = 'dapr-app-id';

/**
 * Splits an invocation target `appId` or `appId.namespace`. Like daprd, the namespace is what
 * follows the last dot.
 * @public
 */
export function parseInvokeTarget(
  target: string,
): { appId: string; namespace?: string } | undefined {
  const value = target.trim();
  if (value === '') return undefined;
  const dot = value.lastIndexOf('.');
  if (dot <= 0 || dot === value.length - 1) return { appId: value };
  return { appId: value.slice(0, dot), namespace: value.slice(dot + 1) };
}

/**
 * Parses a Dapr invocation path `/v1.0/invoke/<appId>[.<namespace>]/method[/...]`.
 * @public
 */
export function parseInvokePath(
  path: string,
): { appId: string; namespace?: string; method?: string } | undefined {
  const match = /^\/v1\.0\/invoke\/([^/]+)\/method(?:\/(.*))?$/.exec(
    path.trim(),
  );
  if (!match) return undefined;
  let target = match[1];
  try {
    target = decodeURIComponent(target);
  } catch {
    // keep the raw segment
  }
  const parsed = parseInvokeTarget(target);
  if (!parsed) return undefined;
  return match[2] ? { ...parsed, method: match[2] } : parsed;
}

function rewritePath(filters: readonly SlimRouteFilter[]): string | undefined {
  for (const filter of filters) {
    const path =
      filter.type === 'URLRewrite' ? filter.urlRewrite?.path : undefined;
    if (!path) continue;
    if (
      path.type === 'ReplacePrefixMatch' &&
      path.replacePrefixMatch !== undefined
    )
      return path.replacePrefixMatch;
    if (path.type === 'ReplaceFullPath' && path.replaceFullPath !== undefined)
      return path.replaceFullPath;
  }
  return undefined;
}

function appIdHeader(filters: readonly SlimRouteFilter[]): string | undefined {
  for (const filter of filters) {
    const modifier =
      filter.type === 'RequestHeaderModifier'
        ? filter.requestHeaderModifier
        : undefined;
    if (!modifier) continue;
    const header = [...modifier.set, ...modifier.add].find(
      h => h.name.toLowerCase() === DAPR_APP_ID_HEADER,
    );
    if (header) return header.value;
  }
  return undefined;
}

/**
 * Which app a rule (and one of its backendRefs) asks a daprd to invoke: by a URLRewrite to the
 * invoke API, else by the matched path already being an invoke path, else by a `dapr-app-id`
 * header (daprd's fallback for non-API paths). Backend-level filters win over rule-level ones.
 * @public
 */
export function invokeTargetOf(
  rule: SlimRouteRule,
  backendRef?: { filters: readonly SlimRouteFilter[] },
): InvokeTarget | undefined {
  const filters = [...(backendRef?.filters ?? []), ...rule.filters];
  const rewritten = rewritePath(filters);
  if (rewritten !== undefined) {
    const parsed =
      parseInvokePath(rewritten.replace(/\/$/, '')) ??
      parseInvokePath(rewritten);
    if (parsed)
      return {
        appId: parsed.appId,
        ...(parsed.namespace ? { namespace: parsed.namespace } : {}),
        by: 'url-rewrite',
        value: rewritten,
      };
  } else {
    const targets = rule.matches.map(m =>
      parseInvokePath(m.path.value.replace(/\/$/, '')),
    );
    const first = targets[0];
    if (
      first &&
      targets.every(
        t => t && t.appId === first.appId && t.namespace === first.namespace,
      )
    ) {
      return {
        appId: first.appId,
        ...(first.namespace ? { namespace: first.namespace } : {}),
        by: 'path',
        value: rule.matches[0].path.value,
      };
    }
  }
  const header = appIdHeader(filters);
  if (header !== undefined) {
    const parsed = parseInvokeTarget(header);
    if (parsed) return { ...parsed, by: 'header', value: header };
  }
  return undefined;
}
