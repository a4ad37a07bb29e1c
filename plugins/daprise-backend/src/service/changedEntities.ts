import { AppIndex, AppView } from '@daprise/plugin-daprise-common';

/** A view's content as pages see it: `observedAt` moves on every rebuild, the rest does not. */
function content(view: AppView): string {
  return JSON.stringify({ ...view, observedAt: undefined });
}

/**
 * The app views whose content differs between two indexes, with those that came or went.
 * A view the index kept (the same object: its namespace was not judged again) is unchanged
 * without a look; only the views built again are compared, so the cost follows the change.
 */
export function changedAppViews(
  previous: AppIndex,
  current: AppIndex,
): AppView[] {
  const changed: AppView[] = [];
  for (const [key, view] of current.apps) {
    const before = previous.apps.get(key);
    if (before === view) continue;
    if (!before || content(before) !== content(view)) changed.push(view);
  }
  for (const [key, view] of previous.apps) {
    if (!current.apps.has(key)) changed.push(view);
  }
  return changed;
}
