import { createFrontendPlugin } from '@backstage/frontend-plugin-api';

/** @alpha */
export default createFrontendPlugin({
  pluginId: 'daprise',
  extensions: [],
});
