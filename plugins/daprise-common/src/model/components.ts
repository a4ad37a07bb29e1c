import { compareStrings } from '../compare';

/**
 * Dapr's scope rule for Components, Resiliencies, Subscriptions and HTTPEndpoints: an object
 * with no scopes applies to every app-id in its namespace; otherwise only to the listed ones.
 * (Namespace locality is the caller's part: these objects never apply across namespaces.)
 * @public
 */
export function isInScope(
  scopes: readonly string[] | undefined,
  appId: string,
): boolean {
  return !scopes || scopes.length === 0 || scopes.includes(appId);
}

/**
 * The objects of one namespace that apply to an app-id in that namespace, by Dapr's scope rule.
 * @public
 */
export function inScopeFor<
  T extends { namespace: string; scopes: readonly string[] },
>(objects: readonly T[], namespace: string, appId: string): T[] {
  return objects.filter(
    o => o.namespace === namespace && isInScope(o.scopes, appId),
  );
}

/**
 * Scoped objects of one namespace, indexed so that those applying to an app-id are found
 * without scanning them all: unscoped ones apply to everyone, the rest by listed app-id.
 * @public
 */
export class ScopedIndex<
  T extends { scopes: readonly string[]; name: string },
> {
  private readonly unscoped: T[] = [];
  private readonly byAppId = new Map<string, T[]>();

  add(object: T): void {
    if (object.scopes.length === 0) {
      this.unscoped.push(object);
      return;
    }
    for (const appId of new Set(object.scopes)) {
      const bucket = this.byAppId.get(appId);
      if (bucket) bucket.push(object);
      else this.byAppId.set(appId, [object]);
    }
  }

  /** Objects applying to an app-id, sorted by name. */
  forApp(appId: string): T[] {
    // `concat` makes an exactly sized array: app views keep it.
    return this.unscoped.concat(this.byAppId.get(appId) ?? []).sort(byName);
  }
}

function byName(a: { name: string }, b: { name: string }): number {
  return compareStrings(a.name, b.name);
}
